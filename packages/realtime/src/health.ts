import { CAFE_VERSION } from '@cafe/shared';
import type { RealtimeRuntime } from './runtime';

/**
 * Health of the realtime fanout (docs/streams.md#the-realtime-stream plus version, uptime, modes, database and
 * transport). `source` describes this instance's own event feed; `replayStore` where resumes are
 * served from (recent events in memory, everything older from Postgres).
 */
export async function getRealtimeHealth(runtime: RealtimeRuntime) {
  const dbProblem = await runtime.db.probe();
  // Replays read the event log, which waits for every older transaction on the server
  // (docs/operations.md#a-postgres-cluster-of-its-own).
  const horizon = dbProblem ? null : await runtime.db.horizon();
  const reason = dbProblem ?? horizon?.problem ?? null;
  const feed = runtime.transport?.status() ?? null;
  return {
    ok: true,
    service: 'agentcafe-realtime',
    version: CAFE_VERSION,
    uptimeSeconds: Math.floor((Date.now() - runtime.startedAt) / 1000),
    status: reason ? 'degraded' : 'healthy',
    reason,
    modes: { postgres: runtime.env.CAFE_POSTGRES_MODE, transport: runtime.env.REDIS_URL ? 'redis' : 'postgres' },
    database: { ok: dbProblem === null, error: dbProblem },
    horizon,
    rooms: runtime.fanout.rooms,
    clients: runtime.fanout.clients,
    maxClients: runtime.env.REALTIME_MAX_CLIENTS,
    droppedClients: runtime.fanout.dropped,
    replayStore: runtime.transport
      ? {
          enabled: true,
          reason: null,
          store: 'postgres',
          memoryEventsPerRoom: runtime.env.REALTIME_ROOM_HISTORY_LIMIT,
          // Recent events in memory across rooms, bounded by BUS_HISTORY_MAX_BYTES.
          memoryBytes: feed?.history.bytes ?? 0,
          memoryMaxBytes: runtime.env.BUS_HISTORY_MAX_BYTES,
        }
      : { enabled: false, reason: 'DATABASE_URL not configured', store: null, memoryEventsPerRoom: 0, memoryBytes: 0, memoryMaxBytes: 0 },
    source: {
      connected: feed?.connected ?? false,
      reconnects: feed?.reconnects ?? 0,
      lastCursor: feed?.position ?? 0,
      lastEventAt: feed?.lastEventAt ?? null,
      lastError: feed?.lastError ?? (runtime.transport ? null : 'DATABASE_URL not configured'),
      kind: feed?.source ?? null,
      relay: feed?.relay ?? null,
      subscribers: feed?.subscribers ?? 0,
    },
  };
}
