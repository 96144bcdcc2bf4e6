// A lab scenario: a topology from the material, the faults it can be broken with, and how to tell it works.
import type { Lang } from '../i18n/lang.js';
import type { Check } from './checks.js';
import type { Lab } from './engine.js';

export interface FaultSpec {
  /** What breaks, in both languages (shown by `lab list`). */
  about: Record<Lang, string>;
  /** Findings (id@host) the analyzers must report on a capture of this fault. */
  expect: string[];
  /** Checks that the kernel really fails with this fault (verified by the test suite); may depend on the kernel. */
  breaks: string[] | ((env: LabEnv) => string[]);
  /** The fault lives only in the API objects (the lab's data plane does not enforce it), so it breaks no check. */
  apiOnly?: boolean;
}

/** Kernel settings that change what a fault breaks. */
export interface LabEnv {
  /** net.bridge.bridge-nf-call-iptables is 1: bridged IPv4 frames go through iptables FORWARD and the IP forwarding path. */
  bridgeNf: boolean;
}

// The checks a fault breaks on this kernel.
export function breaksFor(spec: FaultSpec, env: LabEnv): string[] {
  return [...(typeof spec.breaks === 'function' ? spec.breaks(env) : spec.breaks)].sort();
}

export interface Scenario {
  id: string;
  title: Record<Lang, string>;
  hosts: string[];
  faults: Record<string, FaultSpec>;
  checks: Check[];
  build(lab: Lab, faults: readonly string[]): Promise<void>;
}
