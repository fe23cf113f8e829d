// The live transcript as the page shows it: one line per item, in the order spoken (start time,
// then seq). The stream sends an item again with a new seq when a final version replaces a partial
// one; the line is then updated where it is.

// Places `entry` in `lines` (kept sorted); returns {index, replaced} for the view to apply.
export function placeEntry(lines, entry) {
  const existing = lines.findIndex((l) => l.itemId === entry.itemId);
  if (existing >= 0 && lines[existing].startMs === entry.startMs) {
    lines[existing] = entry;
    return { index: existing, replaced: true };
  }
  if (existing >= 0) lines.splice(existing, 1);
  let index = lines.length;
  while (index > 0 && before(entry, lines[index - 1])) index--;
  lines.splice(index, 0, entry);
  return { index, replaced: existing >= 0, removedAt: existing >= 0 ? existing : undefined };
}

const before = (a, b) => (a.startMs !== b.startMs ? a.startMs < b.startMs : a.seq < b.seq);

// An event's data as an entry, or null when it is not one (the page never trusts its shape).
export function parseEntry(data) {
  let entry;
  try { entry = JSON.parse(data); } catch { return null; }
  if (!entry || typeof entry !== 'object' || typeof entry.itemId !== 'string' || typeof entry.text !== 'string') return null;
  return { ...entry, startMs: Number(entry.startMs) || 0, seq: Number(entry.seq) || 0 };
}
