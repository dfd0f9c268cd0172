namespace Duel.Grains.Runtime;

/// <summary>The grain storage provider every duel grain keeps its state in (AdoNet on PostgreSQL).</summary>
public static class GrainStorage
{
    public const string Name = "duel";
}
