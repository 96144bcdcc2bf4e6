// Reads kube-proxy's answer to `curl -s 127.0.0.1:10249/proxyMode`: one word (docs/networking-facts.md
// §kube-proxy-modes).
//
// Sample:
//   iptables
import type { ParseResult } from './types.js';

// The mode word, or a warning when the text is not one.
export function parseProxyMode(text: string, file: string): ParseResult<string | undefined> {
  const word = text.trim();
  if (/^(iptables|ipvs|nftables|kernelspace)$/.test(word)) return { value: word, warnings: [] };
  return {
    value: undefined,
    warnings: [{ file, line: 1, message: 'not a kube-proxy mode (iptables, ipvs, nftables)', text: word.slice(0, 80) }],
  };
}
