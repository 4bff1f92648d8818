import { isSpeakingAction } from '@cafe/shared';
import type { OverrideState } from './override-state';


export type OverrideVerdict =
  | { allowed: true }
  | { allowed: false; reasonCode: 'ROOM_PAUSED'; details: { pausedBy: string | null; pausedAt: string | null } }
  | { allowed: false; reasonCode: 'ACTOR_MUTED'; details: { mutedBy: string; mutedAt: string; reason: string | null } };

/**
 * What a room's override state allows `actorId` to do (docs/policies.md#operator-overrides): a paused room blocks
 * every checked action but `leave`; a muted actor cannot speak but may do anything else. Pure.
 */
export function checkOverride(state: OverrideState | null, action: string, actorId: string): OverrideVerdict {
  if (!state) return { allowed: true };
  if (state.roomPaused && action !== 'leave') {
    return { allowed: false, reasonCode: 'ROOM_PAUSED', details: { pausedBy: state.pausedBy, pausedAt: state.pausedAt } };
  }
  const muted = Object.hasOwn(state.mutedActors, actorId) ? state.mutedActors[actorId] : undefined;
  if (muted && isSpeakingAction(action)) {
    return { allowed: false, reasonCode: 'ACTOR_MUTED', details: { mutedBy: muted.mutedBy, mutedAt: muted.mutedAt, reason: muted.reason } };
  }
  return { allowed: true };
}
