// One transcript line per conversation item, whichever side reported it first: the page's own data
// channel (`oai-events`) or the SDP proxy's `transcript` messages (the server's stored capture).
// The server's version is the one stored, so it replaces a different data-channel version.

// The entry a data-channel event carries, or null. GA names, and the beta names for interviewer text.
export function entryFromRealtimeEvent(event) {
  switch (event?.type) {
    case 'conversation.item.input_audio_transcription.completed':
      return { itemId: event.item_id, speaker: 'candidate', text: event.transcript ?? '' };
    case 'response.output_audio_transcript.done':
    case 'response.audio_transcript.done':
      return { itemId: event.item_id, speaker: 'interviewer', text: event.transcript ?? '' };
    default:
      return null;
  }
}

export class TranscriptMerger {
  #lines = new Map(); // itemId → {entry, source}

  // Offers an entry from `source` ('datachannel' or 'server'). Returns {entry, replaces} when the
  // page should show it (new, or the server correcting what the data channel said), else null.
  add(entry, source) {
    if (!entry?.itemId || typeof entry.text !== 'string' || entry.text.trim() === '') return null;
    const known = this.#lines.get(entry.itemId);
    if (known) {
      if (known.source === 'server' || source !== 'server') return null;
      this.#lines.set(entry.itemId, { entry: { ...known.entry, ...entry, source }, source });
      if (known.entry.text === entry.text) return null;
      return { entry: { ...known.entry, ...entry, source }, replaces: true };
    }
    const stored = { ...entry, source };
    this.#lines.set(entry.itemId, { entry: stored, source });
    return { entry: stored, replaces: false };
  }

  // The lines in the order they first arrived.
  lines() {
    return [...this.#lines.values()].map((l) => l.entry);
  }
}
