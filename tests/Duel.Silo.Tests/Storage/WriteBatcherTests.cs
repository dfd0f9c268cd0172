using Duel.Silo.Storage;
using Duel.Silo.Tests.Jobs;
using Npgsql;

namespace Duel.Silo.Tests.Storage;

/// <summary>
/// The batcher on a pool of one connection that the test holds: every lane then waits for it, so the writes that
/// arrive meanwhile must leave together once it is given back.
/// </summary>
public sealed class WriteBatcherTests() : MigratedDatabase("duel_batcher")
{
    private const string Insert = "insert into batched (id) values ($1) returning id";

    protected override Task SeedAsync() => Db.ExecuteAsync(DataSource, "create table batched (id int primary key)");

    private NpgsqlDataSource PoolOfOne() =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = 1 }.ConnectionString);

    private static Task<int?> InsertAsync(WriteBatcher batcher, int id) => batcher.WriteAsync(Insert, new NpgsqlParameter { Value = id });

    [Fact]
    public async Task Writes_that_arrive_while_every_lane_is_busy_leave_together_and_all_commit()
    {
        await using var pool = PoolOfOne();
        var held = await pool.OpenConnectionAsync();
        await using var batcher = new WriteBatcher(pool);
        var writes = Enumerable.Range(0, 200).Select(id => InsertAsync(batcher, id)).ToArray();
        await held.DisposeAsync();

        Assert.Equal(Enumerable.Range(0, 200).Select(id => (int?)id), await Task.WhenAll(writes));
        Assert.Equal(200L, await Db.ScalarAsync<long>(DataSource, "select count(*) from batched"));
        // At most one batch per lane before the connection came back, then full batches.
        var (batches, sent) = batcher.Sent;
        Assert.Equal(200, sent);
        Assert.InRange(batches, 200 / WriteBatcher.MaxBatch + 1, WriteBatcher.Lanes + 200 / WriteBatcher.MaxBatch + 1);
    }

    [Fact]
    public async Task A_write_that_fails_fails_alone_and_the_rest_of_its_batch_commits()
    {
        await using var pool = PoolOfOne();
        var held = await pool.OpenConnectionAsync();
        await using var batcher = new WriteBatcher(pool, lanes: 1);
        // The lane takes the first write and waits for the connection; the next ones queue behind it as one batch.
        var first = InsertAsync(batcher, 1000);
        await Task.Delay(100);
        var writes = new[] { 1, 2, 3, 3, 4, 5 }.Select(id => InsertAsync(batcher, id)).ToArray();
        await held.DisposeAsync();
        await Task.WhenAll(writes.Append(first).Select(w => w.ContinueWith(_ => { })));

        Assert.Equal(1000, await first);
        var duplicate = Assert.IsType<PostgresException>(writes[3].Exception!.InnerException);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
        Assert.Equal(new int?[] { 1, 2, 3, 4, 5 }, await Task.WhenAll(writes.Where((_, i) => i != 3)));
        Assert.Equal(6L, await Db.ScalarAsync<long>(DataSource, "select count(*) from batched"));
    }

    [Fact]
    public async Task A_statement_that_returns_nothing_reads_as_null()
    {
        await using var batcher = new WriteBatcher(DataSource);
        Assert.Equal(7, await InsertAsync(batcher, 7));
        Assert.Null(await batcher.WriteAsync("update batched set id = id where id = $1 returning id", new NpgsqlParameter { Value = 8 }));
    }
}
