// The service's HTTP functions the candidate's page calls: interview-start (with the invitation,
// then with the session token to renew it) and transcript-processor.
import { InterviewError, errorFromHttp } from './errors.js';

async function post(url, { bearer, body }) {
  const headers = { 'Content-Type': 'application/json' };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let res;
  try {
    res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
  } catch (cause) {
    throw new InterviewError('PROVIDER_UNAVAILABLE', 'the interview server could not be reached', { retryable: true, cause });
  }
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // a proxy's HTML error page: described by its status below
  }
  if (!res.ok) throw errorFromHttp(res.status, parsed);
  return parsed;
}

// POST /functions/v1/interview-start with the invitation: the session starts (once).
export function startInterview(serverUrl, invitationToken) {
  return post(new URL('/functions/v1/interview-start', serverUrl), { body: { invitationToken } });
}

// The same with the session token: a fresh token while the session is in progress.
export function renewSession(serverUrl, sessionToken) {
  return post(new URL('/functions/v1/interview-start', serverUrl), { bearer: sessionToken });
}

// POST /functions/v1/transcript-processor: what the page's data channel heard.
export function postTranscript(serverUrl, sessionToken, entries) {
  return post(new URL('/functions/v1/transcript-processor', serverUrl), { bearer: sessionToken, body: { entries } });
}
