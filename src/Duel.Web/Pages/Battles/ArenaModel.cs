using Duel.Web.Mirroring;
using Microsoft.AspNetCore.Html;

namespace Duel.Web.Pages.Battles;

/// <summary>What the full battle page needs besides the screen: each side's latest code and the statement.</summary>
public sealed record ArenaModel(BattleScreen Screen, IReadOnlyDictionary<string, CodeSnapshot> Code)
{
    public CodeSnapshot CodeOf(string playerId) =>
        Code.TryGetValue(playerId, out var snapshot)
            ? snapshot
            : new CodeSnapshot(Screen.View.Id, playerId, 0, Screen.Challenge?.Starter ?? "");

    public IHtmlContent StatementHtml => Infrastructure.MiniMarkdown.ToHtml(Screen.Challenge?.Statement ?? "");
}
