import { z } from 'zod';
import { isoTimestamp } from './fields';

/** `snapshot_created` (docs/api.md#snapshots): `snapshotRef.actorId` is null for room snapshots. */
export const snapshotCreatedPayload = z
  .strictObject({
    scope: z.enum(['room', 'agent']),
    version: z.number().int().min(1),
    expiresAt: isoTimestamp().nullable(),
    snapshotRef: z.strictObject({ roomId: z.string().min(1), actorId: z.string().nullable() }),
  })
  .describe('A room or agent snapshot was stored (POST /v1/snapshots/{room|agent}).');

export const snapshotEventPayloads = { snapshot_created: snapshotCreatedPayload } as const;
