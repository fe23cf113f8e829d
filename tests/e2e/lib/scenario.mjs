// The interview both engine specs play: the brief in the wording interview-start gives the engine
// (src/functions/instructions.cpp, parsed by src/engine/interviewer/brief.cpp), and the candidate's
// answer for the fake microphone.
export const INSTRUCTIONS = [
  'You are a friendly, professional interviewer for Acme, interviewing Alex for the position "Software Engineer".',
  'The interview lasts at most 10 minutes.',
  'Greet the candidate by name, then ask these questions one at a time, in this order, waiting for each answer before moving on:',
  '1. What is your experience?',
  '2. Why do you want this job?',
  'Keep your turns short. You may ask one brief follow-up when an answer is unclear. Do not evaluate or score the ' +
    'candidate aloud. After the last question, thank the candidate and tell them the interview is over.',
].join('\n');

// pocketsphinx (en-us model) on espeak-ng klatt2 heard this one word for word offline; through
// Opus and the engine's resampling one keyword of three is enough.
export const SENTENCE = 'Hello, I have worked as a software engineer for seven years.';
export const KEYWORDS = ['software', 'engineer', 'years'];

// Chromium starts playing (and loops) the file at getUserMedia. The candidate stays silent for
// LEAD_SECONDS while the interviewer greets and asks the first question (the engine's greeting for
// this brief, espeak-ng at its default rate, plays ≈ 10 s from ≈ 0.5 s after the offer), answers
// (≈ 4.4 s), then leaves TRAIL_SECONDS of silence for the reply to play out before the loop repeats.
// BARGE_IN_LEAD_SECONDS makes the candidate answer while the greeting still plays.
export const LEAD_SECONDS = 14;
export const BARGE_IN_LEAD_SECONDS = 8;
export const TRAIL_SECONDS = 10;

// Done once the candidate's turn was transcribed and a reply after it finished playing.
export function exchangeComplete(snapshot) {
  const types = snapshot.events.map((e) => e.type);
  const heard = types.indexOf('conversation.item.input_audio_transcription.completed');
  if (heard < 0) return false;
  return types.indexOf('response.done', heard) >= 0 && types.indexOf('output_audio_buffer.stopped', heard) >= 0 &&
    snapshot.stats.length >= 5;
}
