namespace Duel.Web.Api;

public sealed record CodeBody(string? Code);
