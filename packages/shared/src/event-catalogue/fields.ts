import { z } from 'zod';

/**
 * Field schemas that several event families share. Payloads are strict objects: a field the
 * contract does not name is a mismatch, not an extension. Free-form bags (`metadata`, `data`)
 * are the only open objects.
 */

/** An ISO-8601 timestamp as the runtime writes it (`Date#toISOString`, offsets tolerated). */
export const isoTimestamp = () => z.iso.datetime({ offset: true });

/** A client- or server-supplied free-form object. */
export const freeObject = () => z.record(z.string(), z.unknown());

/** A grid cell (docs/api.md#commands: rounded and clamped, so integers). */
export const gridPosition = () => z.strictObject({ x: z.number().int(), y: z.number().int() });

export const PRESENCE_STATUSES = ['thinking', 'idle', 'busy', 'inactive'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export const DIRECTIONS = ['N', 'S', 'E', 'W'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const INTENTS = ['navigate_to', 'sit_at_table'] as const;
export type IntentName = (typeof INTENTS)[number];

/** What a reaction-made event carries (docs/webhooks.md#reactions). */
export const reactionRef = () => z.strictObject({ sourceSubscriptionId: z.string().min(1), sourceEventId: z.string().min(1) });
export type ReactionRef = z.output<ReturnType<typeof reactionRef>>;
