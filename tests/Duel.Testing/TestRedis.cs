using System.Diagnostics;

namespace Duel.Testing;

/// <summary>
/// The one Redis server of a test run: <c>DUEL_TEST_REDIS</c> when set (as <c>./duel test</c> does), else the
/// private server that <c>./duel redis start</c> starts (its last stdout line is the configuration string).
/// The value is a StackExchange.Redis configuration string (<c>127.0.0.1:PORT,password=...,abortConnect=false</c>);
/// this class only resolves it and references no Redis client, so it builds whatever packages the tests use.
/// </summary>
public static class TestRedis
{
    private static readonly Lazy<string> Server = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The StackExchange.Redis configuration string of the test server, resolved once.</summary>
    public static string ConfigurationString => Server.Value;

    private static string Resolve()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DUEL_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }
        var root = TestPostgres.RepositoryRoot;
        Directory.CreateDirectory(Path.Combine(root, ".duel"));
        // Test projects run in parallel processes: only one of them may create the server's
        // port and password.
        using var gate = AcquireFileLock(Path.Combine(root, ".duel", "test-redis.lock"));
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "duel"), "redis", "start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"./duel redis start failed: {stdout}\n{stderr.Result}");
        }
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    private static FileStream AcquireFileLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }
}
