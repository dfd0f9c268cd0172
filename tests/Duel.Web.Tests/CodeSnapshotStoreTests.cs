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
    private static string ReadMigration() =>
        File.ReadAllText(Path.Combine(TestPostgres.RepositoryRoot, "src", "Duel.Silo", "Migrations", "004_web.sql"));

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
        Assert.Equal("ten", Assert.Single(batch).Code);
        Assert.Empty(store.TakeDirty());

        await store.WriteAsync(batch, CancellationToken.None);
        // A late write of an older snapshot (e.g. from another node) must not win in the table.
        await store.WriteAsync([new CodeSnapshot("b-1", "p-1", 5, "five")], CancellationToken.None);
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
        var retry = store.TakeDirty().OrderBy(s => s.PlayerId).ToList();
        Assert.Equal(["one", "dos"], retry.Select(s => s.Code));
    }

    [Fact]
    public void Relayed_snapshots_update_memory_without_being_written_here()
    {
        var store = new CodeSnapshotStore(_dataSource, TimeProvider.System);
        Assert.True(store.Offer(new CodeSnapshot("b-3", "p-1", 1, "from another node"), persist: false));
        Assert.Empty(store.TakeDirty());
    }
}
