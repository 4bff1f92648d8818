/**
 * Speaking actions: the ones a mute blocks and whose text the repeated-text moderation rule
 * reads. A reaction that speaks runs as `reaction:say` and counts as speaking too.
 */
export const SPEAKING_ACTIONS = ['say', 'conversation_message'] as const;

export type SpeakingAction = (typeof SPEAKING_ACTIONS)[number];

const REACTION_PREFIX = 'reaction:';

/** Whether `action` (a command, `conversation_message`, or a reaction's `reaction:<type>`) speaks. */
export function isSpeakingAction(action: string): boolean {
  const base = action.startsWith(REACTION_PREFIX) ? action.slice(REACTION_PREFIX.length) : action;
  return (SPEAKING_ACTIONS as readonly string[]).includes(base);
}
