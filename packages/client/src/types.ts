import type { EventEnvelope } from '@cafe/shared';

/** Where an actor acts; tenant and room default to the server's defaults (`default`, `main`). */
export interface ActorScope {
  actorId: string;
  tenantId?: string;
  roomId?: string;
  correlationId?: string;
  causationId?: string;
}

export type CommandAction = 'enter' | 'leave' | 'move' | 'say' | 'order';

/** The body of each command, beyond the actor scope (docs/api.md#commands). */
export interface CommandBodies {
  enter: { payload?: { position?: { x: number; y: number }; metadata?: Record<string, unknown> } };
  leave: Record<string, never>;
  move: { direction: 'N' | 'S' | 'E' | 'W'; steps?: number; intent?: string };
  say: { text: string; threadId?: string; replyToMessageId?: string; metadata?: Record<string, unknown> };
  order: { itemId: string; size?: string };
}

export interface EmittedEvent {
  eventId: string;
  sequence: number;
  eventType: string;
}

/** The 202 answer of every command. */
export interface CommandAccepted {
  accepted: true;
  action: string;
  eventId: string;
  sequence: number;
  eventType: string;
  correlationId: string;
  emittedEvents: EmittedEvent[];
  presence: Record<string, unknown> | null;
  actorId: string;
  roomId: string;
  tenantId: string;
}

/** Filters shared by the event-log reads (docs/api.md#event-log-reads). */
export interface EventFilter {
  tenantId?: string;
  roomId?: string;
  /** Author filter. */
  actorId?: string;
  types?: string[];
}

export interface EventPage {
  events: EventEnvelope[];
  count: number;
  nextCursor: number;
}

export interface PollPage extends EventPage {
  waitedMs: number;
  presence: Record<string, unknown> | null;
}

export interface InboxItem {
  inboxSeq: number;
  inboxId: string;
  tenantId: string;
  roomId: string;
  actorId: string;
  topic: 'mention' | 'task' | 'handoff' | 'operator';
  sourceEventId: string;
  sourceEventType: string;
  payload: Record<string, unknown>;
  createdAt: string;
  ackedAt: string | null;
  [field: string]: unknown;
}

export interface InboxPage {
  items: InboxItem[];
  count: number;
  unreadCount: number;
  nextCursor: number;
}

/** Options every write accepts. */
export interface WriteOptions {
  /** Sent as `Idempotency-Key`; a fresh UUID when omitted. Pass the same key to retry by hand. */
  idempotencyKey?: string;
}
