import type { RealtimeEnv } from '@cafe/shared';

/** The one non-static console route: what the page needs to know about this deployment. */
export const CONSOLE_CONFIG_PATH = '/console/config.json';

/** Paths anyone may GET without a token: the health probe and the console's own config (the page and its assets are public files). */
const PUBLIC_PATHS = new Set(['/healthz', CONSOLE_CONFIG_PATH]);

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.has(path);
}

export interface ConsoleConfig {
  /** API base URL as the operator's browser reaches it (no trailing slash). */
  apiBaseUrl: string;
  defaultTenantId: string;
  defaultRoomId: string;
  /** Whether the stream and the API ask for a token; the page asks for one up front when true. */
  authRequired: boolean;
  /** Heartbeat period of the stream: the page treats twice this much silence as a dropped connection. */
  heartbeatMs: number;
}

/** Builds the console's configuration from the realtime environment; it never carries a secret. */
export function buildConsoleConfig(env: RealtimeEnv): ConsoleConfig {
  return {
    apiBaseUrl: env.REALTIME_CONSOLE_API_URL.replace(/\/+$/, ''),
    defaultTenantId: env.REALTIME_DEFAULT_TENANT_ID,
    defaultRoomId: 'main',
    authRequired: Boolean(env.API_AUTH_TOKEN),
    heartbeatMs: env.REALTIME_HEARTBEAT_MS,
  };
}
