// The recruiter API (docs/api.md) with the tenant key as a Bearer token. Every failure becomes an
// ApiError carrying the server's error code and message.
export const PAGE_SIZE = 50;
// Enough to name the positions and candidates a form offers without paging through them.
export const PICKER_LIMIT = 200;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

// The server's {"error":{"code","message"}}, or a description of what came instead.
async function errorFrom(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON: described below */ }
  const error = body?.error;
  if (error?.code && error?.message) return new ApiError(response.status, error.code, error.message);
  return new ApiError(response.status, 'HTTP_' + response.status, `the server answered ${response.status} ${response.statusText}`.trim());
}

function query(params) {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return pairs.length ? '?' + new URLSearchParams(pairs).toString() : '';
}

const sessionPath = (id) => `/api/v1/sessions/${encodeURIComponent(id)}`;

export function createApi(key, fetchFn = (...args) => fetch(...args)) {
  // Resolves to the raw Response (for streams and files); throws ApiError when it is not 2xx.
  async function send(method, path, { body, headers = {}, signal } = {}) {
    const init = { method, signal, headers: { Authorization: `Bearer ${key}`, ...headers } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetchFn(path, init);
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, 'NETWORK', 'the server could not be reached; check the connection and try again');
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }
  const json = async (method, path, options) => (await send(method, path, options)).json();

  return {
    listPositions: ({ cursor, limit = PAGE_SIZE } = {}) => json('GET', `/api/v1/positions${query({ cursor, limit })}`),
    getPosition: (id) => json('GET', `/api/v1/positions/${encodeURIComponent(id)}`),
    createPosition: (position) => json('POST', '/api/v1/positions', { body: position }),
    listCandidates: ({ cursor, limit = PAGE_SIZE } = {}) => json('GET', `/api/v1/candidates${query({ cursor, limit })}`),
    getCandidate: (id) => json('GET', `/api/v1/candidates/${encodeURIComponent(id)}`),
    createCandidate: (candidate) => json('POST', '/api/v1/candidates', { body: candidate }),
    listSessions: ({ cursor, status, limit = PAGE_SIZE } = {}) =>
      json('GET', `/api/v1/sessions${query({ cursor, status, limit })}`),
    getSession: (id) => json('GET', sessionPath(id)),
    createSession: (session) => json('POST', '/api/v1/sessions', { body: session }),
    cancelSession: (id) => json('POST', `${sessionPath(id)}/cancel`),
    getSummary: (id) => json('GET', `${sessionPath(id)}/summary`),
    // The whole transcript as a file: {blob, disposition}.
    async transcriptFile(id, format) {
      const response = await send('GET', `${sessionPath(id)}/transcript${query({ format })}`);
      return { blob: await response.blob(), disposition: response.headers.get('Content-Disposition') };
    },
    // The live transcript (text/event-stream), resumed after `lastEventId` when given.
    openTranscriptStream(id, { lastEventId, signal } = {}) {
      const headers = { Accept: 'text/event-stream' };
      if (lastEventId !== null && lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
      return send('GET', `${sessionPath(id)}/transcript/stream`, { headers, signal });
    },
  };
}
