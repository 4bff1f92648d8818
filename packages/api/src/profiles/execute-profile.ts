import { z } from 'zod';
import { CafeError } from '@cafe/shared';
import { getDefaults, getMutationDeps, requireSql } from '../deps';
import { runMutation, type MutationResult } from '../mutation/run-mutation';
import { idField, optionalOpaqueId, parseFields, requiredString } from '../request/fields';
import type { ApiRuntime } from '../runtime';
import type { Profile } from './profile';
import { deleteProfile, findProfile, saveProfile } from './profile-store';
import { buildPatchedProfile, buildReplacedProfile, parseProfilePatch, parseProfileReplace } from './validate-profile';

export interface ProfileMutationRequest {
  body: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | undefined;
}

export interface ProfileSubjectRequest extends ProfileMutationRequest {
  /** `{actorId}` of the path, already URL-decoded. */
  actorId: string;
  /** `tenantId` of the query string, if any. */
  queryTenantId: string | undefined;
}

function profileNotFound(tenantId: string, actorId: string): CafeError {
  return new CafeError('ERR_NOT_FOUND', 'Profile not found', { tenantId, actorId });
}

/** Reads one profile or answers 404 `Profile not found`. */
export async function requireProfile(runtime: ApiRuntime, tenantId: string, actorId: string): Promise<Profile> {
  const profile = await findProfile(requireSql(runtime), tenantId, actorId);
  if (!profile) throw profileNotFound(tenantId, actorId);
  return profile;
}

/**
 * `POST /v1/profiles` (api.md §8.2): pre-checks `tenantId`/`actorId`, then idempotency, then
 * field validation; a full replace that keeps `createdAt`. Always 201, no events.
 */
export async function upsertProfile(runtime: ApiRuntime, request: ProfileMutationRequest): Promise<MutationResult> {
  const pre = parseFields(
    z.object({
      tenantId: idField('tenantId', getDefaults(runtime).tenantId),
      actorId: requiredString('actorId'),
      correlationId: optionalOpaqueId('correlationId'),
    }),
    request.body,
  );
  const { tenantId, actorId } = pre;
  return runMutation(
    getMutationDeps(runtime),
    {
      route: '/v1/profiles',
      method: 'POST',
      requestId: request.requestId,
      tenantId,
      actorId,
      scope: `${tenantId}:profiles:${actorId}:upsert`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      correlationId: pre.correlationId,
      lockKeys: [`profile:${tenantId}:${actorId}`],
    },
    async ({ tx, now, correlationId }) => {
      const fields = parseProfileReplace(request.body);
      const existing = await findProfile(tx, tenantId, actorId);
      const profile = await saveProfile(tx, buildReplacedProfile({ tenantId, actorId }, fields, existing, now));
      return { status: 201, data: { profile, correlationId } };
    },
  );
}

/**
 * The 404 pre-check of PATCH/DELETE, which api.md puts before the key check. It only runs for
 * requests without a key: with one, the existence check happens inside the transaction after
 * the idempotency lookup, so a retried DELETE replays its 200 (DESIGN.md invariant 2) instead
 * of answering 404 for the profile it removed.
 */
async function requireProfileBeforeKey(runtime: ApiRuntime, request: ProfileSubjectRequest, tenantId: string): Promise<void> {
  if (!request.idempotencyKey?.trim()) await requireProfile(runtime, tenantId, request.actorId);
}

/** The tenant of a PATCH/DELETE: body (PATCH only), else query, else the default. */
function resolveSubjectTenant(runtime: ApiRuntime, request: ProfileSubjectRequest, fromBody: boolean) {
  const fallback = request.queryTenantId ?? getDefaults(runtime).tenantId;
  const schema = z.object({ tenantId: idField('tenantId', fallback), correlationId: optionalOpaqueId('correlationId') });
  return parseFields(schema, fromBody ? request.body : {});
}

/**
 * `PATCH /v1/profiles/{actorId}` (api.md §8.4): 404 before idempotency, then a partial update;
 * `theme` replaces the whole theme.
 */
export async function patchProfile(runtime: ApiRuntime, request: ProfileSubjectRequest): Promise<MutationResult> {
  const { tenantId, correlationId } = resolveSubjectTenant(runtime, request, true);
  const { actorId } = request;
  await requireProfileBeforeKey(runtime, request, tenantId);
  return runMutation(
    getMutationDeps(runtime),
    {
      route: `/v1/profiles/${actorId}`,
      method: 'PATCH',
      requestId: request.requestId,
      tenantId,
      actorId,
      scope: `${tenantId}:profiles:${actorId}:PATCH`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      correlationId,
      lockKeys: [`profile:${tenantId}:${actorId}`],
    },
    async ({ tx, now, correlationId: assignedId }) => {
      // Read under the lock (a concurrent DELETE may have won since any pre-check); 404 comes
      // before field validation either way.
      const existing = await findProfile(tx, tenantId, actorId);
      if (!existing) throw profileNotFound(tenantId, actorId);
      const patch = parseProfilePatch(request.body);
      const profile = await saveProfile(tx, buildPatchedProfile(existing, patch, now));
      return { status: 200, data: { profile, correlationId: assignedId } };
    },
  );
}

/** `DELETE /v1/profiles/{actorId}` (api.md §8.5): tenant from the query, 404 before idempotency. */
export async function removeProfile(runtime: ApiRuntime, request: ProfileSubjectRequest): Promise<MutationResult> {
  const { tenantId } = resolveSubjectTenant(runtime, request, false);
  const { actorId } = request;
  await requireProfileBeforeKey(runtime, request, tenantId);
  return runMutation(
    getMutationDeps(runtime),
    {
      route: `/v1/profiles/${actorId}`,
      method: 'DELETE',
      requestId: request.requestId,
      tenantId,
      actorId,
      scope: `${tenantId}:profiles:${actorId}:DELETE`,
      body: {},
      idempotencyKey: request.idempotencyKey,
      lockKeys: [`profile:${tenantId}:${actorId}`],
    },
    async ({ tx, correlationId }) => {
      if (!(await deleteProfile(tx, tenantId, actorId))) throw profileNotFound(tenantId, actorId);
      return { status: 200, data: { deleted: true, actorId, correlationId } };
    },
  );
}
