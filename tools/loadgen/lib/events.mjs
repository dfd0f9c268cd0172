// A hub "battle" message is { battleId, seq, type, html }; the type names the grain event.
export function readEvent(m) {
  if (!m) return null;
  return { battleId: m.battleId, seq: m.seq, type: m.type };
}
