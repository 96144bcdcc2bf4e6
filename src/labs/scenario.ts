// A lab scenario: a topology from the material, the faults it can be broken with, and how to tell it works.
import type { FindingId } from '../analyzers/index.js';
import type { Lang } from '../i18n/lang.js';
import type { Check } from './checks.js';
import type { Lab } from './engine.js';

export interface FaultSpec<C = unknown> {
  /** The settings this fault changes from the healthy ones: that is the whole fault, as data. */
  set: Partial<C>;
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

/** A scenario as written: its healthy settings, its faults as rows of changed settings, one setup of settings. */
export interface ScenarioDef<Id extends string, F extends string, C extends object> {
  id: Id;
  title: Record<Lang, string>;
  hosts: string[];
  checks: Check[];
  healthy: C;
  faults: Record<F, FaultSpec<C>>;
  /** Builds the topology from settings alone; it never asks which fault is on. */
  setup(lab: Lab, settings: Readonly<C>): Promise<void>;
}

// The settings with these faults on: the healthy ones, then each fault's changes in order (a later fault wins).
export function settingsFor<C extends object, F extends string>(
  healthy: C,
  faults: Record<F, FaultSpec<C>>,
  on: readonly F[],
): C {
  return Object.assign({}, healthy, ...on.map((f) => faults[f].set));
}

// Define a scenario, keeping its id and fault names as types (exercises and tests are checked against them).
export function defineScenario<const Id extends string, const F extends string, C extends object>(
  d: ScenarioDef<Id, F, C>,
): Scenario<Id, F> & ScenarioDef<Id, F, C> {
  return { ...d, build: (lab, on) => d.setup(lab, settingsFor(d.healthy, d.faults, on)) };
}
