export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Reads an SSE response frame by frame until `onFrame` returns false or the stream ends; then
 * aborts the connection. Returns the frames seen.
 */
export async function readSse(url: string, options: { headers?: Record<string, string>; onFrame: (frame: SseFrame) => boolean | void; timeoutMs?: number }): Promise<SseFrame[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
  const frames: SseFrame[] = [];
  try {
    const response = await fetch(url, { headers: options.headers, signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`SSE ${url} answered ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let split: number;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const frame: SseFrame = { data: '' };
        for (const line of block.split('\n')) {
          const colon = line.indexOf(':');
          const field = line.slice(0, colon);
          const value = line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') frame.id = value;
          else if (field === 'event') frame.event = value;
          else if (field === 'data') frame.data += value;
        }
        frames.push(frame);
        if (options.onFrame(frame) === false) return frames;
      }
    }
    return frames;
  } catch (error) {
    if ((error as Error).name === 'AbortError') return frames;
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
