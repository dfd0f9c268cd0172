namespace Duel.Bench;

/// <summary>Percentiles of a list of milliseconds.</summary>
internal sealed record SandboxBenchStats(double P50, double P99, double Max)
{
    public static SandboxBenchStats Of(List<double> ms)
    {
        var sorted = ms.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return new SandboxBenchStats(At(0.50), At(0.99), sorted[^1]);
    }
}
