import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may never reach when the guard is on: loopback, private, link-local
 * (cloud metadata lives there: 169.254.169.254, fd00:ec2::254), carrier-grade NAT, unspecified,
 * multicast and reserved ranges, and IPv4 mapped into IPv6.
 */
const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  refused.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['fd00:ec2::', 32],
] as const) {
  refused.addSubnet(network, prefix, 'ipv6');
}

/** True when the address is one the guard refuses. */
export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return refused.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return refused.check(mapped[1]!, 'ipv4');
    return refused.check(address, 'ipv6');
  }
  return true;
}

/**
 * Whether the guard applies (issue: on under NODE_ENV=production and whenever
 * WEBHOOK_ALLOW_PRIVATE_TARGETS=false; off by default elsewhere so local receivers work).
 */
export function isSsrfGuardOn(env: { NODE_ENV: string; WEBHOOK_ALLOW_PRIVATE_TARGETS: boolean }): boolean {
  return env.NODE_ENV === 'production' || !env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
}
