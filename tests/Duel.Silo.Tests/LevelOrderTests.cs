using Duel.Silo.Runtime;
using Duel.Silo.Tests.Grains;

namespace Duel.Silo.Tests;

public sealed class LevelOrderTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    [Fact]
    public async Task A_call_against_the_level_order_fails_at_once_naming_both_grains()
    {
        var cluster = fixture.Cluster;
        await cluster.Grains(0).GetGrain<IOuterGrain>("o-locked").IncrementThenCallInner("i-x", false);

        // Hold the outer grain's row: a runtime that took the lock before checking would hang here.
        await using var connection = await cluster.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand(
            "select 1 from grain_state where grain_type = 'outer' and grain_key = 'o-locked' for update", connection, tx))
        {
            Assert.Equal(1, await lockRow.ExecuteScalarAsync());
        }

        var call = cluster.Grains(1).GetGrain<IInnerGrain>("i-x").CallOuter("o-locked");
        var error = await Assert.ThrowsAsync<GrainCallOrderException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("inner/i-x (level 2)", error.Message);
        Assert.Contains("outer/o-locked.IncrementThenCallInner (level 1)", error.Message);
        await tx.RollbackAsync();

        Assert.Equal(1, await cluster.Grains(2).GetGrain<IInnerGrain>("i-x").Get());
    }

    [Fact]
    public async Task LockAsync_locks_several_grains_of_one_level_and_the_calls_join_the_turn()
    {
        var cluster = fixture.Cluster;
        string[] keys = ["m-3", "m-1", "m-2"];
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            cluster.Grains(i % 3).GetGrain<IOuterGrain>($"multi-{i % 2}").IncrementMany(i % 2 == 0 ? keys : [.. keys.Reverse()])));
        foreach (var key in keys)
        {
            Assert.Equal(30, await cluster.Grains(0).GetGrain<IInnerGrain>(key).Get());
        }
    }
}
