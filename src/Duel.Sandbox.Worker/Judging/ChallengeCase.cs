using System.Text.Json;

namespace Duel.Sandbox.Worker.Judging;

/// <summary>One example or test of a challenge file.</summary>
internal sealed record ChallengeCase(JsonElement Args, JsonElement Expected);
