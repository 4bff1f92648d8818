/**
 * Moderation limits loose enough that functional tests (many quick commands from one actor)
 * are never throttled; the moderation rules have their own tests with tight limits.
 */
export const RELAXED_MODERATION_ENV = {
  MOD_MIN_ACTION_INTERVAL_MS: '0',
  MOD_MAX_ACTIONS_PER_WINDOW: '1000000',
  MOD_MAX_REPEATED_TEXT_PER_WINDOW: '1000000',
  MOD_COOLDOWN_MS: '0',
} as const;
