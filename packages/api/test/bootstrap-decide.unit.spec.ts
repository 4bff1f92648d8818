import { describe, expect, it } from 'vitest';
import { buildDiscovery, resolveBootstrapRoomId, suggestThreadId } from '../src/bootstrap/decide-bootstrap';
import type { Room } from '../src/rooms/room';

const room = (roomId: string): Room => ({
  tenantId: 't',
  roomId,
  roomType: 'lobby',
  displayName: null,
  ownerActorId: null,
  metadata: {},
  createdAt: '2026-02-14T10:00:00.000Z',
  updatedAt: '2026-02-14T10:00:00.000Z',
});

describe('bootstrap decisions (docs/api.md#health-and-bootstrap)', () => {
  it('resolves the requested room if listed, else the first, else the request', () => {
    expect(resolveBootstrapRoomId('b', [room('a'), room('b')])).toBe('b');
    expect(resolveBootstrapRoomId('z', [room('a'), room('b')])).toBe('a');
    expect(resolveBootstrapRoomId('z', [])).toBe('z');
  });

  it('suggests the thread of the newest unread item that names one', () => {
    const items = [
      { threadId: null, payload: { topic: 'task' } },
      { threadId: null, payload: { topic: 'mention', sourceMessageId: 'm-9' } },
      { threadId: 't-1', payload: {} },
    ];
    expect(suggestThreadId(items, null)).toBe('m-9');
    expect(suggestThreadId([{ threadId: null, payload: { threadId: 'p-1' } }, ...items], null)).toBe('p-1');
    expect(suggestThreadId([{ threadId: 't-2', payload: { threadId: 'p-1' } }], null)).toBe('t-2');
  });

  it('falls back to the thread of the actor’s own latest message, then null', () => {
    const message = (conversation: Record<string, unknown>) => ({ payload: { conversation } });
    expect(suggestThreadId([], message({ threadId: 'th', replyToMessageId: 'r', messageId: 'm' }))).toBe('th');
    expect(suggestThreadId([], message({ threadId: null, replyToMessageId: 'r', parentMessageId: 'p', messageId: 'm' }))).toBe('r');
    expect(suggestThreadId([], message({ parentMessageId: 'p', messageId: 'm' }))).toBe('p');
    expect(suggestThreadId([{ threadId: null, payload: {} }], message({ messageId: 'm' }))).toBe('m');
    expect(suggestThreadId([], null)).toBeNull();
  });

  it('builds paths, with a literal API key placeholder when auth is on', () => {
    const base = { tenantId: 't', defaultTenantId: 'default', defaultRoomId: 'main', resolvedRoomId: 'a b', rooms: [], cursor: 42, authQueryParam: null };
    const open = buildDiscovery(base);
    expect(open.streamPath).toBe('/v1/streams/market-events?tenantId=t&roomId=a%20b');
    expect(open.pollPath).toBe('/v1/events/poll?tenantId=t&roomId=a%20b&cursor=42');
    const authed = buildDiscovery({ ...base, actorId: 'ada', authQueryParam: 'apiKey' });
    expect(authed.streamPath).toBe('/v1/streams/market-events?tenantId=t&roomId=a%20b&apiKey=<API_KEY>');
    expect(authed.pollPath).toBe('/v1/events/poll?tenantId=t&roomId=a%20b&actorId=ada&cursor=42&apiKey=<API_KEY>');
    expect(authed).toMatchObject({
      canonicalApiVersion: 'v1',
      commandsPath: '/v1/commands/{enter|leave|move|say|order}',
      heartbeatPath: '/v1/presence/heartbeat',
      inboxPath: '/v1/inbox',
      timelinePath: '/v1/timeline',
    });
  });
});
