using System.ComponentModel.DataAnnotations;

namespace Duel.Grains.Matchmaking;

/// <summary>
/// Matchmaking windows (section <c>Duel:Matchmaking</c>): a ticket accepts opponents within
/// ±<see cref="InitialWindow"/>, widened by <see cref="WindowStep"/> every <see cref="StepInterval"/>
/// of waiting, up to ±<see cref="MaxWindow"/>.
/// </summary>
public sealed class MatchmakingOptions
{
    public const string Section = "Duel:Matchmaking";

    [Range(0, 5000)]
    public int InitialWindow { get; set; } = 200;

    [Range(0, 5000)]
    public int WindowStep { get; set; } = 50;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan StepInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(0, 5000)]
    public int MaxWindow { get; set; } = 600;
}
