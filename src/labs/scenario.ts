// A lab scenario: a topology from the material, the faults it can be broken with, and how to tell it works.
import type { FindingId } from '../analyzers/index.js';
import type { Lang } from '../i18n/lang.js';
import type { Check } from './checks.js';
import type { Lab } from './engine.js';

export interface FaultSpec {
  /** What breaks, in both languages (shown by `lab list`). */
  about: Record<Lang, string>;
  /** Findings (id@host) the analyzers must report on a capture of this fault; a misspelt id fails the compiler. */
  expect: FindingRef[];
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

/** A finding on a target, as exercises and fault expectations name one: `id@target`. */
export type FindingRef = `${FindingId}@${string}`;

export interface Scenario<Id extends string = string, F extends string = string> {
  id: Id;
  title: Record<Lang, string>;
  hosts: string[];
  faults: Record<F, FaultSpec>;
  checks: Check[];
  build(lab: Lab, faults: readonly F[]): Promise<void>;
}

// Define a scenario keeping its id and fault names as types (exercises and tests are checked against them).
export function defineScenario<const Id extends string, const F extends string>(s: Scenario<Id, F>): Scenario<Id, F> {
  return s;
}
