/** Theme colours of a profile (docs/api.md#resources Profile); each a lower-case hex string or null. */
export interface ProfileTheme {
  bubbleColor?: string | null;
  textColor?: string | null;
  accentColor?: string | null;
}

/** The Profile resource of docs/api.md#resources. */
export interface Profile {
  tenantId: string;
  actorId: string;
  displayName: string;
  avatarUrl: string | null;
  bio: string | null;
  theme: ProfileTheme | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ProfileRow {
  tenant_id: string;
  actor_id: string;
  display_name: string;
  avatar_url: string | null;
  bio: string | null;
  theme: ProfileTheme | null;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export const PROFILE_COLUMNS = 'tenant_id, actor_id, display_name, avatar_url, bio, theme, metadata, created_at, updated_at';

/** Maps a profiles row to the wire shape. */
export function toProfile(row: ProfileRow): Profile {
  return {
    tenantId: row.tenant_id,
    actorId: row.actor_id,
    displayName: row.display_name,
    avatarUrl: row.avatar_url,
    bio: row.bio,
    theme: row.theme ?? null,
    metadata: row.metadata ?? {},
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
