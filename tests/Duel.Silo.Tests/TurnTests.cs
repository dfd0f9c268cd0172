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
}
