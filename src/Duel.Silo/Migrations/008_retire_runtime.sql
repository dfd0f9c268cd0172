-- The hand-written grain runtime is gone: Orleans keeps grain state and reminders in the tables of
-- migration 007, membership in Redis, and events travel over Redis pub/sub. Its tables go too.
-- (There is no production data to carry over: battles live minutes, players are re-created by
-- signing in, and the relational read models below migration 003 are untouched.)
drop table if exists grain_events;
drop table if exists event_overflow;
drop table if exists reminders;
drop table if exists grain_state;
