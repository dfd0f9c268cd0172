using System.ComponentModel.DataAnnotations;

namespace Duel.Grains.Invites;

/// <summary>Invites (section <c>Duel:Invites</c>).</summary>
public sealed class InviteOptions
{
    public const string Section = "Duel:Invites";

    /// <summary>How long a link stays open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);
}
