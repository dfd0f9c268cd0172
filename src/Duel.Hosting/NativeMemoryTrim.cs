using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Duel.Hosting;

/// <summary>How often a node hands glibc's free heap pages back to the kernel (section <c>Duel:Memory</c>).</summary>
public sealed class NativeMemoryOptions
{
    public const string Section = "Duel:Memory";

    /// <summary>Seconds between two trims; 0 turns trimming off.</summary>
    [Range(0, 3600)]
    public int TrimSeconds { get; set; } = 30;
}

/// <summary>
/// Calls glibc's <c>malloc_trim(0)</c> once a period. glibc gives threads arenas of their own and gives
/// back only the top of an arena when memory is freed, so the pages of every freed block below a live
/// one stay resident: a node's resident memory grew 10–15 % in a 20-minute soak, and one
/// <c>malloc_trim(0)</c> (through gdb) gave back 14 MB of a sandbox worker's 101 MB, 32 of the silo's
/// 226 and 57 of a web node's 399 (docs/performance.md). The runtime has no setting for this, so this
/// is the smallest version: a libc call on the shared <see cref="PeriodicLoop"/>. Where there is no glibc
/// (musl, not Linux) it does not start.
/// </summary>
public sealed partial class NativeMemoryTrimmer(IOptions<NativeMemoryOptions> options, ILogger<NativeMemoryTrimmer> logger)
    : BackgroundService
{
    private const string Libc = "libc.so.6";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.TrimSeconds;
        if (seconds == 0 || !OperatingSystem.IsLinux())
        {
            return Task.CompletedTask;
        }

        if (!HasMallocTrim())
        {
            LogNoGlibc();
            return Task.CompletedTask;
        }

        return PeriodicLoop.RunAsync(TimeSpan.FromSeconds(seconds), _ => Trim(), logger, "Trimming native memory",
            runAtStart: false, stoppingToken);
    }

    private Task Trim()
    {
        var started = Stopwatch.GetTimestamp();
        var released = MallocTrim(0) == 1;
        LogTrimmed(released, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return Task.CompletedTask;
    }

    private static bool HasMallocTrim() =>
        NativeLibrary.TryLoad(Libc, out var libc) && NativeLibrary.TryGetExport(libc, "malloc_trim", out _);

    [LibraryImport(Libc, EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LoggerMessage(LogLevel.Debug, "Trimmed native memory in {Milliseconds:F1} ms (pages given back: {Released})")]
    private partial void LogTrimmed(bool released, double milliseconds);

    [LoggerMessage(LogLevel.Information, "Native memory is not trimmed: this C library has no malloc_trim")]
    private partial void LogNoGlibc();
}

/// <summary>Registration of <see cref="NativeMemoryTrimmer"/>, shared by the web node, the silo and the sandbox worker.</summary>
public static class NativeMemoryRegistration
{
    public static IServiceCollection AddNativeMemoryTrim(this IServiceCollection services)
    {
        services.AddOptions<NativeMemoryOptions>().BindConfiguration(NativeMemoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<NativeMemoryTrimmer>();
        return services;
    }
}
