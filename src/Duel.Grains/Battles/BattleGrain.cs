using System.Text;
using Duel.Grains.Catalogue;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Duel.Grains.Battles;

/// <summary>
/// One duel. Commands are guarded by phase and membership and run one at a time on the battle's
/// single activation, so a battle is decided exactly once even when verdicts for both players
/// arrive at the same moment through different silos. Cross-grain steps (start, finish) follow the
/// protocols in <c>src/Duel.Grains/README.md</c>: the battle stores its decision first, then tells
/// the players, and the <see cref="BattleReminder"/> finishes whatever a crash cut short.
/// </summary>
public sealed partial class BattleGrain(
    [PersistentState("battle", GrainStorage.Name)] IPersistentState<BattleState> state,
    GrainServices services,
    IOptions<BattleOptions> options,
    ChallengeCatalogue catalogue,
    ILogger<BattleGrain> logger) : DuelGrain<BattleState>(state, services, logger, "battle"), IBattleGrain
{
    /// <summary>One durable reminder drives the battle: resume a start, the deadline, re-deliver results.</summary>
    public const string BattleReminder = "battle";
    public const string GracePrefix = "grace:";

    private readonly BattleOptions _options = options.Value;
    private readonly Dictionary<string, long> _snapshotSeqs = [];
    private long _snapshotChanges;
    private (BattleState Of, long Snapshots, BattleView View, BattleView Panel)? _views;

    private BattleState S => State;

    public async Task<BattleCommandResult> Start(BattleStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (S.Phase is BattlePhase.Active or BattlePhase.Finished)
        {
            return new(BattleCommandStatus.AlreadyStarted, "The battle has already started.", BattleId: Key);
        }

        if (S.Phase == BattlePhase.None)
        {
            if (await Prepare(start) is { } refused)
            {
                return refused;
            }
        }

        return await EnterPlayers();
    }

    public async Task<BattleView> GetView() => (await ViewsAsync()).View;

    public async Task<BattleView> GetPanelView() => (await ViewsAsync()).Panel;

    /// <summary>The views; a battle that reads as never started first looks at its row again (a stale second activation).</summary>
    private async ValueTask<(BattleState Of, long Snapshots, BattleView View, BattleView Panel)> ViewsAsync()
    {
        if (S.Phase == BattlePhase.None)
        {
            await ReloadIfNeverStoredAsync();
        }

        return Views();
    }

    private (BattleState Of, long Snapshots, BattleView View, BattleView Panel) Views()
    {
        // Built once per stored state and snapshot change, not per call: spectators and page polls read
        // far more often than the battle changes. Every change makes a new state record, so the reference tells.
        if (_views is not { } views || !ReferenceEquals(views.Of, S) || views.Snapshots != _snapshotChanges)
        {
            var view = BattleViews.From(Key, S, _options.RematchWindow, SnapshotSeq);
            views = (S, _snapshotChanges, view, BattleViews.Panel(view));
            _views = views;
        }

        return views;
    }

    public Task<BattleCommandResult> Run(string playerId, string code) => Judge(playerId, code, SubmissionKind.Run);

    public Task<BattleCommandResult> Submit(string playerId, string code) => Judge(playerId, code, SubmissionKind.Submit);

    private async Task<BattleCommandResult> Judge(string playerId, string code, SubmissionKind kind)
    {
        if (Guard(playerId) is { } refused)
        {
            return refused;
        }

        var size = Encoding.UTF8.GetByteCount(code ?? "");
        BattleCommandResult? invalid = code switch
        {
            _ when string.IsNullOrWhiteSpace(code) => new(BattleCommandStatus.EmptyCode, "There is no code to judge."),
            _ when size > _options.MaxCodeBytes => new(BattleCommandStatus.CodeTooLarge,
                $"The code is {size / 1024.0:F1} KiB; the limit is {_options.MaxCodeBytes / 1024} KiB."),
            _ when Now >= S.Deadline => new(BattleCommandStatus.DeadlinePassed, "Time is up."),
            _ when S.Submissions.Exists(s => s.PlayerId == playerId && s.Kind == kind && s.Status == SubmissionStatus.Pending) =>
                new(BattleCommandStatus.JudgingInProgress, $"Your previous {Describe(kind)} is still being judged."),
            _ => null,
        };
        if (invalid is not null)
        {
            return invalid;
        }

        var challenge = catalogue.Find(S.Challenge)
            ?? throw new InvalidOperationException($"challenge {S.Challenge} of battle {Key} left the catalogue");
        var mode = kind == SubmissionKind.Submit ? JudgeMode.Submit : JudgeMode.Run;
        var submissionId = NewId();
        // The job row, committed before the player hears back, is the submission's only stored record until
        // its verdict: the pending submission is not written (MustStore), and a crash's loss is rebuilt from it.
        var jobId = submissionId;
        await Services.Jobs.EnqueueAsync(jobId, JudgeRequest.Queue, "battle", Key, playerId, challenge.ToJudgeRequest(code!, mode));
        var submission = new Submission(submissionId, jobId, playerId, kind, Now);
        State = S with { Submissions = S.Submissions.Add(submission) };
        Publish(BattleEvents.Submission, new SubmissionEvent(submission.Id, playerId, kind, submission.SubmittedAt));
        LogSubmission(submission);
        return new BattleCommandResult(
            BattleCommandStatus.Ok, $"Your {Describe(kind)} is being judged.", SubmissionId: submission.Id);
    }

    /// <summary>Refuses unknown battles, non-members and (unless allowed) finished battles.</summary>
    private BattleCommandResult? Guard(string playerId, bool activeOnly = true)
    {
        if (S.Phase is BattlePhase.None or BattlePhase.Starting)
        {
            return new(BattleCommandStatus.NotFound, $"There is no battle '{Key}'.");
        }

        if (!S.Players.Exists(p => p.Id == playerId))
        {
            return new(BattleCommandStatus.NotAPlayer, "You are not a player in this battle.");
        }

        return activeOnly && S.Phase != BattlePhase.Active
            ? new(BattleCommandStatus.NotActive, "The battle is over.")
            : null;
    }

    protected override async Task OnReminder(string name)
    {
        if (name == BattleReminder)
        {
            await OnBattleReminder();
        }
        else if (name.StartsWith(GracePrefix, StringComparison.Ordinal) && S.Phase == BattlePhase.Active)
        {
            await OnGraceExpired(name[GracePrefix.Length..]);
        }
    }

    private static string Describe(SubmissionKind kind) => kind == SubmissionKind.Submit ? "submission" : "run";

    private System.Collections.Immutable.ImmutableList<BattlePlayer> UpdatePlayer(string playerId, Func<BattlePlayer, BattlePlayer> change)
    {
        var player = S.Players.Find(p => p.Id == playerId)!;
        return S.Players.Replace(player, change(player));
    }

    private BattlePlayer Opponent(string playerId) => S.Players.Find(p => p.Id != playerId)!;

    private IPlayerGrain Player(string id) => GrainFactory.Player(id);
}
