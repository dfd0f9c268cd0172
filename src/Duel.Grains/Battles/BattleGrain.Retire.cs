namespace Duel.Grains.Battles;

/// <summary>
/// A finished battle whose results every player has taken leaves memory <see cref="BattleOptions.RetireAfter"/>
/// later, instead of after Orleans' idle age. Everything it holds is stored, so a later call (a result page,
/// a replay, a rematch within its window) activates it again from storage; in-memory extras (snapshot
/// sequence numbers, the cached view) are rebuilt or only informational.
/// </summary>
public sealed partial class BattleGrain
{
    private IGrainTimer? _retire;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        RetireWhenDone();
    }

    private void RetireWhenDone()
    {
        if (_retire is not null || S.Phase != BattlePhase.Finished || !S.PendingResults.IsEmpty)
        {
            return;
        }

        // The timer is no call: it neither keeps the activation alive nor changes state.
        _retire = this.RegisterGrainTimer(() =>
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        }, _options.RetireAfter, Timeout.InfiniteTimeSpan);
    }
}
