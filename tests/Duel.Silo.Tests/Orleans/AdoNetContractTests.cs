using System.Net;
using System.Net.Sockets;
using Duel.Silo.Migrations;
using Duel.Silo.Storage;
using Duel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace Duel.Silo.Tests.Orleans;

/// <summary>
/// One database with every migration applied and one silo whose ADO.NET grain storages ("duel"; "duel-delete"
/// with DeleteStateOnClear; "duel-colliding", whose hashes always collide), the product's batched grain storage
/// ("duel-batched") and reminder table point at it.
/// The tests call the provider instances the silo resolved, so every query text of 007_orleans.sql runs
/// through the real provider code: its parameter names and types and the result columns it reads.
/// </summary>
public sealed class OrleansAdoNetFixture : IAsyncLifetime
{
    public const string ServiceId = "duel-adonet-tests";

    /// <summary>The product's own provider (<see cref="PostgresGrainStorage"/>) on the same table and service id.</summary>
    public const string BatchedStorageName = "duel-batched";

    /// <summary>The ADO.NET provider as the product configured it until 2026-12-07: Orleans' binary serializer.</summary>
    public const string BinaryStorageName = "duel-binary";

    private string? _connectionString;

    public IHost Host { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public IGrainStorage Storage => Host.Services.GetRequiredKeyedService<IGrainStorage>("duel");

    public IGrainStorage DeletingStorage => Host.Services.GetRequiredKeyedService<IGrainStorage>("duel-delete");

    public IGrainStorage BatchedStorage => StorageNamed(BatchedStorageName);

    public WriteBatcher Batcher => Host.Services.GetRequiredService<WriteBatcher>();

    public IGrainStorage StorageNamed(string name) => Host.Services.GetRequiredKeyedService<IGrainStorage>(name);

    public IReminderTable Reminders => Host.Services.GetRequiredService<IReminderTable>();

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("duel_orleans");
        DataSource = NpgsqlDataSource.Create(_connectionString);
        await MigrationRunner.RunAsync(DataSource);

        var connectionString = _connectionString;
        var (siloPort, gatewayPort) = FreePorts();
        Host = new HostBuilder()
            .ConfigureServices(services => services.AddSingleton(DataSource))
            .UseOrleans(silo => silo
                .UseLocalhostClustering(siloPort, gatewayPort, serviceId: ServiceId, clusterId: "duel-adonet-tests")
                .AddAdoNetGrainStorage("duel", options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                })
                .AddAdoNetGrainStorage("duel-colliding", options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                    options.HashPicker = new StorageHasherPicker([new CollidingHasher()]);
                })
                .AddAdoNetGrainStorage("duel-delete", options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                    options.DeleteStateOnClear = true;
                })
                .AddAdoNetGrainStorage(BinaryStorageName, ob => ob.Configure<Serializer>((options, serializer) =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                    options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }))
                .AddPostgresGrainStorage(BatchedStorageName)
                .UseAdoNetReminderService(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                })
                .UseBatchedReminderWrites())
            .Build();
        // Starting the silo runs the providers' init: both read their query texts from orleansquery
        // and fail the start if a key they need is missing.
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.StopAsync();
            Host.Dispose();
        }
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        if (_connectionString is not null)
        {
            await TestPostgres.DropDatabaseAsync(_connectionString);
        }
    }

    /// <summary>Every grain id and type hashes alike, so the queries must tell grains apart by their key columns.</summary>
    private sealed class CollidingHasher : IHasher
    {
        public string Description => "Constant hash, to simulate 32-bit hash collisions.";

        public int Hash(byte[] data) => 42;
    }

    private static (int Silo, int Gateway) FreePorts()
    {
        // Both listeners open at once, so the two ports differ.
        using var silo = new TcpListener(IPAddress.Loopback, 0);
        using var gateway = new TcpListener(IPAddress.Loopback, 0);
        silo.Start();
        gateway.Start();
        return (((IPEndPoint)silo.LocalEndpoint).Port, ((IPEndPoint)gateway.LocalEndpoint).Port);
    }
}

/// <summary>
/// Grain state as a duel grain keeps it, written by the silo's default grain storage serializer (Newtonsoft JSON
/// with $type names). [GenerateSerializer] is what puts the type on Orleans' type allow-list: without it
/// (or TypeManifestOptions.AddAllowedType) reading the state back throws "Type ... is not allowed".
/// </summary>
[GenerateSerializer, Alias("duel-tests.ScoreState")]
public sealed class ScoreState
{
    [Id(0)]
    public int Score { get; set; }

    [Id(1)]
    public List<string> Moves { get; set; } = [];
}

public sealed class AdoNetContractTests(OrleansAdoNetFixture fixture) : IClassFixture<OrleansAdoNetFixture>
{
    private const string StateType = "Duel.Tests.ScoreGrain";

    private readonly OrleansAdoNetFixture _fixture = fixture;

    private static GrainId NewStringKeyGrain() => GrainId.Create("score", $"player-{Guid.NewGuid():N}");

    private static ScoreState Score(int score, params string[] moves) => new() { Score = score, Moves = [.. moves] };

    private async Task<GrainState<ScoreState>> ReadAsync(GrainId grainId, IGrainStorage? storage = null)
    {
        var state = new GrainState<ScoreState>();
        await (storage ?? _fixture.Storage).ReadStateAsync(StateType, grainId, state);
        return state;
    }

    [Fact]
    public async Task A_first_write_inserts_version_1_and_reads_back_equal()
    {
        var grainId = NewStringKeyGrain();
        var missing = await ReadAsync(grainId);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);

        var state = new GrainState<ScoreState>(Score(7, "e2e4", "e7e5"));
        await _fixture.Storage.WriteStateAsync(StateType, grainId, state);
        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);

        var read = await ReadAsync(grainId);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal(7, read.State!.Score);
        Assert.Equal(new[] { "e2e4", "e7e5" }, read.State.Moves);

        read.State.Score = 8;
        await _fixture.Storage.WriteStateAsync(StateType, grainId, read);
        Assert.Equal("2", read.ETag);
        Assert.Equal(8, (await ReadAsync(grainId)).State!.Score);

        await using var command = _fixture.DataSource.CreateCommand(
            "select count(*), max(version), bool_and(payload is not null) from orleans_grain_state where grain_id_ext = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = grainId.Key.ToString() });
        await using var row = await command.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal(1L, row.GetInt64(0));
        Assert.Equal(2, row.GetInt32(1));
        Assert.True(row.GetBoolean(2));
    }

    [Fact]
    public async Task A_write_with_a_stale_or_missing_etag_throws_and_changes_nothing()
    {
        var grainId = NewStringKeyGrain();
        await _fixture.Storage.WriteStateAsync(StateType, grainId, new GrainState<ScoreState>(Score(1)));

        var first = await ReadAsync(grainId);
        var second = await ReadAsync(grainId);
        first.State!.Score = 2;
        await _fixture.Storage.WriteStateAsync(StateType, grainId, first);

        second.State!.Score = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => _fixture.Storage.WriteStateAsync(StateType, grainId, second));

        // A second activation that never read the row tries to insert it again.
        var blind = new GrainState<ScoreState>(Score(42));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _fixture.Storage.WriteStateAsync(StateType, grainId, blind));

        var read = await ReadAsync(grainId);
        Assert.Equal(2, read.State!.Score);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_keeps_the_version_sequence_and_a_write_after_it_works()
    {
        var grainId = NewStringKeyGrain();
        var state = new GrainState<ScoreState>(Score(5, "a"));
        await _fixture.Storage.WriteStateAsync(StateType, grainId, state);
        var stale = await ReadAsync(grainId);

        await _fixture.Storage.ClearStateAsync(StateType, grainId, state);
        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Score);

        var cleared = await ReadAsync(grainId);
        Assert.False(cleared.RecordExists);
        Assert.Equal("2", cleared.ETag);
        Assert.Equal(0, cleared.State!.Score);
        Assert.Empty(cleared.State.Moves);

        // The activation that read before the clear may neither clear nor write any more.
        await Assert.ThrowsAsync<InconsistentStateException>(() => _fixture.Storage.ClearStateAsync(StateType, grainId, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _fixture.Storage.WriteStateAsync(StateType, grainId, stale));

        cleared.State = Score(6, "b");
        await _fixture.Storage.WriteStateAsync(StateType, grainId, cleared);
        Assert.Equal("3", cleared.ETag);
        var read = await ReadAsync(grainId);
        Assert.True(read.RecordExists);
        Assert.Equal("3", read.ETag);
        Assert.Equal(6, read.State!.Score);
        Assert.Equal(new[] { "b" }, read.State.Moves);
    }

    [Fact]
    public async Task Clear_with_DeleteStateOnClear_removes_the_row_and_the_next_write_starts_again_at_1()
    {
        var storage = _fixture.DeletingStorage;
        var grainId = NewStringKeyGrain();
        var state = new GrainState<ScoreState>(Score(3));
        await storage.WriteStateAsync(StateType, grainId, state);
        Assert.Equal("1", state.ETag);

        await storage.ClearStateAsync(StateType, grainId, state);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);

        var read = await ReadAsync(grainId, storage);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0L, await CountRowsAsync(grainId.Key.ToString()!));

        read.State = Score(4);
        await storage.WriteStateAsync(StateType, grainId, read);
        Assert.Equal("1", read.ETag);
        Assert.Equal(4, (await ReadAsync(grainId, storage)).State!.Score);
    }

    [Theory]
    [InlineData("duel")]
    [InlineData("duel-colliding")]
    [InlineData(OrleansAdoNetFixture.BatchedStorageName)]
    public async Task Guid_integer_string_and_extended_keys_are_kept_apart(string storageName)
    {
        var storage = _fixture.StorageNamed(storageName);
        var guid = Guid.NewGuid();
        // Same second half (grain_id_n1) as guid, different first half (grain_id_n0).
        var sibling = new Guid([.. Guid.NewGuid().ToByteArray()[..8], .. guid.ToByteArray()[8..]]);
        var number = Random.Shared.NextInt64(1, long.MaxValue);
        var type = GrainType.Create("score");
        GrainId[] grains =
        [
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "left")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(sibling)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number, "left")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number, "right")),
            GrainId.Create(type, $"player-{number}"),
        ];

        for (var i = 0; i < grains.Length; i++)
        {
            var state = new GrainState<ScoreState>(Score(100 + i));
            await storage.WriteStateAsync(StateType, grains[i], state);
            Assert.Equal("1", state.ETag);
        }
        for (var i = 0; i < grains.Length; i++)
        {
            var read = await ReadAsync(grains[i], storage);
            Assert.True(read.RecordExists, grains[i].ToString());
            Assert.Equal(100 + i, read.State!.Score);

            // A second first write of the same grain must lose, also when the key has no extension (null column).
            var blind = new GrainState<ScoreState>(Score(-1));
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateType, grains[i], blind));
        }
        // The same grain id under another grain type is another row.
        var otherType = new GrainState<ScoreState>();
        await storage.ReadStateAsync(StateType + "2", grains[0], otherType);
        Assert.False(otherType.RecordExists);

        // Clearing one of them leaves the others alone.
        var first = await ReadAsync(grains[0], storage);
        await storage.ClearStateAsync(StateType, grains[0], first);
        Assert.False((await ReadAsync(grains[0], storage)).RecordExists);
        Assert.Equal(101, (await ReadAsync(grains[1], storage)).State!.Score);
    }

    [Fact]
    public async Task Reminder_upsert_read_update_and_delete_by_etag()
    {
        var grainId = GrainId.Create("duel-reminder-test", Guid.NewGuid().ToString("N"));
        var start = new DateTime(2100, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        // Longer than int.MaxValue milliseconds: the provider then binds @Period as a bigint.
        var period = TimeSpan.FromDays(30);

        // The product's table: the ADO.NET provider's reads, its writes sent by the batcher.
        Assert.IsType<BatchedReminderWrites>(_fixture.Reminders);
        var etag = await _fixture.Reminders.UpsertRow(Reminder(grainId, "tick", start, period));
        Assert.Equal("0", etag);
        await _fixture.Reminders.UpsertRow(Reminder(grainId, "tock", start, TimeSpan.FromMinutes(1)));

        var rows = (await _fixture.Reminders.ReadRows(grainId)).Reminders.OrderBy(r => r.ReminderName).ToList();
        Assert.Equal(new[] { "tick", "tock" }, rows.Select(r => r.ReminderName));
        var tick = rows[0];
        Assert.Equal(grainId, tick.GrainId);
        Assert.Equal(start, tick.StartAt);
        Assert.Equal(DateTimeKind.Utc, tick.StartAt.Kind);
        Assert.Equal(period, tick.Period);
        Assert.Equal("0", tick.ETag);

        var later = start.AddHours(1);
        var updated = await _fixture.Reminders.UpsertRow(Reminder(grainId, "tick", later, TimeSpan.FromMinutes(5)));
        Assert.Equal("1", updated);
        var row = await _fixture.Reminders.ReadRow(grainId, "tick");
        Assert.NotNull(row);
        Assert.Equal(later, row.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal("1", row.ETag);

        Assert.False(await _fixture.Reminders.RemoveRow(grainId, "tick", "0"));
        Assert.NotNull(await _fixture.Reminders.ReadRow(grainId, "tick"));
        Assert.True(await _fixture.Reminders.RemoveRow(grainId, "tick", "1"));
        Assert.Null(await _fixture.Reminders.ReadRow(grainId, "tick"));
        Assert.False(await _fixture.Reminders.RemoveRow(grainId, "tick", "1"));

        var left = (await _fixture.Reminders.ReadRows(grainId)).Reminders;
        Assert.Equal("tock", Assert.Single(left).ReminderName);
        Assert.Null(await _fixture.Reminders.ReadRow(GrainId.Create("duel-reminder-test", "nobody"), "tock"));
    }

    [Theory]
    [InlineData(0x10000000u, 0x60000000u)] // begin < end, both as uint and as int: range query 1
    [InlineData(0xC0000000u, 0x40000000u)] // wraps as uint, but (int)begin < (int)end: range query 1
    [InlineData(0x40000000u, 0xC0000000u)] // no wrap as uint, but (int)begin > (int)end: range query 2
    [InlineData(0xA0000000u, 0x90000000u)] // wraps either way: range query 2
    [InlineData(0x12345678u, 0x12345678u)] // begin = end is the whole ring: range query 2
    public async Task Reminder_range_reads_return_exactly_the_grains_in_the_ring_range(uint begin, uint end)
    {
        var type = $"duel-range-{Guid.NewGuid():N}";
        var grains = Enumerable.Range(0, 64).Select(i => GrainId.Create(type, $"g{i}")).ToList();
        var start = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var grain in grains)
        {
            await _fixture.Reminders.UpsertRow(Reminder(grain, "r", start, TimeSpan.FromHours(1)));
        }

        var expected = grains.Where(g => InRing(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order().ToList();
        var actual = (await _fixture.Reminders.ReadRows(begin, end)).Reminders
            .Where(r => r.GrainId.Type.ToString() == type)
            .Select(r => r.GrainId.ToString()).Order().ToList();

        Assert.NotEmpty(expected);
        if (begin != end)
        {
            Assert.NotEqual(grains.Count, expected.Count);
        }
        Assert.Equal(expected, actual);
    }

    private static bool InRing(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Reminder(GrainId grainId, string name, DateTime start, TimeSpan period) =>
        new() { GrainId = grainId, ReminderName = name, StartAt = start, Period = period };

    private async Task<long> CountRowsAsync(string grainKey)
    {
        await using var command = _fixture.DataSource.CreateCommand("select count(*) from orleans_grain_state where grain_id_ext = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = grainKey });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
