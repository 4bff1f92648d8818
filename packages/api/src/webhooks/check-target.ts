import { lookup, type LookupAddress } from 'node:dns';
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { CafeError } from '@cafe/shared';
import { isRefusedAddress } from './ssrf-guard';

function refusedTarget(value: string, reason: string): CafeError {
  return new CafeError('ERR_INVALID_URL', 'targetUrl resolves to an address webhooks may not reach', { field: 'targetUrl', value, reason });
}

/**
 * Create/patch half of the SSRF guard: every address the host resolves to must be public.
 * The delivery half (`guardedLookup`) checks again at connect time, against DNS rebinding.
 */
export async function assertPublicTarget(targetUrl: string): Promise<void> {
  const host = new URL(targetUrl).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await dns.lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    throw refusedTarget(targetUrl, 'unresolvable');
  }
  if (addresses.length === 0 || addresses.some(isRefusedAddress)) throw refusedTarget(targetUrl, 'private_address');
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that refuses private addresses: the socket connects to exactly
 * the address checked here, so a name that resolves differently at delivery than at create
 * (DNS rebinding) is still refused.
 */
export function guardedLookup(hostname: string, options: object, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    const bad = list.find((entry) => isRefusedAddress(entry.address));
    if (bad || list.length === 0) {
      const refusal = Object.assign(new Error(`target address refused by the SSRF guard (${bad?.address ?? 'none'})`), { code: 'ERR_SSRF_REFUSED' });
      return callback(refusal, []);
    }
    if ((options as { all?: boolean }).all) return callback(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
}
