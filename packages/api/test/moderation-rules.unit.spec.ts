import { describe, expect, it } from 'vitest';
import { parseApiEnv } from '@cafe/shared';
import {
  EMPTY_MODERATION_WINDOW,
  evaluateModeration,
  isModerationWindowIdle,
  normaliseModerationText,
  readModerationLimits,
  type ModerationAttempt,
  type ModerationLimits,
  type ModerationWindow,
} from '../src/moderation/moderation-rules';

// Thresholds come from the env schema, as in production; each test picks its own values.
const limitsFrom = (vars: Record<string, string>): ModerationLimits => readModerationLimits(parseApiEnv(vars));

/** Runs attempts in order (each at its time), threading the window; returns every verdict. */
function run(limits: ModerationLimits, attempts: (ModerationAttempt & { at: number })[], start: ModerationWindow = EMPTY_MODERATION_WINDOW) {
  let window = start;
  return attempts.map((attempt) => {
    const verdict = evaluateModeration(window, attempt, attempt.at, limits);
    window = verdict.next;
    return verdict;
  });
}

const codes = (verdicts: ReturnType<typeof run>) => verdicts.map((v) => (v.allowed ? 'ok' : v.reasonCode));

describe('readModerationLimits', () => {
  it('reads the spec defaults from an empty environment', () => {
    expect(limitsFrom({})).toEqual({ windowMs: 60000, maxActionsPerWindow: 40, maxRepeatedTextPerWindow: 4, minActionIntervalMs: 150, cooldownMs: 2000 });
  });

  it('reads every MOD_* variable', () => {
    expect(
      limitsFrom({ MOD_WINDOW_MS: '5000', MOD_MAX_ACTIONS_PER_WINDOW: '3', MOD_MAX_REPEATED_TEXT_PER_WINDOW: '2', MOD_MIN_ACTION_INTERVAL_MS: '0', MOD_COOLDOWN_MS: '700' }),
    ).toEqual({ windowMs: 5000, maxActionsPerWindow: 3, maxRepeatedTextPerWindow: 2, minActionIntervalMs: 0, cooldownMs: 700 });
  });
});

describe('normaliseModerationText', () => {
  it('trims, lower-cases and collapses whitespace', () => {
    expect(normaliseModerationText('  Hello \n\t  WORLD  ')).toBe('hello world');
  });
});

describe('MOD_MIN_INTERVAL (rule 2)', () => {
  const limits = limitsFrom({ MOD_MIN_ACTION_INTERVAL_MS: '150', MOD_MAX_ACTIONS_PER_WINDOW: '100' });

  it('blocks an action closer than the interval to the previous recorded one, with its details', () => {
    const [, second] = run(limits, [{ action: 'move', at: 1000 }, { action: 'move', at: 1149 }]);
    expect(second).toMatchObject({ allowed: false, reasonCode: 'MOD_MIN_INTERVAL', details: { minIntervalMs: 150 }, retryAfterMs: 1 });
  });

  it('allows an action exactly one interval later', () => {
    expect(codes(run(limits, [{ action: 'move', at: 1000 }, { action: 'move', at: 1150 }]))).toEqual(['ok', 'ok']);
  });

  it('measures from the last recorded action: a blocked attempt does not move the clock', () => {
    expect(codes(run(limits, [{ action: 'say', text: 'a', at: 0 }, { action: 'say', text: 'b', at: 100 }, { action: 'say', text: 'c', at: 150 }]))).toEqual([
      'ok',
      'MOD_MIN_INTERVAL',
      'ok',
    ]);
  });

  it('is disabled by 0', () => {
    const off = limitsFrom({ MOD_MIN_ACTION_INTERVAL_MS: '0' });
    expect(codes(run(off, [{ action: 'move', at: 5 }, { action: 'move', at: 5 }]))).toEqual(['ok', 'ok']);
  });

  it('still applies when the interval is longer than the window', () => {
    const long = limitsFrom({ MOD_WINDOW_MS: '1000', MOD_MIN_ACTION_INTERVAL_MS: '5000' });
    expect(codes(run(long, [{ action: 'move', at: 0 }, { action: 'move', at: 3000 }, { action: 'move', at: 5000 }]))).toEqual(['ok', 'MOD_MIN_INTERVAL', 'ok']);
  });
});

describe('MOD_RATE_LIMIT (rule 3) and MOD_COOLDOWN (rule 1)', () => {
  const limits = limitsFrom({ MOD_WINDOW_MS: '10000', MOD_MAX_ACTIONS_PER_WINDOW: '3', MOD_MIN_ACTION_INTERVAL_MS: '0', MOD_COOLDOWN_MS: '2000' });

  it('blocks the action after max recorded ones in the window and starts a cooldown', () => {
    const verdicts = run(limits, [
      { action: 'move', at: 0 },
      { action: 'order', at: 1 },
      { action: 'enter', at: 2 },
      { action: 'move', at: 3 },
    ]);
    expect(codes(verdicts)).toEqual(['ok', 'ok', 'ok', 'MOD_RATE_LIMIT']);
    const blocked = verdicts[3]!;
    expect(blocked).toMatchObject({ details: { windowMs: 10000, maxActionsPerWindow: 3, cooldownMs: 2000 } });
    expect(blocked.next.cooldownUntil).toBe(2003);
    // The oldest action leaves the window at 10 000, later than the cooldown ends.
    expect(!blocked.allowed && blocked.retryAfterMs).toBe(9997);
  });

  it('answers MOD_COOLDOWN with retryAfterMs while the cooldown runs, for any action', () => {
    const verdicts = run(limits, [
      { action: 'move', at: 0 },
      { action: 'move', at: 1 },
      { action: 'move', at: 2 },
      { action: 'move', at: 3 },
      { action: 'say', text: 'hi', at: 503 },
    ]);
    expect(verdicts[4]).toMatchObject({ allowed: false, reasonCode: 'MOD_COOLDOWN', retryAfterMs: 1500, details: { retryAfterMs: 1500 } });
  });

  it('after the cooldown the rate limit holds until the window slides, then actions pass again', () => {
    const verdicts = run(limits, [
      { action: 'move', at: 0 },
      { action: 'move', at: 1 },
      { action: 'move', at: 2 },
      { action: 'move', at: 3 },
      { action: 'move', at: 2003 },
      { action: 'move', at: 10001 },
    ]);
    expect(codes(verdicts)).toEqual(['ok', 'ok', 'ok', 'MOD_RATE_LIMIT', 'MOD_RATE_LIMIT', 'ok']);
  });

  it('does not record blocked attempts', () => {
    const verdicts = run(limits, [
      { action: 'move', at: 0 },
      { action: 'move', at: 1 },
      { action: 'move', at: 2 },
      { action: 'move', at: 3 },
    ]);
    expect(verdicts[3]!.next.actions).toEqual([0, 1, 2]);
  });

  it('with MOD_COOLDOWN_MS=0 blocks without a cooldown', () => {
    const noCooldown = limitsFrom({ MOD_WINDOW_MS: '10000', MOD_MAX_ACTIONS_PER_WINDOW: '1', MOD_MIN_ACTION_INTERVAL_MS: '0', MOD_COOLDOWN_MS: '0' });
    const verdicts = run(noCooldown, [{ action: 'move', at: 0 }, { action: 'move', at: 1 }, { action: 'move', at: 2 }]);
    expect(codes(verdicts)).toEqual(['ok', 'MOD_RATE_LIMIT', 'MOD_RATE_LIMIT']);
    expect(verdicts[2]!.next.cooldownUntil).toBeNull();
  });

  it('checks the cooldown before the interval and the interval before the rate limit', () => {
    const strict = limitsFrom({ MOD_WINDOW_MS: '10000', MOD_MAX_ACTIONS_PER_WINDOW: '1', MOD_MIN_ACTION_INTERVAL_MS: '1000', MOD_COOLDOWN_MS: '5000' });
    // At 10 the interval and the rate limit both trip: the interval wins. At 1000 only the rate limit.
    const verdicts = run(strict, [{ action: 'move', at: 0 }, { action: 'move', at: 10 }, { action: 'move', at: 1000 }, { action: 'move', at: 1001 }]);
    expect(codes(verdicts)).toEqual(['ok', 'MOD_MIN_INTERVAL', 'MOD_RATE_LIMIT', 'MOD_COOLDOWN']);
  });
});

describe('MOD_REPEAT_TEXT (rule 4)', () => {
  const limits = limitsFrom({ MOD_WINDOW_MS: '10000', MOD_MAX_ACTIONS_PER_WINDOW: '100', MOD_MAX_REPEATED_TEXT_PER_WINDOW: '2', MOD_MIN_ACTION_INTERVAL_MS: '0', MOD_COOLDOWN_MS: '1000' });

  it('blocks the same normalised text after max recordings and starts a cooldown', () => {
    const verdicts = run(limits, [
      { action: 'say', text: 'Hello  there', at: 0 },
      { action: 'say', text: ' hello there ', at: 1 },
      { action: 'say', text: 'HELLO THERE', at: 2 },
    ]);
    expect(codes(verdicts)).toEqual(['ok', 'ok', 'MOD_REPEAT_TEXT']);
    expect(verdicts[2]).toMatchObject({ details: { windowMs: 10000, maxRepeatedTextPerWindow: 2 } });
    expect(verdicts[2]!.next.cooldownUntil).toBe(1002);
  });

  it('shares one text history across say, conversation_message and reaction:say (the Decision)', () => {
    const verdicts = run(limits, [
      { action: 'conversation_message', text: 'loop', at: 0 },
      { action: 'reaction:say', text: 'LOOP', at: 1 },
      { action: 'say', text: 'loop', at: 2 },
    ]);
    expect(codes(verdicts)).toEqual(['ok', 'ok', 'MOD_REPEAT_TEXT']);
    expect(codes(run(limits, [{ action: 'say', text: 'x', at: 0 }, { action: 'say', text: 'x', at: 1 }, { action: 'conversation_message', text: 'x', at: 2 }]))).toEqual([
      'ok',
      'ok',
      'MOD_REPEAT_TEXT',
    ]);
    expect(codes(run(limits, [{ action: 'say', text: 'x', at: 0 }, { action: 'say', text: 'x', at: 1 }, { action: 'reaction:say', text: 'x', at: 2 }]))).toEqual([
      'ok',
      'ok',
      'MOD_REPEAT_TEXT',
    ]);
  });

  it('ignores text on non-speaking actions and lets different texts through', () => {
    const verdicts = run(limits, [
      { action: 'say', text: 'a', at: 0 },
      { action: 'say', text: 'a', at: 1 },
      { action: 'order', text: 'a', at: 2 },
      { action: 'say', text: 'b', at: 3 },
    ]);
    expect(codes(verdicts)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('forgets texts that left the window', () => {
    const verdicts = run(limits, [
      { action: 'say', text: 'a', at: 0 },
      { action: 'say', text: 'a', at: 1 },
      { action: 'say', text: 'a', at: 10001 },
    ]);
    expect(codes(verdicts)).toEqual(['ok', 'ok', 'ok']);
  });
});

describe('isModerationWindowIdle', () => {
  const limits = limitsFrom({ MOD_WINDOW_MS: '1000', MOD_MIN_ACTION_INTERVAL_MS: '150' });

  it('is idle only once nothing in the window could block', () => {
    const [first] = run(limits, [{ action: 'move', at: 0 }]);
    expect(isModerationWindowIdle(first!.next, 500, limits)).toBe(false);
    expect(isModerationWindowIdle(first!.next, 1000, limits)).toBe(true);
  });
});
