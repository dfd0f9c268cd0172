using System.Diagnostics;
using System.Text;

namespace Duel.Sandbox.Tests;

/// <summary>A real worker process (the built Duel.Sandbox.Worker.dll) against a test database.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public WorkerProcess(string connectionString, int concurrency, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Duel.Sandbox.Worker.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Duel__Postgres"] = connectionString;
        start.Environment["Sandbox__Concurrency"] = concurrency.ToString();
        start.Environment["Sandbox__LeaseSeconds"] = "2";
        start.Environment["Sandbox__PollMilliseconds"] = "200";
        start.Environment["Sandbox__HeartbeatSeconds"] = "1";
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, so the worker stops its pre-warmed sandboxes itself; SIGKILL if it hangs.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            {
                term.WaitForExit();
            }
            if (!_process.WaitForExit(15_000))
            {
                Kill();
            }
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
