import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@cafe/shared';
import type { SubscribeOptions, SubscriptionHandler, TransportStatus } from '@cafe/bus';
import { openClientSession, type CloseReason, type SessionSink } from '../src/client-session';
import { parseSseFrames, type SseFrame } from './helpers/sse-client';

function event(sequence: number): EventEnvelope {
  return { eventId: `e${sequence}`, sequence, tenantId: 'default', roomId: 'main', actorId: 'a', type: 't', timestamp: '', payload: {}, correlationId: 'c', causationId: null };
}

/** A sink that records what was written; `unsent` plays the client's unread bytes. */
function createSink() {
  const sink = {
    text: '',
    unsent: 0,
    closedWith: null as 'end' | 'destroy' | null,
    drains: [] as Array<(ok: boolean) => void>,
    write(chunk: string | Buffer) {
      sink.text += chunk.toString();
    },
    get writableLength() {
      return sink.unsent;
    },
    waitForDrain: () => new Promise<boolean>((resolve) => sink.drains.push(resolve)),
    close(mode: 'end' | 'destroy') {
      sink.closedWith = mode;
    },
  };
  return sink satisfies SessionSink;
}

/** A transport stand-in that hands the session's handler to the test. */
function createTransport() {
  const state = { handler: null as SubscriptionHandler | null, options: null as SubscribeOptions | null, closed: false };
  return {
    state,
    status: (): TransportStatus => ({ mode: 'postgres', streamKey: null, source: 'postgres', connected: true, position: 42, lastEventAt: null, reconnects: 0, lastError: null, relay: null, subscribers: 0, history: { events: 0, bytes: 0, maxBytes: 0 } }),
    subscribe(options: SubscribeOptions, handler: SubscriptionHandler) {
      state.options = options;
      state.handler = handler;
      return { position: 0, close: () => void (state.closed = true) };
    },
  };
}

function open(limit: number, cursor = 0, bufferBytes = 1_000_000) {
  const sink = createSink();
  const transport = createTransport();
  const closes: CloseReason[] = [];
  const session = openClientSession({
    request: { tenantId: 'default', roomId: 'main', actorId: null, types: [], cursor, fresh: false, limit },
    requestId: 'req',
    transport,
    sink,
    bufferBytes,
    stallMs: 1000,
    onClose: (reason) => closes.push(reason),
  });
  const frames = () => {
    const parsed: SseFrame[] = [];
    parseSseFrames(sink.text, (frame) => parsed.push(frame));
    return parsed.map((frame) => (frame.id ? Number(frame.id) : frame.event));
  };
  return { sink, transport, session, closes, frames };
}

describe('client session', () => {
  it('subscribes before replay with the room filter and the cursor, after a snapshot frame', () => {
    const { transport, frames } = open(300, 5);
    expect(transport.state.options).toEqual({ after: 5, filter: { tenantId: 'default', roomId: 'main', actorId: undefined, types: [] }, pageSize: 300 });
    expect(frames()).toEqual(['snapshot']);
  });

  it('sends ready after the backlog when it fits the limit, then live events', async () => {
    const { transport, frames } = open(3);
    await transport.state.handler!.onEvents([event(1), event(2)], 'catch-up');
    transport.state.handler!.onCaughtUp!();
    await transport.state.handler!.onEvents([event(4)], 'live');
    expect(frames()).toEqual(['snapshot', 1, 2, 'ready', 4]);
  });

  it('marks ready truncated when more than `limit` events were pending and keeps going', async () => {
    const { transport, sink, frames } = open(2);
    await transport.state.handler!.onEvents([event(1), event(2), event(3)], 'catch-up');
    await transport.state.handler!.onEvents([event(5)], 'catch-up');
    transport.state.handler!.onCaughtUp!();
    expect(frames()).toEqual(['snapshot', 1, 2, 'ready', 3, 5]);
    expect(sink.text).toContain('"replayed":2,"requestId":"req","truncated":true');
    expect(sink.text.match(/event: ready/g)).toHaveLength(1);
  });

  it('never writes an event twice or one at or below the resume cursor', async () => {
    const { transport, frames, session } = open(10, 3);
    await transport.state.handler!.onEvents([event(2), event(3), event(4)], 'catch-up');
    await transport.state.handler!.onEvents([event(4), event(6)], 'live');
    session.heartbeat(99);
    expect(frames()).toEqual(['snapshot', 4, 6, 'heartbeat']);
    expect(session.lastWritten).toBe(6);
  });

  it('drops a client that does not read once its buffer would overflow', async () => {
    const { transport, sink, closes } = open(10, 0, 4096);
    transport.state.handler!.onCaughtUp!();
    sink.unsent = 4090;
    await transport.state.handler!.onEvents([event(1)], 'live');
    expect(sink.closedWith).toBe('destroy');
    expect(closes).toEqual(['slow-client']);
    expect(transport.state.closed).toBe(true);
  });

  it('waits for a replaying client to drain, and drops it when it stalls', async () => {
    const { transport, sink, closes } = open(10, 0, 4096);
    sink.unsent = 3000;
    const page = transport.state.handler!.onEvents([event(1)], 'catch-up') as Promise<void>;
    expect(sink.drains).toHaveLength(1);
    sink.drains[0]!(false);
    await page;
    expect(closes).toEqual(['slow-client']);
  });
});
