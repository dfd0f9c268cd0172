namespace Duel.Grains.Runtime;

/// <summary>Returns proxies for virtual grains: a grain always exists; its first call creates its row.</summary>
public interface IGrainFactory
{
    T GetGrain<T>(string key) where T : IGrain;
}
