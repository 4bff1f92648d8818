import { DEFAULT_PERMISSION_FLAGS, type Capability, type PermissionFlags } from './permission';

/**
 * Which flag guards which action name (docs/policies.md#permissions). Intents are checked against
 * `canMove` whatever their name (docs/api.md#intents), so callers pass the capability for them.
 */
const ACTION_CAPABILITY: Readonly<Record<string, Capability>> = {
  move: 'canMove',
  navigate_to: 'canMove',
  sit_at_table: 'canMove',
  say: 'canSpeak',
  conversation_message: 'canSpeak',
  order: 'canOrder',
  enter: 'canEnterLeave',
  leave: 'canEnterLeave',
  room_context_pin: 'canModerate',
  pause_room: 'canModerate',
  resume_room: 'canModerate',
  mute_agent: 'canModerate',
  unmute_agent: 'canModerate',
  force_leave: 'canModerate',
};

/** The capability that guards an action name, or undefined for actions outside the matrix. */
export function findCapabilityForAction(action: string): Capability | undefined {
  return Object.hasOwn(ACTION_CAPABILITY, action) ? ACTION_CAPABILITY[action] : undefined;
}

export type PermissionVerdict = { allowed: true; capability: Capability } | { allowed: false; capability: Capability };

/**
 * Decides whether stored flags (or the defaults when `flags` is null) allow `action`. Pure.
 * Throws for an action the matrix does not know and no explicit capability: that is a
 * programming error, never client input.
 */
export function decidePermission(flags: PermissionFlags | null, action: string, capability = findCapabilityForAction(action)): PermissionVerdict {
  if (!capability) throw new Error(`no capability guards action ${action}`);
  const effective = flags ?? DEFAULT_PERMISSION_FLAGS;
  return { allowed: effective[capability], capability };
}
