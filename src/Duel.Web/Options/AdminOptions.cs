namespace Duel.Web.Options;

/// <summary>Section <c>Duel:Admin</c>. Without a password the operator pages stay closed.</summary>
public sealed class AdminOptions
{
    public const string Section = "Duel:Admin";

    public string? Password { get; set; }
}
