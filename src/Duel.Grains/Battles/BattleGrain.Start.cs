using Duel.Grains.Players;

namespace Duel.Grains.Battles;

/// <summary>
/// The start protocol. A start from a queue is resumed by the queue's stored pairing until it has
/// started or refused, so the battle stores nothing before it is Active. Any other start (invite,
/// rematch, practice) stores itself as Starting (with its deadline reminder set) before it moves the
/// players in, so a crash part-way is resumed by the reminder. A player who refuses (busy since the
/// check) undoes the start, and the players already moved in are released. The deadline is fixed when
/// the battle is prepared.
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

        if ((start.Ghost is null) != (start.PlayerB != GhostSource.SideId) || start.PlayerA == GhostSource.SideId)
        {
            throw new ArgumentException("a ghost plays side B of a practice battle and nowhere else", nameof(start));
        }

        // A queue's start stores nothing before the players are in, so their entries (EnterPlayers) are its
        // check and give its sides. Any other start is stored first, sides and all, so it reads the players now.
        BattlePlayer[] sides = [Unread(start.PlayerA), Unread(start.PlayerB)];
        if (start.Queue is null || start.Ghost is not null)
        {
            var profiles = await Task.WhenAll(new[] { start.PlayerA, start.PlayerB }
                .Where(id => id != GhostSource.SideId).Select(id => Player(id).GetProfile()));
            var (a, b) = (profiles[0], profiles.ElementAtOrDefault(1));
            if ((Busy(a, start.Queue) ?? (b is null ? null : Busy(b, start.Queue))) is { } busy)
            {
                // A start of this battle cut short before anything was stored may have moved one of them in.
                await Task.WhenAll(profiles.Where(p => p.Activity == PlayerActivity.InBattle(Key)).Select(p => Player(p.Id).LeaveBattle(Key)));
                return new(BattleCommandStatus.PlayerBusy, busy);
            }

            sides = [Side(a), b is null ? GhostSide(start.Ghost!) : Side(b)];
        }

        State = S with
        {
            Phase = BattlePhase.Starting,
            Challenge = challenge.Slug,
            Queue = start.Queue,
            RematchOf = start.RematchOf,
            Casual = !start.Rated || start.Ghost is not null,
            Ghost = start.Ghost,
            TotalTests = challenge.SubmitTestCount,
            Players = [.. sides],
            Deadline = Now + _options.Duration,
        };
        // One reminder op per start: the deadline reminder, which also resumes a stored start cut short.
        SetReminder(BattleReminder, S.Deadline);
        if (start.Queue is null)
        {
            // Nothing else would resume this start: the battle's own record has to.
            await CommitAsync();
        }

        return null;
    }

    private async Task<BattleCommandResult> EnterPlayers()
    {
        // Both at once: the players are separate grains, and one who refuses is undone below either way.
        var players = S.Players.Where(p => p.Id != GhostSource.SideId).ToList();
        var results = await Task.WhenAll(players.Select(p => Player(p.Id).EnterBattle(Key, S.Queue)));
        var refusedAt = Array.FindIndex(results, r => !r.Succeeded);
        if (refusedAt >= 0)
        {
            for (var i = 0; i < players.Count; i++)
            {
                if (results[i].Succeeded)
                {
                    await Player(players[i].Id).LeaveBattle(Key);
                }
            }

            var refused = results[refusedAt].Profile;
            State = new BattleState { EventSeq = S.EventSeq };
            ClearReminder(BattleReminder);
            return new(BattleCommandStatus.PlayerBusy,
                (refused is null ? null : Busy(refused, S.Queue)) ?? $"{refused?.Name ?? players[refusedAt].Name} is busy elsewhere.");
        }

        // Each side as the player's own entry left them: a queue's start has not read them before (Prepare).
        var entered = players.Zip(results, (p, r) => (p.Id, r.Profile)).ToDictionary(e => e.Id, e => e.Profile);
        var deadline = S.Deadline;
        State = S with
        {
            Phase = BattlePhase.Active,
            StartedAt = Now,
            Players = [.. S.Players.Select(p => entered.GetValueOrDefault(p.Id) is { } profile ? Side(profile) : p)],
        };
        Publish(BattleEvents.Started, new BattleStartedEvent(Key, S.Challenge, S.Players[0].Id, S.Players[1].Id, deadline));
        LogCreated();
        if (S.Ghost is null)
        {
            var live = new BattleStarted(Key, S.Challenge, S.Players[0].Name, S.Players[1].Name, S.StartedAt, deadline);
            AfterCommit(() => Services.ReadModels.RecordAsync(live));
        }
        else
        {
            SetReminder(BattleReminder, NextWake());
        }

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
                await AdvanceGhost();
                await OnDeadline();
                break;
            case BattlePhase.Finished when S.PendingResults.Count > 0 || !S.HistoryRecorded:
                await DeliverResults();
                break;
        }
    }

    /// <summary>A side whose player a queue's start has not read yet: EnterPlayers fills it in.</summary>
    private static BattlePlayer Unread(string id) => new(id, "", 0, 0);

    private static BattlePlayer Side(PlayerProfile p) => new(p.Id, p.Name, p.Rating, p.Deviation, Volatility: p.Volatility);

    private static BattlePlayer GhostSide(GhostPlan ghost) => new(GhostSource.SideId, $"{ghost.Name}'s ghost", ghost.Rating, ghost.Deviation);

    private string? Busy(PlayerProfile profile, string? queue) => profile switch
    {
        { Exists: false } => $"Player {profile.Id} is not registered.",
        { Activity.Kind: ActivityKind.Idle } => null,
        { Activity.Kind: ActivityKind.Queued } when queue is not null && profile.Activity.Queue == queue => null,
        // Moved in by an earlier attempt at this start, which stored nothing (a queue's start).
        { Activity.Kind: ActivityKind.InBattle } when profile.Activity.BattleId == Key => null,
        _ => $"{profile.Name} is busy elsewhere.",
    };
}
