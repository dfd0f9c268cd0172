using Duel.Grains.Battles;
using Duel.Grains.Catalogue;

namespace Duel.Web.Pages.Battles;

/// <summary>
/// A battle as one viewer sees it: a player (their side on the left) or a spectator. Every battle
/// partial renders from this, so a page load, a panel refresh and a pushed update look the same.
/// </summary>
public sealed record BattleScreen(BattleView View, Challenge? Challenge, string? ViewerId, long Seq, bool Oob = false, string? Error = null)
{
    public BattlePlayerView? Me => View.Players.FirstOrDefault(p => p.Id == ViewerId);

    public bool IsPlayer => Me is not null;

    public bool IsActive => View.Phase == BattlePhase.Active;

    public bool IsFinished => View.Phase == BattlePhase.Finished;

    /// <summary>Left then right: the viewer first when playing, otherwise the battle's order.</summary>
    public IReadOnlyList<BattlePlayerView> Sides =>
        Me is { } me ? [me, .. View.Players.Where(p => p.Id != me.Id)] : View.Players;

    public string Title => Challenge?.Title ?? View.Challenge;

    public string ProgressLabel(BattlePlayerView p) =>
        p.Id == ViewerId ? "Your progress" : IsPlayer ? "Opponent's progress" : $"{p.Name}'s progress";

    public string CodeLabel(BattlePlayerView p) =>
        p.Id == ViewerId ? "Your code" : IsPlayer ? "Opponent's code" : $"{p.Name}'s code";

    public string Who(BattlePlayerView p) => p.Id == ViewerId ? "You" : p.Name;

    public string NameOf(string? playerId) => View.Players.FirstOrDefault(p => p.Id == playerId)?.Name ?? "?";

    /// <summary>The viewer's latest run or submission (only the viewer's own results are shown in detail).</summary>
    public SubmissionView? MyLatest => IsPlayer ? BattleViews.Latest(View, ViewerId!) : null;

    public bool MyJudgingPending => IsPlayer && View.Submissions.Any(s => s.PlayerId == ViewerId && s.Status == SubmissionStatus.Pending);

    /// <summary>The <c>hx-swap-oob</c> attribute value when this render is an out-of-band fragment.</summary>
    public string? OobAttr => Oob ? "true" : null;

    public BattleScreen AsOob() => this with { Oob = true };
}
