// One sentence for a failed request, from the server's error (its message names the field or rule).
import { ApiError } from '../api.js';

export const AUTH_FAILED = 401;
export const NOT_FOUND = 404;

export function explain(error) {
  if (error instanceof ApiError) {
    const message = error.message.charAt(0).toUpperCase() + error.message.slice(1);
    return /[.!?]$/.test(message) ? message : `${message}.`;
  }
  return 'Something went wrong in the page; reload it and try again.';
}

// Shows `error` in `alert`, or signs out when the key stopped being accepted (rotated, revoked).
export function report(ctx, alert, error) {
  if (error?.name === 'AbortError') return;
  if (error instanceof ApiError && error.status === AUTH_FAILED) {
    ctx.onAuthFailed('The API key is no longer accepted (it may have been rotated). Sign in again.');
    return;
  }
  alert.show(explain(error));
}
