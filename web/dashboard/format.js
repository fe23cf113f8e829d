// How the dashboard writes times, durations, statuses and speakers. Times are shown in UTC, as the
// API gives them, so two recruiters in different places read the same thing.
const pad = (n, width = 2) => String(n).padStart(width, '0');

// "2025-01-01T09:00:05.000Z" → "2025-01-01 09:00 UTC" (with seconds: "09:00:05 UTC"); null → "—".
export function formatDateTime(iso, { seconds = false } = {}) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds ? ':' + pad(d.getUTCSeconds()) : ''} UTC`;
}

// An offset into the call: 65 000 → "01:05", 3 725 000 → "1:02:05".
export function formatOffset(ms) {
  const total = Math.max(0, Math.floor((ms ?? 0) / 1000));
  const h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60, s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

// A length of time for people: 0 → "0 s", 4 200 → "4.2 s", 125 000 → "2 min 5 s", 3 720 000 → "1 h 2 min".
export function formatDuration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 60000) return `${Math.round(ms / 100) / 10} s`;
  const minutes = Math.floor(ms / 60000), seconds = Math.round((ms % 60000) / 1000);
  if (minutes < 60) return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const SESSION_STATUSES = ['scheduled', 'in_progress', 'completed', 'failed', 'cancelled'];
const STATUS_LABELS = {
  scheduled: 'Scheduled', in_progress: 'In progress', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled',
};
export const statusLabel = (status) => STATUS_LABELS[status] ?? String(status);
// Statuses a session never leaves: its summary exists and it cannot be cancelled.
export const isEnded = (status) => status === 'completed' || status === 'failed' || status === 'cancelled';
export const isCancellable = (status) => status === 'scheduled' || status === 'in_progress';

const SPEAKER_LABELS = { interviewer: 'Interviewer', candidate: 'Candidate', system: 'System' };
export const speakerLabel = (speaker) => SPEAKER_LABELS[speaker] ?? String(speaker);

// A figure with its unit, "—" when absent: (12.345, 'ms', 1) → "12.3 ms".
export function formatFigure(value, unit = '', digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return unit ? `${rounded} ${unit}` : String(rounded);
}

// The file name a Content-Disposition header gives, else `fallback`.
export function filenameFrom(disposition, fallback) {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  if (!match) return fallback;
  const name = decodeURIComponent(match[1]).replace(/[\\/]/g, '_').trim();
  return name || fallback;
}

// "1 turn", "3 turns".
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
