// The Corefile is read as server blocks and directives, so "forward . /etc/resolv.conf" is found only where
// CoreDNS would act on it (docs/networking-facts.md §coredns-loop).
import { describe, expect, it } from 'vitest';
import { parseCorefile, rootBlock } from '../../src/parsers/corefile.js';
import { d } from '../helpers.js';

const SAMPLE = d(`
  .:53 {
      errors
      health {
         lameduck 5s
      }
      kubernetes cluster.local in-addr.arpa ip6.arpa {
         pods insecure
         fallthrough in-addr.arpa ip6.arpa
      }
      forward . /etc/resolv.conf {
         max_concurrent 1000
      }
      cache 30
      loop
      reload
  }
`);

describe('parseCorefile', () => {
  it('reads the sample kubeadm installs: one root block, its plugins in order, nested options', () => {
    const r = parseCorefile(SAMPLE, 'Corefile');
    expect(r.warnings).toEqual([]);
    expect(r.value.map((b) => b.keys)).toEqual([['.:53']]);
    const root = rootBlock(r.value)!;
    expect(root.directives.map((x) => x.name)).toEqual([
      'errors',
      'health',
      'kubernetes',
      'forward',
      'cache',
      'loop',
      'reload',
    ]);
    const fwd = root.directives.find((x) => x.name === 'forward')!;
    expect(fwd).toMatchObject({
      args: ['.', '/etc/resolv.conf'],
      src: { line: 10, text: '    forward . /etc/resolv.conf {' },
    });
    expect(fwd.block.map((x) => [x.name, ...x.args])).toEqual([['max_concurrent', '1000']]);
  });
  it('comments, quotes, several blocks; only a `.` block is the root', () => {
    const r = parseCorefile(
      '# upstream split\nexample.org:53 {\n  forward . 10.0.0.53 # office\n}\n.:53 dns://.:5353 {\n  forward . "/etc/resolv.conf"\n}\n',
      'C',
    );
    expect(r.warnings).toEqual([]);
    expect(r.value.map((b) => b.keys)).toEqual([['example.org:53'], ['.:53', 'dns://.:5353']]);
    expect(r.value[0]!.directives[0]!.args).toEqual(['.', '10.0.0.53']);
    expect(rootBlock(r.value)!.directives[0]!.args).toEqual(['.', '/etc/resolv.conf']);
    expect(rootBlock(parseCorefile('example.org {\n  whoami\n}\n', 'C').value)).toBeUndefined();
  });
  it('unbalanced braces are warnings and keep what was read', () => {
    const open = parseCorefile('.:53 {\n  forward . /etc/resolv.conf\n', 'C');
    expect(open.warnings).toEqual([
      { file: 'C', line: 1, message: 'server block ".:53" is never closed', text: '.:53 {' },
    ]);
    expect(open.value[0]!.directives[0]!.name).toBe('forward');
    expect(parseCorefile('}\n', 'C').warnings[0]!.message).toBe('closing brace without an opening one');
    expect(parseCorefile('loop\n', 'C').warnings[0]!.message).toBe('server block without "{"');
  });
});
