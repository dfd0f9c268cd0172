-- Which web node holds at least one hub connection of a battle's player. A node adds its row on
-- the player's first connection there and removes it on the last; when a node dies without
-- closing its connections (SIGKILL), a sweeper on the surviving nodes drops the rows of nodes
-- whose cluster_members heartbeat is stale or gone and reports those players disconnected,
-- unless they still hold a connection on a live node.
create table battle_connections (
    battle_id text        not null,
    player_id text        not null,
    node      text        not null,
    since     timestamptz not null default now(),
    primary key (battle_id, player_id, node)
);

create index battle_connections_node on battle_connections (node);
