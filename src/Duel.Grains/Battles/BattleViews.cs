using System.Collections.Immutable;
using Duel.Grains.Rating;

namespace Duel.Grains.Battles;

/// <summary>Projects a battle's state onto the view a page renders.</summary>
public static class BattleViews
{
    /// <param name="snapshotSeq">A player's latest code snapshot sequence (the battle keeps it in memory).</param>
    public static BattleView From(string id, BattleState state, TimeSpan rematchWindow, Func<BattlePlayer, long> snapshotSeq)
    {
        if (state.Phase is BattlePhase.None or BattlePhase.Starting)
        {
            return new(id, false, "", BattlePhase.None, default, default, null, 0, [], [], null, null, null);
        }

        var players = state.Players
            .Select(p => new BattlePlayerView(
                p.Id, p.Name, p.Rating, p.Deviation, p.BestPassed, state.TotalTests, snapshotSeq(p),
                p.DisconnectedAt is null, p.GraceDeadline, state.Casual ? null : StakeOf(p, state.Players.Find(o => o.Id != p.Id))))
            .ToImmutableList();
        var submissions = state.Submissions
            .Select(s => new SubmissionView(
                s.Id, s.PlayerId, s.Kind, s.SubmittedAt, s.Status, s.Verdict, s.Passed, s.Total, s.Message,
                s.ElapsedMs, s.Tests ?? [], s.JudgedAt))
            .ToImmutableList();
        var rematch = state.Rematch is { } offer ? new RematchView(offer.OfferedBy, offer.ExpiresAt, offer.NewBattleId) : null;
        return new(
            id, true, state.Challenge, state.Phase, state.StartedAt, state.Deadline, state.FinishedAt,
            state.TotalTests, players, submissions, state.Result, rematch, state.FinishedAt + rematchWindow, state.EventSeq, !state.Casual,
            state.Ghost?.Source);
    }

    /// <summary>A player's latest run or submission (by submission time, list order breaking ties): the one a panel shows in detail.</summary>
    public static SubmissionView? Latest(BattleView view, string playerId) =>
        view.Submissions.Where(s => s.PlayerId == playerId).OrderBy(s => s.SubmittedAt).LastOrDefault();

    /// <summary><paramref name="view"/> with only each player's <see cref="Latest"/> result keeping its tests.</summary>
    public static BattleView Panel(BattleView view)
    {
        var latest = view.Submissions.Select(s => s.PlayerId).Distinct().Select(id => Latest(view, id)!)
            .ToHashSet<SubmissionView>(ReferenceEqualityComparer.Instance);
        return view.Submissions.All(s => s.Tests.IsEmpty || latest.Contains(s))
            ? view
            : view with { Submissions = [.. view.Submissions.Select(s => s.Tests.IsEmpty || latest.Contains(s) ? s : s with { Tests = [] })] };
    }

    private static Stake? StakeOf(BattlePlayer player, BattlePlayer? opponent) => opponent is null ? null : Stake.For(
        new GlickoRating(player.Rating, player.Deviation, player.Volatility),
        new GlickoRating(opponent.Rating, opponent.Deviation, opponent.Volatility));
}
