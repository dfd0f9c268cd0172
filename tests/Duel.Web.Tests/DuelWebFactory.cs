using Duel.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Duel.Web.Tests;

/// <summary>
/// The real web node (with its co-hosted silo) on a fresh database of the run's PostgreSQL and the run's Redis.
/// Limits are relaxed for sign-ups (many players per test) but kept for run/submit.
/// </summary>
public sealed class DuelWebFactory : WebApplicationFactory<Duel.Web.Realtime.DuelHub>, IAsyncLifetime
{
    public const string AdminPassword = "operator-secret-1";

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync("duel_web");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Duel:Postgres", ConnectionString);
        // A cluster of its own: its own id in the run's Redis and free ports for its co-hosted silo.
        builder.UseSetting("Duel:Redis", TestRedis.ConfigurationString);
        builder.UseSetting("Duel:ClusterId", $"web-test-{Guid.NewGuid():N}");
        builder.UseSetting("Duel:SiloPort", TestCluster.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Duel:GatewayPort", TestCluster.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Duel:Web:AuthPerMinute", "1000");
        builder.UseSetting("Duel:Admin:Password", AdminPassword);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
