using System.Runtime.InteropServices;
using Duel.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Duel.Silo.Tests;

/// <summary>Resident memory is read around a trim, so nothing else in this assembly runs meanwhile.</summary>
[CollectionDefinition(nameof(NativeMemoryTrimTests), DisableParallelization = true)]
public sealed class NativeMemoryTrimCollection;

/// <summary>The trimmer hands glibc's freed heap pages back to the kernel; its interval is validated.</summary>
[Collection(nameof(NativeMemoryTrimTests))]
public sealed class NativeMemoryTrimTests
{
    private const int Blocks = 512;
    private const int BlockBytes = 64 * 1024; // below glibc's mmap threshold: served from an arena

    [Fact]
    public async Task Freed_blocks_below_a_live_one_stay_resident_until_the_trimmer_gives_them_back()
    {
        // On a thread of its own, as a pool thread would: glibc serves it from an arena of its own.
        var fence = await Task.Factory.StartNew(FreeBelowAFence, TaskCreationOptions.LongRunning);
        try
        {
            var before = ResidentBytes();
            var logger = new RecordingLogger<NativeMemoryTrimmer>();
            using var trimmer = new NativeMemoryTrimmer(Options.Create(new NativeMemoryOptions { TrimSeconds = 1 }), logger);
            await trimmer.StartAsync(CancellationToken.None);
            var trimmed = await logger.First.WaitAsync(TimeSpan.FromSeconds(30));
            await trimmer.StopAsync(CancellationToken.None);

            Assert.StartsWith("Trimmed native memory in ", trimmed);
            Assert.EndsWith("(pages given back: True)", trimmed);
            var givenBack = before - ResidentBytes();
            Assert.True(givenBack >= Blocks * BlockBytes / 2, $"the trim gave back {givenBack / 1024} KiB of the {Blocks * BlockBytes / 1024} KiB freed");
        }
        finally
        {
            Marshal.FreeHGlobal(fence);
        }
    }

    [Fact]
    public void A_negative_interval_is_refused_when_the_node_starts()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection([new("Duel:Memory:TrimSeconds", "-1")]).Build())
            .AddLogging()
            .AddNativeMemoryTrim()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NativeMemoryOptions>>().Value);
        Assert.Contains("TrimSeconds", error.Message);
        Assert.Single(provider.GetServices<IHostedService>().OfType<NativeMemoryTrimmer>());
    }

    /// <summary>Touches <see cref="Blocks"/> blocks, keeps one more above them, and frees the blocks.</summary>
    private static nint FreeBelowAFence()
    {
        var ones = Enumerable.Repeat((byte)1, BlockBytes).ToArray();
        var blocks = new nint[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            Marshal.Copy(ones, 0, blocks[i], BlockBytes);
        }

        // As large as a block, so it is cut from the arena's top, above the blocks (a small one would
        // fill a hole below them, and the freed blocks would merge into the top, which free() gives back).
        var fence = Marshal.AllocHGlobal(BlockBytes);
        foreach (var block in blocks)
        {
            Marshal.FreeHGlobal(block);
        }

        return fence;
    }

    private static long ResidentBytes() => long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1]) * Environment.SystemPageSize;
}
