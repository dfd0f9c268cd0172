using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// The exact files the interpreter needs, found once with ldd: the binary, its shared
/// libraries and the standard library. Nothing else of the host is bound into a sandbox.
/// Extension modules whose libraries are not bound (ctypes/libffi, ssl, sqlite) fail to import.
/// </summary>
internal sealed partial class PythonRuntime
{
    private PythonRuntime(string binary, string stdlib, IReadOnlyList<(string Source, string Dest)> libraries)
    {
        Binary = binary;
        Stdlib = stdlib;
        Libraries = libraries;
    }

    /// <summary>Real path of the interpreter, bound at /usr/bin/python3.</summary>
    public string Binary { get; }

    public string Stdlib { get; }

    /// <summary>Shared libraries: real file, and the path the loader asks for (directory links resolved).</summary>
    public IReadOnlyList<(string Source, string Dest)> Libraries { get; }

    public static PythonRuntime Discover(string pythonPath)
    {
        var binary = RealPath(pythonPath);
        var version = Path.GetFileName(binary);
        var stdlib = Path.Combine("/usr/lib", version);
        if (!File.Exists(Path.Combine(stdlib, "ast.py")))
        {
            throw new InvalidOperationException($"standard library of {binary} not found at {stdlib}");
        }
        var start = new ProcessStartInfo("ldd", [binary]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var ldd = Process.Start(start) ?? throw new InvalidOperationException("ldd did not start");
        var output = ldd.StandardOutput.ReadToEnd();
        ldd.WaitForExit();
        var libraries = LibraryPath().Matches(output)
            .Select(m => m.Groups[1].Value)
            .Select(p => (Source: RealPath(p), Dest: Path.Combine(RealPath(Path.GetDirectoryName(p)!), Path.GetFileName(p))))
            .Distinct()
            .ToList();
        if (libraries.Count == 0 || ldd.ExitCode != 0)
        {
            throw new InvalidOperationException($"ldd {binary} found no libraries");
        }
        return new PythonRuntime(binary, stdlib, libraries);
    }

    private static string RealPath(string path)
    {
        // Resolve every symlink on the way, like realpath(3).
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            var target = info.Exists || Directory.Exists(current) ? info.ResolveLinkTarget(true) : null;
            if (target is not null)
            {
                current = RealPath(target.FullName);
            }
        }
        return current;
    }

    [GeneratedRegex(@"(/\S+\.so[.\d]*)\s+\(0x")]
    private static partial Regex LibraryPath();
}
