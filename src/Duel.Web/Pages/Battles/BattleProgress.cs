using Duel.Grains.Battles;

namespace Duel.Web.Pages.Battles;

/// <summary>Model of the progress partial: one side of a screen.</summary>
public sealed record BattleProgress(BattleScreen Screen, BattlePlayerView Player);
