// Checks of one recorded Realtime call (the log the test pages keep): order of the data channel's
// events, audio packet rate, candidate transcript. Returns a list of problems rather than throwing,
// so a failing spec shows all of them at once.
import { bestPacketRate, metric } from './harness.mjs';

export const firstIndex = (types, type, from = 0) => types.indexOf(type, from);

export function keywordsHeard(transcript, keywords) {
  const words = new Set(transcript.toLowerCase().match(/[a-z']+/g) ?? []);
  return keywords.filter((k) => words.has(k.toLowerCase()));
}

// Checks that, for events grouped by key(event), every `second` has an earlier `first`.
function pairedOrder(events, first, second, key, problems) {
  const seen = new Set();
  for (const e of events) {
    if (e.type === first) seen.add(key(e.event));
    if (e.type === second && !seen.has(key(e.event))) {
      problems.push(`${second} (${key(e.event)}) at +${e.t} ms without an earlier ${first}`);
    }
  }
}

export function checkCall(log, { keywords, metricPrefix, tolerateErrorEvents = false, minRate = 45 }) {
  const problems = [];
  const warnings = [];
  const events = log.events;
  const types = events.map((e) => e.type);

  if (!log.states.some(([, s]) => s === 'connected')) problems.push(`peer connection never 'connected' (states ${JSON.stringify(log.states)})`);
  if (log.marks.dataChannelOpen === undefined) problems.push('data channel oai-events never opened');
  if (events.length === 0) problems.push('no data channel events at all');
  else if (types[0] !== 'session.created') problems.push(`first event is ${types[0]}, not session.created`);
  for (const e of events) {
    if (typeof e.event.type !== 'string' || typeof e.event.event_id !== 'string') {
      problems.push(`event without type/event_id: ${JSON.stringify(e.event).slice(0, 200)}`);
      break;
    }
  }
  const errors = events.filter((e) => e.type === 'error').map((e) => JSON.stringify(e.event.error ?? e.event));
  if (errors.length) (tolerateErrorEvents ? warnings : problems).push(`error events: ${errors.join(' | ')}`);

  // Responses: created before done, per response id.
  pairedOrder(events, 'response.created', 'response.done', (ev) => ev.response?.id, problems);
  if (firstIndex(types, 'response.created') < 0) problems.push('no response.created');
  if (firstIndex(types, 'response.done') < 0) problems.push('no response.done');
  // Items: added before done; a response's transcript deltas before its done.
  pairedOrder(events, 'conversation.item.added', 'conversation.item.done', (ev) => ev.item?.id, problems);
  pairedOrder(events, 'response.output_audio_transcript.delta', 'response.output_audio_transcript.done', (ev) => ev.item_id, problems);
  // Playback: started and stopped (or cleared) alternate, starting with started.
  let playing = false;
  let plays = 0;
  for (const e of events) {
    if (e.type === 'output_audio_buffer.started') {
      if (playing) problems.push(`output_audio_buffer.started at +${e.t} ms while already started`);
      playing = true;
      plays++;
    } else if (e.type === 'output_audio_buffer.stopped' || e.type === 'output_audio_buffer.cleared') {
      // cleared: playback cut short (the candidate barged in, or output_audio_buffer.clear)
      if (!playing && e.type === 'output_audio_buffer.stopped') problems.push(`output_audio_buffer.stopped at +${e.t} ms without started`);
      playing = false;
    }
  }
  if (plays === 0) problems.push('no output_audio_buffer.started');
  else if (firstIndex(types, 'output_audio_buffer.stopped') < 0) problems.push('no output_audio_buffer.stopped');
  // The candidate's turn: speech started, stopped, committed, then transcribed (per item).
  const started = firstIndex(types, 'input_audio_buffer.speech_started');
  const stopped = firstIndex(types, 'input_audio_buffer.speech_stopped');
  if (started < 0) problems.push('no input_audio_buffer.speech_started: the engine never heard the candidate');
  else if (stopped >= 0 && stopped < started) problems.push('speech_stopped before speech_started');
  pairedOrder(events, 'input_audio_buffer.committed', 'conversation.item.input_audio_transcription.completed', (ev) => ev.item_id, problems);

  const completed = events.filter((e) => e.type === 'conversation.item.input_audio_transcription.completed');
  const transcript = completed.map((e) => e.event.transcript ?? '').join(' | ');
  if (completed.length === 0) problems.push('no conversation.item.input_audio_transcription.completed');
  else if (keywordsHeard(transcript, keywords).length === 0) {
    problems.push(`candidate transcript "${transcript}" holds none of ${keywords.join(', ')}`);
  }
  const interviewer = events.filter((e) => e.type === 'response.output_audio_transcript.done').map((e) => e.event.transcript);

  // Audio: ≈50 packets/s (20-ms Opus frames) over the best window of at least 3 s.
  const rate = bestPacketRate(log.stats ?? [], 3);
  if (rate.seconds < 2.9) problems.push(`fewer than 3 s of inbound audio stats (${(log.stats ?? []).length} samples)`);
  else if (rate.rate < minRate) problems.push(`interviewer audio at ${rate.rate.toFixed(1)} packets/s, want ≥ ${minRate}`);
  const lastStats = log.stats?.at(-1);

  // Figures.
  const at = (type, from = 0) => { const i = firstIndex(types, type, from); return i < 0 ? undefined : events[i].t; };
  const p = metricPrefix;
  metric(`${p}.packets_per_second`, rate.rate, `/s (best ${rate.seconds.toFixed(1)}-s window)`);
  if (lastStats) {
    const span = (lastStats.t - log.stats[0].t) / 1000;
    if (span > 0) metric(`${p}.packets_per_second_overall`, (lastStats.packetsReceived - log.stats[0].packetsReceived) / span, `/s over ${span.toFixed(1)} s`);
    metric(`${p}.packets_lost`, lastStats.packetsLost);
    metric(`${p}.jitter`, lastStats.jitterMs ?? NaN, 'ms');
    metric(`${p}.concealed_samples`, lastStats.concealedSamples ?? NaN);
  }
  const offer = log.marks.offerPosted;
  if (at('session.created') !== undefined) metric(`${p}.offer_to_session_created`, at('session.created') - offer, 'ms');
  const o1 = at('output_audio_buffer.started');
  if (o1 !== undefined) metric(`${p}.offer_to_first_output_audio_buffer_started`, o1 - offer, 'ms');
  const speechStopped = at('input_audio_buffer.speech_stopped');
  if (speechStopped !== undefined) {
    const i = firstIndex(types, 'input_audio_buffer.speech_stopped');
    const after = (type) => { const j = firstIndex(types, type, i); return j < 0 ? undefined : events[j].t - speechStopped; };
    for (const [name, type] of [['transcript', 'conversation.item.input_audio_transcription.completed'],
      ['response_created', 'response.created'], ['reply_audio', 'output_audio_buffer.started']]) {
      const v = after(type);
      if (v !== undefined) metric(`${p}.speech_stopped_to_${name}`, v, 'ms');
    }
  }
  metric(`${p}.events`, events.length);
  metric(`${p}.candidate_transcript`, JSON.stringify(transcript));
  metric(`${p}.keywords_heard`, JSON.stringify(keywordsHeard(transcript, keywords)));
  metric(`${p}.interviewer_said`, JSON.stringify(interviewer));
  for (const w of warnings) console.log(`# warning: ${w}`);
  return { problems, warnings, transcript, rate };
}
