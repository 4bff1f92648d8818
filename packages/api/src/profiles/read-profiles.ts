import type { Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import type { ApiRuntime } from '../runtime';
import { requireSql } from '../deps';
import { listProfiles } from './profile-store';
import { requireProfile } from './execute-profile';

/**
 * `GET /v1/profiles` (api.md §8.1): with `actorId` one `{ profile }` (404 when absent), else
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
