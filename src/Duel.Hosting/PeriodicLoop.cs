using Microsoft.Extensions.Logging;

namespace Duel.Hosting;

/// <summary>
/// The loop of every service that does one round of work per period: a failed round is logged and
/// the next one still comes (a database restart must not stop a sweeper for good), and stopping the
/// host ends the loop quietly instead of faulting the service.
/// </summary>
public static class PeriodicLoop
{
    /// <param name="period">Time between the starts of two rounds (a slow round delays, never doubles, the next).</param>
    /// <param name="round">One round of work; it is given <paramref name="stoppingToken"/>.</param>
    /// <param name="logger">Where a failed round is reported.</param>
    /// <param name="what">The round in words for the log, e.g. "Sweeping the queues".</param>
    /// <param name="runAtStart">Runs the first round at once rather than one period after the start.</param>
    /// <param name="time">The clock (tests pass a fake one); the system clock by default.</param>
    /// <param name="stoppingToken">Ends the loop; cancellation it causes is not reported as a failure.</param>
    public static async Task RunAsync(
        TimeSpan period, Func<CancellationToken, Task> round, ILogger logger, string what, bool runAtStart,
        CancellationToken stoppingToken, TimeProvider? time = null)
    {
        using var timer = new PeriodicTimer(period, time ?? TimeProvider.System);
        try
        {
            if (runAtStart) await RoundAsync(round, logger, what, stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken)) await RoundAsync(round, logger, what, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static async Task RoundAsync(Func<CancellationToken, Task> round, ILogger logger, string what, CancellationToken ct)
    {
        try
        {
            await round(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "{What} failed; trying again next round", what);
        }
    }
}
