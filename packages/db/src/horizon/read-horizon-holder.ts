import type { Sql } from '../client';

/** The open transaction with the oldest xid on the whole server: the one event reads wait for. */
export interface HorizonHolder {
  /** `session` (a backend in pg_stat_activity) or `prepared` (a two-phase transaction, no backend). */
  kind: 'session' | 'prepared';
  /** null for a prepared transaction. */
  pid: number | null;
  database: string | null;
  user: string | null;
  applicationName: string | null;
  /** `active`, `idle in transaction`, …; null for a prepared transaction. */
  state: string | null;
  backendXid: string;
  backendXmin: string | null;
  /** When its transaction started (prepared: when it was prepared). */
  xactStart: Date | null;
  /** Milliseconds since `xactStart`, by the server's clock. */
  ageMs: number | null;
}

export interface HorizonObservation {
  /** `pg_snapshot_xmin(pg_current_snapshot())`: readers return events of transactions below it only. */
  xmin: string;
  /**
   * A transaction with an xid is still running, so the horizon cannot move past it: one is
   * visible, or something committed after it (the snapshot's xmax, latest completed xid + 1,
   * is above its xmin).
   */
  held: boolean;
  /** The oldest such transaction this database user can see, or null. */
  holder: HorizonHolder | null;
}

interface HolderRow {
  xmin: string;
  held: boolean;
  kind: 'session' | 'prepared' | null;
  pid: number | null;
  database: string | null;
  user: string | null;
  application_name: string | null;
  state: string | null;
  backend_xid: string | null;
  backend_xmin: string | null;
  xact_start: Date | null;
  age_ms: number | null;
}

/**
 * Reads the cluster-wide read horizon and who holds it (docs/operations.md#a-postgres-cluster-of-its-own).
 * xids are server-wide, so the holder may be in any database; sessions of other users show no
 * xid unless this user has `pg_read_all_stats`, and then `holder` is null.
 */
export async function readHorizonHolder(sql: Sql): Promise<HorizonObservation> {
  const [row] = await sql<HolderRow[]>`
    with horizon as (
      select pg_snapshot_xmin(s) as xmin, pg_snapshot_xmax(s) as xmax from pg_current_snapshot() s
    ), holders as (
      select 'session' as kind, a.pid, a.datname::text as database, a.usename::text as "user",
             a.application_name, a.state, a.backend_xid, a.backend_xmin, a.xact_start
        from pg_stat_activity a
       where a.backend_xid is not null and a.pid <> pg_backend_pid()
      union all
      select 'prepared', null, p.database::text, p.owner::text, null, null, p.transaction, null, p.prepared
        from pg_prepared_xacts p
    )
    select h.xmin::text as xmin, (h.xmin < h.xmax or o.backend_xid is not null) as held,
           o.kind, o.pid, o.database, o."user", o.application_name, o.state,
           o.backend_xid::text as backend_xid, o.backend_xmin::text as backend_xmin, o.xact_start,
           (extract(epoch from clock_timestamp() - o.xact_start) * 1000)::float8 as age_ms
      from horizon h
      left join lateral (select * from holders order by age(holders.backend_xid) desc limit 1) o on true`;
  if (!row) throw new Error('horizon query returned no row');
  const holder: HorizonHolder | null =
    row.kind && row.backend_xid
      ? {
          kind: row.kind,
          pid: row.pid,
          database: row.database,
          user: row.user,
          applicationName: row.application_name,
          state: row.state,
          backendXid: row.backend_xid,
          backendXmin: row.backend_xmin,
          xactStart: row.xact_start,
          ageMs: row.age_ms === null ? null : Math.max(0, Math.round(row.age_ms)),
        }
      : null;
  return { xmin: row.xmin, held: row.held, holder };
}
