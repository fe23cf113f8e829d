// An interview on a running interviewd (lib/harness.mjs startInterviewd), set up the way a
// recruiter and a candidate's page do: a tenant (CLI), position, candidate and session (recruiter
// API with the tenant key), then interview-start with the invitation, whose session token opens /ws.

// JSON request to interviewd; throws unless it answers `expect`.
export async function api(server, method, path, { key, body, expect = 200 } = {}) {
  const headers = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server.baseUrl}${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path} answered ${res.status} (expected ${expect}): ${text}`);
  return JSON.parse(text);
}

// A scheduled interview: {apiKey, sessionId, invitation: {url, token, expiresAt}}.
export async function scheduleInterview(server, { tenant = 'Acme', candidate = 'Ada Lovelace' } = {}) {
  const { apiKey } = JSON.parse(server.run(['tenant', 'create', tenant]));
  const position = await api(server, 'POST', '/api/v1/positions', {
    key: apiKey,
    expect: 201,
    body: {
      title: 'Software Engineer',
      description: 'Builds the services behind our product.',
      questions: ['What is your experience?', 'Why do you want this job?'],
    },
  });
  const person = await api(server, 'POST', '/api/v1/candidates', {
    key: apiKey, expect: 201, body: { name: candidate, email: 'candidate@example.com' },
  });
  const session = await api(server, 'POST', '/api/v1/sessions', {
    key: apiKey, expect: 201, body: { positionId: position.id, candidateId: person.id, maxDurationMinutes: 10 },
  });
  return { apiKey, sessionId: session.id, invitation: session.invitation };
}

// A started interview: {apiKey, sessionId, sessionToken, webrtcConfig}.
export async function startInterview(server, options) {
  const { apiKey, invitation } = await scheduleInterview(server, options);
  const started = await api(server, 'POST', '/functions/v1/interview-start', {
    body: { invitationToken: invitation.token },
  });
  return { apiKey, sessionId: started.sessionId, sessionToken: started.sessionToken, webrtcConfig: started.webrtcConfig };
}

// The session as the recruiter sees it (status, events), its stored transcript entries and summary.
export const getSession = (server, interview) =>
  api(server, 'GET', `/api/v1/sessions/${interview.sessionId}`, { key: interview.apiKey });
export const getTranscript = (server, interview) =>
  api(server, 'GET', `/api/v1/sessions/${interview.sessionId}/transcript`, { key: interview.apiKey });
export const getSummary = (server, interview) =>
  api(server, 'GET', `/api/v1/sessions/${interview.sessionId}/summary`, { key: interview.apiKey });
