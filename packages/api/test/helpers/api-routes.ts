import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { COMMANDS } from '../../src/pipeline/commands';

/** One route of the built API: a file under `server/routes`, or a mounted command module. */
export interface ApiRoute {
  /** The file under `server/routes`, or `command METHOD path`, for messages. */
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

/** The mutating routes, mounted from the command registry (`:param` segments). */
function listCommandRoutes(): ApiRoute[] {
  return COMMANDS.map((command) => ({
    file: `command ${command.method} ${command.path}`,
    methods: [command.method],
    segments: command.path
      .split('/')
      .filter(Boolean)
      .map((part) => (part.startsWith(':') ? { param: part.slice(1) } : part)),
  }));
}

/**
 * Every route of the API: the files of `server/routes` and the command registry the server
 * mounts, both read at run time so a route added later is covered by whatever iterates this
 * list without anyone updating it.
 */
export function listApiRoutes(): ApiRoute[] {
  return [...listFileRoutes(), ...listCommandRoutes()];
}

function listFileRoutes(): ApiRoute[] {
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
