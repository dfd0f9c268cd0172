using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Sandbox;

namespace Duel.Sandbox.Worker.Judging;

/// <summary>
/// Drives one run: header first, then the visible tests' arguments, and the hidden tests'
/// arguments only once every visible result is in, so hidden inputs are never in the sandbox
/// while code whose output is shown runs. Each result line restarts the per-test deadline.
/// Accepts lines strictly in protocol order; anything else (a forged or out-of-order line)
/// ends the run as a protocol violation.
/// </summary>
internal sealed class HarnessConversation(JudgeRequest request, IReadOnlyList<int> order, int cpuSeconds, SandboxOptions options) : IConversation
{
    private readonly Dictionary<int, HarnessLine> _results = [];
    private int _position = -1;

    public long Deadline { get; private set; }

    public long WallDeadline { get; private set; }

    public bool Done { get; private set; }

    public bool Ready => _position >= 0;

    /// <summary>Stopwatch timestamps of the header sent, the ready line, the end (0 when not reached).</summary>
    public (long Started, long Ready, long Done) Times { get; private set; }

    /// <summary>The harness's own start (its ready line), as a Stopwatch timestamp; 0 if unknown.</summary>
    public long HarnessStarted { get; private set; }

    public HarnessLine? Terminal { get; private set; }

    public bool Clean => Done && !Violation && Terminal is not { Kind: "harness-error" } && Terminal?.Status is not ("timeout" or "memory")
        && !_results.Values.Any(r => r.Status is "timeout" or "memory");

    public bool Violation { get; private set; }

    /// <summary>Results by the request's test index.</summary>
    public IReadOnlyDictionary<int, HarnessLine> Results => _results;

    /// <summary>Position in <c>order</c> of the test running when the run ended, if any.</summary>
    public int? Running => Ready && !Done && _position < order.Count ? _position : null;

    /// <summary>The longest a test may last on the wall clock while it waits for a core (<see cref="SandboxOptions.WallFactor"/>).</summary>
    private int WallLimitMs => request.TimeLimitMs * options.WallFactor;

    public byte[] Start()
    {
        Arm(options.StartupGraceMs);
        Times = (Stopwatch.GetTimestamp(), 0, 0);
        var header = new
        {
            code = request.Code,
            function = request.Function,
            tests = order.Count,
            time_limit_ms = request.TimeLimitMs,
            wall_limit_ms = WallLimitMs,
            cpu_seconds = cpuSeconds,
            max_value_bytes = options.MaxValueBytes,
            max_stdout = options.MaxTestStdoutChars,
        };
        return Line(header);
    }

    public byte[]? OnLine(ReadOnlySpan<byte> raw)
    {
        var line = HarnessLine.Parse(raw);
        if (line is null)
        {
            return Fail();
        }
        if (!Ready)
        {
            switch (line.Kind)
            {
                case "ready":
                    _position = 0;
                    Times = Times with { Ready = Stopwatch.GetTimestamp() };
                    HarnessStarted = line.Started is double s ? (long)(s * Stopwatch.Frequency) : 0;
                    return order.Count == 0 ? Finish() : Batch();
                case "rejected" or "load-error" or "harness-error":
                    Terminal = line;
                    return Finish();
                default:
                    return Fail();
            }
        }
        if (line.Kind != "result" || line.Index != _position || line.Status is null)
        {
            return Fail();
        }
        _results[order[_position]] = line;
        _position++;
        if (line.Status is "timeout" or "memory" || _position == order.Count)
        {
            return Finish();
        }
        Arm(options.TestGraceMs);
        return request.Tests[order[_position]].Hidden && !request.Tests[order[_position - 1]].Hidden ? Batch() : null;
    }

    /// <summary>Arguments of every test from here to the end of its kind (visible or hidden).</summary>
    private byte[] Batch()
    {
        Arm(options.TestGraceMs);
        var hidden = request.Tests[order[_position]].Hidden;
        var lines = order.Skip(_position).TakeWhile(i => request.Tests[i].Hidden == hidden)
            .SelectMany(i => Line(new { args = request.Tests[i].Args }));
        return [.. lines];
    }

    private byte[]? Finish()
    {
        Done = true;
        Times = Times with { Done = Stopwatch.GetTimestamp() };
        return null;
    }

    private byte[]? Fail()
    {
        Violation = true;
        return Finish();
    }

    /// <summary>Starts a step's deadlines: its limit plus <paramref name="graceMs"/>, and its wall limit plus the same.</summary>
    private void Arm(int graceMs) => (Deadline, WallDeadline) = (After(graceMs + request.TimeLimitMs), After(graceMs + WallLimitMs));

    private static long After(int ms) => Stopwatch.GetTimestamp() + (long)(ms * (Stopwatch.Frequency / 1000.0));

    private static byte[] Line(object value) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value) + "\n");
}
