// What a collector pod's node script prints, for tests that fake the exec.
import type { ExecCall, ExecReply } from '../../../bench/fake-apiserver.js';

/** What the node script prints for a node: its routes, and for each pod asked for, its resolv.conf. */
export function scriptReply(call: ExecCall, extra = ''): ExecReply {
  const [, , , , , b, ...pods] = call.command;
  const sec = (a: string, text: string, rc = 0, err = '') =>
    `@@KND ${b} BEGIN ${a}\n${text}\n@@KND ${b} END ${a} ${rc}\n${err}\n@@KND ${b} DONE ${a}\n`;
  let out =
    sec('ip-route.json', '[{"dst":"default","gateway":"192.168.56.1","dev":"eth0","flags":[]}]') +
    sec('ipvsadm.txt', '', 127, 'ipvsadm: command not found') +
    sec('hosts', `127.0.0.1 localhost\n${extra}`);
  for (let i = 0; i + 2 < pods.length; i += 3)
    out += `@@KND ${b} ENTER pod:${pods[i]} pid:4711\n${sec(`pod:${pods[i]}/resolv.conf`, 'nameserver 10.96.0.10\n')}`;
  return { stdout: `${out}@@KND ${b} FINISHED\n` };
}
