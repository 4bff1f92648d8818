// The room stream, read with fetch so the token travels in a header (never in a URL) and so
// resuming is in our hands: every reconnect asks for the events after the last one shown, and
// anything at or below it is dropped, so a drop leaves no gap and no duplicate.

/**
 * Incremental parser of `text/event-stream`: feed it decoded chunks, it calls `onFrame` with
 * `{ id, event, data }` per complete frame (data joined across `data:` lines, unparsed).
 */
export function createSseParser(onFrame) {
  let buffer = '';
  let frame = { id: undefined, event: undefined, data: [] };
  const flush = () => {
    if (frame.data.length > 0 || frame.event !== undefined) {
      onFrame({ id: frame.id, event: frame.event ?? 'message', data: frame.data.join('\n') });
    }
    frame = { id: undefined, event: undefined, data: [] };
  };
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === '') {
        flush();
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') frame.data.push(value);
    }
  };
}

/** Frames that describe the stream rather than carry a room event. */
const CONTROL_FRAMES = new Set(['snapshot', 'ready', 'heartbeat']);

/** Delay before reconnect attempt `n` (0-based): quick first, then backing off to 5 s. */
export function reconnectDelayMs(attempt) {
  return Math.min(5000, 250 * 2 ** attempt);
}

/**
 * Keeps a room stream open until `close()`: reconnects after errors, silence (no byte for two
 * heartbeats) or the browser going offline, each time from the last event id shown.
 * `onEvent(event)` gets every room event exactly once, in order; `onState(state, detail)`
 * reports `connecting`, `live`, `offline`, `reconnecting`, `unauthorized` or `closed`.
 */
export function openRoomStream({ streamUrl, tenantId, roomId, token, heartbeatMs, onEvent, onState, fetchImpl = fetch, windowImpl = globalThis }) {
  let lastSequence = null;
  let controller = null;
  let closed = false;
  let attempt = 0;
  let retryTimer = null;
  let watchdog = null;
  let active = false;
  const silenceLimitMs = Math.max(2 * heartbeatMs, 2000) + 1000;

  const resetWatchdog = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => controller?.abort(new Error('stream went silent')), silenceLimitMs);
  };

  const handleFrame = (frame) => {
    if (frame.event === 'ready') {
      attempt = 0;
      onState('live');
      // More was pending than one replay holds: ask again from where this one ended.
      if (JSON.parse(frame.data || '{}').truncated) controller?.abort(new Error('replay truncated'));
      return;
    }
    if (CONTROL_FRAMES.has(frame.event)) return;
    const sequence = Number(frame.id);
    if (Number.isFinite(sequence) && lastSequence !== null && sequence <= lastSequence) return;
    if (Number.isFinite(sequence)) lastSequence = sequence;
    onEvent(JSON.parse(frame.data));
  };

  const buildUrl = () => {
    const url = new URL(streamUrl, windowImpl.location?.href);
    url.searchParams.set('tenantId', tenantId);
    url.searchParams.set('roomId', roomId);
    if (lastSequence !== null) url.searchParams.set('cursor', String(lastSequence));
    else url.searchParams.set('limit', '500');
    return url.toString();
  };

  const scheduleReconnect = (state) => {
    if (closed) return;
    onState(state);
    clearTimeout(retryTimer);
    if (state === 'offline') return; // the `online` event reconnects
    retryTimer = setTimeout(connect, reconnectDelayMs(attempt++));
  };

  async function connect() {
    if (closed || active) return;
    active = true;
    controller = new AbortController();
    const headers = { accept: 'text/event-stream' };
    if (token) headers['x-api-key'] = token;
    if (lastSequence !== null) headers['last-event-id'] = String(lastSequence);
    onState(lastSequence === null && attempt === 0 ? 'connecting' : 'reconnecting');
    try {
      resetWatchdog();
      const response = await fetchImpl(buildUrl(), { headers, signal: controller.signal, cache: 'no-store' });
      if (response.status === 401) {
        clearTimeout(watchdog);
        active = false;
        onState('unauthorized');
        return;
      }
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parse = createSseParser(handleFrame);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        resetWatchdog();
        parse(value);
      }
    } catch {
      // Dropped, aborted or unreachable: the reconnect below resumes after lastSequence.
    }
    clearTimeout(watchdog);
    active = false;
    if (closed) return;
    scheduleReconnect(windowImpl.navigator?.onLine === false ? 'offline' : 'reconnecting');
  }

  const goOffline = () => {
    clearTimeout(retryTimer);
    onState('offline');
    controller?.abort(new Error('browser offline'));
  };
  const goOnline = () => {
    clearTimeout(retryTimer);
    if (!closed) connect();
  };
  windowImpl.addEventListener?.('offline', goOffline);
  windowImpl.addEventListener?.('online', goOnline);
  connect();

  return {
    /** The sequence of the last event delivered (null before the first). */
    lastSequence: () => lastSequence,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(watchdog);
      windowImpl.removeEventListener?.('offline', goOffline);
      windowImpl.removeEventListener?.('online', goOnline);
      controller?.abort(new Error('closed'));
      onState('closed');
    },
  };
}
