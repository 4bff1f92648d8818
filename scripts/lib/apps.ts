import { resolve } from 'node:path';
import {
  parseApiEnv,
  parseFlexEnv,
  parseProjectorEnv,
  parseRealtimeEnv,
  type EnvSource,
} from '@cafe/shared';

export const ROOT_DIR = resolve(import.meta.dirname, '..', '..');

export interface AppSpec {
  name: 'api' | 'realtime' | 'projector' | 'flex';
  dir: string;
  /** Validates the app's environment; throws EnvError naming the bad variable. */
  parseEnv(source: EnvSource): { host: string; port: number };
  healthPath: string;
}

/** The four apps of the monorepo, in start order. */
export const APPS: AppSpec[] = [
  {
    name: 'api',
    dir: resolve(ROOT_DIR, 'packages/api'),
    parseEnv: (s) => {
      const env = parseApiEnv(s);
      return { host: env.API_HOST, port: env.API_PORT };
    },
    healthPath: '/healthz',
  },
  {
    name: 'realtime',
    dir: resolve(ROOT_DIR, 'packages/realtime'),
    parseEnv: (s) => {
      const env = parseRealtimeEnv(s);
      return { host: env.REALTIME_HOST, port: env.REALTIME_PORT };
    },
    healthPath: '/healthz',
  },
  {
    name: 'projector',
    dir: resolve(ROOT_DIR, 'packages/projector'),
    parseEnv: (s) => {
      const env = parseProjectorEnv(s);
      return { host: env.PROJECTOR_HOST, port: env.PROJECTOR_PORT };
    },
    healthPath: '/healthz',
  },
  {
    name: 'flex',
    dir: resolve(ROOT_DIR, 'packages/flex-registry'),
    parseEnv: (s) => {
      const env = parseFlexEnv(s);
      return { host: env.FLEX_HOST, port: env.FLEX_SERVER_PORT };
    },
    healthPath: '/api/v1/health',
  },
];

/** Looks an app up by name, or exits with the list of names. */
export function findApp(name: string | undefined): AppSpec {
  const app = APPS.find((candidate) => candidate.name === name);
  if (!app) {
    process.stderr.write(`unknown app "${name ?? ''}": one of ${APPS.map((a) => a.name).join(', ')}\n`);
    process.exit(2);
  }
  return app;
}

/** The built server entry of an app. */
export function serverEntry(app: AppSpec): string {
  return resolve(app.dir, '.output/server/index.mjs');
}
