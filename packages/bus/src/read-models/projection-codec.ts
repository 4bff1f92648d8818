import type { ProjectedThread, RoomProjection } from '@cafe/shared';

type StoredThread = Omit<ProjectedThread, 'participants'> & { participants: string[] };

/** The JSON form of a projection: maps as entry arrays (keeps order, any key), sets as arrays. */
interface StoredProjection extends Omit<RoomProjection, 'actors' | 'threads' | 'tasks' | 'sharedObjects'> {
  v: 1;
  actors: Array<[string, RoomProjection['actors'] extends Map<string, infer A> ? A : never]>;
  threads: Array<[string, StoredThread]>;
  tasks: Array<[string, Record<string, unknown>]>;
  sharedObjects: Array<[string, Record<string, unknown>]>;
}

/** Serialises a projection so that decoding it gives an equal, foldable projection. */
export function encodeProjection(state: RoomProjection): string {
  const stored: StoredProjection = {
    ...state,
    v: 1,
    actors: [...state.actors.entries()],
    threads: [...state.threads.entries()].map(([key, thread]) => [key, { ...thread, participants: [...thread.participants] }]),
    tasks: [...state.tasks.entries()],
    sharedObjects: [...state.sharedObjects.entries()],
  };
  return JSON.stringify(stored);
}

/** Restores a projection written by `encodeProjection`; throws on another format. */
export function decodeProjection(text: string): RoomProjection {
  const stored = JSON.parse(text) as StoredProjection;
  if (stored.v !== 1) throw new Error(`unknown projection format ${String(stored.v)}`);
  const { v: _version, ...rest } = stored;
  return {
    ...rest,
    actors: new Map(stored.actors),
    threads: new Map(stored.threads.map(([key, thread]) => [key, { ...thread, participants: new Set(thread.participants) }])),
    tasks: new Map(stored.tasks),
    sharedObjects: new Map(stored.sharedObjects),
  };
}
