using System.ComponentModel.DataAnnotations;

namespace Duel.Grains.Battles;

/// <summary>Battle timing and limits (section <c>Duel:Battle</c>).</summary>
public sealed class BattleOptions
{
    public const string Section = "Duel:Battle";

    /// <summary>Time from start to the deadline decision.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a disconnected player may stay away before losing by abandonment.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan DisconnectGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long after the finish a rematch may be offered, and an offer accepted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RematchWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After the deadline, how long the decision waits for submissions made before it to be judged.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan JudgingGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a finished battle whose results are delivered stays in memory before it leaves (a later
    /// read, a replay or a late rematch reactivates it from storage). Orleans' default of 15 minutes idle
    /// kept every finished battle of the last quarter hour on the silos (docs/performance.md, the soak).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetireAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest accepted code, in UTF-8 bytes.</summary>
    [Range(1, 1024 * 1024)]
    public int MaxCodeBytes { get; set; } = 64 * 1024;
}
