using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Duel.Sandbox.Worker.Sandbox;

namespace Duel.Sandbox.Worker.Zygote;

/// <summary>
/// The zygote's C extension, compiled on first use with gcc against the interpreter's own
/// headers into a cache directory named by the hash of its source and the interpreter, so a
/// fresh clone builds it once and a changed source never meets a stale binary. The file is
/// written elsewhere and renamed into place: concurrent workers never load half a file.
/// </summary>
internal static class ZygoteModule
{
    public const string FileName = "_duelzygote.so";

    public static string Source => Resource("Zygote._duelzygote.c");

    public static string Script => Resource("Zygote.zygote.py");

    /// <summary>Directory holding <see cref="FileName"/>, built if missing.</summary>
    public static string Ensure(PythonRuntime python, string cacheRoot, string compiler)
    {
        var version = Path.GetFileName(python.Binary);
        var include = Path.Combine("/usr/include", version);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Source + "\0" + python.Binary + "\0" + version)))[..16].ToLowerInvariant();
        var dir = Path.Combine(cacheRoot, "zygote-" + hash);
        var target = Path.Combine(dir, FileName);
        if (File.Exists(target))
        {
            return dir;
        }
        if (!File.Exists(Path.Combine(include, "Python.h")))
        {
            throw new InvalidOperationException($"{include}/Python.h missing: install python3-dev (./duel does)");
        }
        Directory.CreateDirectory(dir);
        var source = Path.Combine(dir, $"src-{Environment.ProcessId}.c");
        var temporary = Path.Combine(dir, $"build-{Environment.ProcessId}.so");
        File.WriteAllText(source, Source);
        var gcc = new ProcessStartInfo(compiler, ["-O2", "-shared", "-fPIC", "-Wall", "-Werror", "-I", include, "-o", temporary, source])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(gcc) ?? throw new InvalidOperationException("gcc did not start");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        File.Delete(source);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the zygote module failed: {errors}");
        }
        File.Move(temporary, target, overwrite: true);
        return dir;
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded {name} missing");
        return new StreamReader(stream).ReadToEnd();
    }
}
