using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Silo.Tests.Grains;

public static class TestGrains
{
    public static IServiceCollection Register(IServiceCollection services) => services
        .AddGrain<ICounterGrain, CounterGrain>()
        .AddGrain<IThrowerGrain, ThrowerGrain>()
        .AddGrain<IOuterGrain, OuterGrain>()
        .AddGrain<IInnerGrain, InnerGrain>()
        .AddGrain<IPairGrain, PairGrain>()
        .AddGrain<IAlarmGrain, AlarmGrain>()
        .AddGrain<IJobberGrain, JobberGrain>()
        .AddGrain<IEchoGrain, EchoGrain>()
        .AddReadModelWriter<TestFact, TestFactWriter>()
        .AddJobResultHandler("test-q", (grains, job) => grains.GetGrain<IJobberGrain>(job.GrainKey)
            .ApplyResult(job.Id, job.Result.ValueKind == JsonValueKind.Object ? job.Result.GetProperty("status").GetString()! : "none"));
}
