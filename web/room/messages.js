// What the room tells the candidate when something stops the interview: a title, what happened,
// what to do next, and the button that does it ('retry' the connection, 'mic' check again, none).

const INVITATION_HELP = 'If you think this is a mistake, reply to your invitation e-mail and ask the recruiter for a new link.';

export function noticeFor(error) {
  const { code, reason, message = '' } = error ?? {};  // an InterviewError, or its 'error' event
  if (reason === 'microphone_denied') {
    return {
      kind: 'error', title: 'Your microphone is blocked',
      text: 'The interview is spoken, so this page needs your microphone.',
      next: 'Allow the microphone for this site (the icon at the left of the address bar, or your browser\'s site settings), then press "Check again".',
      action: 'mic',
    };
  }
  if (reason === 'microphone_missing' || reason === 'microphone_unavailable') {
    return {
      kind: 'error', title: 'No microphone we can use',
      text: message ? `${capitalise(message)}.` : 'The microphone could not be opened.',
      next: 'Connect a microphone or headset (and close other apps using it), then press "Check again".',
      action: 'mic',
    };
  }
  if (code === 'AUTHENTICATION_FAILED' || code === 'NOT_FOUND') {
    return { kind: 'error', title: 'This invitation link is not valid',
      text: 'We could not find an interview for this link. It may be incomplete: some e-mail apps cut long links.',
      next: `Open the link again by copying all of it from your invitation. ${INVITATION_HELP}` };
  }
  if (code === 'SESSION_EXPIRED') {
    return { kind: 'error', title: 'This invitation has expired',
      text: 'Invitations are valid for a limited time, and this one is over.', next: INVITATION_HELP };
  }
  if (code === 'SESSION_NOT_STARTABLE') {
    if (/already been used/.test(message)) {
      return { kind: 'error', title: 'This invitation has already been used',
        text: 'Each invitation link starts one interview, and this one was started before (perhaps in another browser or tab).',
        next: `If you were interrupted, return to the tab where you started. ${INVITATION_HELP}` };
    }
    if (/completed|time window ended/.test(message)) {
      return { kind: 'ok', title: 'This interview has already ended',
        text: 'Your interview is complete and your answers were recorded.', next: 'There is nothing more to do: you can close this page.' };
    }
    if (/cancelled/.test(message)) {
      return { kind: 'error', title: 'This interview was cancelled', text: 'The recruiter cancelled this interview.', next: INVITATION_HELP };
    }
    return { kind: 'error', title: 'This interview cannot be started', text: `${capitalise(message)}.`, next: INVITATION_HELP };
  }
  if (code === 'RATE_LIMITED' || code === 'PROVIDER_UNAVAILABLE' || code === 'WEBRTC_CONNECTION_FAILED' || code === 'INTERNAL') {
    return { kind: 'error', title: 'We could not connect you',
      text: error.attempts ? `We tried ${error.attempts} times to reach the interview, without success.`
        : `The connection to the interview could not be made (${message || code}).`,
      next: 'Check your internet connection, then press "Try again": the interview continues where it stopped, as long as its time is not up.',
      action: 'retry' };
  }
  return { kind: 'error', title: 'Something went wrong', text: `${capitalise(message || code || 'unknown error')}.`,
    next: 'Press "Try again". If it keeps happening, contact the recruiter.', action: 'retry' };
}

// "Attempt 2 of 5 in 3 s." (rounded up, so a short wait does not read "in 0 s"), or "Attempt 1 of 5…" at once.
export function reconnectingNotice({ attempt, maxAttempts, delayMs }) {
  return { kind: 'warn', title: 'Connection lost: reconnecting…',
    text: delayMs > 0 ? `Attempt ${attempt} of ${maxAttempts} in ${Math.ceil(delayMs / 1000)} s.` : `Attempt ${attempt} of ${maxAttempts}…`,
    next: 'Stay on this page; the interview continues as soon as the connection is back.' };
}

// Whole minutes and seconds left until `endsAt` (ms since the epoch), never negative: "12:05".
export function timeLeft(endsAt, now) {
  const seconds = Math.max(0, Math.floor((endsAt - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const capitalise = (s) => s.charAt(0).toUpperCase() + s.slice(1);
