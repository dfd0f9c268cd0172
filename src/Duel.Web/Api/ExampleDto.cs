using System.Text.Json;

namespace Duel.Web.Api;

public sealed record ExampleDto(IReadOnlyList<JsonElement> Args, JsonElement Expected);
