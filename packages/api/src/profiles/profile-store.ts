import type { Sql } from '@cafe/db';
import { PROFILE_COLUMNS, toProfile, type Profile, type ProfileRow } from './profile';

/** Reads one profile, or null. */
export async function findProfile(sql: Sql, tenantId: string, actorId: string): Promise<Profile | null> {
  const [row] = await sql<ProfileRow[]>`
    select ${sql.unsafe(PROFILE_COLUMNS)} from profiles where tenant_id = ${tenantId} and actor_id = ${actorId}`;
  return row ? toProfile(row) : null;
}

/** Lists a tenant's profiles, newest-updated first (docs/cursors.md). */
export async function listProfiles(sql: Sql, tenantId: string, limit: number): Promise<Profile[]> {
  const rows = await sql<ProfileRow[]>`
    select ${sql.unsafe(PROFILE_COLUMNS)} from profiles where tenant_id = ${tenantId}
     order by updated_at desc, actor_id limit ${limit}`;
  return rows.map(toProfile);
}

/** Writes a profile as given (insert or full update; the caller decides `createdAt`). */
export async function saveProfile(tx: Sql, profile: Profile): Promise<Profile> {
  const [row] = await tx<ProfileRow[]>`
    insert into profiles (tenant_id, actor_id, display_name, avatar_url, bio, theme, metadata, created_at, updated_at)
    values (${profile.tenantId}, ${profile.actorId}, ${profile.displayName}, ${profile.avatarUrl}, ${profile.bio},
            ${profile.theme === null ? null : JSON.stringify(profile.theme)}::text::jsonb, ${JSON.stringify(profile.metadata)}::text::jsonb,
            ${profile.createdAt}, ${profile.updatedAt})
    on conflict (tenant_id, actor_id) do update
       set display_name = excluded.display_name, avatar_url = excluded.avatar_url, bio = excluded.bio, theme = excluded.theme,
           metadata = excluded.metadata, updated_at = excluded.updated_at
    returning ${tx.unsafe(PROFILE_COLUMNS)}`;
  return toProfile(row!);
}

/** Deletes a profile; true when a row was removed. */
export async function deleteProfile(tx: Sql, tenantId: string, actorId: string): Promise<boolean> {
  const result = await tx`delete from profiles where tenant_id = ${tenantId} and actor_id = ${actorId}`;
  return result.count > 0;
}
