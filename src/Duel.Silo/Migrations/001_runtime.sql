-- Grain runtime: state rows, published events, reminders, membership.

-- One row per grain (type + key). The first call creates it with version 0 and no state;
-- every turn that changes the state writes it with version + 1. event_seq numbers the
-- grain's events (stream "{grain_type}/{grain_key}") contiguously.
create table grain_state (
    grain_type  text        not null,
    grain_key   text        not null,
    version     bigint      not null default 0,
    event_seq   bigint      not null default 0,
    state       jsonb,
    updated_at  timestamptz not null default now(),
    primary key (grain_type, grain_key)
);

-- Events written inside the turn (visible only after commit); subscribers re-read them to
-- fill a gap or to fetch an event too big for a NOTIFY payload. Pruned after a while.
create table grain_events (
    stream      text        not null,
    seq         bigint      not null,
    type        text        not null,
    data        jsonb       not null,
    created_at  timestamptz not null default now(),
    primary key (stream, seq)
);
create index grain_events_created on grain_events (created_at);

-- Out-of-turn events too big for a NOTIFY payload, referenced by id. Pruned like events.
create table event_overflow (
    id          bigint generated always as identity primary key,
    stream      text        not null,
    type        text        not null,
    data        jsonb       not null,
    created_at  timestamptz not null default now()
);

create table reminders (
    grain_type  text        not null,
    grain_key   text        not null,
    name        text        not null,
    due_at      timestamptz not null,
    primary key (grain_type, grain_key, name)
);
create index reminders_due on reminders (due_at);

-- Heartbeats for operators; correctness never depends on this table.
create table cluster_members (
    id            text        primary key,
    role          text        not null check (role in ('web', 'silo', 'worker')),
    address       text,
    started_at    timestamptz not null,
    heartbeat_at  timestamptz not null,
    load          jsonb       not null default '{}'
);
