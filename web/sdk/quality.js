// The audio-quality figures of one getStats() report, as protocol v1's `stats` message carries
// them: the interviewer's audio as received (jitter, loss, concealment, level) and the round trip.

export function qualityFromStats(report) {
  let inbound = null;
  let pair = null;
  let transportPairId = null;
  const byId = new Map();
  for (const s of report.values()) {
    byId.set(s.id, s);
    if (s.type === 'inbound-rtp' && (s.kind ?? s.mediaType) === 'audio') inbound = s;
    if (s.type === 'transport' && s.selectedCandidatePairId) transportPairId = s.selectedCandidatePairId;
    if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair ??= s;
  }
  if (transportPairId && byId.has(transportPairId)) pair = byId.get(transportPairId);
  if (!inbound) return null;
  const rtt = pair?.currentRoundTripTime;
  return {
    jitterMs: inbound.jitter !== undefined ? round(inbound.jitter * 1000) : null,
    packetsLost: inbound.packetsLost ?? 0,
    packetsReceived: inbound.packetsReceived ?? 0,
    roundTripTimeMs: rtt !== undefined ? round(rtt * 1000) : null,
    concealedSamples: inbound.concealedSamples ?? 0,
    audioLevel: inbound.audioLevel ?? 0,
  };
}

const round = (x) => Math.round(x * 10) / 10;
