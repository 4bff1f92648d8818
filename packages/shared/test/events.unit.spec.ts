import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventEnvelopeSchema } from '../src/index';

const valid = {
  eventId: randomUUID(),
  sequence: 1,
  tenantId: 'default',
  roomId: 'main',
  actorId: 'agent-1',
  type: 'agent_entered',
  timestamp: '2026-02-14T10:30:00.000Z',
  payload: {},
  correlationId: 'c-1',
  causationId: null,
};

describe('event envelope', () => {
  it('accepts the envelope of docs/events.md#envelope', () => {
    expect(eventEnvelopeSchema.parse(valid)).toEqual(valid);
  });

  it('rejects a blank actor, a non-UUID id, a non-positive sequence and a non-object payload', () => {
    expect(eventEnvelopeSchema.safeParse({ ...valid, actorId: '' }).success).toBe(false);
    expect(eventEnvelopeSchema.safeParse({ ...valid, eventId: 'e-1' }).success).toBe(false);
    expect(eventEnvelopeSchema.safeParse({ ...valid, sequence: 0 }).success).toBe(false);
    expect(eventEnvelopeSchema.safeParse({ ...valid, payload: [] }).success).toBe(false);
  });

  it('keeps correlation ids opaque strings and causation nullable (docs/http.md#request-and-correlation-ids)', () => {
    expect(eventEnvelopeSchema.safeParse({ ...valid, correlationId: 'not-a-uuid', causationId: 'any string' }).success).toBe(true);
  });

  it('lists each event type once', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(EVENT_TYPES).toContain('conversation_message_posted');
  });
});
