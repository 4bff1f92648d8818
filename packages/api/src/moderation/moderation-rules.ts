/**
 * The anti-loop rules of docs/policies.md#moderation as a pure function over one actor's window.
 * Times are epoch milliseconds; the caller supplies `now`, so tests need no clock.
 */

import { isSpeakingAction } from '@cafe/shared';

export interface ModerationLimits {
  windowMs: number;
  maxActionsPerWindow: number;
  maxRepeatedTextPerWindow: number;
  /** 0 disables rule 2. */
  minActionIntervalMs: number;
  cooldownMs: number;
}

export interface ModerationEnv {
  MOD_WINDOW_MS: number;
  MOD_MAX_ACTIONS_PER_WINDOW: number;
  MOD_MAX_REPEATED_TEXT_PER_WINDOW: number;
  MOD_MIN_ACTION_INTERVAL_MS: number;
  MOD_COOLDOWN_MS: number;
}

/** The limits from the `MOD_*` variables (already range-checked by the env schema). */
export function readModerationLimits(env: ModerationEnv): ModerationLimits {
  return {
    windowMs: env.MOD_WINDOW_MS,
    maxActionsPerWindow: env.MOD_MAX_ACTIONS_PER_WINDOW,
    maxRepeatedTextPerWindow: env.MOD_MAX_REPEATED_TEXT_PER_WINDOW,
    minActionIntervalMs: env.MOD_MIN_ACTION_INTERVAL_MS,
    cooldownMs: env.MOD_COOLDOWN_MS,
  };
}

/** One actor's recorded history. Only passing evaluations are recorded (docs/policies.md#moderation). */
export interface ModerationWindow {
  /** Times of recorded actions still inside the window, ascending. */
  actions: number[];
  /** Normalised texts of recorded speaking actions inside the window, ascending by time. */
  texts: { at: number; text: string }[];
  /** Time of the previous recorded action, kept even after it leaves the window (rule 2). */
  lastActionAt: number | null;
  /** End of a cooldown started by rule 3 or 4, or null. */
  cooldownUntil: number | null;
}

export const EMPTY_MODERATION_WINDOW: Readonly<ModerationWindow> = Object.freeze({ actions: [], texts: [], lastActionAt: null, cooldownUntil: null });


export type ModerationReasonCode = 'MOD_COOLDOWN' | 'MOD_MIN_INTERVAL' | 'MOD_RATE_LIMIT' | 'MOD_REPEAT_TEXT';

export interface ModerationAttempt {
  action: string;
  /** The message text for speaking actions; ignored otherwise. */
  text?: string | null;
}

export type ModerationVerdict =
  | { allowed: true; next: ModerationWindow }
  | {
      allowed: false;
      reasonCode: ModerationReasonCode;
      /** When a retry of the same action could pass, if nothing else is recorded meanwhile. */
      retryAfterMs: number;
      /** The rule's `details` of docs/policies.md#moderation (beyond source and action). */
      details: Record<string, number>;
      next: ModerationWindow;
    };

/** Trimmed, lower-cased, whitespace collapsed: the identity of a repeated text. */
export function normaliseModerationText(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

function prune(window: ModerationWindow, now: number, windowMs: number): ModerationWindow {
  const floor = now - windowMs;
  return {
    actions: window.actions.filter((at) => at > floor),
    texts: window.texts.filter((entry) => entry.at > floor),
    lastActionAt: window.lastActionAt,
    cooldownUntil: window.cooldownUntil !== null && window.cooldownUntil > now ? window.cooldownUntil : null,
  };
}

/** Milliseconds until fewer than `max` of the ascending `times` remain inside the window. */
function untilBelow(times: number[], max: number, now: number, windowMs: number): number {
  const leaving = times[times.length - max];
  return leaving === undefined ? 0 : Math.max(0, leaving + windowMs - now);
}

/**
 * Evaluates one attempt against the four rules, in order: cooldown, minimum interval, rate
 * limit, repeated text. A pass records the attempt in `next`; a block records nothing, but
 * rules 3 and 4 start a cooldown in `next`. Pure.
 */
export function evaluateModeration(window: ModerationWindow, attempt: ModerationAttempt, now: number, limits: ModerationLimits): ModerationVerdict {
  const current = prune(window, now, limits.windowMs);

  if (current.cooldownUntil !== null) {
    const retryAfterMs = current.cooldownUntil - now;
    return { allowed: false, reasonCode: 'MOD_COOLDOWN', retryAfterMs, details: { retryAfterMs }, next: current };
  }

  if (limits.minActionIntervalMs > 0 && current.lastActionAt !== null && now - current.lastActionAt < limits.minActionIntervalMs) {
    return {
      allowed: false,
      reasonCode: 'MOD_MIN_INTERVAL',
      retryAfterMs: current.lastActionAt + limits.minActionIntervalMs - now,
      details: { minIntervalMs: limits.minActionIntervalMs },
      next: current,
    };
  }

  if (current.actions.length >= limits.maxActionsPerWindow) {
    const next = { ...current, cooldownUntil: now + limits.cooldownMs };
    return {
      allowed: false,
      reasonCode: 'MOD_RATE_LIMIT',
      retryAfterMs: Math.max(limits.cooldownMs, untilBelow(current.actions, limits.maxActionsPerWindow, now, limits.windowMs)),
      details: { windowMs: limits.windowMs, maxActionsPerWindow: limits.maxActionsPerWindow, cooldownMs: limits.cooldownMs },
      next: limits.cooldownMs > 0 ? next : current,
    };
  }

  const speaking = isSpeakingAction(attempt.action) && typeof attempt.text === 'string';
  const text = speaking ? normaliseModerationText(attempt.text!) : null;
  if (text !== null) {
    const repeats = current.texts.filter((entry) => entry.text === text).map((entry) => entry.at);
    if (repeats.length >= limits.maxRepeatedTextPerWindow) {
      return {
        allowed: false,
        reasonCode: 'MOD_REPEAT_TEXT',
        retryAfterMs: Math.max(limits.cooldownMs, untilBelow(repeats, limits.maxRepeatedTextPerWindow, now, limits.windowMs)),
        details: { windowMs: limits.windowMs, maxRepeatedTextPerWindow: limits.maxRepeatedTextPerWindow },
        next: limits.cooldownMs > 0 ? { ...current, cooldownUntil: now + limits.cooldownMs } : current,
      };
    }
  }

  return {
    allowed: true,
    next: {
      actions: [...current.actions, now],
      texts: text !== null ? [...current.texts, { at: now, text }] : current.texts,
      lastActionAt: now,
      cooldownUntil: null,
    },
  };
}

/** True when a window holds nothing that could still block (safe to forget). */
export function isModerationWindowIdle(window: ModerationWindow, now: number, limits: ModerationLimits): boolean {
  const current = prune(window, now, limits.windowMs);
  const intervalOver = current.lastActionAt === null || now - current.lastActionAt >= limits.minActionIntervalMs;
  return current.actions.length === 0 && current.texts.length === 0 && current.cooldownUntil === null && intervalOver;
}

/** How long a window must be kept to honour every rule (the Redis key's TTL). */
export function moderationWindowTtlMs(window: ModerationWindow, now: number, limits: ModerationLimits): number {
  const cooldown = window.cooldownUntil !== null ? window.cooldownUntil - now : 0;
  return Math.max(limits.windowMs, limits.minActionIntervalMs, cooldown, 1) + 1000;
}
