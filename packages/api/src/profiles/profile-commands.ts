import { z } from 'zod';
import { CafeError } from '@cafe/shared';
import type { Sql } from '@cafe/db';
import { getDefaults } from '../deps';
import { defineCommand, type CommandRequest } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { idField, optionalOpaqueId, parseFields, requiredString } from '../request/fields';
import type { ApiEnv } from '@cafe/shared';
import { deleteProfile, findProfile, saveProfile } from './profile-store';
import { buildPatchedProfile, buildReplacedProfile, parseProfilePatch, parseProfileReplace } from './validate-profile';

export function profileNotFound(tenantId: string, actorId: string): CafeError {
  return new CafeError('ERR_NOT_FOUND', 'Profile not found', { tenantId, actorId });
}

/**
 * `POST /v1/profiles` (docs/api.md#profiles): pre-checks `tenantId`/`actorId`, then
 * idempotency, then field validation; a full replace that keeps `createdAt`. 201, no events.
 */
export const profileUpsertCommand = defineCommand({
  method: 'POST',
  path: '/v1/profiles',
  parse: ({ body }, env) => ({
    ...parseFields(
      z.object({ tenantId: idField('tenantId', getDefaults({ env }).tenantId), actorId: requiredString('actorId'), correlationId: optionalOpaqueId('correlationId') }),
      body,
    ),
    body,
  }),
  key: ({ tenantId, actorId, correlationId }) => ({
    tenantId,
    actorId,
    correlationId,
    scope: scopes.profileUpsert(tenantId, actorId),
    locks: [locks.profile(tenantId, actorId)],
  }),
  validate: (pre) => ({ ...pre, fields: parseProfileReplace(pre.body) }),
  load: ({ tx }, { tenantId, actorId }) => findProfile(tx, tenantId, actorId),
  decide: ({ tenantId, actorId, fields }, existing, { now }) => ({ events: [], profile: buildReplacedProfile({ tenantId, actorId }, fields, existing, now) }),
  persist: ({ tx }, { profile }) => saveProfile(tx, profile),
  respond: ({ persisted, correlationId }) => ({ status: 201, data: { profile: persisted, correlationId } }),
});

/** The subject of PATCH/DELETE: the path's actor; the tenant from the body (PATCH), the query, or the default. */
function parseProfileSubject(request: CommandRequest, env: ApiEnv, fromBody: boolean) {
  const fallback = request.query.string('tenantId') ?? getDefaults({ env }).tenantId;
  const schema = z.object({ tenantId: idField('tenantId', fallback), correlationId: optionalOpaqueId('correlationId') });
  return { ...parseFields(schema, fromBody ? request.body : {}), actorId: request.params.actorId ?? '', body: request.body };
}

/**
 * The 404 that the contract puts before the key check. It only runs for requests without a
 * key: with one, existence is checked inside the transaction after the idempotency lookup, so
 * a retried DELETE replays its 200 instead of answering 404 for the profile it removed.
 */
async function requireProfileWithoutKey<Pre extends { tenantId: string; actorId: string }>(sql: Sql, pre: Pre, request: { hasIdempotencyKey: boolean }) {
  if (!request.hasIdempotencyKey && !(await findProfile(sql, pre.tenantId, pre.actorId))) throw profileNotFound(pre.tenantId, pre.actorId);
}

/** `PATCH /v1/profiles/{actorId}`: 404 before idempotency and before field validation; `theme` replaces the whole theme. */
export const profilePatchCommand = defineCommand({
  method: 'PATCH',
  path: '/v1/profiles/:actorId',
  parse: (request, env) => parseProfileSubject(request, env, true),
  precheck: (sql, pre, request) => requireProfileWithoutKey(sql, pre, request),
  key: ({ tenantId, actorId, correlationId }) => ({
    tenantId,
    actorId,
    correlationId,
    route: `/v1/profiles/${actorId}`,
    scope: scopes.profileChange(tenantId, actorId, 'PATCH'),
    locks: [locks.profile(tenantId, actorId)],
  }),
  // Read under the lock: a concurrent DELETE may have won since any pre-check.
  load: ({ tx }, { tenantId, actorId }) => findProfile(tx, tenantId, actorId),
  decide: ({ tenantId, actorId, body }, existing, { now }) => {
    if (!existing) throw profileNotFound(tenantId, actorId);
    return { events: [], profile: buildPatchedProfile(existing, parseProfilePatch(body), now) };
  },
  persist: ({ tx }, { profile }) => saveProfile(tx, profile),
  respond: ({ persisted, correlationId }) => ({ status: 200, data: { profile: persisted, correlationId } }),
});

/** `DELETE /v1/profiles/{actorId}`: tenant from the query, 404 before idempotency. */
export const profileDeleteCommand = defineCommand({
  method: 'DELETE',
  path: '/v1/profiles/:actorId',
  parse: (request, env) => {
    const { tenantId, actorId } = parseProfileSubject(request, env, false);
    return { tenantId, actorId };
  },
  precheck: (sql, pre, request) => requireProfileWithoutKey(sql, pre, request),
  key: ({ tenantId, actorId }) => ({
    tenantId,
    actorId,
    route: `/v1/profiles/${actorId}`,
    scope: scopes.profileChange(tenantId, actorId, 'DELETE'),
    locks: [locks.profile(tenantId, actorId)],
  }),
  decide: ({ tenantId, actorId }) => ({ events: [], tenantId, actorId }),
  persist: async ({ tx }, { tenantId, actorId }) => {
    if (!(await deleteProfile(tx, tenantId, actorId))) throw profileNotFound(tenantId, actorId);
  },
  respond: ({ input, correlationId }) => ({ status: 200, data: { deleted: true, actorId: input.actorId, correlationId } }),
});
