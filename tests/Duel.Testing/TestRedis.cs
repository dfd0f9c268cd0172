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
}
