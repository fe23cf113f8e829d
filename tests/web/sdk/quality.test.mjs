// Audio-quality figures from a getStats() report (web/sdk/quality.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { qualityFromStats } from '../../../web/sdk/quality.js';

const report = (...stats) => new Map(stats.map((s) => [s.id, s]));

test('the inbound audio and the selected pair give the stats message', () => {
  const quality = qualityFromStats(report(
    { id: 'IT1', type: 'inbound-rtp', kind: 'audio', jitter: 0.0123, packetsLost: 3, packetsReceived: 500, concealedSamples: 960, audioLevel: 0.25 },
    { id: 'OT1', type: 'outbound-rtp', kind: 'audio', packetsSent: 480 },
    { id: 'CP1', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.5 },
    { id: 'CP2', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.0042 },
    { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP2' },
  ));
  assert.deepEqual(quality, {
    jitterMs: 12.3, packetsLost: 3, packetsReceived: 500, roundTripTimeMs: 4.2, concealedSamples: 960, audioLevel: 0.25,
  });
});

test('figures a browser does not report are null or zero, never made up', () => {
  const quality = qualityFromStats(report({ id: 'IT1', type: 'inbound-rtp', mediaType: 'audio', packetsReceived: 7 }));
  assert.deepEqual(quality, {
    jitterMs: null, packetsLost: 0, packetsReceived: 7, roundTripTimeMs: null, concealedSamples: 0, audioLevel: 0,
  });
});

test('no inbound audio yet: nothing to report', () => {
  assert.equal(qualityFromStats(report({ id: 'V', type: 'inbound-rtp', kind: 'video', packetsReceived: 9 })), null);
  assert.equal(qualityFromStats(new Map()), null);
});
