// Regenerates fixtures/reference/kube-proxy-nft.{txt,json}: loads fixtures/reference/kube-proxy.nft (the
// shape of docs/networking-facts.md §kube-proxy-nftables) into a throw-away namespace with the real nft, and reads it back.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { must } from '../src/collectors/runner.js';
import { Lab, labSupport } from '../src/labs/engine.js';

const ok = await labSupport();
if (!ok.ok) {
  process.stderr.write(`make-reference-fixtures: ${ok.reason}\n`);
  process.exit(2);
}
const lab = new Lab();
try {
  await lab.addHost('nft');
  const dir = join(process.cwd(), 'fixtures', 'reference');
  await must(['ip', 'netns', 'exec', lab.ns('nft'), 'nft', '-f', join(dir, 'kube-proxy.nft')]);
  writeFileSync(join(dir, 'kube-proxy-nft.txt'), await lab.exec('nft', ['nft', 'list', 'ruleset']));
  writeFileSync(join(dir, 'kube-proxy-nft.json'), await lab.exec('nft', ['nft', '-j', 'list', 'ruleset']));
  process.stdout.write(`wrote ${dir}/kube-proxy-nft.{txt,json}\n`);
} finally {
  await lab.down();
}
