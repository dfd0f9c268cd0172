using Duel.Grains.Players;

namespace Duel.Grains.Battles;

/// <summary>
/// The start protocol. The battle stores itself as Starting (with the battle reminder set) before it
/// moves the players in, so a crash part-way is resumed by the reminder; a player who refuses (busy
/// since the check) undoes the start, and the players already moved in are released.
/// </summary>
public sealed partial class BattleGrain
{
    private async Task<BattleCommandResult?> Prepare(BattleStart start)
    {
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

        State = S with
        {
            Phase = BattlePhase.Starting,
            Challenge = challenge.Slug,
            Queue = start.Queue,
            RematchOf = start.RematchOf,
            TotalTests = challenge.SubmitTestCount,
            Players = [Side(a), Side(b)],
        };
        SetReminder(BattleReminder, Now + TimeSpan.FromSeconds(5));
        await CommitAsync();
        return null;
    }

    private async Task<BattleCommandResult> EnterPlayers()
    {
        var entered = new List<string>();
        foreach (var player in S.Players)
        {
            var result = await Player(player.Id).EnterBattle(Key, S.Queue);
            if (!result.Succeeded)
            {
                foreach (var id in entered)
                {
                    await Player(id).LeaveBattle(Key);
                }

                State = new BattleState { EventSeq = S.EventSeq };
                ClearReminder(BattleReminder);
                return new(BattleCommandStatus.PlayerBusy, $"{player.Name} is busy elsewhere.");
            }

            entered.Add(player.Id);
        }

        var deadline = Now + _options.Duration;
        State = S with { Phase = BattlePhase.Active, StartedAt = Now, Deadline = deadline };
        SetReminder(BattleReminder, deadline);
        Publish(BattleEvents.Started, new BattleStartedEvent(Key, S.Challenge, S.Players[0].Id, S.Players[1].Id, deadline));
        LogCreated();
        var live = new BattleStarted(Key, S.Challenge, S.Players[0].Name, S.Players[1].Name, S.StartedAt, deadline);
        AfterCommit(() => Services.ReadModels.RecordAsync(live));
        return new(BattleCommandStatus.Ok, "Battle started.", BattleId: Key);
    }

    /// <summary>Resumes a start cut short, decides at the deadline, or re-delivers a finished battle's results.</summary>
    private async Task OnBattleReminder()
    {
        switch (S.Phase)
        {
            case BattlePhase.Starting:
                await EnterPlayers();
                break;
            case BattlePhase.Active:
                await OnDeadline();
                break;
            case BattlePhase.Finished when S.PendingResults.Count > 0 || !S.HistoryRecorded:
                await DeliverResults();
                break;
        }
    }

    private static BattlePlayer Side(PlayerProfile p) => new(p.Id, p.Name, p.Rating, p.Deviation, Volatility: p.Volatility);

    private static string? Busy(PlayerProfile profile, string? queue) => profile switch
    {
        { Exists: false } => $"Player {profile.Id} is not registered.",
        { Activity.Kind: ActivityKind.Idle } => null,
        { Activity.Kind: ActivityKind.Queued } when queue is not null && profile.Activity.Queue == queue => null,
        _ => $"{profile.Name} is busy elsewhere.",
    };
}
