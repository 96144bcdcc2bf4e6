// kube-proxy's chain-name hashes (docs/networking-facts.md §chain-hashing), so a chain can be checked against its Service.
import { createHash } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// First 16 characters of base32(sha256(s)), as kube-proxy's portProtoHash / servicePortEndpointChainName.
export function hash16(s: string): string {
  const bytes = createHash('sha256').update(s).digest();
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === 16) break;
  }
  return out;
}

/** `ns/name:port` (`:port` only for named ports), as ServicePortName.String(). */
export function servicePortName(ns: string, name: string, port?: string): string {
  return port ? `${ns}/${name}:${port}` : `${ns}/${name}`;
}

// KUBE-SVC-… for a service port (KUBE-SVL/EXT/FW share the suffix).
export function svcChain(
  spn: string,
  protocol: string,
  prefix: 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-' = 'KUBE-SVC-',
): string {
  return prefix + hash16(spn + protocol.toLowerCase());
}

// KUBE-SEP-… for one endpoint ("IP:port") of a service port.
export function sepChain(spn: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(spn + protocol.toLowerCase() + endpoint)}`;
}
