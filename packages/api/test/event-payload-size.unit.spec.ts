import { describe, expect, it } from 'vitest';
import { createEvent } from '../src/events/new-event';
import { assertEventPayloadsWithin } from '../src/events/event-payload-size';
import { errorOf } from './helpers/error-of';

const origin = { tenantId: 't', roomId: 'r', correlationId: 'c', now: new Date(0) };

describe('assertEventPayloadsWithin', () => {
  it('passes payloads up to the limit, counting UTF-8 bytes of the JSON', () => {
    const event = createEvent(origin, { type: 'agent_entered', actorId: 'a', payload: { source: 'agent', reason: 'manual_enter', enteredAt: new Date(0).toISOString(), position: null, metadata: { note: 'é'.repeat(40) } } });
    const bytes = Buffer.byteLength(JSON.stringify(event.payload));
    expect(() => assertEventPayloadsWithin([event], bytes)).not.toThrow();
    const error = errorOf(() => assertEventPayloadsWithin([event], bytes - 1));
    expect(error).toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE', status: 413, details: { maxBytes: bytes - 1, eventType: 'agent_entered', bytes } });
  });
});
