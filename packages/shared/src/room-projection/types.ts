import type { Direction } from '../event-catalogue/fields';

/** Read-model shapes of the room projection (docs/transport.md#projector). */

export interface ProjectedPresence {
  lastHeartbeatAt: string | null;
  ttlMs: number | null;
  expiresAt: string | null;
  isActive: boolean;
}

export interface ProjectedActor {
  actorId: string;
  status: string;
  x: number;
  y: number;
  lastSeen: string | null;
  lastOrder: { itemId: string; size: string; ts: string } | null;
  lastMove?: { direction: Direction; steps: number };
  presence?: ProjectedPresence;
}

export interface ProjectedChat {
  actorId: string;
  text: string;
  ts: string;
  eventId: string;
}

export interface ProjectedMessage {
  messageId: string | null;
  threadId: string | null;
  parentMessageId: string | null;
  actorId: string;
  text: string;
  mentions: string[];
  contextWindow: { id: string | null; maxItems: number } | null;
  eventId: string;
  sequence: number;
  ts: string;
}

export interface ProjectedThread {
  threadId: string;
  rootMessageId: string | null;
  messageIds: string[];
  participants: Set<string>;
  messageCount: number;
  lastMessageAt: string | null;
  lastEventId: string | null;
}

export interface ProjectedOrder {
  actorId: string;
  itemId: string;
  size: string;
  ts: string;
  eventId: string;
}

export interface ProjectedMemory {
  eventId: string;
  sequence: number;
  type: string;
  actorId: string;
  ts: string;
  summary: string;
}

export interface RoomProjection {
  tenantId: string;
  roomId: string;
  actors: Map<string, ProjectedActor>;
  pinnedContext: Record<string, unknown> | null;
  chat: ProjectedChat[];
  messages: ProjectedMessage[];
  threads: Map<string, ProjectedThread>;
  orders: ProjectedOrder[];
  tasks: Map<string, Record<string, unknown>>;
  sharedObjects: Map<string, Record<string, unknown>>;
  localMemory: ProjectedMemory[];
  lastEventAt: string | null;
  lastEventId: string | null;
  /** The highest sequence applied: re-applying an event at or below it changes nothing. */
  lastSequence: number;
}

export const PROJECTION_LIMITS = { chat: 100, messages: 200, orders: 50, tasks: 100, sharedObjects: 200, localMemory: 5 } as const;
