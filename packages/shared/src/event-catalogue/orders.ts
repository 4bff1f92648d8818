import { z } from 'zod';
import { reactionRef } from './fields';

/** `order_changed` (docs/api.md#commands); reaction-made orders add `reaction`. */
export const orderChangedPayload = z
  .strictObject({ itemId: z.string().min(1), size: z.string(), reaction: reactionRef().optional() })
  .describe('An agent ordered an item (POST /v1/commands/order, or a reaction).');

export const orderEventPayloads = { order_changed: orderChangedPayload } as const;
