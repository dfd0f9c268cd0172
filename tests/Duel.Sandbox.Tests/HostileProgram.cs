using Duel.Sandbox.Worker.Contracts;

namespace Duel.Sandbox.Tests;

/// <summary>An attack on the judge and the outcome that shows it failed.</summary>
public sealed record HostileProgram(string Name, string Code, Action<Verdict, AttackContext> Expect, bool VisibleOnly = true)
{
    public override string ToString() => Name;
}
