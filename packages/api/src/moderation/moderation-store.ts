import type { Redis } from 'ioredis';
import type { Logger } from '@cafe/shared';
import {
  EMPTY_MODERATION_WINDOW,
  evaluateModeration,
  isModerationWindowIdle,
  moderationWindowTtlMs,
  type ModerationAttempt,
  type ModerationLimits,
  type ModerationVerdict,
  type ModerationWindow,
} from './moderation-rules';

export interface ModerationSubject {
  tenantId: string;
  roomId: string;
  actorId: string;
}

/** Evaluates and records attempts against per-(tenant, room, actor) windows. */
export interface ModerationStore {
  readonly kind: 'memory' | 'redis';
  evaluate(subject: ModerationSubject, attempt: ModerationAttempt, now: number): Promise<ModerationVerdict>;
}

const subjectKey = (s: ModerationSubject) => [s.tenantId, s.roomId, s.actorId].map(encodeURIComponent).join(':');

/** How many evaluations between sweeps of idle windows out of process memory. */
const SWEEP_EVERY = 1000;

/**
 * Windows in process memory: the documented per-instance behaviour (docs/policies.md#moderation), and
 * the fallback of the Redis store. Idle windows are swept now and then so memory stays bounded
 * by the number of recently active actors.
 */
export function createMemoryModerationStore(limits: ModerationLimits): ModerationStore {
  const windows = new Map<string, ModerationWindow>();
  let evaluations = 0;
  return {
    kind: 'memory',
    async evaluate(subject, attempt, now) {
      const key = subjectKey(subject);
      const verdict = evaluateModeration(windows.get(key) ?? EMPTY_MODERATION_WINDOW, attempt, now, limits);
      windows.set(key, verdict.next);
      if (++evaluations % SWEEP_EVERY === 0) {
        for (const [k, w] of windows) if (isModerationWindowIdle(w, now, limits)) windows.delete(k);
      }
      return verdict;
    },
  };
}

// Compare-and-set: write the new window only if nobody changed the key since we read it.
const CAS_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

// Each lost round means another attempt on the same key committed, so with N concurrent attempts
// none loses more than N - 1 times; the actor's advisory lock keeps N at 1 for API requests.
const CAS_ATTEMPTS = 64;

function parseWindow(raw: string | null): ModerationWindow {
  if (!raw) return EMPTY_MODERATION_WINDOW;
  try {
    const parsed = JSON.parse(raw) as ModerationWindow;
    return Array.isArray(parsed.actions) && Array.isArray(parsed.texts) ? parsed : EMPTY_MODERATION_WINDOW;
  } catch {
    return EMPTY_MODERATION_WINDOW;
  }
}

/**
 * Windows in Redis, shared by every API instance (docs/policies.md#moderation).
 * The rules stay in TypeScript: read the window, evaluate, compare-and-set, retry on a race.
 * While Redis is unavailable the process-memory store answers instead, so a Redis outage never
 * fails or delays a request (limits are then per instance until Redis is back).
 */
export function createRedisModerationStore(redis: Redis, prefix: string, limits: ModerationLimits, fallback: ModerationStore, logger: Logger): ModerationStore {
  let warned = false;
  const useFallback = (subject: ModerationSubject, attempt: ModerationAttempt, now: number, reason: string) => {
    if (!warned) logger.warn('moderation falls back to process memory', { reason });
    warned = true;
    return fallback.evaluate(subject, attempt, now);
  };
  return {
    kind: 'redis',
    async evaluate(subject, attempt, now) {
      if (redis.status !== 'ready') return useFallback(subject, attempt, now, `redis ${redis.status}`);
      const key = `${prefix}:${subjectKey(subject)}`;
      try {
        for (let attemptNo = 0; attemptNo < CAS_ATTEMPTS; attemptNo += 1) {
          const raw = await redis.get(key);
          const verdict = evaluateModeration(parseWindow(raw), attempt, now, limits);
          const next = JSON.stringify(verdict.next);
          if (next === (raw ?? '')) return verdict;
          const ttl = moderationWindowTtlMs(verdict.next, now, limits);
          if (Number(await redis.eval(CAS_SCRIPT, 1, key, raw ?? '', next, String(ttl))) === 1) {
            warned = false;
            return verdict;
          }
        }
        return useFallback(subject, attempt, now, 'compare-and-set kept losing');
      } catch (error) {
        return useFallback(subject, attempt, now, (error as Error).message);
      }
    },
  };
}
