import { getRouterParam, type H3Event } from 'h3';

/**
 * A path segment, URL-decoded with decodeURIComponent (h3's own `decode` uses decodeURI, which
 * leaves `%2F`, `%3A`, … encoded). A malformed escape is kept as given: it then matches no id.
 */
export function decodePathParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The named path segment of the request, decoded (see decodePathParam). */
export function readPathParam(event: H3Event, name: string): string {
  return decodePathParam(getRouterParam(event, name) ?? '');
}
