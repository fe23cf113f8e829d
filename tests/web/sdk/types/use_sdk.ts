// Compiled (not run) by the web.sdk_types test: a front end written against the SDK's declarations
// (web/sdk/webrtc-manager.d.ts). The @ts-expect-error lines must stay errors, so declarations that
// decayed to `any` fail the test too.
import { backoffDelay, InterviewError, qualityFromStats, WebRTCManager } from '../../../../web/sdk/webrtc-manager.js';

const call = new WebRTCManager({ invitationToken: 'inv_x', maxAttempts: 3, backoff: { baseMs: 500 } });
const off = call.on('transcript', ({ entry, replaces }) => console.log(entry.itemId, entry.speaker, entry.text, replaces));
call.on('state', ({ state }) => {
  if (state === 'failed') console.log(call.lastError?.code);
});
call.on('retry', ({ attempt, maxAttempts, delayMs }) => console.log(attempt, maxAttempts, delayMs));
call.on('stats', ({ quality }) => console.log(quality.jitterMs ?? 0, quality.packetsReceived));
call.on('error', ({ code, fatal, reason }) => console.log(code, fatal, reason === 'microphone_denied'));
call.start().then(() => call.end()).catch((e: InterviewError) => console.log(e.code, e.retryable));
off();
const delay: number = backoffDelay(2, { jitter: 0 });
console.log(delay, qualityFromStats(new Map())?.audioLevel, call.peerConnection?.connectionState);

// @ts-expect-error: no such event
call.on('connected', () => {});
// @ts-expect-error: a state event has no 'attempt'
call.on('state', ({ attempt }) => attempt);
// @ts-expect-error: not a state
const state: 'paused' = call.state;
console.log(state);
