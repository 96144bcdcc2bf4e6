// A pasted terminal session — prompts, several commands and their outputs, `[sudo] password` lines, `...` where
// the person cut — split into the bundle's files: each output goes to the artifact its command (or, without one,
// its content) names. Each part keeps its line numbers: it is padded with blank lines, so evidence cites the line
// of the paste itself.
//
// Sample (a paste as people put them in bug reports):
//   root@node-1:~# ip route
//   default via 192.168.56.1 dev eth0
//   [sudo] password for vagrant:
//   $ sudo iptables -t nat -S
//   -P PREROUTING ACCEPT
//   ...
import { ARTIFACT_TABLE, type ArtifactName } from './artifacts.js';
import { detectByContent } from './detect.js';

/** A shell prompt, and the command after it: `user@host:~$ cmd`, `[root@host ~]# cmd`, `$ cmd`, `# cmd`, `➜ dir cmd`. */
const PROMPTS: RegExp[] = [
  /^[\w.-]+@[\w.-]+(?::[^#$\s]*)?\s?[#$%]\s?(.*)$/,
  /^\[[\w.-]+@[\w.-]+[^\]]*\][#$]\s?(.*)$/,
  /^(?:bash|sh|zsh)-[\d.]+[#$]\s(.*)$/,
  /^➜\s+\S+(?:\s+git:\([^)]*\))?(?:\s+✗)?\s+(.*)$/,
  /^[$%]\s(.*)$/,
  /^>\s(.*)$/,
];
/** `# cmd` is a root prompt only when a command we know follows (otherwise it is a comment, e.g. iptables-save's). */
const ROOT_PROMPT =
  /^#\s((?:sudo\s+)?(?:ip|iptables|ip6tables|iptables-save|iptables-legacy-save|nft|cat|sysctl|route|arp|netstat|ss|ifconfig|ipvsadm|kubectl|bridge)\b.*)$/;
const SUDO = /^\[sudo\] password for /;
/** Where the person cut the output. */
const CUT =
  /^\s*(\.\.\.|…|\[\.\.\.\]|<(?:snip|trimmed|truncated)[^>]*>|\((?:snip|trimmed|truncated)[^)]*\)|--\s*(?:snip|more)\s*--)\s*$/i;

/** Commands as people type them → the artifact their output is. First match wins; `sudo` is stripped first. */
const COMMANDS: [RegExp, ArtifactName][] = [
  [/^ip\s+(-\d\s+)?(-d(etails)?\s+)?(a|addr|address)(\s+(show|list|s|ls))?\b/, 'ip-addr.txt'],
  [/^ip\s+(-\d\s+)?(r|ro|route)(\s+(show|list|s|ls))?(\s+table\s+\S+)?\s*$/, 'ip-route.txt'],
  [/^ip\s+(-\d\s+)?(rule|ru)\b/, 'ip-rule.txt'],
  [/^ip\s+(-\d\s+)?(n|neigh|neighbour|neighbor)\b/, 'ip-neigh.txt'],
  [/^ip\s+(-d\s+)?(l|link)(\s+(show|list|s|ls))?\b/, 'ip-addr.txt'],
  [/^iptables(-legacy|-nft)?-save\b/, 'iptables-save.txt'],
  [/^iptables(-legacy|-nft)?\s.*-S\b/, 'iptables-save.txt'],
  [/^iptables(-legacy|-nft)?\s.*-L\b/, 'iptables-L.txt'],
  [/^ip6tables(-legacy|-nft)?-save\b/, 'ip6tables-save.txt'],
  [/^nft\s+(-a\s+)?list\s+ruleset\b/, 'nft.txt'],
  [/^nft\s+-j\s+list\s+ruleset\b/, 'nft.json'],
  [/^cat\s+\/etc\/resolv\.conf\b/, 'resolv.conf'],
  [/^cat\s+\/etc\/nsswitch\.conf\b/, 'nsswitch.conf'],
  [/^cat\s+\/etc\/hosts\b/, 'hosts'],
  [/^sysctl\b/, 'sysctl.txt'],
  [/^ss\s/, 'ss.txt'],
  [/^route\b/, 'route-n.txt'],
  [/^netstat\s+-\w*r/, 'route-n.txt'],
  [/^arp\b/, 'arp-n.txt'],
  [/^ifconfig\b/, 'ifconfig.txt'],
  [/^ipvsadm\b/, 'ipvsadm.txt'],
];

const KNOWN = new Set<string>(ARTIFACT_TABLE.map((r) => r.name));

/** One command's output in the paste. */
export interface PastePart {
  /** The command as typed (without the prompt), when the paste shows it. */
  command?: string;
  artifact?: ArtifactName;
  /** 1-based line of the paste where the output starts. */
  line: number;
  lines: string[];
}

export interface Transcript {
  parts: PastePart[];
  /** Lines where the person cut the output, and outputs no reader takes. */
  notes: { line: number; message: string }[];
}

const promptOf = (line: string): string | undefined => {
  for (const p of PROMPTS) {
    const m = p.exec(line);
    if (m) return m[1]!.trim();
  }
  return ROOT_PROMPT.exec(line)?.[1]?.trim();
};

// The artifact a typed command's output is, if we know the command.
export function artifactOfCommand(command: string): ArtifactName | undefined {
  const c = command
    .replace(/^(sudo\s+(-\S+\s+)*)+/, '')
    .replace(/^ip\s+netns\s+exec\s+\S+\s+/, '')
    .trim();
  const hit = COMMANDS.find(([re]) => re.test(c))?.[1];
  return hit && KNOWN.has(hit) ? hit : undefined;
}

// Split a paste at its prompt lines; undefined when it has none (it is one command's output, read as such).
export function splitTranscript(text: string): Transcript | undefined {
  const lines = text.split(/\r?\n/);
  if (!lines.some((l) => promptOf(l) !== undefined)) return undefined;
  const parts: PastePart[] = [];
  const notes: Transcript['notes'] = [];
  let cur: PastePart | undefined;
  lines.forEach((line, i) => {
    // noise keeps its place as a blank line, so every output line keeps the paste's line number
    if (SUDO.test(line)) {
      cur?.lines.push('');
      return;
    }
    const cmd = promptOf(line);
    if (cmd !== undefined) {
      cur = { line: i + 2, lines: [], ...(cmd ? { command: cmd } : {}) };
      parts.push(cur);
      return;
    }
    if (CUT.test(line)) {
      notes.push({ line: i + 1, message: 'the output was cut here: what follows this point is not seen' });
      cur?.lines.push('');
      return;
    }
    if (!cur) {
      cur = { line: i + 1, lines: [] };
      parts.push(cur);
    }
    cur.lines.push(line);
  });
  const kept = parts.filter((p) => p.lines.some((l) => l.trim() !== ''));
  for (const p of kept) {
    const byCommand = p.command ? artifactOfCommand(p.command) : undefined;
    const artifact = byCommand ?? detectByContent(p.lines.join('\n'));
    if (artifact) p.artifact = artifact;
    else
      notes.push({
        line: p.line,
        message: p.command
          ? `the output of "${p.command}" is not one kube-netdiag reads`
          : 'this output is not one kube-netdiag reads',
      });
  }
  return { parts: kept, notes };
}

// The bundle files a transcript makes: each artifact's parts in paste order, padded so line N of the file is line
// N of the paste. A second `iptables -t nat -L` goes under a header naming its table, as the -L reader expects.
export function transcriptFiles(t: Transcript): Map<ArtifactName, string> {
  const out = new Map<ArtifactName, string[]>();
  // `ip link` beside `ip addr` says nothing more, and both in one file would list every device twice
  const hasAddr = t.parts.some((p) => p.artifact === 'ip-addr.txt' && !/\bl(ink)?\b/.test(p.command ?? ''));
  for (const p of t.parts) {
    if (!p.artifact) continue;
    if (hasAddr && p.artifact === 'ip-addr.txt' && /^(sudo\s+)?ip\s+(-\S+\s+)*l(ink)?\b/.test(p.command ?? ''))
      continue;
    const acc = out.get(p.artifact) ?? [];
    const table = p.artifact === 'iptables-L.txt' ? /-t\s+(\w+)/.exec(p.command ?? '')?.[1] : undefined;
    // pad to the part's first line (the line before it carries the -L table header when there is one)
    while (acc.length < p.line - 2) acc.push('');
    if (acc.length < p.line - 1) acc.push(table ? `# iptables -t ${table} -L` : '');
    acc.push(...p.lines);
    out.set(p.artifact, acc);
  }
  return new Map([...out].map(([k, v]) => [k, `${v.join('\n')}\n`]));
}
