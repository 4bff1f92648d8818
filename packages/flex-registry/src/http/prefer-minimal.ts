import { getRequestHeader, type H3Event } from 'h3';

/**
 * True when the client sent `Prefer: return=minimal` (RFC 7240): the registration response then
 * carries `registry.count` without the `active` list, which grows with the registry.
 */
export function prefersMinimalReturn(event: H3Event): boolean {
  const prefer = getRequestHeader(event, 'prefer') ?? '';
  return prefer
    .split(',')
    .map((token) => token.split(';')[0]!.trim().toLowerCase().replace(/\s+/g, ''))
    .includes('return=minimal');
}
