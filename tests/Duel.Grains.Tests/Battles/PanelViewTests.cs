using Duel.Grains.Battles;
using Duel.Grains.Runtime;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Battles;

/// <summary>
/// The panel view is the full view with only each player's latest result in detail: the result a panel shows
/// keeps every test, the older ones lose theirs and nothing else, and the full view keeps them all.
/// </summary>
public sealed class PanelViewTests(BattleFixture fixture) : IClassFixture<BattleFixture>
{
    private const string Code = "def is_palindrome(s):\n    return s == s[::-1]\n";

    [Fact]
    public async Task Only_each_players_latest_result_keeps_its_tests_and_the_full_view_keeps_every_one()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).Battle(battle);
        var firstRun = await JudgedAsync(grain.Run(a, Code), Verdicts.Failed(2, 3));
        var submit = await JudgedAsync(grain.Submit(a, Code), Verdicts.Failed(9, 13));
        var otherRun = await JudgedAsync(grain.Run(b, Code), Verdicts.Passed(3));

        // Read through another silo, so both views cross between nodes as the web's reads do.
        var full = await cluster.Grains(1).Battle(battle).GetView();
        var panel = await cluster.Grains(1).Battle(battle).GetPanelView();

        Assert.Equal([3, 13, 3], full.Submissions.Select(s => s.Tests.Count));
        Assert.Equal([0, 13, 3], panel.Submissions.Select(s => s.Tests.Count));
        Assert.Equal([firstRun, submit, otherRun], panel.Submissions.Select(s => s.Id));
        Assert.Equal(full.Submissions.Select(s => s with { Tests = [] }), panel.Submissions.Select(s => s with { Tests = [] }));
        Assert.Equal(Described(full.Submissions[1]), Described(panel.Submissions[1]));
        Assert.Equal(Described(full.Submissions[2]), Described(panel.Submissions[2]));
        Assert.Equal((full.Seq, full.Phase), (panel.Seq, panel.Phase));
        Assert.Equal(full.Players, panel.Players);

        // A newer run, still pending, is now a's latest: the panel shows it as judging and the submission loses its tests.
        var pending = (await grain.Run(a, Code)).SubmissionId;
        panel = await cluster.Grains(2).Battle(battle).GetPanelView();
        Assert.Equal([0, 0, 3, 0], panel.Submissions.Select(s => s.Tests.Count));
        Assert.Equal((pending, SubmissionStatus.Pending), (panel.Submissions[^1].Id, panel.Submissions[^1].Status));
        Assert.Equal([3, 13, 3, 0], (await cluster.Grains(2).Battle(battle).GetView()).Submissions.Select(s => s.Tests.Count));

        async Task<string> JudgedAsync(Task<BattleCommandResult> command, System.Text.Json.JsonElement verdict)
        {
            var id = (await command).SubmissionId!;
            Assert.True((await grain.ApplyVerdict(await Verdicts.LastJobAsync(cluster, battle), verdict)).Succeeded);
            return id;
        }
    }

    // Each test as text: a JsonElement equals only itself, and each read deserializes its own.
    private static IEnumerable<string> Described(SubmissionView s) =>
        s.Tests.Select(t => $"{t.Index} {t.Hidden} {t.Status} {t.Args?.GetRawText()} {t.Expected?.GetRawText()} {t.Actual?.GetRawText()}");

    [Fact]
    public void A_view_whose_older_results_carry_no_tests_is_its_own_panel()
    {
        var at = DateTimeOffset.UnixEpoch;
        TestSummary[] tests = [new(0, false, "passed")];
        var view = new BattleView("b-1", true, "palindrome", BattlePhase.Active, at, at, null, 13, [],
        [
            new("s-1", "p-a", SubmissionKind.Run, at, SubmissionStatus.Judged, "failed", 0, 3, null, 5, []),
            new("s-2", "p-a", SubmissionKind.Run, at.AddSeconds(1), SubmissionStatus.Judged, "passed", 1, 1, null, 5, [.. tests]),
            new("s-3", "p-b", SubmissionKind.Run, at, SubmissionStatus.Judged, "passed", 1, 1, null, 5, [.. tests]),
        ], null, null, null);

        Assert.Same(view, BattleViews.Panel(view));
        var older = view with { Submissions = view.Submissions.SetItem(0, view.Submissions[0] with { Tests = [.. tests] }) };
        Assert.Equal([0, 1, 1], BattleViews.Panel(older).Submissions.Select(s => s.Tests.Count));
    }
}
