-- Web: accounts (name + optional password; a guest has none until it sets one) and the latest
-- code snapshot of each player in each battle, kept for reloads and spectators.
create table accounts (
    player_id     text primary key,
    name          text        not null check (name ~ '^[A-Za-z0-9_-]{3,20}$'),
    password_hash text,
    created_at    timestamptz not null default now()
);

-- Names are unique regardless of case: "Alice" and "alice" are the same player.
create unique index accounts_name_ci on accounts (lower(name));

-- Written off the hot path (coalesced, at most about once a second per player); a snapshot only
-- ever replaces an older one, so a late write never brings back older code.
create table code_snapshots (
    battle_id  text        not null,
    player_id  text        not null,
    seq        bigint      not null,
    code       text        not null,
    updated_at timestamptz not null default now(),
    primary key (battle_id, player_id)
);

-- Who is online: each web node refreshes last_seen for its connected players every few seconds;
-- online means seen within the last minute, so a crashed node's players drop out by themselves.
create table presence (
    player_id text        primary key,
    node      text        not null,
    last_seen timestamptz not null
);

create index presence_last_seen on presence (last_seen);
