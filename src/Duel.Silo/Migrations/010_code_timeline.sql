-- Replays and ghosts: every code snapshot a player's node accepted, with the server time it arrived
-- (offsets are taken from the battle's start when read). Bounded per player and battle by thinning:
-- code_snapshots.kept counts the rows so the writer knows when to thin without counting them.
create table code_timeline (
    battle_id text        not null,
    player_id text        not null,
    seq       bigint      not null,
    at        timestamptz not null,
    code      text        not null,
    primary key (battle_id, player_id, seq)
);

alter table code_snapshots add column kept int not null default 0;
