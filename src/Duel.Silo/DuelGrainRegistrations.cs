using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Silo.ReadModels;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Silo;

/// <summary>The duel's grains, read-model writers and job handlers, added to the grain runtime.</summary>
public static class DuelGrainRegistrations
{
    public static IServiceCollection AddDuelGrains(this IServiceCollection services)
    {
        services.AddChallengeCatalogue();
        services.AddOptions<MatchmakingOptions>().BindConfiguration(MatchmakingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BattleOptions>().BindConfiguration(BattleOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddGrain<IPlayerGrain, PlayerGrain>();
        services.AddGrain<IPlayerNameGrain, PlayerNameGrain>();
        services.AddGrain<IMatchmakerGrain, MatchmakerGrain>();
        services.AddGrain<IBattleGrain, BattleGrain>();

        services.AddReadModelWriter<PlayerChanged, PlayerRowWriter>();
        services.AddReadModelWriter<BattleFinished, BattleRowWriter>();

        // A verdict joins the job's "applied" mark in one turn, so it reaches the battle exactly once;
        // ApplyVerdict is idempotent by job id on top of that.
        services.AddJobResultHandler(JudgeRequest.Queue, (grains, job) =>
            grains.GetGrain<IBattleGrain>(job.GrainKey).ApplyVerdict(job.Id, job.Result));
        return services;
    }
}
