import { describe, expect, it } from 'vitest';
import { locks, orderLockKeys, paymentIdempotencyKey, scopes } from '../src/pipeline/keys';

// Stored idempotency records are keyed on these strings: a change here forgets every stored
// answer, so each scope is pinned byte for byte.
describe('idempotency scopes', () => {
  it.each([
    [scopes.actorCommand('main', 'ada', '/v1/commands/say'), 'main:ada:/v1/commands/say'],
    [scopes.actorCommand('main', 'ada', '/v1/conversations/messages'), 'main:ada:/v1/conversations/messages'],
    [scopes.intent('main', 'ada', 'navigate_to'), 'main:ada:/v1/intents/execute:navigate_to'],
    [scopes.snapshot('main', 'room', 'system', '/v1/snapshots/room'), 'main:room:system:/v1/snapshots/room'],
    [scopes.heartbeat('t', 'main', 'ada'), 't:main:ada:presence:heartbeat'],
    [scopes.permissionUpsert('t', 'main', 'ada'), 't:permissions:main:ada'],
    [scopes.operatorOverride('t', 'main', 'pause_room', undefined), 't:main:operator-overrides:pause_room:-'],
    [scopes.operatorOverride('t', 'main', 'mute_agent', 'bob'), 't:main:operator-overrides:mute_agent:bob'],
    [scopes.roomUpsert('t', 'corner'), 't:rooms:corner:upsert'],
    [scopes.profileUpsert('t', 'ada'), 't:profiles:ada:upsert'],
    [scopes.profileChange('t', 'ada', 'PATCH'), 't:profiles:ada:PATCH'],
    [scopes.profileChange('t', 'ada', 'DELETE'), 't:profiles:ada:DELETE'],
    [scopes.inboxAck('t', 'ada', '0b9c6f1e-0000-4000-8000-000000000000'), 't:ada:inbox:0b9c6f1e-0000-4000-8000-000000000000:ack'],
    [scopes.inboxBulkAck('t', 'ada', undefined), 't:ada:inbox:ack:all'],
    [scopes.inboxBulkAck('t', 'ada', 'main'), 't:ada:inbox:ack:main'],
    [scopes.roomContextPin('t', 'main'), 't:main:room-context:pin'],
    [scopes.taskCreate('t', 'main', 'ada'), 't:main:tasks:create:ada'],
    [scopes.taskPatch('t', 'main', 'task-1'), 't:main:tasks:task-1:patch'],
    [scopes.taskHandoff('t', 'main', 'task-1'), 't:main:tasks:task-1:handoff'],
    [scopes.objectCreate('t', 'main', 'ada'), 't:main:objects:create:ada'],
    [scopes.objectPatch('t', 'main', 'obj-1'), 't:main:objects:obj-1:patch'],
    [scopes.reactionCreate('t'), 't:reactions:create'],
    [scopes.reactionChange('t', 'PATCH', 'r1'), 't:reactions:PATCH:r1'],
    [scopes.reactionChange('t', 'DELETE', 'r1'), 't:reactions:DELETE:r1'],
    [scopes.webhookCreate('t'), 't:subscriptions:create'],
    [scopes.webhookChange('t', 'PATCH', 's1'), 't:subscriptions:PATCH:s1'],
    [scopes.webhookChange('t', 'DELETE', 's1'), 't:subscriptions:DELETE:s1'],
    [scopes.dlqReplay('t', 'd1'), 't:subscriptions:dlq-replay:d1'],
    [scopes.reactionTrigger('r1', 'e1'), 'reactions:trigger:r1:e1'],
    [scopes.tableSessionCreate('t', 'vip', 'ada'), 't:table-sessions:create:vip:ada'],
    [scopes.tableSessionCreate('t', undefined, 'ada'), 't:table-sessions:create:auto:ada'],
    [scopes.tableSessionPatch('t', '0b9c6f1e-0000-4000-8000-000000000000'), 't:table-sessions:0b9c6f1e-0000-4000-8000-000000000000:patch'],
  ])('%s', (built, expected) => {
    expect(built).toBe(expected);
  });
});

describe('lock keys', () => {
  it('are spelled once per resource', () => {
    expect(locks.idempotency('t', 'main:ada:/v1/commands/say', 'k1')).toBe('idem:t:main:ada:/v1/commands/say:k1');
    expect(locks.actor('t', 'main', 'ada')).toBe('actor:t:main:ada');
    expect(locks.room('t', 'main')).toBe('room:t:main');
    expect(locks.roomOverride('t', 'main')).toBe('room-override:t:main');
    expect(locks.permission('t', 'main', 'ada')).toBe('permission:t:main:ada');
    expect(locks.profile('t', 'ada')).toBe('profile:t:ada');
    expect(locks.snapshotSeries('t', 'main', 'agent', 'ada')).toBe('snapshot:t:main:agent:ada');
    expect(locks.snapshotSeries('t', 'main', 'room', null)).toBe('snapshot:t:main:room:');
    expect(locks.roomContext('t', 'main')).toBe('room-context:t:main');
    expect(locks.task('t', 'task-1')).toBe('task:t:task-1');
    expect(locks.sharedObject('t', 'obj-1')).toBe('object:t:obj-1');
    expect(locks.webhookSubscription('s1')).toBe('webhook-subscription:s1');
    expect(locks.reactionSubscription('r1')).toBe('reaction-subscription:r1');
    expect(locks.tableSeats('t', 'vip')).toBe('table-seats:t:vip');
    expect(locks.tableSession('t', 's1')).toBe('table-session:t:s1');
    expect(locks.tableSessionSweep()).toBe('table-session:sweep');
  });

  it('derive the payment provider key from the request key: stable per request, never the raw key', () => {
    const key = paymentIdempotencyKey('t', 't:rooms:vip:upsert', 'client-key-1');
    expect(key).toMatch(/^cafe-pay-[0-9a-f]{40}$/);
    expect(key).not.toContain('client-key-1');
    expect(paymentIdempotencyKey('t', 't:rooms:vip:upsert', 'client-key-1')).toBe(key);
    expect(paymentIdempotencyKey('t', 't:rooms:vip:upsert', 'client-key-2')).not.toBe(key);
    expect(paymentIdempotencyKey('t', 't:rooms:other:upsert', 'client-key-1')).not.toBe(key);
  });

  it('are taken deduplicated and in one sorted order, whatever order a module lists them in', () => {
    const keys = [locks.roomOverride('t', 'main'), locks.idempotency('t', 's', 'k'), locks.actor('t', 'main', 'bob'), locks.actor('t', 'main', 'bob')];
    expect(orderLockKeys(keys)).toEqual(['actor:t:main:bob', 'idem:t:s:k', 'room-override:t:main']);
    expect(orderLockKeys([...keys].reverse())).toEqual(orderLockKeys(keys));
  });
});
