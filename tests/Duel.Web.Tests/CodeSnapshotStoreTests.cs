using Duel.Testing;
using Duel.Web.Mirroring;
using Npgsql;

namespace Duel.Web.Tests;

/// <summary>The mirror never goes backwards: in memory, across a failed write, and in the database.</summary>
public sealed class CodeSnapshotStoreTests : IAsyncLifetime
{
    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("duel_snap");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var migrate = new NpgsqlCommand(ReadMigration(), connection);
        await migrate.ExecuteNonQueryAsync();
    }

    // Only the web's own table is needed here; the full migration set runs in the factory tests.
    private static string ReadMigration() => string.Join("\n", new[] { "004_web.sql", "010_code_timeline.sql" }
        .Select(f => File.ReadAllText(Path.Combine(TestPostgres.RepositoryRoot, "src", "Duel.Silo", "Migrations", f))));

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public async Task Stale_snapshots_are_dropped_and_the_newest_survives_writes_in_any_order()
    {
        var store = new CodeSnapshotStore(_dataSource, TimeProvider.System);
        Assert.True(store.Offer(new CodeSnapshot("b-1", "p-1", 10, "ten"), persist: true));
        Assert.False(store.Offer(new CodeSnapshot("b-1", "p-1", 9, "nine"), persist: true));
        Assert.False(store.Offer(new CodeSnapshot("b-1", "p-1", 10, "ten again"), persist: true));
        var batch = store.TakeDirty();
        Assert.Equal("ten", Assert.Single(batch.Latest).Code);
        Assert.True(store.TakeDirty().IsEmpty);

        await store.WriteAsync(batch, CancellationToken.None);
        // A late write of an older snapshot (e.g. from another node) must not win in the table.
        await store.WriteAsync(new SnapshotBatch([new CodeSnapshot("b-1", "p-1", 5, "five")], []), CancellationToken.None);
        var fresh = new CodeSnapshotStore(_dataSource, TimeProvider.System);
        Assert.Equal("ten", (await fresh.LatestAsync("b-1", CancellationToken.None))["p-1"].Code);

        // Memory newer than the table wins on a page load.
        Assert.True(store.Offer(new CodeSnapshot("b-1", "p-1", 11, "eleven"), persist: true));
        Assert.Equal("eleven", (await store.LatestAsync("b-1", CancellationToken.None))["p-1"].Code);
    }

    [Fact]
    public void A_failed_write_is_retried_unless_a_newer_snapshot_replaced_it()
    {
        var store = new CodeSnapshotStore(_dataSource, TimeProvider.System);
        store.Offer(new CodeSnapshot("b-2", "p-1", 1, "one"), persist: true);
        store.Offer(new CodeSnapshot("b-2", "p-2", 1, "uno"), persist: true);
        var batch = store.TakeDirty();
        store.Offer(new CodeSnapshot("b-2", "p-2", 2, "dos"), persist: true);
        store.Restore(batch);
        var retry = store.TakeDirty();
        Assert.Equal(["one", "dos"], retry.Latest.OrderBy(s => s.PlayerId).Select(s => s.Code));
        // The timeline loses nothing either: all three snapshots are still to be written.
        Assert.Equal(["one", "uno", "dos"], retry.Timeline.OrderBy(t => t.Snapshot.PlayerId).ThenBy(t => t.Snapshot.Seq).Select(t => t.Snapshot.Code));
    }

    [Fact]
    public void Relayed_snapshots_update_memory_without_being_written_here()
    {
        var store = new CodeSnapshotStore(_dataSource, TimeProvider.System);
        Assert.True(store.Offer(new CodeSnapshot("b-3", "p-1", 1, "from another node"), persist: false));
        Assert.True(store.TakeDirty().IsEmpty);
    }

    [Fact]
    public async Task The_timeline_keeps_every_snapshot_up_to_the_limit_then_thins_older_ones_never_the_first_or_last()
    {
        var store = new CodeSnapshotStore(_dataSource, TimeProvider.System, timelineLimit: 10);
        for (var seq = 1; seq <= 10; seq++)
        {
            store.Offer(new CodeSnapshot("b-4", "p-1", seq, $"v{seq}"), persist: true);
            if (seq % 3 == 0) await store.WriteAsync(store.TakeDirty(), CancellationToken.None);
        }
        await store.WriteAsync(store.TakeDirty(), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), await TimelineSeqsAsync("b-4"));

        // The 11th crosses the limit: every second of the older half goes (2 and 4), the rest stay.
        store.Offer(new CodeSnapshot("b-4", "p-1", 11, "v11"), persist: true);
        await store.WriteAsync(store.TakeDirty(), CancellationToken.None);
        Assert.Equal([1L, 3, 5, 6, 7, 8, 9, 10, 11], await TimelineSeqsAsync("b-4"));

        for (var seq = 12; seq <= 60; seq++)
        {
            store.Offer(new CodeSnapshot("b-4", "p-1", seq, $"v{seq}"), persist: true);
            await store.WriteAsync(store.TakeDirty(), CancellationToken.None);
        }
        var kept = await TimelineSeqsAsync("b-4");
        Assert.InRange(kept.Count, 6, 10);
        Assert.Equal(1, kept[0]);
        Assert.Equal(60, kept[^1]);
        Assert.Equal("v60", (await store.LatestAsync("b-4", CancellationToken.None))["p-1"].Code);
    }

    [Fact]
    public void After_the_finish_and_its_grace_a_battles_code_is_closed_to_new_snapshots()
    {
        var store = new CodeSnapshotStore(_dataSource, TimeProvider.System);
        store.Offer(new CodeSnapshot("b-6", "p-1", 1, "at the finish"), persist: true);
        store.Close("b-6", DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.False(store.IsClosed("b-6"));
        store.Close("b-6", DateTimeOffset.UtcNow.AddSeconds(-1));
        Assert.True(store.IsClosed("b-6"));
        Assert.False(store.IsClosed("b-7"));
    }

    [Fact]
    public void While_the_database_is_away_the_pending_timeline_is_thinned_in_memory_too()
    {
        var store = new CodeSnapshotStore(_dataSource, TimeProvider.System, timelineLimit: 10);
        for (var seq = 1; seq <= 100; seq++) store.Offer(new CodeSnapshot("b-5", "p-1", seq, $"v{seq}"), persist: true);
        var pending = store.TakeDirty().Timeline.Select(t => t.Snapshot.Seq).ToList();
        Assert.InRange(pending.Count, 6, 10);
        Assert.Equal(1, pending[0]);
        Assert.Equal(100, pending[^1]);
    }

    private async Task<List<long>> TimelineSeqsAsync(string battleId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var query = new NpgsqlCommand("select seq from code_timeline where battle_id = @b order by seq", connection);
        query.Parameters.AddWithValue("b", battleId);
        var seqs = new List<long>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) seqs.Add(reader.GetInt64(0));
        return seqs;
    }
}
