using System.Diagnostics;

namespace Duel.Testing;

/// <summary>
/// Resolves a test run's server: the environment variable when set (as <c>./duel test</c> sets it), else
/// the private server that <c>./duel COMMAND start</c> starts, whose last stdout line is its address.
/// </summary>
internal static class PrivateServer
{
    public static string Resolve(string environmentVariable, string command)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }
        var root = TestPostgres.RepositoryRoot;
        Directory.CreateDirectory(Path.Combine(root, ".duel"));
        // Test projects run in separate processes: only one of them may create the server.
        using var gate = AcquireFileLock(Path.Combine(root, ".duel", $"test-{command}.lock"));
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "duel"), command, "start"])
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
            throw new InvalidOperationException($"./duel {command} start failed: {stdout}\n{stderr.Result}");
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
