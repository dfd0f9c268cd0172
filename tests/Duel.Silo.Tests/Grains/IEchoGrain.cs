using Duel.Grains.Runtime;

namespace Duel.Silo.Tests.Grains;

/// <summary>Publishes whatever text it is given (to test payload sizes).</summary>
[GrainType("echo", 2)]
public interface IEchoGrain : IGrain
{
    Task Say(string text);
}

public sealed record Said(string Text);

public sealed class EchoGrain(IGrainContext context) : IEchoGrain
{
    public Task Say(string text)
    {
        context.Publish("said", new Said(text));
        return Task.CompletedTask;
    }
}
