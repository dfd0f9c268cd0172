-- Operators' live views, fed by the grains after they store their state (their state itself is
-- binary in orleans_grain_state and not for querying): battles now running, and queue lengths.

create table live_battles (
    id          text        primary key,
    challenge   text        not null,
    player_a    text        not null,
    player_b    text        not null,
    started_at  timestamptz not null,
    deadline    timestamptz not null
);

create table queue_waiting (
    queue       text        primary key,
    waiting     int         not null,
    updated_at  timestamptz not null default now()
);
