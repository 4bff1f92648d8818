import type { Sql } from '../client';
import { decideHorizonHealth, type HorizonHealth } from './decide-horizon-health';
import { readHorizonHolder } from './read-horizon-holder';

export interface HorizonWatch {
  /** Reads the horizon now and judges it; remembers since when the same xmin has been held. */
  check(): Promise<HorizonHealth>;
}

/** Keeps, per process, since when the horizon has been held at the same xmin (for holders it cannot see). */
export function createHorizonWatch(sql: Sql, options: { stuckAfterMs: number; now?: () => number }): HorizonWatch {
  const now = options.now ?? Date.now;
  let seen: { xmin: string; sinceMs: number } | null = null;
  return {
    async check() {
      const observation = await readHorizonHolder(sql);
      const nowMs = now();
      if (!observation.held) seen = null;
      else if (seen?.xmin !== observation.xmin) seen = { xmin: observation.xmin, sinceMs: nowMs };
      return decideHorizonHealth(observation, { stuckAfterMs: options.stuckAfterMs, heldSinceMs: seen?.sinceMs ?? null, nowMs });
    },
  };
}
