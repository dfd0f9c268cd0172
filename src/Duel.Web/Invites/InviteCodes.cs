using System.Security.Cryptography;
using Duel.Grains.Invites;

namespace Duel.Web.Invites;

/// <summary>Invite codes and the HTTP status each invite outcome maps to (pages and the JSON API share them).</summary>
public static class InviteCodes
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789"; // no 0/o, 1/l: read aloud or typed safely

    /// <summary>10 characters from a 32-letter alphabet: 50 bits, unguessable for a 10-minute link.</summary>
    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, 10);

    /// <summary>Codes from URLs are checked before they name a grain.</summary>
    public static bool IsWellFormed(string? code) => code is { Length: 10 } && code.All(Alphabet.Contains);

    public static int StatusOf(InviteStatus status) => status switch
    {
        InviteStatus.Ok => StatusCodes.Status200OK,
        InviteStatus.NotFound => StatusCodes.Status404NotFound,
        InviteStatus.NotCreator => StatusCodes.Status403Forbidden,
        InviteStatus.UnknownChallenge => StatusCodes.Status422UnprocessableEntity,
        InviteStatus.NotRegistered => StatusCodes.Status401Unauthorized,
        InviteStatus.Expired or InviteStatus.Used or InviteStatus.Cancelled => StatusCodes.Status410Gone,
        _ => StatusCodes.Status409Conflict,
    };
}
