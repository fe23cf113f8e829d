// The error codes of the service's contract (HTTP bodies and /ws `error` messages), and what a
// client does about each: retry the whole exchange, renew the session token first, or give up.

export const ERROR_CODES = Object.freeze([
  'AUTHENTICATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED', 'SESSION_NOT_STARTABLE', 'SESSION_EXPIRED', 'SDP_INVALID', 'SDP_EXCHANGE_FAILED',
  'PROVIDER_UNAVAILABLE', 'WEBRTC_CONNECTION_FAILED', 'TRANSCRIPT_PROCESSING_FAILED', 'PROTOCOL_ERROR', 'INTERNAL',
]);

// Codes worth another attempt even when the message does not say `retryable`.
const TRANSIENT = new Set(['RATE_LIMITED', 'PROVIDER_UNAVAILABLE', 'WEBRTC_CONNECTION_FAILED', 'INTERNAL']);

// An error with a contract code. `retryable`: another whole exchange may succeed.
export class InterviewError extends Error {
  constructor(code, message, { retryable = TRANSIENT.has(code), status = null, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'InterviewError';
    this.code = ERROR_CODES.includes(code) ? code : 'INTERNAL';
    this.retryable = retryable;
    this.status = status;
  }
}

// The error an HTTP answer's body `{"error":{"code","message"}}` describes.
export function errorFromHttp(status, body) {
  const code = body?.error?.code ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
  const message = body?.error?.message ?? `the server answered ${status}`;
  return new InterviewError(code, message, { status, retryable: status >= 500 || TRANSIENT.has(code) });
}

// The proxy refused the token: a renewed one may get in (the session itself may still be going).
export function needsFreshToken(error) {
  return error.code === 'AUTHENTICATION_FAILED' || error.code === 'SESSION_EXPIRED';
}
