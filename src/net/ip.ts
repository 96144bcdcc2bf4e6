// IP and CIDR math for IPv4 and IPv6; ipaddr.js validates and converts, we keep values as bigint.
import ipaddr from 'ipaddr.js';

export interface Ip {
  family: 4 | 6;
  value: bigint;
}

export interface Cidr {
  family: 4 | 6;
  network: bigint;
  prefix: number;
  /** The address as written (may have host bits set, e.g. 192.168.15.1/24). */
  addr: bigint;
}

const cache = new Map<string, Ip | null>();

// Parse one address ("10.0.0.1", "fe80::1", "fe80::1%eth0"); null when it is not an address.
export function parseIp(s: string): Ip | null {
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  let r: Ip | null = null;
  const bare = s.includes('%') ? s.slice(0, s.indexOf('%')) : s;
  const v4 = dotted(bare);
  if (v4 !== undefined) {
    if (v4 >= 0) r = { family: 4, value: BigInt(v4) };
  } else if (bare.includes(':') && ipaddr.IPv6.isValid(bare)) {
    const bytes = ipaddr.IPv6.parse(bare).toByteArray();
    let v = 0n;
    for (const b of bytes) v = (v << 8n) | BigInt(b);
    r = { family: 6, value: v };
  }
  if (cache.size > 100_000) cache.clear();
  cache.set(s, r);
  return r;
}

// "a.b.c.d" (four groups of one to three ASCII digits) as a number, -1 when a group is over 255, undefined when the
// text is not of that shape at all. Read by hand: a large node parses tens of thousands of addresses.
function dotted(t: string): number | undefined {
  let v = 0;
  let group = 0;
  let digits = 0;
  let dots = 0;
  let over = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      group = group * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && dots < 3) {
      if (group > 255) over = true;
      v = v * 256 + group;
      group = 0;
      digits = 0;
      dots++;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  if (group > 255 || over) return -1;
  return v * 256 + group;
}

function bits(f: 4 | 6): number {
  return f === 4 ? 32 : 128;
}

// Parse "a.b.c.d/n", "a.b.c.d" (host prefix) or "default"; null when malformed.
export function parseCidr(s: string, hostPrefix = true): Cidr | null {
  if (s === 'default' || s === '0/0') return { family: 4, network: 0n, prefix: 0, addr: 0n };
  const slash = s.indexOf('/');
  const ip = parseIp(slash >= 0 ? s.slice(0, slash) : s);
  if (!ip) return null;
  let prefix = bits(ip.family);
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (/^\d+$/.test(p)) prefix = Number(p);
    else if (ip.family === 4) {
      const m = parseIp(p);
      if (!m) return null;
      prefix = maskToPrefix(m.value);
      if (prefix < 0) return null;
    } else return null;
  } else if (!hostPrefix) return null;
  if (prefix > bits(ip.family)) return null;
  return { family: ip.family, network: ip.value & mask(ip.family, prefix), prefix, addr: ip.value };
}

/** Every netmask, made once: a route table of 100,000 lines asks for them millions of times. */
const MASKS = {
  4: Array.from({ length: 33 }, (_, p) => makeMask(32, p)),
  6: Array.from({ length: 129 }, (_, p) => makeMask(128, p)),
};

function makeMask(width: number, prefix: number): bigint {
  const b = BigInt(width);
  if (prefix === 0) return 0n;
  return ((1n << b) - 1n) ^ ((1n << (b - BigInt(prefix))) - 1n);
}

// The netmask of a prefix length as a number (0n for an impossible length, which no parsed CIDR has).
export function mask(f: 4 | 6, prefix: number): bigint {
  return MASKS[f][prefix] ?? 0n;
}

// Convert a dotted netmask value into a prefix length; -1 when the mask is not contiguous.
export function maskToPrefix(v: bigint): number {
  let p = 0;
  let seenZero = false;
  for (let i = 31; i >= 0; i--) {
    const one = (v >> BigInt(i)) & 1n;
    if (one === 1n) {
      if (seenZero) return -1;
      p++;
    } else seenZero = true;
  }
  return p;
}

// Netmask string ("255.255.255.0") to prefix; -1 when invalid.
export function netmaskToPrefix(s: string): number {
  const m = parseIp(s);
  return m && m.family === 4 ? maskToPrefix(m.value) : -1;
}

// True when the address lies inside the network.
export function cidrContains(c: Cidr, ip: Ip): boolean {
  return c.family === ip.family && (ip.value & mask(c.family, c.prefix)) === c.network;
}

// Render an address back to text (IPv6 in RFC 5952 short form).
export function ipToString(ip: Ip): string {
  if (ip.family === 4) {
    const v = Number(ip.value);
    return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((ip.value >> BigInt(i * 8)) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}

// Render the network of a CIDR ("192.168.15.0/24").
export function cidrToString(c: Cidr): string {
  return `${ipToString({ family: c.family, value: c.network })}/${c.prefix}`;
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map(
  (s) => parseCidr(s)!,
);

// RFC 1918 / CGNAT / ULA: addresses that cannot travel on the Internet without NAT.
export function isPrivate(ip: Ip): boolean {
  return PRIVATE.some((c) => cidrContains(c, ip));
}

const LOOPBACK4 = parseCidr('127.0.0.0/8')!;
// Loopback (127/8, ::1).
export function isLoopback(ip: Ip): boolean {
  return ip.family === 4 ? cidrContains(LOOPBACK4, ip) : ip.value === 1n;
}

const LINKLOCAL = [parseCidr('169.254.0.0/16')!, parseCidr('fe80::/10')!];
// Link-local (169.254/16, fe80::/10): never a subnet that needs routing or NAT.
export function isLinkLocal(ip: Ip): boolean {
  return LINKLOCAL.some((c) => cidrContains(c, ip));
}
