import type { EventEnvelope } from '@cafe/shared';
import type { InboxItem } from '../inbox/inbox-store';
import type { Room } from '../rooms/room';

const nonBlank = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The requested room if listed, else the first listed room, else the requested id (docs/api.md#health-and-bootstrap). */
export function resolveBootstrapRoomId(requestedRoomId: string, rooms: Room[]): string {
  if (rooms.some((room) => room.roomId === requestedRoomId)) return requestedRoomId;
  return rooms[0]?.roomId ?? requestedRoomId;
}

/** The thread an inbox item points at: its `threadId`, else `payload.threadId`, else `payload.sourceMessageId`. */
export function threadOfInboxItem(item: Pick<InboxItem, 'threadId' | 'payload'>): string | null {
  const payload = asObject(item.payload);
  return nonBlank(item.threadId) ?? nonBlank(payload.threadId) ?? nonBlank(payload.sourceMessageId);
}

/** The thread of a `conversation_message_posted`: thread, else reply-to, parent, message id. */
export function threadOfMessage(event: Pick<EventEnvelope, 'payload'>): string | null {
  const payload = asObject(event.payload);
  const conversation = asObject(payload.conversation);
  for (const source of [conversation, payload]) {
    const thread =
      nonBlank(source.threadId) ?? nonBlank(source.replyToMessageId) ?? nonBlank(source.parentMessageId) ?? nonBlank(source.messageId);
    if (thread) return thread;
  }
  return null;
}

/**
 * `suggestedThreadId`: from the newest unread item that names a thread, else from the actor's
 * own latest message in the room, else null. Items are newest first. Pure.
 */
export function suggestThreadId(unreadNewestFirst: Pick<InboxItem, 'threadId' | 'payload'>[], latestOwnMessage: Pick<EventEnvelope, 'payload'> | null): string | null {
  for (const item of unreadNewestFirst) {
    const thread = threadOfInboxItem(item);
    if (thread) return thread;
  }
  return latestOwnMessage ? threadOfMessage(latestOwnMessage) : null;
}

export interface DiscoveryInput {
  tenantId: string;
  defaultTenantId: string;
  defaultRoomId: string;
  resolvedRoomId: string;
  rooms: Room[];
  actorId?: string;
  /** Where a poll should start (the settled head of the log when bootstrapped). */
  cursor: number;
  /** The auth query parameter when token auth is on, else null. */
  authQueryParam: string | null;
}

/**
 * The `discovery` block of bootstrap. With auth on, paths end in `&<param>=<API_KEY>` — a
 * literal placeholder, never the token (docs/api.md#health-and-bootstrap). Pure.
 */
export function buildDiscovery(input: DiscoveryInput) {
  const q = encodeURIComponent;
  const auth = input.authQueryParam ? `&${input.authQueryParam}=<API_KEY>` : '';
  const base = `tenantId=${q(input.tenantId)}&roomId=${q(input.resolvedRoomId)}`;
  const actor = input.actorId !== undefined ? `&actorId=${q(input.actorId)}` : '';
  return {
    canonicalApiVersion: 'v1',
    defaultTenantId: input.defaultTenantId,
    defaultRoomId: input.defaultRoomId,
    resolvedRoomId: input.resolvedRoomId,
    rooms: input.rooms,
    streamPath: `/v1/streams/market-events?${base}${auth}`,
    pollPath: `/v1/events/poll?${base}${actor}&cursor=${input.cursor}${auth}`,
    commandsPath: '/v1/commands/{enter|leave|move|say|order}',
    heartbeatPath: '/v1/presence/heartbeat',
    inboxPath: '/v1/inbox',
    timelinePath: '/v1/timeline',
  };
}
