// A hub "battle" message is { battleId, seq, type, html }; the type names the grain event, or is
// "resync": the battle as it stands at `seq`, pushed again after the event bus (Redis) was out.
// `finished` is what a browser reads from the panel (battle.js, afterUpdate).
export function readEvent(m) {
  if (!m) return null;
  return { battleId: m.battleId, seq: m.seq, type: m.type, finished: /data-finished="true"/.test(m.html ?? "") };
}
