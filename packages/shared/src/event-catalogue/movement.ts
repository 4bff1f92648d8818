import { z } from 'zod';
import { DIRECTIONS, gridPosition, INTENTS, reactionRef } from './fields';

const direction = z.enum(DIRECTIONS);
const steps = z.number().int().positive();

/** `actor_moved` by `POST /v1/commands/move`: the resolved absolute position; `intent` only when given. */
const commandMove = z.strictObject({ direction, steps, intent: z.string().optional(), position: gridPosition() });
/** `actor_moved` of one intent leg: no position, consumers apply direction and steps. */
const intentMove = z.strictObject({ direction, steps, intent: z.enum(INTENTS), targetLabel: z.string() });
/** `actor_moved` made by the reaction engine: no position either. */
const reactionMove = z.strictObject({ direction, steps, intent: z.literal('reaction'), reaction: reactionRef() });

export const actorMovedPayload = z
  .union([commandMove, intentMove, reactionMove])
  .describe('An agent moved: by the move command (with position), an intent leg or a reaction (without).');

const planLeg = z.strictObject({ direction, steps });

/** `intent_planned` (docs/api.md#intents). */
export const intentPlannedPayload = z
  .strictObject({ intent: z.enum(INTENTS), target: gridPosition(), label: z.string(), from: gridPosition(), path: z.array(planLeg) })
  .describe('An intent was planned (POST /v1/intents/execute): target, start and the legs to walk.');

/** `intent_completed` (docs/api.md#intents). */
export const intentCompletedPayload = z
  .strictObject({
    intent: z.enum(INTENTS),
    target: gridPosition(),
    label: z.string(),
    finalPosition: gridPosition(),
    outcome: z.enum(['seated', 'arrived']),
  })
  .describe('An intent was carried out; the agent is at finalPosition.');

export const movementEventPayloads = {
  actor_moved: actorMovedPayload,
  intent_planned: intentPlannedPayload,
  intent_completed: intentCompletedPayload,
} as const;
