using System.Text;
using Duel.Grains.Catalogue;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Duel.Grains.Battles;

/// <summary>
/// One duel. Commands are guarded by phase and membership; every effect (judge job, reminder,
/// event, read-model row, both players' updates) happens in the command's own turn, so a battle
/// is decided exactly once even when verdicts arrive concurrently through different silos.
/// </summary>
public sealed partial class BattleGrain(
    IGrainContext context,
    IPersistentState<BattleState> state,
    IOptions<BattleOptions> options,
    ChallengeCatalogue catalogue,
    ILogger<BattleGrain> logger) : IBattleGrain
{
    public const string DeadlineReminder = "deadline";
    public const string GracePrefix = "grace:";

    private readonly BattleOptions _options = options.Value;

    private BattleState S => state.State;

    public async Task<BattleCommandResult> Start(BattleStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (S.Phase != BattlePhase.None)
        {
            return new(BattleCommandStatus.AlreadyStarted, "The battle has already started.", BattleId: context.Key);
        }

        if (catalogue.Find(start.Challenge) is not { } challenge)
        {
            return new(BattleCommandStatus.UnknownChallenge, $"There is no challenge '{start.Challenge}'.");
        }

        if (start.PlayerA == start.PlayerB)
        {
            return new(BattleCommandStatus.PlayerBusy, "A player cannot duel themselves.");
        }

        var a = await Player(start.PlayerA).GetProfile();
        var b = await Player(start.PlayerB).GetProfile();
        if ((Busy(a, start.Queue) ?? Busy(b, start.Queue)) is { } busy)
        {
            return new(BattleCommandStatus.PlayerBusy, busy);
        }

        foreach (var id in new[] { start.PlayerA, start.PlayerB })
        {
            var entered = await Player(id).EnterBattle(context.Key, start.Queue);
            if (!entered.Succeeded)
            {
                throw new InvalidOperationException($"player {id} refused battle {context.Key} after checks: {entered.Message}");
            }
        }

        var deadline = context.Now + _options.Duration;
        state.State = S with
        {
            Phase = BattlePhase.Active,
            Challenge = challenge.Slug,
            Queue = start.Queue,
            RematchOf = start.RematchOf,
            TotalTests = challenge.SubmitTestCount,
            StartedAt = context.Now,
            Deadline = deadline,
            Players = [new(a.Id, a.Name, a.Rating, a.Deviation), new(b.Id, b.Name, b.Rating, b.Deviation)],
        };
        context.SetReminder(DeadlineReminder, deadline);
        context.Publish(BattleEvents.Started, new BattleStartedEvent(context.Key, challenge.Slug, a.Id, b.Id, deadline));
        LogCreated();
        return new(BattleCommandStatus.Ok, "Battle started.", BattleId: context.Key);
    }

    public Task<BattleView> GetView() => Task.FromResult(BattleViews.From(context.Key, S, _options.RematchWindow));

    public Task<BattleCommandResult> Run(string playerId, string code) => Judge(playerId, code, SubmissionKind.Run);

    public Task<BattleCommandResult> Submit(string playerId, string code) => Judge(playerId, code, SubmissionKind.Submit);

    private Task<BattleCommandResult> Judge(string playerId, string code, SubmissionKind kind)
    {
        if (Guard(playerId) is { } refused)
        {
            return Task.FromResult(refused);
        }

        var size = Encoding.UTF8.GetByteCount(code ?? "");
        BattleCommandResult? invalid = code switch
        {
            _ when string.IsNullOrWhiteSpace(code) => new(BattleCommandStatus.EmptyCode, "There is no code to judge."),
            _ when size > _options.MaxCodeBytes => new(BattleCommandStatus.CodeTooLarge,
                $"The code is {size / 1024.0:F1} KiB; the limit is {_options.MaxCodeBytes / 1024} KiB."),
            _ when context.Now >= S.Deadline => new(BattleCommandStatus.DeadlinePassed, "Time is up."),
            _ when S.Submissions.Exists(s => s.PlayerId == playerId && s.Kind == kind && s.Status == SubmissionStatus.Pending) =>
                new(BattleCommandStatus.JudgingInProgress, $"Your previous {Describe(kind)} is still being judged."),
            _ => null,
        };
        if (invalid is not null)
        {
            return Task.FromResult(invalid);
        }

        var challenge = catalogue.Find(S.Challenge)
            ?? throw new InvalidOperationException($"challenge {S.Challenge} of battle {context.Key} left the catalogue");
        var mode = kind == SubmissionKind.Submit ? JudgeMode.Submit : JudgeMode.Run;
        var jobId = context.EnqueueJob(JudgeRequest.Queue, challenge.ToJudgeRequest(code!, mode));
        var submission = new Submission(context.NewId(), jobId, playerId, kind, context.Now);
        state.State = S with { Submissions = S.Submissions.Add(submission) };
        context.Publish(BattleEvents.Submission, new SubmissionEvent(submission.Id, playerId, kind, submission.SubmittedAt));
        LogSubmission(submission);
        return Task.FromResult(new BattleCommandResult(
            BattleCommandStatus.Ok, $"Your {Describe(kind)} is being judged.", SubmissionId: submission.Id));
    }

    /// <summary>Refuses unknown battles, non-members and (unless allowed) finished battles.</summary>
    private BattleCommandResult? Guard(string playerId, bool activeOnly = true)
    {
        if (S.Phase == BattlePhase.None)
        {
            return new(BattleCommandStatus.NotFound, $"There is no battle '{context.Key}'.");
        }

        if (!S.Players.Exists(p => p.Id == playerId))
        {
            return new(BattleCommandStatus.NotAPlayer, "You are not a player in this battle.");
        }

        return activeOnly && S.Phase != BattlePhase.Active
            ? new(BattleCommandStatus.NotActive, "The battle is over.")
            : null;
    }

    private static string? Busy(PlayerProfile profile, string? queue) => profile switch
    {
        { Exists: false } => $"Player {profile.Id} is not registered.",
        { Activity.Kind: ActivityKind.Idle } => null,
        { Activity.Kind: ActivityKind.Queued } when queue is not null && profile.Activity.Queue == queue => null,
        _ => $"{profile.Name} is busy elsewhere.",
    };

    private static string Describe(SubmissionKind kind) => kind == SubmissionKind.Submit ? "submission" : "run";

    private System.Collections.Immutable.ImmutableList<BattlePlayer> UpdatePlayer(string playerId, Func<BattlePlayer, BattlePlayer> change)
    {
        var player = S.Players.Find(p => p.Id == playerId)!;
        return S.Players.Replace(player, change(player));
    }

    private BattlePlayer Opponent(string playerId) => S.Players.Find(p => p.Id != playerId)!;

    private IPlayerGrain Player(string id) => context.GrainFactory.GetGrain<IPlayerGrain>(id);
}
