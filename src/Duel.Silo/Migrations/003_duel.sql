-- Relational read models of the duel, written by the grains' turns in the same transaction
-- (src/Duel.Silo/ReadModels). Grain state stays the source of truth; these tables serve the
-- leaderboard, profiles with rating history, and head-to-head pages.

create table players (
    id          text primary key,
    name        text             not null,
    rating      double precision not null,
    deviation   double precision not null,
    volatility  double precision not null,
    wins        int              not null default 0,
    losses      int              not null default 0,
    draws       int              not null default 0,
    created_at  timestamptz      not null,
    updated_at  timestamptz      not null
);

-- Names are unique ignoring case (the player-name grains enforce it first, with a clear message).
create unique index players_name_lower on players (lower(name));
create index players_leaderboard on players (rating desc, id);

create table battles (
    id                 text primary key,
    challenge          text             not null,
    player_a           text             not null references players (id),
    player_b           text             not null references players (id),
    winner             text             references players (id),
    outcome            text             not null check (outcome in ('won', 'drawn', 'forfeited', 'abandoned')),
    reason             text             not null,
    rating_a_before    double precision not null,
    rating_a_after     double precision not null,
    deviation_a_before double precision not null,
    deviation_a_after  double precision not null,
    rating_b_before    double precision not null,
    rating_b_after     double precision not null,
    deviation_b_before double precision not null,
    deviation_b_after  double precision not null,
    started_at         timestamptz      not null,
    finished_at        timestamptz      not null,
    duration           interval         generated always as (finished_at - started_at) stored,
    check (player_a <> player_b),
    check (winner is null or winner in (player_a, player_b))
);

-- Profile history and head-to-head: every battle of a player, newest first, from either side.
create index battles_player_a on battles (player_a, finished_at desc);
create index battles_player_b on battles (player_b, finished_at desc);
create index battles_finished on battles (finished_at desc);

-- One player's battles from their own side: rating history and W/L/D per opponent.
create view player_battles as
select id as battle_id, challenge, player_a as player_id, player_b as opponent_id,
       case when winner is null and outcome = 'abandoned' then 'void' when winner is null then 'draw' when winner = player_a then 'win' else 'loss' end as result,
       outcome, reason, rating_a_before as rating_before, rating_a_after as rating_after,
       started_at, finished_at, duration
from battles
union all
select id, challenge, player_b, player_a,
       case when winner is null and outcome = 'abandoned' then 'void' when winner is null then 'draw' when winner = player_b then 'win' else 'loss' end,
       outcome, reason, rating_b_before, rating_b_after, started_at, finished_at, duration
from battles;
