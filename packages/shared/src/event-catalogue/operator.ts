import { z } from 'zod';
import { freeObject } from './fields';

export const OVERRIDE_ACTIONS = ['pause_room', 'resume_room', 'mute_agent', 'unmute_agent', 'force_leave'] as const;
export type OverrideAction = (typeof OVERRIDE_ACTIONS)[number];

/** `operator_override_applied` (docs/api.md#operator-overrides-and-audit): the action and the room's override state after it. */
export const operatorOverrideAppliedPayload = z
  .strictObject({
    action: z.enum(OVERRIDE_ACTIONS),
    targetActorId: z.string().nullable(),
    reason: z.string().nullable(),
    metadata: freeObject(),
    overrideState: z.strictObject({ roomPaused: z.boolean(), pausedBy: z.string().nullable(), mutedActorIds: z.array(z.string()) }),
  })
  .describe('An operator paused/resumed the room, muted/unmuted or force-removed an agent.');

export const operatorEventPayloads = { operator_override_applied: operatorOverrideAppliedPayload } as const;
