using System.Text.Json;

namespace Duel.Sandbox.Worker.Contracts;

/// <summary>One test of a request: the arguments go into the sandbox, the expected value never does.</summary>
public sealed record JudgeTest(JsonElement Args, JsonElement Expected, bool Hidden);
