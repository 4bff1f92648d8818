import type { Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import type { ApiRuntime } from '../runtime';
import { requireSql } from '../deps';
import type { Profile } from './profile';
import { profileNotFound } from './profile-commands';
import { findProfile, listProfiles } from './profile-store';

/** Reads one profile or answers 404 `Profile not found`. */
export async function requireProfile(runtime: ApiRuntime, tenantId: string, actorId: string): Promise<Profile> {
  const profile = await findProfile(requireSql(runtime), tenantId, actorId);
  if (!profile) throw profileNotFound(tenantId, actorId);
  return profile;
}

/**
 * `GET /v1/profiles` (docs/api.md#profiles): with `actorId` one `{ profile }` (404 when absent), else
 * `{ profiles, count }` newest-updated first.
 */
export async function readProfiles(runtime: ApiRuntime, query: QueryReader, defaultTenantId: string) {
  const tenantId = query.string('tenantId') ?? defaultTenantId;
  const actorId = query.string('actorId');
  if (actorId !== undefined) return { profile: await requireProfile(runtime, tenantId, actorId) };
  const sql: Sql = requireSql(runtime);
  const profiles = await listProfiles(sql, tenantId, query.int('limit', 200, 1, 1000));
  return { profiles, count: profiles.length };
}
