using System.Text.Json;
using Orleans.Concurrency;

namespace Duel.Grains.Battles;

/// <summary>
/// One duel (key: battle id). Phases: Active → Finished (won | drawn | forfeited | abandoned).
/// The first submission that passes every test wins, exactly once; at the deadline the player with
/// more tests passed wins, equal is a draw; a player disconnected beyond the grace period loses by
/// abandonment. Finishing updates both players' ratings, records and activity in the same turn.
/// </summary>
/// <remarks>
/// Every command by someone who is not one of the two players returns
/// <see cref="BattleCommandStatus.NotAPlayer"/>; rule violations are results, never exceptions.
/// Events on <c>battle/{id}</c>: started, submission, verdict, finished, connection,
/// rematch-offered, rematch-started (see <see cref="BattleEvents"/>). Calls flow Matchmaker → Battle →
/// Player only, so no two activations ever wait on each other.
/// </remarks>
[Alias("duel.IBattleGrain")]
public interface IBattleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Called by a matchmaker (or a battle accepting a rematch): creates the battle and moves both
    /// players into it. Idempotent: a repeated start of the same pairing returns
    /// <see cref="BattleCommandStatus.AlreadyStarted"/>, which counts as success.
    /// </summary>
    [Alias("Start")]
    Task<BattleCommandResult> Start(BattleStart start);

    /// <summary>Everything a page needs to render the battle, with hidden test details removed.</summary>
    [ReadOnly]
    [Alias("GetView")]
    Task<BattleView> GetView();

    /// <summary>
    /// The view a battle panel renders: <see cref="GetView"/> with the tests of each player's latest run or
    /// submission only, the one result a panel shows in detail. Read on every pushed event by every node that
    /// holds a viewer, so the older submissions' tests are not carried between nodes each time.
    /// </summary>
    [ReadOnly]
    [Alias("GetPanelView")]
    Task<BattleView> GetPanelView();

    /// <summary>Runs the visible examples (sandbox job, mode run). Never decides the battle.</summary>
    [Alias("Run")]
    Task<BattleCommandResult> Run(string playerId, string code);

    /// <summary>Judges against every test (sandbox job, mode submit, enqueued in this turn).</summary>
    [Alias("Submit")]
    Task<BattleCommandResult> Submit(string playerId, string code);

    /// <summary>
    /// Applies a sandbox verdict (the contract's Verdict JSON) to the submission of job
    /// <paramref name="jobId"/>. Idempotent: a replay returns <see cref="BattleCommandStatus.AlreadyApplied"/>
    /// and changes nothing.
    /// </summary>
    [Alias("ApplyVerdict")]
    Task<BattleCommandResult> ApplyVerdict(string jobId, JsonElement verdict);

    /// <summary>The player gives up; the opponent wins.</summary>
    [Alias("Forfeit")]
    Task<BattleCommandResult> Forfeit(string playerId);

    /// <summary>
    /// The web reports that the player's last connection to the battle closed (false) or that one is
    /// open again (true). Disconnected beyond the grace period loses by abandonment.
    /// </summary>
    [Alias("ReportConnection")]
    Task<BattleCommandResult> ReportConnection(string playerId, bool connected);

    /// <summary>Records the sequence number of the player's latest code snapshot (the web stores the text).</summary>
    [Alias("RecordSnapshot")]
    Task<BattleCommandResult> RecordSnapshot(string playerId, long seq);

    /// <summary>After the finish, offers the opponent a rematch (valid for the rematch window).</summary>
    [Alias("OfferRematch")]
    Task<BattleCommandResult> OfferRematch(string playerId);

    /// <summary>Accepts the opponent's offer: starts a new battle (<see cref="BattleCommandResult.BattleId"/>).</summary>
    [Alias("AcceptRematch")]
    Task<BattleCommandResult> AcceptRematch(string playerId);
}

/// <summary>
/// What a matchmaker (or an accepted invite) knows when it pairs two players. A casual battle changes no
/// rating. A practice battle has a <see cref="Ghost"/> as player B (<see cref="GhostSource.SideId"/>) and is never rated.
/// </summary>
[GenerateSerializer, Alias("duel.BattleStart")]
public sealed record BattleStart(string Challenge, string PlayerA, string PlayerB, string? Queue, string? RematchOf, bool Rated = true,
    GhostPlan? Ghost = null)
{
    /// <summary>A solo practice battle of <paramref name="playerId"/> against a recorded winner.</summary>
    public static BattleStart Practice(string challenge, string playerId, GhostPlan ghost) =>
        new(challenge, playerId, GhostSource.SideId, null, null, Rated: false, Ghost: ghost);
}

[GenerateSerializer, Alias("duel.BattleCommandStatus")]

public enum BattleCommandStatus
{
    Ok,
    AlreadyApplied,
    NotFound,
    AlreadyStarted,
    NotAPlayer,
    NotActive,
    NotFinished,
    DeadlinePassed,
    EmptyCode,
    CodeTooLarge,
    JudgingInProgress,
    UnknownJob,
    UnknownChallenge,
    PlayerBusy,
    RematchUnavailable,
}

/// <summary>
/// Outcome of a battle command. <see cref="SubmissionId"/> is set by Run / Submit;
/// <see cref="BattleId"/> by Start and AcceptRematch (the new battle).
/// </summary>
[GenerateSerializer, Alias("duel.BattleCommandResult")]
public sealed record BattleCommandResult(
    BattleCommandStatus Status,
    string Message,
    string? SubmissionId = null,
    string? BattleId = null)
{
    public bool Succeeded => Status is BattleCommandStatus.Ok or BattleCommandStatus.AlreadyApplied;

    /// <summary>The battle runs: started now or by an earlier delivery of the same start.</summary>
    public bool Started => Status is BattleCommandStatus.Ok or BattleCommandStatus.AlreadyStarted;

    public static BattleCommandResult Ok(string message = "ok") => new(BattleCommandStatus.Ok, message);
}
