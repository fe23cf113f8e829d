// A Realtime WebRTC call made the way OpenAI's documentation makes one, with no SDK: microphone,
// peer connection, data channel `oai-events` created before the offer, the offer POSTed as
// application/sdp with the ephemeral key, the answer applied. Every data-channel event is recorded
// with its arrival time; inbound audio stats are sampled once a second.
import { clock, play, sampleInbound, sdpCandidates, selectedPair } from './rtc.mjs';

let call = null;

// Starts the call; resolves once the answer is applied (or the POST failed). Read progress with
// snapshot(), end with hangup().
export async function start({ callsUrl, ephemeralKey }) {
  const now = clock();
  const log = { marks: {}, states: [], iceStates: [], events: [], sent: [], http: null, errors: [] };
  call = { log, now };
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  log.marks.getUserMedia = now();
  const pc = new RTCPeerConnection();
  call.pc = pc;
  call.stream = stream;
  pc.onconnectionstatechange = () => {
    log.states.push([now(), pc.connectionState]);
    if (pc.connectionState === 'connected') log.marks.connected ??= now();
  };
  pc.oniceconnectionstatechange = () => log.iceStates.push([now(), pc.iceConnectionState]);
  pc.ontrack = (e) => {
    log.marks.remoteTrack ??= now();
    play(e.streams[0] ?? new MediaStream([e.track]));
  };
  const dc = pc.createDataChannel('oai-events');
  call.dc = dc;
  dc.onopen = () => { log.marks.dataChannelOpen = now(); };
  dc.onclose = () => { log.marks.dataChannelClosed = now(); };
  dc.onerror = (e) => log.errors.push(`data channel error: ${e.error?.message ?? e.type}`);
  dc.onmessage = (m) => {
    let event;
    try {
      event = JSON.parse(m.data);
    } catch {
      event = { type: '<not JSON>', raw: String(m.data).slice(0, 200) };
    }
    log.events.push({ t: now(), type: event.type, event });
  };
  pc.addTrack(stream.getAudioTracks()[0], stream);

  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  log.offerCandidates = sdpCandidates(offer.sdp).length; // 0: posted before gathering, like the SDK
  log.marks.offerPosted = now();
  let res;
  try {
    res = await fetch(callsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${ephemeralKey}` },
      body: offer.sdp,
    });
  } catch (e) {
    log.errors.push(`POST ${callsUrl} failed: ${e.message} (CORS or network; see the server log)`);
    return log;
  }
  const body = await res.text();
  log.marks.answerReceived = now();
  log.http = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    location: res.headers.get('location'),
    body: res.ok ? undefined : body.slice(0, 2000),
  };
  if (res.status !== 201) return log;
  log.answerCandidates = sdpCandidates(body);
  try {
    await pc.setRemoteDescription({ type: 'answer', sdp: body });
  } catch (e) {
    log.errors.push(`setRemoteDescription: ${e.message}`);
    log.answerSdp = body;
    return log;
  }
  log.marks.answerApplied = now();
  call.stopSampling = sampleInbound(pc, now, log);
  return log;
}

// Sends a client event on the data channel (recorded in log.sent).
export function send(event) {
  call.log.sent.push({ t: call.now(), type: event.type });
  call.dc.send(JSON.stringify(event));
}

export async function snapshot() {
  if (!call) return null;
  const log = call.log;
  return { ...log, connectionState: call.pc.connectionState, pair: await selectedPair(call.pc).catch(() => null) };
}

export async function hangup() {
  if (!call) return null;
  call.stopSampling?.();
  const final = await snapshot();
  call.pc.close();
  call.stream.getTracks().forEach((t) => t.stop());
  return final;
}
