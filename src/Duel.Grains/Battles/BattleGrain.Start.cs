using Duel.Grains.Players;

namespace Duel.Grains.Battles;

/// <summary>
/// The start protocol. The battle stores itself as Starting (with its deadline reminder set) before it
/// moves the players in, so a crash part-way is resumed by a repeated Start or by the reminder; a
/// player who refuses (busy since the check) undoes the start, and the players already moved in are
/// released. The deadline is fixed when the battle is prepared.
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
            Casual = !start.Rated,
            TotalTests = challenge.SubmitTestCount,
            Players = [Side(a), Side(b)],
            Deadline = Now + _options.Duration,
        };
        // One reminder op per start: the deadline reminder is set now and also resumes a start cut
        // short (a queue's own reminder retries its pairing within seconds, which resumes it sooner).
        SetReminder(BattleReminder, S.Deadline);
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

        var deadline = S.Deadline;
        State = S with { Phase = BattlePhase.Active, StartedAt = Now };
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
