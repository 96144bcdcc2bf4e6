// Reads CoreDNS's Corefile (the `Corefile` key of the kube-system/coredns ConfigMap) into server blocks and
// their plugin directives, with the line of each, so analyzers never pattern-match the raw text.
//
// Sample (the Corefile kubeadm installs):
//   .:53 {
//       errors
//       health {
//          lameduck 5s
//       }
//       kubernetes cluster.local in-addr.arpa ip6.arpa {
//          pods insecure
//          fallthrough in-addr.arpa ip6.arpa
//       }
//       forward . /etc/resolv.conf {
//          max_concurrent 1000
//       }
//       cache 30
//       loop
//       reload
//   }
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult, Source } from './types.js';

export interface CoreDirective {
  name: string;
  args: string[];
  src: Source;
  /** Lines inside the directive's own `{ … }`, if it has one. */
  block: CoreDirective[];
}

export interface ServerBlock {
  /** Zones with optional port, e.g. `.:53`, `cluster.local`. */
  keys: string[];
  src: Source;
  directives: CoreDirective[];
}

// Words of a line, honouring double quotes and dropping a `#` comment.
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(#.*$)|([^\s"{}]+|[{}])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    if (m[2] !== undefined) break;
    out.push(m[1] ?? m[3]!);
  }
  return out;
}

// Parse Corefile text; unbalanced braces give a warning and keep what was read.
export function parseCorefile(text: string, file: string): ParseResult<ServerBlock[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const blocks: ServerBlock[] = [];
      // the open scopes: a server block, then directives nested inside it
      let server: ServerBlock | undefined;
      const stack: CoreDirective[][] = [];
      eachLine(text, w, (line, i) => {
        const t = words(line);
        if (t.length === 0) return;
        const opens = t[t.length - 1] === '{';
        const body = opens ? t.slice(0, -1) : t;
        if (body.length === 1 && body[0] === '}') {
          if (stack.length > 1) stack.pop();
          else if (server) {
            blocks.push(server);
            server = undefined;
            stack.length = 0;
          } else w.add(i + 1, 'closing brace without an opening one', line);
          return;
        }
        if (!server) {
          if (!opens) return w.add(i + 1, 'server block without "{"', line);
          server = { keys: body, src: src(file, i, line), directives: [] };
          stack.push(server.directives);
          return;
        }
        const d: CoreDirective = { name: body[0] ?? '', args: body.slice(1), src: src(file, i, line), block: [] };
        stack[stack.length - 1]!.push(d);
        if (opens) stack.push(d.block);
      });
      if (server) {
        w.add(server.src.line, `server block "${server.keys.join(' ')}" is never closed`, server.src.text);
        blocks.push(server);
      }
      return { value: blocks, warnings: w.done() };
    },
  );
}

// The server block that answers the root zone (`.` on any port), where upstream forwarding is configured.
export function rootBlock(blocks: ServerBlock[]): ServerBlock | undefined {
  return blocks.find((b) => b.keys.some((k) => k.replace(/^dns:\/\//, '').split(':')[0] === '.'));
}
