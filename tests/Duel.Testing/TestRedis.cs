using StackExchange.Redis;

namespace Duel.Testing;

/// <summary>
/// The one Redis server of a test run: <c>DUEL_TEST_REDIS</c> when set (as <c>./duel test</c> does), else the
/// private server that <c>./duel redis start</c> starts. The value is a StackExchange.Redis configuration
/// string (<c>127.0.0.1:PORT,password=...,abortConnect=false</c>).
/// </summary>
public static class TestRedis
{
    private static readonly Lazy<string> Server = new(
        () => PrivateServer.Resolve("DUEL_TEST_REDIS", "redis"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The StackExchange.Redis configuration string of the test server, resolved once.</summary>
    public static string ConfigurationString => Server.Value;

    /// <summary>
    /// Kills the pub/sub connections of the client named <paramref name="clientName"/>, as a Redis restart would,
    /// and returns how many; no other client of the run's Redis is touched.
    /// </summary>
    public static async Task<int> CutPubSubAsync(string clientName)
    {
        var configuration = ConfigurationOptions.Parse(ConfigurationString);
        configuration.AllowAdmin = true;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(configuration);
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var cut = 0;
        foreach (var client in await server.ClientListAsync())
        {
            if (client.Name == clientName && client.ClientType == ClientType.PubSub) cut += (int)await server.ClientKillAsync(id: client.Id);
        }
        return cut;
    }
}
