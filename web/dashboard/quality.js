// Audio-quality figures from a session's `client.stats` events: what the candidate's browser
// measured on the interviewer's audio every few seconds (getStats: jitter, packets lost and
// received, round-trip time, concealed samples; the counters are cumulative over a call).
export const STATS_EVENT = 'client.stats';

const FIGURES = ['jitterMs', 'roundTripTimeMs'];

function spread(values) {
  if (values.length === 0) return { average: null, max: null };
  return { average: values.reduce((a, b) => a + b, 0) / values.length, max: Math.max(...values) };
}

const numbers = (samples, name) => samples.map((s) => s[name]).filter((v) => typeof v === 'number' && Number.isFinite(v));

// {samples, jitterMs: {average, max}, roundTripTimeMs: {…}, packetsLost, packetsReceived,
//  lossPercent, concealedSamples, from, to} — null when there are no stats events.
export function audioQuality(events) {
  const stats = (events ?? []).filter((e) => e.type === STATS_EVENT && e.data && typeof e.data === 'object');
  if (stats.length === 0) return null;
  const samples = stats.map((e) => e.data);
  const out = { samples: samples.length, from: stats[0].createdAt, to: stats[stats.length - 1].createdAt };
  for (const name of FIGURES) out[name] = spread(numbers(samples, name));
  // Counters only grow within a call; the highest seen is the call's total (a reconnect restarts
  // them, so this is the longest call's figure, never a sum of overlapping ones).
  const highest = (name) => { const v = numbers(samples, name); return v.length ? Math.max(...v) : null; };
  out.packetsLost = highest('packetsLost');
  out.packetsReceived = highest('packetsReceived');
  out.concealedSamples = highest('concealedSamples');
  const seen = (out.packetsLost ?? 0) + (out.packetsReceived ?? 0);
  out.lossPercent = out.packetsLost !== null && seen > 0 ? (100 * out.packetsLost) / seen : null;
  return out;
}
