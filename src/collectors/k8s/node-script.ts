// The shell script a node debug pod runs (one exec per node), and the reader of its sectioned output.
// The script prefers the node's own tools (entered with `nsenter -t 1 -m`, so the iptables variant matches
// kube-proxy's) and falls back to the debug image's; every command runs under `timeout`.
import { ARTIFACT_TABLE, type ArtifactRow } from '../../bundle/artifacts.js';

export interface NodeArtifact {
  /** Command that printed it (for errors.json). */
  command: string;
  args: string[];
  /** Read as a file from the node's or pod's filesystem. */
  file?: boolean;
  keepStderr?: boolean;
}

const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

// A row's command on a node: its own one-liner, the first local recipe, or `cat` of an /etc file.
function onNode(r: ArtifactRow): NodeArtifact | undefined {
  if (!r.node) return undefined;
  if (r.etc) return { command: 'cat', args: [`/etc/${r.name}`], file: true };
  if (r.node !== true) return { ...r.node, keepStderr: !!r.local?.[0]?.keepStderr };
  const argv = r.local?.[0]?.argvs[0];
  return argv ? { command: argv[0]!, args: argv.slice(1) } : undefined;
}

const nodeRows = (which: (r: ArtifactRow) => boolean): Record<string, NodeArtifact> =>
  Object.fromEntries(
    (ARTIFACT_TABLE as readonly ArtifactRow[]).filter(which).flatMap((r) => {
      const a = onNode(r);
      return a ? [[r.name, a]] : [];
    }),
  );

/** What a node gives, artifact → command: the rows of the artifact table marked for nodes. */
export const NODE_ARTIFACTS: Record<string, NodeArtifact> = nodeRows(() => true);

/** What a pod's namespace gives when entered from its node. */
export const POD_ARTIFACTS: Record<string, NodeArtifact> = nodeRows((r) => !!r.podFromNode);

/** Every section name the node part of the script prints (anything else in its output is not ours). */
export const NODE_SECTIONS: ReadonlySet<string> = new Set([
  ...Object.keys(NODE_ARTIFACTS),
  'kubelet-resolv.conf',
  'kube-proxy-healthz.txt',
  'kube-proxy-mode.txt',
]);

/**
 * `inroot ROOT PATH` (POSIX sh): PATH resolved the way the pod sees it — each symbolic link read and followed
 * inside ROOT (absolute targets start again at ROOT, `..` stops at ROOT) — so a pod whose /etc/resolv.conf points
 * at /etc/shadow yields its own /etc/shadow path under ROOT, never the node's or the collector's file.
 */
export const IN_ROOT = `inroot() {
  r="$1"; rest="\${2#/}"; cur=""; n=0
  while [ -n "$rest" ]; do
    c="\${rest%%/*}"
    if [ "$c" = "$rest" ]; then rest=""; else rest="\${rest#*/}"; fi
    case "$c" in ''|.) continue ;; ..) cur="\${cur%/*}"; continue ;; esac
    if [ -L "$r$cur/$c" ]; then
      n=$((n + 1)); [ "$n" -gt 40 ] && return 1
      t=$(readlink -- "$r$cur/$c") || return 1
      case "$t" in /*) cur=""; rest="\${t#/}\${rest:+/$rest}" ;; *) rest="$t\${rest:+/$rest}" ;; esac
    else cur="$cur/$c"; fi
  done
  printf '%s\\n' "$r$cur"
}`;

/** `catroot ROOT PATH`: a pod's file as the pod sees it; never a file outside its root, never a FIFO or device. */
export const CAT_ROOT = `catroot() {
  p=$(inroot "$1" "$2") || { echo "$2: too many symbolic links" >&2; return 40; }
  if [ ! -e "$p" ]; then echo "cat: $2: No such file or directory" >&2; return 1; fi
  if [ ! -f "$p" ]; then echo "$2 is not a regular file" >&2; return 1; fi
  head -c 16777216 -- "$p"
}`;

// The script; argv: timeout seconds, boundary, then one "hostId containerId ip" word triple per pod.
export function nodeScript(): string {
  const nodeLines = Object.entries(NODE_ARTIFACTS).map(
    ([a, x]) => `emit ${sh(a)} ${x.keepStderr ? 1 : 0} host ${sh(x.command)} ${x.args.map(sh).join(' ')}`,
  );
  const podLines = Object.entries(POD_ARTIFACTS).map(
    ([a, x]) =>
      `    emit "pod:$hid/"${sh(a)} 0 "$how" ${x.file ? `catroot "$root" ${sh(x.args[0]!)}` : `${sh(x.command)} ${x.args.map(sh).join(' ')}`}`,
  );
  return `T="$1"; B="$2"; shift 2
E=$(mktemp 2>/dev/null || echo /tmp/knd-err.$$)
HOST=""
# a hostPID pod sees the node's init as PID 1: its mount namespace holds the node's own tools
if [ "$(readlink /proc/1/ns/mnt 2>/dev/null)" != "$(readlink /proc/self/ns/mnt 2>/dev/null)" ] && nsenter -t 1 -m -- true 2>/dev/null; then HOST=1; fi
hashost() { [ -n "$HOST" ] && nsenter -t 1 -m -- sh -c 'command -v "$0" >/dev/null 2>&1' "$1" 2>/dev/null; }
# emit ARTIFACT KEEPSTDERR HOW CMD ARGS...  HOW: host | pid:N | netns:NAME
${IN_ROOT}
${CAT_ROOT}
emit() {
  a="$1"; k="$2"; how="$3"; shift 3
  printf '@@KND %s BEGIN %s\\n' "$B" "$a"
  case "$how" in
    host) if hashost "$1"; then set -- nsenter -t 1 -m -- "$@"; fi ;;
    pid:*) [ "$1" = catroot ] || set -- nsenter -t "\${how#pid:}" -n -- "$@" ;;
    netns:*) if [ "$1" = catroot ]; then set -- ip netns exec "\${how#netns:}" cat "$3"; else set -- ip netns exec "\${how#netns:}" "$@"; fi ;;
    nsfile:*) if [ "$1" = catroot ]; then set -- knd-no-filesystem; else set -- nsenter --net="\${how#nsfile:}" -- "$@"; fi ;;
  esac
  if [ "$1" = knd-no-filesystem ]; then echo "the pod's files are out of reach: its namespace was found by IP, not through a process" >"$E"; rc=2
  elif [ "$1" = catroot ]; then "$@" 2>"$E"; rc=$?
  elif [ "$1" != nsenter ] && [ "$1" != ip ] && ! command -v "$1" >/dev/null 2>&1; then echo "$1: command not found" >"$E"; rc=127
  elif [ "$k" = 1 ]; then timeout "$T" "$@" 2>&1; rc=$?; : >"$E"
  else timeout "$T" "$@" 2>"$E"; rc=$?; fi
  printf '\\n@@KND %s END %s %s\\n' "$B" "$a" "$rc"
  head -c 400 "$E" 2>/dev/null
  printf '\\n@@KND %s DONE %s\\n' "$B" "$a"
}
${nodeLines.join('\n')}
# kubelet's resolvConf (what dnsPolicy Default pods and CoreDNS forward to)
KR=$( (nsenter -t 1 -m -- cat /var/lib/kubelet/config.yaml 2>/dev/null || cat /var/lib/kubelet/config.yaml 2>/dev/null) | sed -n 's/^resolvConf:[[:space:]]*//p' | tr -d '"' | head -n 1)
[ -n "$KR" ] && emit kubelet-resolv.conf 0 host cat "$KR"
for h in 10256/healthz 10249/proxyMode; do
  case $h in 10256*) a=kube-proxy-healthz.txt ;; *) a=kube-proxy-mode.txt ;; esac
  if command -v curl >/dev/null 2>&1; then emit "$a" 0 local curl -sS -m "$T" "http://127.0.0.1:$h"
  else emit "$a" 0 local wget -q -T "$T" -O - "http://127.0.0.1:$h"; fi
done
while [ $# -ge 3 ]; do
  hid="$1"; cid="$2"; ip="$3"; shift 3
  how=""; root=""
  if [ "$cid" != "-" ]; then
    for f in /proc/[0-9]*/cgroup; do
      if grep -q "$cid" "$f" 2>/dev/null; then p=\${f#/proc/}; p=\${p%/cgroup}; how="pid:$p"; root="/proc/$p/root"; break; fi
    done
  fi
  if [ -z "$how" ] && [ "$ip" != "-" ]; then
    # no process found: look for the namespace that holds the pod IP among the named ones (CNI netns files)
    for d in /run/netns /var/run/netns /host/run/netns /host/var/run/netns; do
      [ -d "$d" ] || continue
      for f in "$d"/*; do
        [ -e "$f" ] || continue
        if nsenter --net="$f" -- ip -o -4 addr show 2>/dev/null | grep -q " $ip/"; then
          case "$d" in /host/*) how="nsfile:$f" ;; *) how="netns:\${f##*/}" ;; esac
          break 2
        fi
      done
    done
  fi
  if [ -z "$how" ]; then printf '@@KND %s MISSING pod:%s\\n' "$B" "$hid"; continue; fi
  printf '@@KND %s ENTER pod:%s %s\\n' "$B" "$hid" "$how"
${podLines.join('\n')}
done
rm -f "$E"
printf '@@KND %s FINISHED\\n' "$B"
`;
}

export interface Section {
  /** `ip-addr.json` for the node, `pod:<hostId>/resolv.conf` for a pod. */
  artifact: string;
  text: string;
  rc: number;
  stderr: string;
}

export interface ScriptOutput {
  sections: Section[];
  /** Pods whose namespace could not be found on the node. */
  missing: string[];
  /** How each pod was entered (pid:N or netns:NAME). */
  entered: Map<string, string>;
  /** The FINISHED marker arrived (false: cut short by a timeout or a dying pod). */
  finished: boolean;
}

// Split the script's stdout into sections by the run's random boundary; anything else is ignored.
export function readScriptOutput(out: string, boundary: string): ScriptOutput {
  const tag = `@@KND ${boundary} `;
  const r: ScriptOutput = { sections: [], missing: [], entered: new Map(), finished: false };
  let pos = 0;
  while (pos < out.length) {
    const at = out.indexOf(tag, pos);
    if (at < 0) break;
    const eol = out.indexOf('\n', at);
    const head = out.slice(at + tag.length, eol < 0 ? out.length : eol).split(' ');
    pos = eol < 0 ? out.length : eol + 1;
    if (head[0] === 'FINISHED') r.finished = true;
    else if (head[0] === 'MISSING') r.missing.push(head[1]!.replace(/^pod:/, ''));
    else if (head[0] === 'ENTER') r.entered.set(head[1]!.replace(/^pod:/, ''), head[2] ?? '');
    else if (head[0] === 'BEGIN') {
      const artifact = head.slice(1).join(' ');
      const endTag = `\n${tag}END ${artifact} `;
      const end = out.indexOf(endTag, pos);
      if (end < 0) break; // cut off mid-command: the section is incomplete and left out
      const text = out.slice(pos, end);
      const endEol = out.indexOf('\n', end + endTag.length);
      const rc = Number(out.slice(end + endTag.length, endEol < 0 ? undefined : endEol));
      const doneTag = `\n${tag}DONE ${artifact}\n`;
      const done = out.indexOf(doneTag, endEol);
      const stderr = endEol < 0 ? '' : out.slice(endEol + 1, done < 0 ? undefined : done);
      r.sections.push({ artifact, text, rc: Number.isFinite(rc) ? rc : -1, stderr: stderr.trim() });
      pos = done < 0 ? out.length : done + doneTag.length;
    }
  }
  return r;
}
