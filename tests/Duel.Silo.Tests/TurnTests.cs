using Duel.Silo.Tests.Grains;
using Npgsql;

namespace Duel.Silo.Tests;

public sealed class TurnTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    [Fact]
    public async Task A_call_creates_the_row_and_each_changing_turn_bumps_the_version()
    {
        var cluster = fixture.Cluster;
        Assert.Equal(1, await cluster.Grains(0).GetGrain<ICounterGrain>("basic").Increment());
        Assert.Equal(2, await cluster.Grains(1).GetGrain<ICounterGrain>("basic").Increment());
        Assert.Equal(2, await cluster.Grains(2).GetGrain<ICounterGrain>("basic").Get());

        await using var command = cluster.DataSource.CreateCommand(
            "select version, event_seq, state->>'count' from grain_state where grain_type = 'counter' and grain_key = 'basic'");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(2, reader.GetInt64(0));
        Assert.Equal(2, reader.GetInt64(1));
        Assert.Equal("2", reader.GetString(2));
    }

    [Fact]
    public async Task A_read_only_call_of_a_new_grain_sees_the_default_state_and_creates_nothing()
    {
        var cluster = fixture.Cluster;
        Assert.Equal(0, await cluster.Grains(0).GetGrain<ICounterGrain>("never-written").Get());
        await using var command = cluster.DataSource.CreateCommand(
            "select count(*) from grain_state where grain_key = 'never-written'");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_read_only_call_takes_no_lock_and_sees_the_committed_state()
    {
        var cluster = fixture.Cluster;
        await cluster.Grains(0).GetGrain<ICounterGrain>("read").Increment();
        await using var connection = await cluster.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand(
            "update grain_state set state = '{\"count\": 99}' where grain_type = 'counter' and grain_key = 'read'", connection, tx))
        {
            Assert.Equal(1, await hold.ExecuteNonQueryAsync());
        }
        // The row is locked (and changed, uncommitted): a read must neither wait nor see the change.
        Assert.Equal(1, await cluster.Grains(1).GetGrain<ICounterGrain>("read").Get().WaitAsync(TimeSpan.FromSeconds(10)));
        var write = cluster.Grains(1).GetGrain<ICounterGrain>("read").Increment();
        await Task.Delay(300);
        Assert.False(write.IsCompleted, "a write must wait for the row lock");
        await tx.RollbackAsync();
        Assert.Equal(2, await write);
    }

    [Fact]
    public async Task A_nested_read_only_call_sees_the_turns_own_changes()
    {
        var cluster = fixture.Cluster;
        Assert.Equal(1, await cluster.Grains(0).GetGrain<IOuterGrain>("reader").IncrementInnerAndRead("read-inner"));
        Assert.Equal(2, await cluster.Grains(1).GetGrain<IOuterGrain>("reader").IncrementInnerAndRead("read-inner"));
    }
}
