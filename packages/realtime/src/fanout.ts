import { CafeError } from '@cafe/shared';
import type { ClientSession, CloseReason } from './client-session';

export interface Fanout {
  readonly clients: number;
  /** Rooms with at least one connected client (health `rooms`). */
  readonly rooms: number;
  readonly dropped: number;
  /** Throws the 503 of a full instance (REALTIME_MAX_CLIENTS). */
  assertCapacity(): void;
  add(session: ClientSession): void;
  remove(session: ClientSession, reason: CloseReason): void;
  /** Ends every stream (shutdown): clients reconnect elsewhere with their Last-Event-ID. */
  closeAll(): void;
  stop(): void;
}

/** The 503 sent when an instance is full: a clear reason, and when to try again. */
export function createCapacityError(maxClients: number): CafeError {
  return new CafeError('ERR_RATE_LIMITED', 'Realtime client limit reached', { reasonCode: 'REALTIME_MAX_CLIENTS', maxClients, retryAfterSeconds: 1 }, 503);
}

/** The connected SSE clients of this instance: the cap, room counts and one heartbeat timer. */
export function createFanout(options: { maxClients: number; heartbeatMs: number }): Fanout {
  const sessions = new Set<ClientSession>();
  const roomClients = new Map<string, number>();
  let dropped = 0;
  const roomKey = (session: ClientSession) => JSON.stringify([session.request.tenantId, session.request.roomId]);
  const timer = setInterval(() => {
    const now = Date.now();
    for (const session of [...sessions]) session.heartbeat(now);
  }, options.heartbeatMs);
  timer.unref();

  return {
    get clients() {
      return sessions.size;
    },
    get rooms() {
      return roomClients.size;
    },
    get dropped() {
      return dropped;
    },
    assertCapacity() {
      if (sessions.size >= options.maxClients) throw createCapacityError(options.maxClients);
    },
    add(session) {
      sessions.add(session);
      const key = roomKey(session);
      roomClients.set(key, (roomClients.get(key) ?? 0) + 1);
    },
    remove(session, reason) {
      if (!sessions.delete(session)) return;
      if (reason === 'slow-client') dropped += 1;
      const key = roomKey(session);
      const left = (roomClients.get(key) ?? 1) - 1;
      if (left <= 0) roomClients.delete(key);
      else roomClients.set(key, left);
    },
    closeAll() {
      for (const session of [...sessions]) session.close('server-closing');
    },
    stop() {
      clearInterval(timer);
    },
  };
}
