using Duel.Sandbox.Worker;
using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Judging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Duel.Sandbox.Tests;

/// <summary>The real judge (real bwrap, real python) with the worker's default limits and two slots.</summary>
public sealed class SandboxFixture : IDisposable
{
    private readonly ServiceProvider _services;

    public SandboxFixture()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:Concurrency"] = "2",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddLogging(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning))
            .AddSandbox()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Judge = _services.GetRequiredService<Judge>();
        Palindrome = Challenges.Load("palindrome");
    }

    internal Judge Judge { get; }

    internal IServiceProvider Services => _services;

    internal ChallengeFile Palindrome { get; }

    /// <summary>Judges <paramref name="code"/> against the palindrome challenge.</summary>
    internal Task<Verdict> JudgeAsync(string code, bool visibleOnly = false) =>
        Judge.JudgeAsync(Palindrome.ToRequest(code, visibleOnly), CancellationToken.None);

    public void Dispose() => _services.Dispose();
}
