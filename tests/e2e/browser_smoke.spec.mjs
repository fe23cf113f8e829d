// Harness self-test, no interviewd needed: Debian Chromium (headless, via playwright-core) with the
// fake microphone playing the test WAV, two peer connections in one page over loopback. Checks that
// ICE connects on 127.0.0.1 only, the data channel carries a message, and Opus audio flows at
// ≈50 packets/s with a non-silent level.
//   node tests/e2e/browser_smoke.spec.mjs          (ctest runs it inside tests/netns-run)
import { requireNodeModules } from './lib/harness.mjs';
requireNodeModules();

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  bestPacketRate, launchChromium, loopbackOnlyNamespace, makeSpeechWav, makeTempDir, metric, startStaticServer, waitFor,
} from './lib/harness.mjs';

test('Chromium sends fake-microphone audio over loopback WebRTC', { timeout: 120000 }, async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const wav = makeSpeechWav('Hello, this is the browser smoke test speaking.', join(tmp.dir, 'speech.wav'), { trailSeconds: 1 });
  const pages = await startStaticServer();
  t.after(() => pages.close());
  const chrome = await launchChromium({ wav: wav.path });
  t.after(() => chrome.close());

  await chrome.page.goto(`${pages.origin}/smoke.html`);
  await waitFor(() => chrome.page.evaluate(() => window.e2eReady === true), { timeoutMs: 10000, what: 'smoke page' });
  const r = await chrome.page.evaluate(() => window.e2e.loopbackCall({ seconds: 5 }));
  const diag = () => JSON.stringify(r, null, 1) + '\n' + chrome.consoleLines.join('\n');

  assert.deepEqual(r.errors, [], diag());
  assert.equal(r.finalState, 'connected', diag());
  assert.equal(r.remoteChannelLabel, 'oai-events');
  assert.equal(r.echo?.of?.type, 'session.update', `data channel echo missing:\n${diag()}`);
  assert.ok(r.offerHasOpus, 'offer lacks Opus');
  // No candidate hides its address behind an mDNS .local name (an engine could not resolve it), and in
  // the loopback-only namespace every candidate and the selected pair are on 127.0.0.1.
  assert.ok(r.candidates.length > 0, `no ICE candidates gathered:\n${diag()}`);
  for (const c of r.candidates) assert.ok(!/\.local /.test(c), `mDNS candidate: ${c}`);
  if (loopbackOnlyNamespace()) {
    for (const c of r.candidates) assert.match(c, / 127\.0\.0\.1 \d+ typ host/, `non-loopback candidate: ${c}`);
    assert.equal(r.pair?.local?.address, '127.0.0.1', diag());
    assert.equal(r.pair?.remote?.address, '127.0.0.1', diag());
  } else {
    console.log('# note: not inside a loopback-only network namespace (see tests/netns-run); address checks skipped');
  }

  const rate = bestPacketRate(r.stats, 3);
  const maxLevel = Math.max(0, ...r.stats.map((s) => s.audioLevel ?? 0));
  metric('smoke.time_to_connected', r.marks.connected - r.marks.offer, 'ms');
  metric('smoke.first_audio_packet', r.marks.firstAudioPacket - r.marks.offer, 'ms');
  metric('smoke.packets_per_second', rate.rate, `/s over ${rate.seconds.toFixed(1)} s`);
  metric('smoke.max_audio_level', maxLevel);
  metric('smoke.candidates', r.candidates.length);
  assert.ok(rate.seconds >= 2.9, `fewer than 3 s of stats:\n${diag()}`);
  assert.ok(rate.rate >= 45, `audio at ${rate.rate.toFixed(1)} packets/s, want ≥ 45:\n${diag()}`);
  assert.ok(maxLevel > 0.01, `received audio is silent (max level ${maxLevel}): is the fake capture file used?\n${diag()}`);
});
