// Normalises a hub "battle" message: { battleId, seq, type, data } per docs/api.md.
export function readEvent(m) {
  if (!m) return null;
  const data = m.data ?? m.event?.data ?? {};
  return {
    battleId: m.battleId,
    seq: m.seq,
    type: m.type ?? m.event?.type,
    submissionId: data.submissionId,
    winnerId: data.winnerId,
    data,
  };
}
