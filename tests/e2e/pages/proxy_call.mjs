// A candidate's call through the SDP proxy, made by the browser SDK (web/sdk/webrtc-manager.js) as
// the interview room makes it: protocol v1 over `/ws?token=<sessionToken>` (session_ready → offer
// → answer, transcripts, end → session_ended). The page records what the SDK reports.
import { WebRTCManager } from '/sdk/webrtc-manager.js';
import { clock, inboundAudio, outboundAudio } from './rtc.mjs';

let call = null;

// Starts the call with an interview-start answer. Resolves with the log once the offer is sent
// (or the call failed); the rest arrives as it comes.
export async function start({ session }) {
  const now = clock();
  const log = { marks: {}, states: [], messages: [], dataChannelEvents: 0, errors: [] };
  // The page is on another origin than interviewd and the functions answer no CORS: only /ws is used.
  const manager = new WebRTCManager({ start: session, postTranscripts: false });
  call = { log, now, manager };
  manager.on('state', ({ state }) => {
    log.states.push([now(), state]);
    if (state === 'connected') log.marks.connected ??= now();
  });
  manager.on('message', ({ message }) => {
    log.messages.push({ t: now(), ...message });
    if (message.type === 'answer') log.marks.answer = now();
  });
  manager.on('realtime', () => { log.dataChannelEvents += 1; });
  manager.on('error', ({ code, message }) => log.errors.push(`${code}: ${message}`));
  const offered = new Promise((resolve) => {
    manager.on('sent', ({ message }) => {
      if (message.type !== 'offer') return;
      log.marks.offerSent = now();
      resolve();
    });
    manager.on('failed', resolve);
  });
  manager.start().catch(() => {});
  await offered;
  return log;
}

// The log so far, with the connection state and the audio counters of both directions.
export async function snapshot() {
  if (!call) return null;
  const pc = call.manager.peerConnection;
  const [inbound, outbound] = pc ? await Promise.all([
    inboundAudio(pc).catch(() => null), outboundAudio(pc).catch(() => null),
  ]) : [null, null];
  return { ...call.log, connectionState: pc?.connectionState ?? 'new', inbound, outbound };
}

// The candidate ends the interview (`end`; the proxy answers session_ended).
export function end() {
  call.log.marks.endSent = call.now();
  return call.manager.end();
}

export function close() {
  call?.manager.disconnect();
}
