import type { HorizonHolder, HorizonObservation } from './read-horizon-holder';

export interface HorizonHealth {
  /** Event reads have been held back longer than `stuckAfterMs`. */
  stuck: boolean;
  stuckAfterMs: number;
  xmin: string;
  /** How long the horizon has been held by the same transaction, or null when nothing holds it. */
  heldForMs: number | null;
  holder: HorizonHolder | null;
  /** One sentence for health's `reason` when stuck, else null. */
  problem: string | null;
}

/**
 * Whether the cluster-wide horizon is stuck. A horizon held for a moment is normal (every write
 * holds it until it commits); held longer than `stuckAfterMs` by one transaction, every event
 * reader on the server is frozen while writes still succeed. The holder's own age is used when
 * it is visible; otherwise how long this process has seen the same xmin held (`heldSinceMs`).
 */
export function decideHorizonHealth(
  observation: HorizonObservation,
  options: { stuckAfterMs: number; heldSinceMs: number | null; nowMs: number },
): HorizonHealth {
  const { stuckAfterMs } = options;
  const base = { stuckAfterMs, xmin: observation.xmin, holder: observation.holder };
  if (!observation.held) return { ...base, stuck: false, heldForMs: null, problem: null };
  const heldForMs = observation.holder?.ageMs ?? (options.heldSinceMs === null ? 0 : Math.max(0, options.nowMs - options.heldSinceMs));
  if (heldForMs < stuckAfterMs) return { ...base, stuck: false, heldForMs, problem: null };
  return { ...base, stuck: true, heldForMs, problem: describeStuckHorizon(observation.holder, heldForMs) };
}

function describeStuckHorizon(holder: HorizonHolder | null, heldForMs: number): string {
  const seconds = Math.round(heldForMs / 1000);
  const prefix = `event reads are held back: the Postgres server's transaction horizon has not moved for ${seconds} s`;
  if (!holder) {
    return `${prefix}, held by a transaction this database user cannot see (grant it pg_read_all_stats to name it)`;
  }
  if (holder.kind === 'prepared') {
    return `${prefix}, held by prepared transaction xid ${holder.backendXid} in database "${holder.database}"; COMMIT PREPARED or ROLLBACK PREPARED it`;
  }
  const who = [holder.user && `user "${holder.user}"`, holder.applicationName && `application "${holder.applicationName}"`, holder.state]
    .filter(Boolean)
    .join(', ');
  return `${prefix}, held by pid ${holder.pid} in database "${holder.database}" (${who}); end that transaction or pg_terminate_backend(${holder.pid})`;
}
