using System.Diagnostics;
using Duel.Testing;

namespace Duel.EndToEnd.Tests;

/// <summary>
/// A web node or a worker as a separate process (as in production), built by this solution's
/// build. Output goes to a log file next to the screenshots; only this process is ever stopped.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private NodeProcess(string name, Process process, StreamWriter log, string logPath)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string Name { get; }

    public string LogPath { get; }

    public string Log
    {
        get
        {
            lock (_log) _log.Flush();
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd();
        }
    }

    public static string Configuration => AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";

    public static string Binary(string project) =>
        Path.Combine(TestPostgres.RepositoryRoot, "src", project, "bin", Configuration, "net10.0", $"{project}.dll");

    public static NodeProcess Start(string name, string project, IReadOnlyDictionary<string, string> environment, string logDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Binary(project), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(TestPostgres.RepositoryRoot, "src", project),
        };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        info.Environment["DOTNET_NOLOGO"] = "1";
        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, $"{name}.log");
        var log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite));
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {project}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeProcess(name, process, log, logPath);
    }

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
