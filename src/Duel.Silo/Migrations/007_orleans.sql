-- Orleans ADO.NET providers: grain storage (Microsoft.Orleans.Persistence.AdoNet) and the
-- reminder table (Microsoft.Orleans.Reminders.AdoNet), invariant "Npgsql". Clustering is on
-- Redis, so there are no membership tables here.
--
-- The providers issue no SQL of their own except reading orleansquery: every statement they
-- run is a query text below, looked up by key. The contract is therefore only the key names,
-- the @Parameter names the provider binds and the result column names it reads (by name,
-- case-insensitively, so our lower-case aliases match "PayloadBinary", "Version" ...). Tables
-- and columns are ours; they are prefixed orleans_ because 001 already has grain_state and
-- reminders for the runtime's own turns.
--
-- Every query is a single statement (a CTE where it has to both update and insert), so it is
-- atomic without a function and there is no plpgsql to keep in step with the table.

-- Fixed by the provider: it runs "SELECT QueryKey, QueryText FROM OrleansQuery" unquoted, which
-- PostgreSQL folds to orleansquery / querykey / querytext. Do not quote or rename these.
create table orleansquery (
    querykey   text primary key,
    querytext  text not null
);

-- One row per grain state of one storage provider. The provider sends the grain id split as
-- n0/n1 (the two halves of a Guid key, or 0/the long key) plus an optional string
-- (the key extension, or the whole key of a string-keyed grain), and 32-bit hashes of the id and
-- of the grain type. version is the ETag: 1 on first write, +1 on every write or clear; a write
-- or clear only succeeds against the version the caller read, which is how Orleans detects a
-- duplicate activation writing over another's state.
create table orleans_grain_state (
    grain_id_hash    integer     not null,
    grain_type_hash  integer     not null,
    service_id       text        not null,
    grain_type       text        not null,
    grain_id_n0      bigint      not null,
    grain_id_n1      bigint      not null,
    grain_id_ext     text,
    -- What the configured IGrainStorageSerializer produced; null after a clear (the row and its
    -- version stay, so a later write still has to present the right ETag).
    payload          bytea,
    version          integer     not null,
    modified_at      timestamptz not null default now(),
    -- The natural key is (service_id, grain_type, n0, n1, ext). The hashes are functions of it,
    -- so including them changes nothing about uniqueness but lets this one index serve every
    -- lookup: for string-keyed grains n0 = n1 = 0 and only the hash narrows the scan (ext is
    -- compared with "is not distinct from", which an index cannot use). nulls not distinct makes
    -- two first writes of the same grain without an extension collide, so "on conflict do
    -- nothing" in the write below lets exactly one of them insert.
    constraint orleans_grain_state_key unique nulls not distinct
        (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

-- Reminders of all grains of one service. grain_id is GrainId.ToString() (parsed back on read);
-- grain_hash is GrainId.GetUniformHashCode(), a uint the provider sends cast to a signed int, and
-- the range queries compare it signed, so it must be integer, not bigint. version is the ETag:
-- 0 on insert, +1 on every upsert; delete only succeeds with the current one.
create table orleans_reminders (
    service_id     text        not null,
    grain_id       text        not null,
    reminder_name  text        not null,
    start_at       timestamptz not null,
    period_ms      bigint      not null,
    grain_hash     integer     not null,
    version        integer     not null,
    primary key (service_id, grain_id, reminder_name)
);

-- Each silo reads the reminders of its ring range by hash; without this every range read is a
-- scan of the whole service.
create index orleans_reminders_hash on orleans_reminders (service_id, grain_hash);

insert into orleansquery (querykey, querytext) values

-- Grain storage. Parameters: @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
-- @GrainTypeString, @GrainIdExtensionString (may be null), @ServiceId, and for writes and clears
-- @GrainStateVersion (the caller's ETag, null if it never read a row) and @PayloadBinary.

-- Returns payloadbinary and version, or no row. A row with a null payload (cleared) reads as
-- "record does not exist" but still hands back its version as the ETag.
('ReadFromStorageKey', $q$
select payload as payloadbinary, version
from orleans_grain_state
where grain_id_hash = @GrainIdHash and grain_type_hash = @GrainTypeHash
  and service_id = @ServiceId and grain_type = @GrainTypeString
  and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
  and grain_id_ext is not distinct from @GrainIdExtensionString
$q$),

-- Returns the new version in newgrainstateversion, or no row when the caller's ETag is stale (or
-- it had none and another activation inserted first); the provider turns "no row" into an
-- InconsistentStateException. Only one of the two branches can produce a row.
('WriteToStorageKey', $q$
with updated as (
    update orleans_grain_state
    set payload = @PayloadBinary, version = version + 1, modified_at = now()
    where grain_id_hash = @GrainIdHash and grain_type_hash = @GrainTypeHash
      and service_id = @ServiceId and grain_type = @GrainTypeString
      and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
      and grain_id_ext is not distinct from @GrainIdExtensionString
      and version = @GrainStateVersion
    returning version
), inserted as (
    insert into orleans_grain_state
        (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
    select @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
           @PayloadBinary, 1
    where @GrainStateVersion is null
    on conflict do nothing
    returning version
)
select version as newgrainstateversion from updated
union all
select version from inserted
$q$),

-- Clears the payload but keeps the row and bumps its version, so the ETag sequence never
-- restarts (a stale activation cannot write again after a clear). Returns the new version, or
-- no row on a stale ETag.
('ClearStorageKey', $q$
update orleans_grain_state
set payload = null, version = version + 1, modified_at = now()
where grain_id_hash = @GrainIdHash and grain_type_hash = @GrainTypeHash
  and service_id = @ServiceId and grain_type = @GrainTypeString
  and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
  and grain_id_ext is not distinct from @GrainIdExtensionString
  and version = @GrainStateVersion
returning version as newgrainstateversion
$q$),

-- Used instead of ClearStorageKey when the provider has DeleteStateOnClear = true. The provider
-- wants a value different from the caller's ETag on success, hence version + 1.
('DeleteStorageKey', $q$
delete from orleans_grain_state
where grain_id_hash = @GrainIdHash and grain_type_hash = @GrainTypeHash
  and service_id = @ServiceId and grain_type = @GrainTypeString
  and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
  and grain_id_ext is not distinct from @GrainIdExtensionString
  and version = @GrainStateVersion
returning version + 1 as newgrainstateversion
$q$),

-- Reminders. Every read returns grainid, remindername, starttime, period (milliseconds) and
-- version. Parameters: @ServiceId, @GrainId, @ReminderName, @StartTime (UTC), @Period (int or
-- bigint milliseconds), @GrainHash / @BeginHash / @EndHash (signed int), @Version.

-- Insert with version 0, or replace schedule and hash and bump the version. Returns version.
('UpsertReminderRowKey', $q$
insert into orleans_reminders (service_id, grain_id, reminder_name, start_at, period_ms, grain_hash, version)
values (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
on conflict (service_id, grain_id, reminder_name) do update
set start_at = excluded.start_at, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash,
    version = orleans_reminders.version + 1
returning version
$q$),

('ReadReminderRowsKey', $q$
select grain_id as grainid, reminder_name as remindername, start_at as starttime, period_ms as period, version
from orleans_reminders
where service_id = @ServiceId and grain_id = @GrainId
$q$),

('ReadReminderRowKey', $q$
select grain_id as grainid, reminder_name as remindername, start_at as starttime, period_ms as period, version
from orleans_reminders
where service_id = @ServiceId and grain_id = @GrainId and reminder_name = @ReminderName
$q$),

-- The ring range (begin, end] when begin < end (compared as signed ints by the provider) ...
('ReadRangeRows1Key', $q$
select grain_id as grainid, reminder_name as remindername, start_at as starttime, period_ms as period, version
from orleans_reminders
where service_id = @ServiceId and grain_hash > @BeginHash and grain_hash <= @EndHash
$q$),

-- ... and when it wraps around (begin >= end; begin = end is the whole ring).
('ReadRangeRows2Key', $q$
select grain_id as grainid, reminder_name as remindername, start_at as starttime, period_ms as period, version
from orleans_reminders
where service_id = @ServiceId and (grain_hash > @BeginHash or grain_hash <= @EndHash)
$q$),

-- Exactly one row with one column: whether the row with that ETag was deleted.
('DeleteReminderRowKey', $q$
with deleted as (
    delete from orleans_reminders
    where service_id = @ServiceId and grain_id = @GrainId and reminder_name = @ReminderName
      and version = @Version
    returning 1
)
select count(*) > 0 as deleted from deleted
$q$),

-- Only used by Orleans' own tests (IReminderTable.TestOnlyClearTable).
('DeleteReminderRowsKey', $q$
delete from orleans_reminders where service_id = @ServiceId
$q$);
