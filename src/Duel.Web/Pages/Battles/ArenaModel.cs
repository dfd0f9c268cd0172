using System.Text.Json;
using Duel.Grains.Battles;
using Duel.Web.Mirroring;
using Duel.Web.Practice;
using Microsoft.AspNetCore.Html;

namespace Duel.Web.Pages.Battles;

/// <summary>What the full battle page needs besides the screen: each side's latest code, the statement, and a practice's ghost.</summary>
public sealed record ArenaModel(BattleScreen Screen, IReadOnlyDictionary<string, CodeSnapshot> Code, GhostPlayback? Ghost = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public CodeSnapshot CodeOf(string playerId)
    {
        if (playerId == GhostSource.SideId && Ghost is { } ghost)
        {
            var (seq, code) = ghost.Current();
            return new CodeSnapshot(Screen.View.Id, playerId, seq, code);
        }

        return Code.TryGetValue(playerId, out var snapshot)
            ? snapshot
            : new CodeSnapshot(Screen.View.Id, playerId, 0, Screen.Challenge?.Starter ?? "");
    }

    /// <summary>The ghost's steps for battle.js; the default encoder escapes &lt; and &amp;, so it is safe inside a script element.</summary>
    public IHtmlContent GhostJson => new HtmlString(JsonSerializer.Serialize(Ghost?.Steps ?? [], Json));

    public IHtmlContent StatementHtml => Infrastructure.MiniMarkdown.ToHtml(Screen.Challenge?.Statement ?? "");
}
