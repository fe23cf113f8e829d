// Drives the engine with @openai/agents-realtime's OpenAIRealtimeWebRTC transport, as an app using
// OpenAI's SDK would, with `baseUrl` pointed at the engine and an ek_ as apiKey. Records what the SDK
// sends (its HTTP request, its data-channel messages), every server event with its arrival time, and
// the inbound audio stats, in the same shape as call.mjs.
import { OpenAIRealtimeWebRTC } from '@openai/agents-realtime';
import { clock, sampleInbound, selectedPair } from './rtc.mjs';

let session = null;

function headersOf(init) {
  const h = new Headers(init?.headers ?? {});
  return Object.fromEntries([...h.entries()].map(([k, v]) => [k, k === 'authorization' ? v.replace(/(ek_.{4}).*/, '$1…') : v]));
}

export async function start({ baseUrl, ephemeralKey, connectOptions = {} }) {
  const now = clock();
  const log = { marks: {}, states: [], events: [], sent: [], requests: [], connection: [], sdkErrors: [], errors: [], http: null };
  session = { log, now };

  // What the SDK sends: its fetch (the SDP POST) and its data-channel messages.
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url ?? String(input);
    const body = typeof init?.body === 'string' ? init.body : null;
    const req = { url, method: init?.method ?? 'GET', headers: headersOf(init), bodyType: body === null ? typeof init?.body : 'string',
      bodyStart: body?.slice(0, 40), bodyLength: body?.length, isSdp: body?.startsWith('v=0') ?? false };
    log.requests.push(req);
    log.marks.offerPosted ??= now();
    const res = await realFetch(input, init);
    log.marks.answerReceived ??= now();
    req.status = res.status;
    log.http ??= { status: res.status, contentType: res.headers.get('content-type'), location: res.headers.get('location') };
    return res;
  };
  const realSend = RTCDataChannel.prototype.send;
  RTCDataChannel.prototype.send = function (data) {
    let event;
    try { event = JSON.parse(data); } catch { event = { type: '<not JSON>' }; }
    log.sent.push({ t: now(), type: event.type, event });
    return realSend.call(this, data);
  };

  const transport = new OpenAIRealtimeWebRTC({ baseUrl, apiKey: ephemeralKey });
  session.transport = transport;
  transport.on('*', (event) => log.events.push({ t: now(), type: event.type, event }));
  transport.on('error', (e) => log.sdkErrors.push({ t: now(), error: JSON.stringify(e?.error ?? e, Object.getOwnPropertyNames(e?.error ?? e ?? {})).slice(0, 500) }));
  transport.on('connection_change', (status) => {
    log.connection.push([now(), status]);
    const { peerConnection: pc, dataChannel: dc } = transport.connectionState;
    if (status === 'connecting' && pc && !session.pc) {
      session.pc = pc;
      pc.addEventListener('connectionstatechange', () => {
        log.states.push([now(), pc.connectionState]);
        if (pc.connectionState === 'connected') log.marks.connected ??= now();
      });
      dc?.addEventListener('open', () => { log.marks.dataChannelOpen ??= now(); });
      pc.addEventListener('track', () => { log.marks.remoteTrack ??= now(); });
    }
  });
  try {
    await transport.connect({ apiKey: ephemeralKey, ...connectOptions });
    log.marks.connectResolved = now();
  } catch (e) {
    log.errors.push(`connect() rejected: ${e?.message ?? e}`);
    return log;
  }
  log.callId = transport.callId;
  session.stopSampling = sampleInbound(session.pc, now, log);
  return log;
}

export async function snapshot() {
  if (!session) return null;
  return { ...session.log, connectionState: session.pc?.connectionState, status: session.transport.status,
    pair: session.pc ? await selectedPair(session.pc).catch(() => null) : null };
}

export async function hangup() {
  if (!session) return null;
  session.stopSampling?.();
  const final = await snapshot();
  session.transport.close();
  return final;
}
