import { CafeError } from '@cafe/shared';
import type { ClientSession, CloseReason } from './client-session';

/** A place held for one client while its stream is set up; exactly one of its methods ends it. */
export interface FanoutSlot {
  /** The stream is open: the session takes the slot's place. */
  admit(session: ClientSession): void;
  /** The client left (or setup failed) before the session opened. Idempotent. */
  release(): void;
}

export interface Fanout {
  /** Connected clients, those still being set up included. */
  readonly clients: number;
  /** Rooms with at least one connected client (health `rooms`). */
  readonly rooms: number;
  readonly dropped: number;
  /**
   * Holds a place for a new client, or throws the 503 of a full instance (REALTIME_MAX_CLIENTS).
   * Taken before the setup's first wait, so clients that connect together cannot pass the cap.
   */
  reserve(): FanoutSlot;
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
  let reserved = 0;
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
      return sessions.size + reserved;
    },
    get rooms() {
      return roomClients.size;
    },
    get dropped() {
      return dropped;
    },
    reserve() {
      if (sessions.size + reserved >= options.maxClients) throw createCapacityError(options.maxClients);
      reserved += 1;
      let held = true;
      const end = () => {
        if (!held) return false;
        held = false;
        reserved -= 1;
        return true;
      };
      return {
        admit(session) {
          if (!end() || session.closed) return;
          sessions.add(session);
          const key = roomKey(session);
          roomClients.set(key, (roomClients.get(key) ?? 0) + 1);
        },
        release: () => void end(),
      };
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
