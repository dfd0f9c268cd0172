using Duel.Hosting;
using Microsoft.Extensions.Logging;

namespace Duel.Silo.Tests;

/// <summary>The loop every periodic service runs: a failing round does not end it, stopping does, quietly.</summary>
public sealed class PeriodicLoopTests
{
    [Fact]
    public async Task A_failed_round_is_logged_and_the_next_round_still_runs_and_stopping_ends_the_loop_without_an_error()
    {
        var logger = new RecordingLogger<PeriodicLoopTests>();
        var secondRound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rounds = 0;
        using var stop = new CancellationTokenSource();
        var loop = PeriodicLoop.RunAsync(TimeSpan.FromMilliseconds(20), _ =>
        {
            if (++rounds == 1) throw new InvalidOperationException("database restarting");
            secondRound.TrySetResult();
            return Task.CompletedTask;
        }, logger, "Sweeping", runAtStart: true, stop.Token);

        await secondRound.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));

        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("Sweeping failed; trying again next round", warning.Message);
        Assert.IsType<InvalidOperationException>(warning.Error);
    }

    [Fact]
    public async Task The_first_round_runs_at_start_when_asked_long_before_the_first_period_is_over()
    {
        var ran = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var loop = PeriodicLoop.RunAsync(TimeSpan.FromHours(1), ct => { ran.TrySetResult(ct); return Task.CompletedTask; },
            new RecordingLogger<PeriodicLoopTests>(), "Beating", runAtStart: true, stop.Token);
        // The round is handed the stopping token, so a round in progress is cancelled by a stop.
        Assert.Equal(stop.Token, await ran.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
