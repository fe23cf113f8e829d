// Browser-side helpers shared by the test pages: a clock, inbound audio stats, a data-channel
// event recorder. Times are milliseconds since the page's call began (performance.now based).

export function clock() {
  const t0 = performance.now();
  return () => Math.round((performance.now() - t0) * 10) / 10;
}

// The inbound-rtp audio stats of `pc` (first audio receiver), or null before any exist.
export async function inboundAudio(pc) {
  const report = await pc.getStats();
  for (const s of report.values()) {
    if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s.mediaType === 'audio')) {
      return {
        packetsReceived: s.packetsReceived ?? 0,
        bytesReceived: s.bytesReceived ?? 0,
        packetsLost: s.packetsLost ?? 0,
        jitterMs: s.jitter !== undefined ? s.jitter * 1000 : null,
        audioLevel: s.audioLevel ?? null,
        totalAudioEnergy: s.totalAudioEnergy ?? null,
        totalSamplesReceived: s.totalSamplesReceived ?? null,
        concealedSamples: s.concealedSamples ?? null,
        codecId: s.codecId ?? null,
      };
    }
  }
  return null;
}

// The outbound-rtp audio stats of `pc` (the microphone's sender), or null before any exist.
export async function outboundAudio(pc) {
  const report = await pc.getStats();
  for (const s of report.values()) {
    if (s.type === 'outbound-rtp' && (s.kind === 'audio' || s.mediaType === 'audio')) {
      return { packetsSent: s.packetsSent ?? 0, bytesSent: s.bytesSent ?? 0 };
    }
  }
  return null;
}

// The selected ICE candidate pair's local and remote candidates (address, port, type, protocol).
export async function selectedPair(pc) {
  const report = await pc.getStats();
  let pair = null;
  for (const s of report.values()) {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
  }
  if (!pair) {
    for (const s of report.values()) if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s;
  }
  if (!pair) return null;
  const pick = (c) => c && { address: c.address ?? c.ip, port: c.port, type: c.candidateType, protocol: c.protocol };
  return { local: pick(report.get(pair.localCandidateId)), remote: pick(report.get(pair.remoteCandidateId)),
           rttMs: pair.currentRoundTripTime !== undefined ? pair.currentRoundTripTime * 1000 : null };
}

// Samples inbound audio stats every `everyMs` into `out.stats` ({t, ...stats}) and marks the first
// packet and the first audible sample (audioLevel above `audibleLevel`) with a fast 20-ms poller
// during the first `fastForMs`. Returns a stop function.
export function sampleInbound(pc, now, out, { everyMs = 1000, fastForMs = 60000, audibleLevel = 0.01 } = {}) {
  out.stats = [];
  let stopped = false;
  const slow = setInterval(async () => {
    const s = await inboundAudio(pc).catch(() => null);
    if (s && !stopped) out.stats.push({ t: now(), ...s });
  }, everyMs);
  const fastUntil = performance.now() + fastForMs;
  const fast = setInterval(async () => {
    if (performance.now() > fastUntil || (out.marks.firstAudioPacket !== undefined && out.marks.firstAudibleAudio !== undefined)) {
      clearInterval(fast);
      return;
    }
    const s = await inboundAudio(pc).catch(() => null);
    if (!s) return;
    if (s.packetsReceived > 0) out.marks.firstAudioPacket ??= now();
    if ((s.audioLevel ?? 0) > audibleLevel) out.marks.firstAudibleAudio ??= now();
  }, 20);
  return () => { stopped = true; clearInterval(slow); clearInterval(fast); };
}

// Plays a remote stream (autoplay is allowed by the launch flags), so the receive path runs as in a
// real page.
export function play(stream) {
  const el = document.createElement('audio');
  el.autoplay = true;
  el.srcObject = stream;
  document.body.appendChild(el);
  el.play().catch(() => {});
  return el;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The a=candidate lines of an SDP, and whether any hides its address behind an mDNS .local name.
export function sdpCandidates(sdp) {
  return (sdp ?? '').split(/\r?\n/).filter((l) => l.startsWith('a=candidate:'));
}
