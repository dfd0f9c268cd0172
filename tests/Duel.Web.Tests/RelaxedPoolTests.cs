using Dapper;
using Duel.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Duel.Web.Tests;

/// <summary>
/// A node has two pools: the ordinary one, whose commits wait for the WAL flush, and the relaxed one
/// (synchronous_commit off for its sessions) that jobs, leases and display rows use. The test server
/// runs with synchronous_commit off for speed, so each pool is told apart by where its setting came
/// from: the relaxed pool's sessions set it themselves, the ordinary pool's never do.
/// </summary>
public sealed class RelaxedPoolTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    private static async Task<(string Setting, string Source)> SynchronousCommitAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, string)>(
            "select setting, source from pg_settings where name = 'synchronous_commit'");
    }

    [Fact]
    public async Task The_relaxed_pool_turns_synchronous_commit_off_and_the_ordinary_pool_leaves_it_to_the_server()
    {
        _ = factory.Server;
        var relaxed = factory.Services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresPools.Relaxed);
        var ordinary = factory.Services.GetRequiredService<NpgsqlDataSource>();

        Assert.Equal(("off", "client"), await SynchronousCommitAsync(relaxed));
        Assert.NotEqual("client", (await SynchronousCommitAsync(ordinary)).Source);
        Assert.NotSame(relaxed, ordinary);
    }

    [Fact]
    public void Options_the_operator_names_are_kept_beside_the_relaxed_setting()
    {
        var relaxed = new NpgsqlConnectionStringBuilder(
            PostgresPools.RelaxedConnectionString("Host=db;Options=-c statement_timeout=5s"));

        Assert.Equal("-c statement_timeout=5s -c synchronous_commit=off", relaxed.Options);
        Assert.True(relaxed.NoResetOnClose);
        Assert.Equal(PostgresPools.DefaultMaxPoolSize, relaxed.MaxPoolSize);
    }
}
