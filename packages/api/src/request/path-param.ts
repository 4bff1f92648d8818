import { getRouterParam, type H3Event } from 'h3';

/**
 * A path segment, URL-decoded with decodeURIComponent (h3's own `decode` uses decodeURI, which
 * leaves `%2F`, `%3A`, … encoded). A malformed escape is kept as given: it then matches no id.
 */
export function readPathParam(event: H3Event, name: string): string {
  const raw = getRouterParam(event, name) ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
