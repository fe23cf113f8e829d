// Runs a form's request with its submit button disabled meanwhile; a failure shows in `alert`.
import { report } from './errors.js';

export async function submitting(ctx, { alert, submit }, work) {
  alert.clear();
  submit.disabled = true;
  try {
    await work();
  } catch (error) {
    report(ctx, alert, error);
  } finally {
    submit.disabled = false;
  }
}
