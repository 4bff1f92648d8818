import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { OperationDoc } from './document';

export interface FileRoute {
  method: OperationDoc['method'];
  path: string;
  file: string;
}

const METHODS = ['get', 'post', 'patch', 'delete', 'put'] as const;

/**
 * The route a Nitro file under `server/routes` serves: `v1/profiles/[actorId].get.ts` is
 * `GET /v1/profiles/:actorId`, `index` names its folder, a file without a method suffix
 * answers GET (other methods get its 404), and catch-alls (`[...rest].ts`) only say 404, so
 * they are not routes of the document (null).
 */
export function routeOfFile(file: string): FileRoute | null {
  const parts = file.replace(/\.ts$/, '').split('/');
  let last = parts.pop()!;
  if (last.startsWith('[...')) return null;
  let method: FileRoute['method'] = 'GET';
  const suffix = METHODS.find((name) => last.endsWith(`.${name}`));
  if (suffix) {
    method = suffix.toUpperCase() as FileRoute['method'];
    last = last.slice(0, -suffix.length - 1);
  }
  const segments = [...parts, ...(last === 'index' ? [] : [last])].map((segment) => segment.replace(/^\[(\w+)\]$/, ':$1'));
  return { method, path: `/${segments.join('/')}`, file };
}

/** Every route of the files under `routesDir`. */
export function routesOfDirectory(routesDir: string): FileRoute[] {
  const routes: FileRoute[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts')) {
        const route = routeOfFile(relative(routesDir, path));
        if (route) routes.push(route);
      }
    }
  };
  walk(routesDir);
  return routes;
}

/** `METHOD path` of the routes the document has no operation for. */
export function routesMissingFrom(document: { paths: Record<string, Record<string, unknown>> }, routes: readonly { method: string; path: string }[]): string[] {
  return routes
    .filter((route) => !document.paths[route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[route.method.toLowerCase()])
    .map((route) => `${route.method} ${route.path}`);
}
