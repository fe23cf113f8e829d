// Saves a file fetched with the key (a plain link could not send the Authorization header).
import { filenameFrom } from './format.js';

// The object URL is released after the click has handed the file to the browser.
const REVOKE_AFTER_MS = 10000;

export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

export async function downloadTranscript(api, sessionId, format) {
  const { blob, disposition } = await api.transcriptFile(sessionId, format);
  saveBlob(blob, filenameFrom(disposition, `transcript-${sessionId}.${format}`));
}
