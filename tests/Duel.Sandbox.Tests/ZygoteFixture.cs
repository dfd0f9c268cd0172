using System.Text.Json;
using Duel.Sandbox.Worker;
using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Judging;
using Duel.Sandbox.Worker.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Duel.Sandbox.Tests;

/// <summary>
/// The real judge on the zygote path with ONE slot, so consecutive jobs run in the same slot
/// (the same zygote unless it was replaced): what one job leaves behind, the next one would meet.
/// </summary>
public class ZygoteFixture : IDisposable
{
    private readonly ServiceProvider _services;

    public ZygoteFixture() : this(new Dictionary<string, string?>())
    {
    }

    protected ZygoteFixture(Dictionary<string, string?> settings)
    {
        settings["Sandbox:Concurrency"] = "1";
        settings["Sandbox:Mode"] = "zygote";
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning))
            .AddSandbox()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Judge = _services.GetRequiredService<Judge>();
        Pool = _services.GetRequiredService<SlotPool>();
        Palindrome = Challenges.Load("palindrome");
    }

    internal Judge Judge { get; }

    internal SlotPool Pool { get; }

    internal ChallengeFile Palindrome { get; }

    internal Task<Verdict> JudgeAsync(string code, bool visibleOnly = false) =>
        Judge.JudgeAsync(Palindrome.ToRequest(code.Replace("PRELUDE", HostilePrograms.Prelude), visibleOnly), CancellationToken.None);

    /// <summary>The verdict without its elapsed time, as JSON: two honest runs must give exactly this.</summary>
    internal static string Comparable(Verdict v) => JsonSerializer.Serialize(v with { ElapsedMs = 0 }, JudgeJson.Options);

    /// <summary>Host pid of the slot's zygote interpreter (bwrap's only child), 0 if none runs, once the slot is free.</summary>
    internal int ZygotePid()
    {
        Pool.QuiesceAsync().GetAwaiter().GetResult();
        var bwrap = Pool.ZygotePids.SingleOrDefault();
        // A zygote just started may not have forked its interpreter yet.
        for (var i = 0; bwrap != 0 && i < 5000; i++)
        {
            var children = File.ReadAllText($"/proc/{bwrap}/task/{bwrap}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (children.Length == 1)
            {
                return int.Parse(children[0]);
            }
            Thread.Sleep(1);
        }
        return 0;
    }

    public void Dispose()
    {
        _services.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A one-slot zygote that is replaced after every second job.</summary>
public sealed class ShortLivedZygoteFixture() : ZygoteFixture(new Dictionary<string, string?> { ["Sandbox:ZygoteJobs"] = "2" });
