using System.Diagnostics;
using System.Text;
using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Sandbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Duel.Sandbox.Worker.Judging;

/// <summary>
/// Judges one request: refuses oversized or non-UTF-8 source before anything runs, then one
/// fresh sandbox run on a free slot, then the verdict. The worker and ./duel judge both come here.
/// </summary>
internal sealed class Judge(SandboxRunner runner, SlotPool slots, IOptions<SandboxOptions> options, ILogger<Judge> logger)
{
    private static readonly UTF8Encoding Strict = new(false, true);
    private readonly SandboxOptions _options = options.Value;

    public async Task<Verdict> JudgeAsync(JudgeRequest request, CancellationToken ct, JobTimings? timings = null)
    {
        var started = Stopwatch.GetTimestamp();
        long Elapsed() => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var order = Enumerable.Range(0, request.Tests.Count)
            .Where(i => request.Mode != "run" || !request.Tests[i].Hidden)
            .OrderBy(i => request.Tests[i].Hidden)
            .ToList();
        if (request.TimeLimitMs is < 10 or > 30_000)
        {
            return new Verdict(Verdict.StatusInternalError, 0, order.Count, $"bad time limit {request.TimeLimitMs} ms", 0, []);
        }
        int size;
        try
        {
            size = Strict.GetByteCount(request.Code);
        }
        catch (EncoderFallbackException)
        {
            return VerdictBuilder.Rejected(request, order, "the source is not valid UTF-8 text", Elapsed());
        }
        if (size > _options.MaxSourceBytes)
        {
            return VerdictBuilder.Rejected(request, order, $"the source is {size} bytes; the limit is {_options.MaxSourceBytes}", Elapsed());
        }
        var lease = await slots.RentAsync(ct);
        var cpuSeconds = (int)Math.Ceiling((order.Count + 1) * request.TimeLimitMs / 1000.0) + 1;
        var conversation = new HarnessConversation(request, order, cpuSeconds, _options);
        long runStarted = 0, runEnded = 0;
        var done = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        lease.Slot.Post(() =>
        {
            try
            {
                runStarted = Stopwatch.GetTimestamp();
                var outcome = runner.Run(lease.Slot, slots.Privileged, conversation);
                runEnded = Stopwatch.GetTimestamp();
                done.SetResult(outcome);
                // The slot stays ours until the run's remainder is done; the verdict does not wait for it.
                outcome.Finish?.Invoke();
            }
            catch (Exception e)
            {
                if (!done.TrySetException(e))
                {
                    logger.LogError(e, "finishing a sandbox run failed");
                }
            }
            finally
            {
                lease.Dispose();
            }
        });
        RunOutcome run;
        try
        {
            run = await done.Task;
        }
        catch (InvalidOperationException e)
        {
            logger.LogError(e, "sandbox run failed");
            return new Verdict(Verdict.StatusInternalError, 0, order.Count, "the sandbox could not run the code", Elapsed(), []);
        }
        var verdict = VerdictBuilder.Build(request, order, conversation, run, Elapsed());
        if (timings is not null)
        {
            timings.Record(conversation, run, runStarted, runEnded);
            timings.Compare = JobTimings.Ms(runEnded, Stopwatch.GetTimestamp());
        }
        if (verdict.Status is Verdict.StatusCrashed or Verdict.StatusInternalError)
        {
            logger.LogInformation("run ended {Status}: exit {Exit} signal {Signal}; stderr: {Stderr}",
                verdict.Status, run.ExitCode, run.Signal, run.StderrHead.Length > 2000 ? run.StderrHead[..2000] : run.StderrHead);
        }
        return verdict;
    }
}
