// The client address behind trusted proxies (TRUSTED_PROXIES) and the key a per-IP limit counts it under.
// X-Forwarded-For is read only when the peer itself is a trusted proxy, from the right: the first hop
// that is not a trusted proxy is the client (hops to its left are whatever the client chose to send).
import { BlockList, isIP } from 'node:net';

/** TRUSTED_PROXIES: comma-separated IPs and CIDRs (IPv4 or IPv6); throws on a malformed entry. */
export function parseTrustedProxies(raw: string): BlockList {
  const list = new BlockList();
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [address, prefixText, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (family === 0 || extra !== undefined || !/^\d{1,3}$/.test(prefixText ?? '0') || prefix > max) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR`);
    }
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

/** Eight groups of four hex digits, or undefined when `ip` is not IPv6. */
function expandIpv6(ip: string): string[] | undefined {
  if (isIP(ip) !== 6) return undefined;
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = text.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.padStart(4, '0'));
}

/** One spelling per address: IPv4-mapped IPv6 (as uWS reports IPv4 peers of a dual-stack socket) becomes IPv4. */
export function normalizeIp(ip: string): string {
  const groups = expandIpv6(ip);
  if (!groups || groups.slice(0, 5).join('') !== '00000000000000000000' || groups[5] !== 'ffff') return ip;
  const [hi, lo] = [parseInt(groups[6], 16), parseInt(groups[7], 16)];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** The per-IP limit's key: an IPv4 address itself, an IPv6 address's /64 (one subscriber's usual allocation). */
export function rateLimitKey(ip: string): string {
  const groups = expandIpv6(ip);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : ip;
}

export class ClientAddress {
  private readonly trusted: BlockList | undefined;

  constructor(trustedProxies: string) {
    this.trusted = trustedProxies.trim() === '' ? undefined : parseTrustedProxies(trustedProxies);
  }

  private isTrusted(ip: string): boolean {
    const family = isIP(ip);
    return family !== 0 && this.trusted!.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }

  /** The client of a request from `peer` carrying `forwardedFor` (X-Forwarded-For, '' when absent). */
  resolve(peer: string, forwardedFor: string): string {
    const direct = normalizeIp(peer);
    if (this.trusted === undefined || forwardedFor === '' || !this.isTrusted(direct)) return direct;
    const hops = forwardedFor.split(',');
    let client = direct;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalizeIp(hops[i].trim());
      if (isIP(hop) === 0) return client; // a garbled hop: the last address we could trust to be real
      client = hop;
      if (!this.isTrusted(hop)) return hop;
    }
    return client; // every hop a trusted proxy: the leftmost one is as close to the client as we know
  }
}
