import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@cafe/shared';
import { decideReactionTrigger, describeRefusal, readReactionMarker } from '../src/reactions/decide-reaction';
import { buildReactionSubscription, patchReactionSubscription } from '../src/reactions/reaction-subscription';
import { parseReactionCreate, parseReactionPatch } from '../src/reactions/validate-reaction';
import { errorOf } from './helpers/error-of';

const now = new Date('2026-03-01T12:00:00.000Z');
const said = {
  eventId: 'e-1',
  sequence: 7,
  tenantId: 't',
  roomId: 'main',
  actorId: 'ada',
  type: 'conversation_message_posted',
  timestamp: now.toISOString(),
  payload: { conversation: { messageId: 'm-1', threadId: 'th-1', text: 'hello' } },
  correlationId: 'corr-1',
  causationId: null,
} satisfies EventEnvelope;
const sayBack = buildReactionSubscription('t', parseReactionCreate({ targetActorId: 'rob', actionType: 'say', actionPayload: { text: ' hi back ' } }), new Date(now.getTime() - 60_000));

describe('reaction validation (docs/api.md#reaction-subscriptions)', () => {
  it('requires a target and a known action', () => {
    expect(errorOf(() => parseReactionCreate({ actionType: 'say', actionPayload: { text: 'x' } })).code).toBe('ERR_MISSING_FIELD');
    expect(errorOf(() => parseReactionCreate({ targetActorId: 'r', actionType: 'dance' })).details).toEqual({ field: 'actionType', allowed: ['say', 'move', 'order'] });
  });

  it('normalises each action payload and drops other keys', () => {
    expect(parseReactionCreate({ targetActorId: 'r', actionType: 'say', actionPayload: { text: ' yo ', ttlMs: 99_999, mentions: ['x'] } }).actionPayload).toEqual({ text: 'yo', ttlMs: 30_000 });
    expect(parseReactionCreate({ targetActorId: 'r', actionType: 'say', actionPayload: { text: 'yo' } }).actionPayload).toEqual({ text: 'yo', ttlMs: 7000 });
    expect(parseReactionCreate({ targetActorId: 'r', actionType: 'move', actionPayload: { direction: 'n' } }).actionPayload).toEqual({ direction: 'N', steps: 1 });
    expect(parseReactionCreate({ targetActorId: 'r', actionType: 'order', actionPayload: { itemId: 'latte' } }).actionPayload).toEqual({ itemId: 'latte', size: 'regular' });
  });

  it('refuses bad payloads with the field named', () => {
    expect(errorOf(() => parseReactionCreate({ targetActorId: 'r', actionType: 'say', actionPayload: {} })).details).toEqual({ field: 'actionPayload.text' });
    expect(errorOf(() => parseReactionCreate({ targetActorId: 'r', actionType: 'move', actionPayload: { direction: 'up' } })).code).toBe('ERR_INVALID_DIRECTION');
    expect(errorOf(() => parseReactionCreate({ targetActorId: 'r', actionType: 'move', actionPayload: { direction: 'N', steps: 51 } })).details).toMatchObject({ field: 'actionPayload.steps' });
    expect(errorOf(() => parseReactionCreate({ targetActorId: 'r', actionType: 'order', actionPayload: {} })).details).toEqual({ field: 'actionPayload.itemId' });
    expect(errorOf(() => parseReactionCreate({ targetActorId: 'r', actionType: 'say', actionPayload: { text: 'x' }, triggerEventTypes: ['nope'] })).code).toBe('ERR_VALIDATION');
  });

  it('honours cooldownMs 0 and defaults the flags to true', () => {
    const fields = parseReactionCreate({ targetActorId: 'r', actionType: 'say', actionPayload: { text: 'x' }, cooldownMs: 0 });
    expect(buildReactionSubscription('t', fields, now)).toMatchObject({ cooldownMs: 0, enabled: true, ignoreSelf: true, ignoreReactionEvents: true, triggerEventTypes: ['*'] });
  });

  it('validates a patched payload against the stored action; a new action needs its payload', () => {
    expect(errorOf(() => parseReactionPatch({ actionPayload: {} }, 'say')).details).toEqual({ field: 'actionPayload.text' });
    expect(errorOf(() => parseReactionPatch({ actionType: 'move' }, 'say')).details).toEqual({ field: 'actionPayload' });
    expect(parseReactionPatch({ actionType: 'move', actionPayload: { direction: 'E', steps: 2 } }, 'say')).toEqual({ actionType: 'move', actionPayload: { direction: 'E', steps: 2 } });
    const patched = patchReactionSubscription(sayBack, parseReactionPatch({ enabled: false, triggerCount: 99 }, 'say'), now);
    expect(patched).toMatchObject({ enabled: false, triggerCount: 0, updatedAt: now.toISOString() });
  });
});

describe('reaction trigger (docs/api.md#reaction-subscriptions)', () => {
  it('builds a reply marked with the reaction, in the thread of the message it answers', () => {
    const decision = decideReactionTrigger(sayBack, said, now, 'm-2');
    const reaction = { sourceSubscriptionId: sayBack.id, sourceEventId: 'e-1' };
    expect(decision).toEqual({
      kind: 'react',
      action: 'say',
      text: 'hi back',
      payload: {
        conversation: {
          messageId: 'm-2',
          threadId: 'th-1',
          parentMessageId: 'm-1',
          replyToMessageId: 'm-1',
          mentions: [],
          contextWindow: { id: null, maxItems: 20 },
          text: 'hi back',
          metadata: { reaction },
        },
        bubble: { text: 'hi back', ttlMs: 7000 },
        reaction,
      },
    });
  });

  it('starts a thread of its own when the trigger is not a message', () => {
    const decision = decideReactionTrigger(sayBack, { ...said, type: 'agent_entered', payload: {} }, now, 'm-2');
    expect(decision.kind === 'react' && 'conversation' in decision.payload && decision.payload.conversation).toMatchObject({ threadId: 'm-2', parentMessageId: null });
  });

  it('moves and orders with the marker', () => {
    const move = { ...sayBack, actionType: 'move' as const, actionPayload: { direction: 'N', steps: 2 } };
    expect(decideReactionTrigger(move, said, now, 'x')).toMatchObject({ kind: 'react', payload: { direction: 'N', steps: 2, intent: 'reaction', reaction: { sourceEventId: 'e-1' } } });
    const order = { ...sayBack, actionType: 'order' as const, actionPayload: { itemId: 'latte', size: 'large' } };
    expect(decideReactionTrigger(order, said, now, 'x')).toMatchObject({ kind: 'react', payload: { itemId: 'latte', size: 'large' } });
    expect(decideReactionTrigger({ ...order, actionPayload: {} }, said, now, 'x')).toEqual({ kind: 'fail', error: 'missing itemId' });
    expect(decideReactionTrigger({ ...sayBack, actionPayload: { text: ' ' } }, said, now, 'x')).toEqual({ kind: 'fail', error: 'missing reaction text' });
  });

  it.each([
    ['another source actor', { sourceActorId: 'bob' }, said],
    ['its own event', {}, { ...said, actorId: 'rob' }],
    ['a reaction-made event', {}, { ...said, payload: { reaction: { sourceSubscriptionId: 'x', sourceEventId: 'y' } } }],
    ['another type', { triggerEventTypes: ['agent_left'] }, said],
    ['another room', { roomId: 'corner' }, said],
    ['another tenant', {}, { ...said, tenantId: 'u' }],
    ['inside the cooldown', { lastTriggeredAt: new Date(now.getTime() - 500).toISOString() }, said],
    ['an unknown action', { actionType: 'dance' }, said],
  ])('skips %s', (_name, change, event) => {
    expect(decideReactionTrigger({ ...sayBack, ...change } as typeof sayBack, event as EventEnvelope, now, 'x').kind).toBe('skip');
  });

  it('reacts to itself or to reactions only when the subscriber opts out, and after the cooldown', () => {
    expect(decideReactionTrigger({ ...sayBack, ignoreSelf: false }, { ...said, actorId: 'rob' }, now, 'x').kind).toBe('react');
    expect(decideReactionTrigger({ ...sayBack, ignoreReactionEvents: false }, { ...said, payload: { reaction: { sourceSubscriptionId: 'x', sourceEventId: 'y' } } }, now, 'x').kind).toBe('react');
    expect(decideReactionTrigger({ ...sayBack, lastTriggeredAt: new Date(now.getTime() - 1000).toISOString() }, said, now, 'x').kind).toBe('react');
    expect(decideReactionTrigger({ ...sayBack, cooldownMs: 0, lastTriggeredAt: now.toISOString() }, said, now, 'x').kind).toBe('react');
  });

  it('reads the marker and names refusals of the reacting actor', () => {
    expect(readReactionMarker(said)).toBeNull();
    expect(describeRefusal({ code: 'ERR_OPERATOR_OVERRIDE_BLOCKED', details: { reasonCode: 'ACTOR_MUTED' } })).toBe('operator_override:ACTOR_MUTED');
    expect(describeRefusal({ code: 'ERR_MODERATION_BLOCKED', details: { reasonCode: 'MOD_RATE_LIMIT' } })).toBe('moderated:MOD_RATE_LIMIT');
    expect(describeRefusal({ code: 'ERR_FORBIDDEN', details: { capability: 'canSpeak' } })).toBe('forbidden:canSpeak');
    expect(describeRefusal({ code: 'ERR_INTERNAL', details: {} })).toBeNull();
  });
});
