// A Server-Sent Events parser (the WHATWG "event stream" interpretation) fed text chunks as they
// arrive: a line, or a line ending (CR LF may be split between chunks), can be cut anywhere.
export class SseParser {
  // `lastEventId` carries over from an earlier connection, so a resumed stream keeps counting.
  constructor(lastEventId = null) {
    this.lastEventId = lastEventId;
    this.pending = '';
    this.skipLineFeed = false; // the previous chunk ended with CR: a LF starting this one belongs to it
    this.started = false;
    this.resetEvent();
    this.idBuffer = lastEventId;
  }

  resetEvent() {
    this.data = '';
    this.type = '';
  }

  // Returns the events completed by `chunk`: [{id, type, data}] (id is the last event id in force).
  push(chunk) {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.skipLineFeed && text.startsWith('\n')) text = text.slice(1);
    if (text.length > 0) this.skipLineFeed = false;
    this.pending += text;

    const events = [];
    let start = 0;
    for (;;) {
      const end = this.pending.slice(start).search(/[\r\n]/);
      if (end < 0) break;
      const at = start + end;
      const line = this.pending.slice(start, at);
      if (this.pending[at] === '\r') {
        if (at + 1 === this.pending.length) this.skipLineFeed = true;
        else if (this.pending[at + 1] === '\n') start = at + 1;
      }
      start = Math.max(start, at) + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.pending = this.pending.slice(start);
    return events;
  }

  line(line) {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null; // a comment (the server's keepalive)
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') this.data += value + '\n';
    else if (name === 'event') this.type = value;
    else if (name === 'id' && !value.includes('\0')) this.idBuffer = value;
    return null;
  }

  dispatch() {
    this.lastEventId = this.idBuffer;
    if (this.data === '') {
      this.resetEvent();
      return null;
    }
    const event = { id: this.lastEventId, type: this.type || 'message', data: this.data.slice(0, -1) };
    this.resetEvent();
    return event;
  }
}
