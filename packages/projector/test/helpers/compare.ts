import type { Redis } from 'ioredis';
import { readRoomKeyspace, type RoomKeyspaceDump } from '@cafe/bus';

/** Every room's read models under two prefixes, for a deep comparison. */
export async function readRooms(redis: Redis, prefix: string, rooms: Array<{ tenantId: string; roomId: string }>): Promise<Record<string, RoomKeyspaceDump>> {
  const result: Record<string, RoomKeyspaceDump> = {};
  for (const room of rooms) result[`${room.tenantId}/${room.roomId}`] = await readRoomKeyspace(redis, prefix, room.tenantId, room.roomId);
  return result;
}

/** The projector health fields the tests wait on. */
export interface ProjectorHealth {
  projector: { position: number; running: boolean } | null;
  lag: { events: number; ms: number; head: number } | null;
  role: string;
}

/** Reads the projector's /healthz. */
export async function fetchProjectorHealth(baseUrl: string): Promise<ProjectorHealth> {
  return (await (await fetch(`${baseUrl}/healthz`)).json()) as ProjectorHealth;
}
