import { describe, expect, it } from 'vitest';
import {
  assertValidEvents,
  EVENT_FAMILIES,
  EVENT_PAYLOAD_SCHEMAS,
  EVENT_TYPES,
  EventPayloadError,
  isValidEvent,
  parseEventPayload,
  type EventPayload,
  type EventType,
} from '../src/index';

const AT = '2026-02-14T10:30:00.000Z';
const LATER = '2026-02-14T11:30:00.000Z';
const reaction = { sourceSubscriptionId: 'sub-1', sourceEventId: 'e-1' };

/** One payload per type as its producer builds it (spec/docs/events.md#presence-payloads); the type forces one per type. */
const SAMPLES: { [T in EventType]: EventPayload<T> } = {
  agent_entered: { source: 'agent', reason: 'manual_enter', enteredAt: AT, position: { x: 9, y: 5 }, metadata: {} },
  agent_left: { source: 'operator', reason: 'operator_force_leave', leftAt: AT, forced: true, operatorId: 'op', metadata: {} },
  presence_heartbeat: { status: 'busy', ttlMs: 60000, lastHeartbeatAt: AT, expiresAt: LATER },
  status_changed: {
    fromStatus: 'idle',
    toStatus: 'busy',
    reason: 'command_activity',
    source: 'agent',
    changedAt: AT,
    lastHeartbeatAt: AT,
    expiresAt: LATER,
    operatorId: null,
    metadata: {},
    from: 'idle',
    to: 'busy',
  },
  actor_moved: { direction: 'N', steps: 2, position: { x: 9, y: 3 } },
  intent_planned: { intent: 'sit_at_table', target: { x: 4, y: 3 }, label: 'table_1', from: { x: 9, y: 5 }, path: [{ direction: 'W', steps: 5 }] },
  intent_completed: { intent: 'sit_at_table', target: { x: 4, y: 3 }, label: 'table_1', finalPosition: { x: 4, y: 3 }, outcome: 'seated' },
  conversation_message_posted: {
    conversation: {
      messageId: 'm-1',
      threadId: 'm-1',
      parentMessageId: null,
      replyToMessageId: null,
      mentions: ['bob'],
      contextWindow: { id: null, maxItems: 20 },
      text: 'hi @bob',
      metadata: {},
    },
    bubble: { text: 'hi @bob', ttlMs: 7000 },
  },
  mention_created: { mentionedActorId: 'bob', sourceMessageId: 'm-1', threadId: 'm-1' },
  bubble_posted: { text: 'legacy' },
  order_changed: { itemId: 'latte', size: 'regular' },
  room_created: {
    roomId: 'r-1',
    roomType: 'private_table',
    displayName: null,
    ownerActorId: 'alice',
    metadata: {},
    paymentProvider: 'stub',
    paymentRef: 'coffee_paid',
    paymentAmountUsd: 3.5,
  },
  room_updated: {
    roomId: 'r-1',
    roomType: 'lobby',
    displayName: 'Lobby',
    ownerActorId: 'alice',
    metadata: {},
    paymentProvider: null,
    paymentRef: null,
    paymentAmountUsd: null,
  },
  room_context_pinned: { version: 1, content: 'be kind', metadata: {}, pinnedBy: 'alice' },
  operator_override_applied: {
    action: 'pause_room',
    targetActorId: null,
    reason: null,
    metadata: {},
    overrideState: { roomPaused: true, pausedBy: 'op', mutedActorIds: [] },
  },
  task_created: { taskId: 't-1', title: 'Write', state: 'active', assigneeActorId: 'bob', progress: 0, createdBy: 'alice' },
  task_updated: { taskId: 't-1', changedFields: ['progress'], state: 'active', assigneeActorId: 'bob', progress: 50 },
  task_assigned: { taskId: 't-1', fromAssigneeActorId: null, toAssigneeActorId: 'bob', assignedBy: 'alice' },
  task_progress_updated: { taskId: 't-1', fromProgress: 0, toProgress: 50 },
  task_completed: { taskId: 't-1', completedBy: 'bob', completedAt: AT, progress: 100 },
  task_handoff: {
    handoffId: 'h-1',
    taskId: 't-1',
    action: 'blocked',
    fromAssigneeActorId: 'bob',
    toAssigneeActorId: 'bob',
    initiatedBy: 'bob',
    ownerActorId: 'alice',
    state: 'active',
    progress: 50,
    note: null,
    blockedReason: 'waiting',
    threadId: null,
    replyToEventId: null,
    metadata: {},
    targetActorIds: ['alice'],
    at: AT,
  },
  shared_object_created: {
    objectId: 'o-1',
    objectType: 'token',
    objectKey: null,
    title: null,
    content: null,
    data: {},
    quantity: 0,
    metadata: {},
    version: 1,
    createdBy: 'alice',
    updatedBy: 'alice',
    createdAt: AT,
    updatedAt: AT,
  },
  shared_object_updated: {
    objectId: 'o-1',
    objectType: 'note',
    objectKey: 'k',
    title: 'T',
    content: 'c',
    data: { a: 1 },
    quantity: null,
    metadata: {},
    version: 2,
    createdBy: 'alice',
    updatedBy: 'bob',
    createdAt: AT,
    updatedAt: LATER,
    changedFields: ['title'],
  },
  table_session_created: {
    sessionId: 's-1',
    roomId: 'private-1',
    ownerActorId: 'alice',
    planId: 'cappuccino',
    invitedActorIds: ['bob'],
    status: 'active',
    startedAt: AT,
    expiresAt: LATER,
    paymentProvider: 'stub',
    paymentRef: 'coffee_paid',
    paymentAmountUsd: 3.5,
    metadata: {},
  },
  table_session_updated: {
    sessionId: 's-1',
    status: 'ended',
    planId: 'cappuccino',
    invitedActorIds: ['bob'],
    startedAt: AT,
    expiresAt: LATER,
    endedAt: LATER,
    metadata: {},
    changedFields: ['status', 'endedAt'],
  },
  table_session_ended: { sessionId: 's-1', endedAt: LATER, ownerActorId: 'alice', reason: 'expired' },
  snapshot_created: { scope: 'room', version: 1, expiresAt: null, snapshotRef: { roomId: 'main', actorId: null } },
  capability_status_changed: { capabilityId: 'writer.en', fromStatus: null, toStatus: 'active', reason: 'registered', version: '1.0.0', at: AT },
};

/** spec/docs/events.md#presence-payloads, plus the registry's capability_status_changed. */
const CONTRACT_TYPES = [
  'agent_entered', 'agent_left', 'actor_moved', 'conversation_message_posted', 'mention_created', 'order_changed',
  'intent_planned', 'intent_completed', 'presence_heartbeat', 'status_changed', 'room_context_pinned',
  'operator_override_applied', 'task_created', 'task_updated', 'task_assigned', 'task_progress_updated', 'task_completed',
  'task_handoff', 'shared_object_created', 'shared_object_updated', 'room_created', 'room_updated', 'table_session_created',
  'table_session_updated', 'table_session_ended', 'snapshot_created', 'bubble_posted', 'capability_status_changed',
];

const rejects = (type: string, payload: unknown) => expect(() => parseEventPayload(type, payload)).toThrow(EventPayloadError);

describe('event catalogue', () => {
  it('has a schema for every type of the contract, each once, and the families cover them all', () => {
    expect([...EVENT_TYPES].sort()).toEqual([...CONTRACT_TYPES].sort());
    const fromFamilies = Object.values(EVENT_FAMILIES).flatMap((family) => Object.keys(family));
    expect(fromFamilies.sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each(Object.entries(SAMPLES))('accepts a %s payload as its producer builds it', (type, payload) => {
    expect(parseEventPayload(type, payload)).toEqual(payload);
    expect(isValidEvent({ type, payload })).toBe(true);
  });

  it('describes every schema, for the generated catalogue page', () => {
    for (const [type, schema] of Object.entries(EVENT_PAYLOAD_SCHEMAS)) expect(schema.description, type).toBeTruthy();
  });

  it('rejects an unknown type, a missing field, a field the contract does not name, and a wrong null', () => {
    rejects('bubble_popped', {});
    const { threadId: _dropped, ...withoutThread } = SAMPLES.mention_created;
    rejects('mention_created', withoutThread);
    rejects('order_changed', { ...SAMPLES.order_changed, colour: 'red' });
    rejects('task_completed', { ...SAMPLES.task_completed, completedAt: null });
    rejects('presence_heartbeat', { ...SAMPLES.presence_heartbeat, status: 'asleep' });
  });

  it('names the type and the failing field', () => {
    expect(() => parseEventPayload('order_changed', { size: 'large' })).toThrow(/invalid order_changed event: itemId/);
  });

  it('accepts the three actor_moved shapes and nothing between them', () => {
    const intentLeg = { direction: 'E', steps: 3, intent: 'navigate_to', targetLabel: '(12, 5)' };
    const reactionMove = { direction: 'S', steps: 1, intent: 'reaction', reaction };
    expect(isValidEvent({ type: 'actor_moved', payload: intentLeg })).toBe(true);
    expect(isValidEvent({ type: 'actor_moved', payload: reactionMove })).toBe(true);
    expect(isValidEvent({ type: 'actor_moved', payload: { ...SAMPLES.actor_moved, intent: 'wander' } })).toBe(true);
    // An intent leg carries no position; a command move always does.
    expect(isValidEvent({ type: 'actor_moved', payload: { ...intentLeg, position: { x: 1, y: 1 } } })).toBe(false);
    expect(isValidEvent({ type: 'actor_moved', payload: { direction: 'N', steps: 1 } })).toBe(false);
  });

  it('accepts reaction-made messages and orders, and the seeded room_created', () => {
    const message = SAMPLES.conversation_message_posted;
    expect(isValidEvent({ type: 'conversation_message_posted', payload: { ...message, reaction, conversation: { ...message.conversation, metadata: { reaction } } } })).toBe(true);
    expect(isValidEvent({ type: 'order_changed', payload: { ...SAMPLES.order_changed, reaction } })).toBe(true);
    const seed = { roomId: 'main', roomType: 'lobby', ownerActorId: null, displayName: 'Main Cafe Lobby', metadata: { seeded: true }, seeded: true };
    expect(isValidEvent({ type: 'room_created', payload: seed })).toBe(true);
    expect(isValidEvent({ type: 'room_updated', payload: seed })).toBe(false);
  });

  it('keeps the legacy status_changed aliases equal to the new names', () => {
    rejects('status_changed', { ...SAMPLES.status_changed, to: 'idle' });
  });

  it('assertValidEvents throws for the first bad event of a batch', () => {
    expect(() => assertValidEvents([{ type: 'order_changed', payload: SAMPLES.order_changed }])).not.toThrow();
    expect(() => assertValidEvents([{ type: 'order_changed', payload: SAMPLES.order_changed }, { type: 'order_changed', payload: {} }])).toThrow(
      EventPayloadError,
    );
  });
});
