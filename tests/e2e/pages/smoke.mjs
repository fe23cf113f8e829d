// Self-test of the harness: two RTCPeerConnections in one page, over loopback, the first sending the
// fake microphone (the test WAV) and a data channel named like the Realtime one. Proves that Chromium,
// its fake audio capture and loopback ICE work where the tests run (e.g. inside the netns).
import { clock, play, sampleInbound, sdpCandidates, selectedPair, sleep } from './rtc.mjs';

export async function loopbackCall({ seconds = 4 } = {}) {
  const now = clock();
  const out = { marks: {}, states: [], candidates: [], errors: [] };
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  out.marks.getUserMedia = now();
  out.trackLabel = stream.getAudioTracks()[0]?.label;
  const caller = new RTCPeerConnection();
  const callee = new RTCPeerConnection();
  caller.onicecandidate = (e) => {
    if (!e.candidate) return;
    out.candidates.push(e.candidate.candidate);
    callee.addIceCandidate(e.candidate).catch((err) => out.errors.push(`callee.addIceCandidate: ${err}`));
  };
  callee.onicecandidate = (e) => {
    if (e.candidate) caller.addIceCandidate(e.candidate).catch((err) => out.errors.push(`caller.addIceCandidate: ${err}`));
  };
  caller.onconnectionstatechange = () => {
    out.states.push([now(), caller.connectionState]);
    if (caller.connectionState === 'connected') out.marks.connected ??= now();
  };
  const echo = new Promise((resolve) => {
    callee.ondatachannel = (e) => {
      out.remoteChannelLabel = e.channel.label;
      e.channel.onmessage = (m) => e.channel.send(JSON.stringify({ type: 'echo', of: JSON.parse(m.data) }));
    };
    const dc = caller.createDataChannel('oai-events');
    dc.onopen = () => {
      out.marks.dataChannelOpen = now();
      dc.send(JSON.stringify({ type: 'session.update', session: { type: 'realtime' } }));
    };
    dc.onmessage = (m) => { out.marks.echo = now(); resolve(JSON.parse(m.data)); };
  });
  callee.ontrack = (e) => { out.marks.track ??= now(); play(e.streams[0] ?? new MediaStream([e.track])); };
  caller.addTrack(stream.getAudioTracks()[0], stream);

  const offer = await caller.createOffer();
  await caller.setLocalDescription(offer);
  out.marks.offer = now();
  await callee.setRemoteDescription(offer);
  const answer = await callee.createAnswer();
  await callee.setLocalDescription(answer);
  await caller.setRemoteDescription(answer);
  out.marks.answer = now();
  out.offerHasOpus = /a=rtpmap:\d+ opus\/48000/i.test(offer.sdp);

  const stopSampling = sampleInbound(callee, now, out);
  out.echo = await Promise.race([echo, sleep(10000).then(() => null)]);
  await sleep(seconds * 1000 + 500);
  stopSampling();
  out.pair = await selectedPair(caller);
  out.localCandidates = sdpCandidates(caller.localDescription?.sdp);
  out.finalState = caller.connectionState;
  caller.close();
  callee.close();
  stream.getTracks().forEach((t) => t.stop());
  return out;
}
