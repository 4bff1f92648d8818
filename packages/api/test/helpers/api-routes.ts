import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** One route of the built API, as Nitro's file router derives it from `server/routes`. */
export interface ApiRoute {
  /** The file under `server/routes`, for messages. */
  file: string;
  /** The methods it answers; a file without a method suffix answers all of them. */
  methods: string[];
  /** Path segments: literal text, `{ param }` for `[param]`, `{ rest }` for `[...rest]`. */
  segments: Array<string | { param: string } | { rest: string }>;
}

const ROUTES_DIR = resolve(import.meta.dirname, '..', '..', 'server', 'routes');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function toSegment(name: string): ApiRoute['segments'][number] {
  const rest = name.match(/^\[\.\.\.(.+)\]$/);
  if (rest) return { rest: rest[1]! };
  const param = name.match(/^\[(.+)\]$/);
  return param ? { param: param[1]! } : name;
}

/**
 * Every route file of the API, read from the directory so a route added later is covered by
 * whatever iterates this list without anyone updating it.
 */
export function listApiRoutes(): ApiRoute[] {
  return listFiles(ROUTES_DIR)
    .map((path) => relative(ROUTES_DIR, path))
    .sort()
    .map((file) => {
      const parts = file.replace(/\.ts$/, '').split('/');
      const last = parts.pop()!;
      const [name, method] = last.split('.') as [string, string | undefined];
      if (name !== 'index') parts.push(name);
      const methods = method && METHODS.includes(method) ? [method.toUpperCase()] : METHODS.map((m) => m.toUpperCase());
      return { file, methods, segments: parts.map(toSegment) };
    });
}
