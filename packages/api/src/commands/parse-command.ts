import { z } from 'zod';
import { CafeError } from '@cafe/shared';
import { parseDirection, type Direction, type Position } from '../grid/grid';
import { idField, lenientObject, lenientString, optionalObject, optionalOpaqueId, optionalString, parseFields, requiredString } from '../request/fields';

export const COMMAND_ACTIONS = ['enter', 'leave', 'move', 'say', 'order'] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number] | 'conversation_message';

export interface CommandDefaults {
  tenantId: string;
  roomId: string;
}

/** The fields every command shares, validated before the idempotency check (docs/api.md#commands). */
export interface CommandEnvelope {
  tenantId: string;
  roomId: string;
  actorId: string;
  correlationId?: string;
}

function buildEnvelopeSchema(defaults: CommandDefaults) {
  return z.object({
    tenantId: idField('tenantId', defaults.tenantId),
    roomId: idField('roomId', defaults.roomId),
    actorId: requiredString('actorId'),
    correlationId: optionalOpaqueId('correlationId'),
  });
}

// Schemas are built once, not per request: building a zod object schema and compiling its
// fast path on first use cost about a tenth of the API's CPU per command under load. The
// envelope's depends on the defaults (from the environment), so it is kept per pair.
const envelopeSchemas = new Map<string, ReturnType<typeof buildEnvelopeSchema>>();
const PAYLOAD_SCHEMA = z.object({ payload: optionalObject('payload') });
const INTENT_SCHEMA = z.object({ intent: optionalString('intent') });
const ORDER_SCHEMA = z.object({ itemId: requiredString('itemId'), size: optionalString('size') });
const TEXT_SCHEMA = z.object({ text: requiredString('text') });
const CAUSATION_SCHEMA = z.object({ causationId: optionalOpaqueId('causationId') });

/** Parses the pre-check fields of a command body. */
export function parseCommandEnvelope(body: Record<string, unknown>, defaults: CommandDefaults): CommandEnvelope {
  const key = `${defaults.tenantId}\u0000${defaults.roomId}`;
  let schema = envelopeSchemas.get(key);
  if (!schema) {
    schema = buildEnvelopeSchema(defaults);
    envelopeSchemas.set(key, schema);
  }
  return parseFields(schema, body);
}

export type CommandInput =
  | { action: 'enter'; payload: Record<string, unknown>; requestedPosition: Position | null }
  | { action: 'leave'; payload: Record<string, unknown> }
  | { action: 'move'; direction: Direction; steps: number; intent?: string }
  | { action: 'say' | 'conversation_message'; message: ConversationMessageInput }
  | { action: 'order'; itemId: string; size: string };

export interface ConversationMessageInput {
  text: string;
  mentions: string[];
  messageId?: string;
  threadId?: string;
  parentMessageId: string | null;
  replyToMessageId: string | null;
  contextWindowId: string | null;
  contextWindowMaxItems: number;
  metadata: Record<string, unknown>;
  ttlMs: number;
}

const MENTION_PATTERN = /@([A-Za-z0-9_-]+)/g;

/** Mentions: an explicit array (stringified, trimmed, blanks dropped) or `@name` tokens of the text. */
export function extractMentions(explicit: unknown, text: string): string[] {
  const names = Array.isArray(explicit)
    ? explicit.map((item) => String(item ?? '').trim()).filter(Boolean)
    : [...text.matchAll(MENTION_PATTERN)].map((match) => match[1]!);
  return [...new Set(names)];
}

function parseSteps(value: unknown): number {
  if (value === undefined || value === null) return 1;
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  const rounded = Math.round(numeric);
  if (!Number.isFinite(numeric) || rounded < 1 || rounded > 50) {
    throw new CafeError('ERR_OUT_OF_BOUNDS', undefined, { field: 'steps', min: 1, max: 50, value });
  }
  return rounded;
}

function parseConversation(body: Record<string, unknown>, maxChars: number): ConversationMessageInput {
  const { text } = parseFields(TEXT_SCHEMA, body);
  if (text.length > maxChars) {
    throw new CafeError('ERR_OUT_OF_BOUNDS', `text must be at most ${maxChars} characters`, { field: 'text', max: maxChars, value: text.length });
  }
  const ttl = typeof body.ttlMs === 'number' && Number.isFinite(body.ttlMs) ? body.ttlMs : 7000;
  const maxItems = typeof body.contextWindowMaxItems === 'number' && Number.isFinite(body.contextWindowMaxItems) ? body.contextWindowMaxItems : 20;
  return {
    text,
    mentions: extractMentions(body.mentions, text),
    messageId: lenientString(body.messageId),
    threadId: lenientString(body.threadId),
    parentMessageId: lenientString(body.parentMessageId) ?? null,
    replyToMessageId: lenientString(body.replyToMessageId) ?? null,
    contextWindowId: lenientString(body.contextWindowId) ?? null,
    contextWindowMaxItems: maxItems,
    metadata: lenientObject(body.metadata) ?? {},
    ttlMs: Math.min(30000, Math.max(2000, Math.round(ttl))),
  };
}

function parseRequestedPosition(payload: Record<string, unknown>): Position | null {
  const position = lenientObject(payload.position);
  if (!position) return null;
  const { x, y } = position;
  return typeof x === 'number' && Number.isFinite(x) && typeof y === 'number' && Number.isFinite(y) ? { x, y } : null;
}

/** Route-specific validation (docs/api.md#commands), run after the idempotency check. */
export function parseCommandInput(action: CommandAction, body: Record<string, unknown>, options: { maxChatChars: number }): CommandInput {
  switch (action) {
    case 'enter':
    case 'leave': {
      const { payload } = parseFields(PAYLOAD_SCHEMA, body);
      return action === 'enter'
        ? { action, payload: payload ?? {}, requestedPosition: parseRequestedPosition(payload ?? {}) }
        : { action, payload: payload ?? {} };
    }
    case 'move': {
      const direction = parseDirection(body.direction);
      const steps = parseSteps(body.steps);
      const { intent } = parseFields(INTENT_SCHEMA, body);
      return { action, direction, steps, ...(intent !== undefined ? { intent } : {}) };
    }
    case 'say':
    case 'conversation_message':
      return { action, message: parseConversation(body, options.maxChatChars) };
    case 'order': {
      const { itemId, size } = parseFields(ORDER_SCHEMA, body);
      return { action, itemId, size: size ?? 'regular' };
    }
  }
}

/** `causationId` is validated late, after moderation (docs/api.md#commands). */
export function parseCausationId(body: Record<string, unknown>): string | null {
  return parseFields(CAUSATION_SCHEMA, body).causationId ?? null;
}
