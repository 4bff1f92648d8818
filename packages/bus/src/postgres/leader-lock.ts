import type { Sql } from '@cafe/db';
import { sleep } from '../live/wake-signal';

/** Namespace of the two-key advisory locks taken by the bus (0x0CAFE). */
const LOCK_NAMESPACE = 0x0cafe;

/** A stable signed 32-bit key for a lock name (FNV-1a), so every process derives the same. */
export function toLockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i += 1) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export interface LeaderLockOptions {
  /** Lock name; one leader per name per database. */
  name: string;
  /** How often a follower tries to take the lock. */
  retryMs: number;
  /** How often the leader checks that its lock connection is alive. */
  checkMs: number;
  onError(error: Error): void;
}

export interface LeaderLock {
  readonly leader: boolean;
  stop(): Promise<void>;
}

/**
 * Leader election with a session-level Postgres advisory lock held on a reserved connection:
 * exactly one process per database runs `lead` at a time, and when the leader dies its
 * connection closes, the lock is released and a follower takes over within `retryMs`.
 * `lead` receives a signal that aborts when leadership is lost or the lock is stopped.
 */
export function runAsLeader(sql: Sql, options: LeaderLockOptions, lead: (signal: AbortSignal) => Promise<void>): LeaderLock {
  const stopper = new AbortController();
  let leader = false;
  const key = toLockKey(options.name);

  const holdOnce = async () => {
    const connection = await sql.reserve();
    let locked = false;
    try {
      const [row] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(${LOCK_NAMESPACE}, ${key}) as locked`;
      locked = row?.locked === true;
      if (!locked) return;
      leader = true;
      const term = new AbortController();
      const onStop = () => term.abort();
      stopper.signal.addEventListener('abort', onStop, { once: true });
      const watching = (async () => {
        while (!term.signal.aborted) {
          await sleep(options.checkMs, term.signal);
          if (term.signal.aborted) return;
          try {
            await connection`select 1`;
          } catch (error) {
            options.onError(error as Error);
            term.abort();
          }
        }
      })();
      try {
        await lead(term.signal);
      } finally {
        term.abort();
        await watching;
        stopper.signal.removeEventListener('abort', onStop);
        leader = false;
      }
    } finally {
      if (locked) await connection`select pg_advisory_unlock(${LOCK_NAMESPACE}, ${key})`.catch(() => {});
      connection.release();
    }
  };

  const loop = (async () => {
    while (!stopper.signal.aborted) {
      try {
        await holdOnce();
      } catch (error) {
        options.onError(error as Error);
      }
      await sleep(options.retryMs, stopper.signal);
    }
  })();

  return {
    get leader() {
      return leader;
    },
    async stop() {
      stopper.abort();
      await loop;
    },
  };
}
