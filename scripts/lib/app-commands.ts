import { resolve } from 'node:path';
import { ROOT_DIR, serverEntry, type AppSpec } from './apps';

/**
 * How the launcher runs the apps:
 * - `dev`: each app under its Nitro dev server, which rebuilds and reloads on every change
 *   under the app's `server/` and the sources it imports;
 * - `start`: each app's built bundle (`.output/server/index.mjs`), as in production.
 */
export type LaunchMode = 'dev' | 'start';

/** The Nitro CLI of the workspace; its path also names dev processes for `pgrep`. */
export const NITRO_CLI = resolve(ROOT_DIR, 'node_modules/nitropack/dist/cli/index.mjs');

export interface AppCommand {
  name: AppSpec['name'];
  /** A shell command line that `exec`s the app, so signals reach it with no shell in between. */
  command: string;
  cwd: string;
  env: Record<string, string>;
}

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** The command that runs one app in the given mode, listening on `host:port`. */
export function appCommand(app: AppSpec, mode: LaunchMode, listen: { host: string; port: number }): AppCommand {
  const node = quote(process.execPath);
  const argv =
    mode === 'dev'
      ? `${node} ${quote(NITRO_CLI)} dev --no-qr --host ${quote(listen.host)} --port ${listen.port}`
      : `${node} ${quote(serverEntry(app))}`;
  return {
    name: app.name,
    command: `exec ${argv}`,
    cwd: mode === 'dev' ? app.dir : ROOT_DIR,
    env: { NITRO_HOST: listen.host, NITRO_PORT: String(listen.port) },
  };
}
