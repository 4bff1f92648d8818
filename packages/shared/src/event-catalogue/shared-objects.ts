import { z } from 'zod';
import { freeObject, isoTimestamp } from './fields';

export const SHARED_OBJECT_TYPES = ['whiteboard', 'note', 'token'] as const;

/** Every field of a SharedObject but its tenant and room (docs/api.md#shared-objects). */
const objectFields = {
  objectId: z.string().min(1),
  objectType: z.enum(SHARED_OBJECT_TYPES),
  objectKey: z.string().nullable(),
  title: z.string().nullable(),
  content: z.string().nullable(),
  data: freeObject(),
  quantity: z.number().int().nonnegative().nullable(),
  metadata: freeObject(),
  version: z.number().int().min(1),
  createdBy: z.string().min(1),
  updatedBy: z.string().min(1),
  createdAt: isoTimestamp(),
  updatedAt: isoTimestamp(),
};

export const sharedObjectCreatedPayload = z.strictObject(objectFields).describe('A shared object was created (POST /v1/objects).');

export const sharedObjectUpdatedPayload = z
  .strictObject({ ...objectFields, changedFields: z.array(z.string()) })
  .describe('A shared object was patched (PATCH /v1/objects/{id}); version went up by one.');

export const sharedObjectEventPayloads = {
  shared_object_created: sharedObjectCreatedPayload,
  shared_object_updated: sharedObjectUpdatedPayload,
} as const;
