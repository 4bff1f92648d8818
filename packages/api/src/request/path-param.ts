import { getRouterParam, type H3Event } from 'h3';
import { CafeError } from '@cafe/shared';
import { isStorableText } from '@cafe/http';

/**
 * A path segment, URL-decoded with decodeURIComponent (h3's own `decode` uses decodeURI, which
 * leaves `%2F`, `%3A`, … encoded). A malformed escape is kept as given: it then matches no id.
 * A segment that decodes to text no id can hold (NUL, an unpaired surrogate) is an id that
 * cannot exist: 404 ERR_NOT_FOUND (docs/http.md#unknown-routes), before it reaches a query.
 */
export function decodePathParam(raw: string, name = 'id'): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return raw;
  }
  if (!isStorableText(decoded)) throw new CafeError('ERR_NOT_FOUND', 'Resource not found', { field: name });
  return decoded;
}

/** The named path segment of the request, decoded (see decodePathParam). */
export function readPathParam(event: H3Event, name: string): string {
  return decodePathParam(getRouterParam(event, name) ?? '', name);
}
