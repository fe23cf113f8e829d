// A candidate's call through the SDP proxy, as the interview room makes it: microphone, peer
// connection, data channel `oai-events` created before the offer, then protocol v1 over
// `/ws?token=<sessionToken>` (session_ready → offer → answer, transcripts, end → session_ended).
// The offer is sent once ICE gathering is complete, so it carries the browser's candidates.
import { clock, inboundAudio, outboundAudio, play } from './rtc.mjs';

let call = null;

// Opens the socket, waits for session_ready, sends the offer. Resolves with the log once the
// offer is sent (or the socket failed); the answer is applied when it arrives.
export async function start({ proxyUrl }) {
  const now = clock();
  const log = { marks: {}, states: [], messages: [], dataChannelEvents: 0, errors: [] };
  call = { log, now };
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const pc = new RTCPeerConnection();
  call.pc = pc;
  call.stream = stream;
  pc.onconnectionstatechange = () => {
    log.states.push([now(), pc.connectionState]);
    if (pc.connectionState === 'connected') log.marks.connected ??= now();
  };
  pc.ontrack = (e) => play(e.streams[0] ?? new MediaStream([e.track]));
  const dc = pc.createDataChannel('oai-events');
  dc.onopen = () => { log.marks.dataChannelOpen = now(); };
  dc.onmessage = () => { log.dataChannelEvents += 1; };
  pc.addTrack(stream.getAudioTracks()[0], stream);

  const ws = new WebSocket(proxyUrl);
  call.ws = ws;
  const ready = new Promise((resolve, reject) => {
    ws.onerror = () => reject(new Error('the /ws socket failed'));
    ws.onclose = (e) => {
      log.marks.socketClosed = now();
      log.closeCode = e.code;
      reject(new Error(`the /ws socket closed (${e.code})`));
    };
    ws.onmessage = (m) => {
      const message = JSON.parse(m.data);
      log.messages.push({ t: now(), ...message });
      if (message.type === 'session_ready') resolve();
      if (message.type === 'answer') {
        log.marks.answer = now();
        pc.setRemoteDescription({ type: 'answer', sdp: message.sdp })
          .then(() => { log.marks.answerApplied = now(); })
          .catch((e) => log.errors.push(`setRemoteDescription: ${e.message}`));
      }
    };
  });
  try {
    await ready;
  } catch (e) {
    log.errors.push(e.message);
    return log;
  }

  await pc.setLocalDescription(await pc.createOffer());
  await gatheringComplete(pc, 5000);
  ws.send(JSON.stringify({ type: 'offer', sdp: pc.localDescription.sdp }));
  log.marks.offerSent = now();
  return log;
}

function gatheringComplete(pc, timeoutMs) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs); // send what was gathered so far
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

// The log so far, with the connection state and the audio counters of both directions.
export async function snapshot() {
  if (!call) return null;
  const [inbound, outbound] = await Promise.all([
    inboundAudio(call.pc).catch(() => null), outboundAudio(call.pc).catch(() => null),
  ]);
  return { ...call.log, connectionState: call.pc.connectionState, inbound, outbound };
}

// Protocol v1 `end`: the candidate ends the interview (the proxy answers session_ended).
export function end() {
  call.ws.send(JSON.stringify({ type: 'end' }));
  call.log.marks.endSent = call.now();
}

export function close() {
  if (!call) return;
  call.pc.close();
  call.stream.getTracks().forEach((t) => t.stop());
  if (call.ws.readyState === WebSocket.OPEN) call.ws.close();
}
