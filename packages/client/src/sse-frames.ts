/** One server-sent event: `id:` and `event:` when present, `data:` lines joined by newlines. */
export interface SseFrame {
  id: string | null;
  event: string | null;
  data: string;
}

/**
 * An incremental reader of a `text/event-stream`: feed it chunks as they arrive, get back the
 * frames they complete (a frame ends at a blank line). Comment lines (`:`) are skipped.
 */
export function createSseFrameReader(): (chunk: string) => SseFrame[] {
  let pending = '';
  return (chunk) => {
    pending += chunk.replace(/\r\n?/g, '\n');
    const frames: SseFrame[] = [];
    let end = pending.indexOf('\n\n');
    while (end >= 0) {
      const block = pending.slice(0, end);
      pending = pending.slice(end + 2);
      const frame: SseFrame = { id: null, event: null, data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') frame.id = value;
        else if (field === 'event') frame.event = value;
        else if (field === 'data') data.push(value);
      }
      frame.data = data.join('\n');
      if (frame.id !== null || frame.event !== null || data.length > 0) frames.push(frame);
      end = pending.indexOf('\n\n');
    }
    return frames;
  };
}
