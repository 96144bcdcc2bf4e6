// Command-line entry: one commander program, a subcommand per capability, exit codes 0/1/2/3 (./exit.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_NODE_IMAGE } from '../collectors/k8s/node-image.js';
import { asNetdiagError } from '../errors.js';
import type { TargetOptions } from './collect.js';
import type { TraceOptions } from './trace.js';
import type { TuiOptions } from './tui.js';
import { EXIT, EXIT_HELP } from './exit.js';

// Each command's module is loaded when the command runs: --help and --version never load the terminal UI, the
// Kubernetes client or the analyzers, so they answer at once.
const analyzeCmd = () => import('./analyze.js');
const collectCmd = () => import('./collect.js');
const traceCmd = () => import('./trace.js');
const labCmd = () => import('./lab.js');
const learnCmd = () => import('./learn.js');
const tuiCmd = () => import('./tui.js');
import { type Io, processIo, withSafeStderr } from './io.js';

const ROOT = (() => {
  // dist/bundle/cli/main.js (or a chunk beside it) or src/cli/main.ts → the package root holding package.json
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
})();

export const VERSION: string = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

/** The multi-fault capture `demo` analyzes. */
export const DEMO_BUNDLE = join(ROOT, 'fixtures', 'demo');

function program(io: Io, setCode: (n: number) => void, invokedAs: string): Command {
  const name = /kubectl-netdiag$/.test(invokedAs) ? 'kubectl netdiag' : 'kube-netdiag';
  const p = new Command(name)
    .description(
      'Explains why a pod or network namespace cannot reach the outside world or resolve a name, with the evidence and the fix.',
    )
    .version(VERSION, '-V, --version')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const format = (c: Command): Command =>
    c
      .addOption(
        new Option('-o, --output <format>', 'report format').choices(['text', 'json', 'markdown']).default('text'),
      )
      .addOption(
        new Option('--lang <lang>', 'language of titles and explanations (default: from LANG)').choices([
          'en',
          'zh-TW',
        ]),
      );
  const verdict = (c: Command): Command =>
    c
      .addOption(
        new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
          .choices(['critical', 'warning', 'info', 'none'])
          .default('warning'),
      )
      .option(
        '--allow-partial',
        'judge only what was collected: a target that gave nothing does not make the exit code 3',
      )
      .addHelpText('after', `\n${EXIT_HELP}`);
  const common = (c: Command): Command => verdict(format(c));
  const repeat = (v: string, prev: string[] = []): string[] => [...prev, v];
  // every command that reads a capture can be told what a host is (analyze, trace, tui)
  const asKind = (c: Command): Command =>
    c.option(
      '--as <kind>',
      'what a host is when its capture does not say: node, pod, host, container or netns; HOST=KIND for one host folder (repeatable)',
      repeat,
    );
  common(
    asKind(
      p
        .command('analyze')
        .description(
          'Analyze a capture: a bundle, a sosreport, a support bundle, a Cilium sysdump (folder or archive), a folder of outputs, one captured file, or a paste (-).',
        )
        .argument('<path>', 'folder, .tar.gz/.tgz/.tar.xz/.zip archive, one command output file, or - for stdin'),
    ),
  ).action(async (path: string, o: { output: string; failOn: string; lang?: string; as?: string[] }) =>
    setCode(await (await analyzeCmd()).runAnalyze(path, o, io)),
  );
  const tty = (): boolean => !!io.stdout.isTTY && !!io.stdin?.isTTY;
  // the demo is a demonstration, not a verdict: it exits 0 whatever it shows, also when piped
  format(
    p
      .command('demo')
      .description(
        'Open the bundled multi-fault demo capture in the terminal UI (the text report when not on a terminal or with -o); exits 0.',
      ),
  ).action(async (o: { output: string; lang?: string }, cmd: Command) => {
    if (tty() && cmd.getOptionValueSource('output') !== 'cli')
      await (await tuiCmd()).runTui(
        'bundle',
        { bundle: DEMO_BUNDLE, ...(o.lang ? { lang: o.lang } : {}) },
        io,
        `kube-netdiag ${VERSION}`,
        DEMO_BUNDLE,
      );
    else await (await analyzeCmd()).runAnalyze(DEMO_BUNDLE, { ...o, failOn: 'none', allowPartial: true }, io);
    setCode(EXIT.ok);
  });
  const targets = (c: Command, probe = true): Command =>
    (probe
      ? c
          .option(
            '--probe',
            'also ping the gateway and nameservers and send a DNS query from each target (probes.json)',
          )
          .option('--probe-name <name>', 'name to look up with --probe (default: first search domain)')
      : c
    )
      .option('--local', 'this machine (the default when no target is named)')
      .option('--netns <name>', 'a named network namespace (repeatable)', repeat)
      .option('--all-netns', 'this machine, every named namespace, and every unnamed one with interfaces (containers)')
      .option('--pid <pid>', "a process's network namespace, files from /proc/PID/root (repeatable)", repeat)
      .option('--docker <name>', 'a Docker container by name or id, via the docker CLI (repeatable)', repeat)
      .option('--timeout <seconds>', 'per-command timeout', '10')
      .option('--concurrency <n>', 'commands running at once', '8')
      .option('--text', 'prefer plain `ip` output over `ip -j` (easier to read by hand)')
      .option('--no-redact', 'keep secrets found in collected text (redacted by default)')
      .option('--cluster', 'also collect the cluster objects through the API (current kube context)')
      .option('--kubeconfig <file>', 'kubeconfig to use (implies --cluster; default: KUBECONFIG, ~/.kube/config)')
      .option('--context <name>', 'kube context to use (implies --cluster)')
      .option('--pod <ns/name>', 'a pod, by exec through the API (repeatable; implies --cluster)', repeat)
      .option('-l, --selector <labels>', 'pods matching a label selector (with -n or -A)')
      .option('-n, --namespace <ns>', "namespace for --pod NAME and --selector (default: the context's)")
      .option('-A, --all-namespaces', '--selector across every namespace')
      .option('--node <name>', 'a node and every pod on it, through a short-lived collector pod (repeatable)', repeat)
      .option('--all-nodes', 'every node (with --concurrency nodes at a time)')
      .option('--daemonset', 'with --node/--all-nodes: one collector DaemonSet instead of a pod per node')
      .option('--read-only', 'never create a pod, container or DaemonSet: API reads and exec only')
      .option(
        '--debug-image <image>',
        'for pods whose image lacks the tools: an ephemeral debug container with this image (opt-in)',
      )
      .option('--node-image <image>', 'image of the node collector pod', DEFAULT_NODE_IMAGE)
      .option('--debug-namespace <ns>', 'namespace for collector pods and the DaemonSet', 'kube-system')
      .option('--node-timeout <seconds>', 'deadline for one node, from creating its pod to deleting it', '120')
      .option('-q, --quiet', 'no progress lines on stderr');
  targets(
    p
      .command('capture')
      .description(
        'Collect a bundle from live targets (this machine, namespaces, PIDs, containers) into a directory or .tar.gz.',
      ),
  )
    .requiredOption('-o, --out <path>', 'output directory, or a .tar.gz/.tgz file (a new one, or an earlier bundle)')
    .option('--force', 'replace OUT even when it holds files kube-netdiag did not write')
    .option('--allow-partial', 'exit 0 even when a requested target gave nothing (the bundle records why)')
    .action(async (o: TargetOptions & { out: string; force?: boolean }) =>
      setCode(await (await collectCmd()).runCapture(o.out, o, io, `kube-netdiag ${VERSION}`)),
    );
  common(
    targets(
      p
        .command('diagnose')
        .description(
          'Collect from live targets in memory and analyze them at once (same outputs and exit codes as analyze).',
        ),
    ),
  ).action(async (o: TargetOptions & { output: string; failOn: string; lang?: string }) =>
    setCode(await (await collectCmd()).runDiagnose(o, io, `kube-netdiag ${VERSION}`)),
  );
  format(
    targets(
      asKind(p.command('trace'))
        .description(
          'Follow one packet hop by hop through a capture (or through live targets) and show every line that decides it.',
        )
        .argument('[bundle]', 'bundle directory or .tar.gz; without it the live targets named by the flags'),
      false,
    ),
  )
    .option(
      '--to <destination>',
      'ADDRESS[:PORT][/tcp|udp|icmp], svc/NAMESPACE/NAME[:PORT], pod/NAMESPACE/NAME; with --probe dns: the one server to ask',
    )
    .option(
      '--probe <dns:NAME>',
      "DNS mode: how --from resolves NAME (nsswitch, /etc/hosts, resolv.conf's search list and servers), then each query's packet",
    )
    .option('--from <host>', 'the sending host: a bundle folder id, pod/NS/NAME, node/NAME or netns/NAME')
    .option('--src <address>', 'send from this address instead of the one the route chooses')
    .option('--sport <port>', 'source port (default 40000)')
    .option('--no-reply', 'do not follow what comes back (echo reply, ICMP error, TCP reset)')
    .addHelpText(
      'after',
      `\nExit codes:\n  0  every path gets there (delivered, or leaves the capture towards the destination), and its\n` +
        `     answer gets back\n  1  some path or its answer is dropped, rejected or has no route\n` +
        `  2  usage or input error\n` +
        `  3  the capture cannot decide some path (a match the model does not read, a fact not collected)`,
    )
    .action(async (bundle: string | undefined, o: TraceOptions & TargetOptions) =>
      setCode(await (await traceCmd()).runTrace(bundle, o, io, `kube-netdiag ${VERSION}`)),
    );
  targets(
    asKind(p.command('tui')).description(
      'The terminal UI: a bundle (--bundle), live targets (--local, --netns, --context, --node, --pod ...), or the current kube context.',
    ),
  )
    .option('--bundle <path>', 'open a capture bundle (directory or .tar.gz)')
    .addOption(
      new Option('--lang <lang>', 'language (default: from LANG); `l` switches inside the UI').choices(['en', 'zh-TW']),
    )
    .action(async (o: TuiOptions) =>
      setCode(
        await (await tuiCmd()).runTui(o.bundle ? 'bundle' : 'auto', o, io, `kube-netdiag ${VERSION}`, DEMO_BUNDLE),
      ),
    );
  p.command('learn')
    .description(
      'Guided exercises for every failure case of the material (CKA prep): symptom, investigate, diagnose, reveal.',
    )
    .argument('[exercise]', 'exercise id (see learn --list)')
    .option('--list', 'list the exercises with your progress')
    .addOption(new Option('--lang <lang>').choices(['en', 'zh-TW']))
    .action(async (id: string | undefined, o: { list?: boolean; lang?: string }) =>
      setCode(
        o.list
          ? (await learnCmd()).runLearnList(o, io)
          : await (await learnCmd()).runLearn(id, o, io, join(ROOT, 'fixtures')),
      ),
    );
  const lab = p
    .command('lab')
    .description("Build the material's topologies in real network namespaces, broken on purpose (root, Linux).");
  lab
    .command('list')
    .description('List scenarios, their faults, and labs that are up.')
    .addOption(new Option('--lang <lang>').choices(['en', 'zh-TW']))
    .action(async (o: { lang?: string }) => setCode((await labCmd()).runLabList(o, io)));
  lab
    .command('up')
    .description('Build a scenario, optionally with faults, and leave it running.')
    .argument('<scenario>', 'scenario id (see lab list)')
    .option('--fault <fault>', 'break it this way (repeatable)', repeat)
    .addOption(new Option('--lang <lang>').choices(['en', 'zh-TW']))
    .action(async (id: string, o: { fault?: string[]; lang?: string }) =>
      setCode(await (await labCmd()).runLabUp(id, o, io)),
    );
  lab
    .command('check')
    .description(
      'Is the lab fixed? Real traffic between its namespaces and a fresh analysis (exit 0 fixed, 1 not yet).',
    )
    .argument('[prefix]', 'the lab (default: the only one up)')
    .addOption(new Option('--lang <lang>').choices(['en', 'zh-TW']))
    .action(async (prefix: string | undefined, o: { lang?: string }) =>
      setCode(await (await labCmd()).runLabCheck(prefix, o, io)),
    );
  lab
    .command('hint')
    .description("The next hint for the lab: its exercise's, or graded ones from its faults.")
    .argument('[prefix]', 'the lab (default: the only one up)')
    .addOption(new Option('--lang <lang>').choices(['en', 'zh-TW']))
    .action(async (prefix: string | undefined, o: { lang?: string }) =>
      setCode((await labCmd()).runLabHint(prefix, o, io)),
    );
  lab
    .command('shell')
    .description("A shell inside one of the lab's namespaces, its prompt naming the host.")
    .argument('<host>', 'the host (client, worker-1, …) or its namespace name')
    .argument('[prefix]', 'the lab (default: the only one up)')
    .addOption(new Option('--lang <lang>').choices(['en', 'zh-TW']))
    .action(async (host: string, prefix: string | undefined, o: { lang?: string }) =>
      setCode(await (await labCmd()).runLabShell(host, prefix, o, io)),
    );
  lab
    .command('reset')
    .description('Rebuild the lab as it was broken (same names), to start over.')
    .argument('[prefix]', 'the lab (default: the only one up)')
    .addOption(new Option('--lang <lang>').choices(['en', 'zh-TW']))
    .action(async (prefix: string | undefined, o: { lang?: string }) =>
      setCode(await (await labCmd()).runLabReset(prefix, o, io)),
    );
  lab
    .command('down')
    .description('Remove a lab (or every lab that `lab up` built).')
    .argument('[prefix]', 'the lab to remove (default: all)')
    .addOption(new Option('--lang <lang>').choices(['en', 'zh-TW']))
    .action(async (prefix: string | undefined, o: { lang?: string }) =>
      setCode(await (await labCmd()).runLabDown(prefix, o, io)),
    );
  return p;
}

// Run the CLI; returns the process exit code instead of exiting, so tests can call it in-process.
export async function main(argv: string[], opts: { invokedAs?: string; io?: Io } = {}): Promise<number> {
  const io = withSafeStderr(opts.io ?? processIo());
  let code = 0;
  const p = program(io, (n) => (code = n), opts.invokedAs ?? 'kube-netdiag');
  try {
    if (argv.length === 0) {
      // on a terminal the bare command is the UI (current kube context, else an offer of the demo)
      if (io.stdout.isTTY && io.stdin?.isTTY)
        return await (await tuiCmd()).runTui('auto', {}, io, `kube-netdiag ${VERSION}`, DEMO_BUNDLE);
      io.stdout.write(p.helpInformation());
      return 0;
    }
    await p.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    // every failure is one line with a code; a stack only for a bug, and only when asked for
    const err = asNetdiagError(e);
    io.stderr.write(`kube-netdiag: ${err.message} [${err.code}]\n`);
    if (err.code === 'ERR_INTERNAL' && io.env.KUBE_NETDIAG_DEBUG && e instanceof Error && e.stack)
      io.stderr.write(`${e.stack}\n`);
    return err.exitCode;
  }
}
