// The one list of lab scenarios (used by `lab`, the fixture script and the kernel tests).
import type { Scenario } from '../scenario.js';
import { bridgeNat } from './bridge-nat.js';
import { dockerBridge } from './docker-bridge.js';
import { k8sCalico, k8sDockerNode, k8sHostgw, k8sVxlan } from './k8s-cluster.js';
import { manualCni } from './manual-cni.js';

export const SCENARIOS = [
  bridgeNat,
  dockerBridge,
  manualCni,
  k8sHostgw,
  k8sVxlan,
  k8sCalico,
  k8sDockerNode,
] as const satisfies readonly Scenario[];

/** The same list where fault names are plain strings (the CLI and generic loops). */
export const ALL_SCENARIOS: readonly Scenario[] = SCENARIOS;

/** Every scenario id, and each scenario's fault names, from the list above. */
export type ScenarioId = (typeof SCENARIOS)[number]['id'];
export type ScenarioFault = {
  [S in (typeof SCENARIOS)[number] as S['id']]: { scenario: S['id']; fault: keyof S['faults'] & string };
}[ScenarioId];

// Look a scenario up by id.
export function scenario(id: string): Scenario | undefined {
  return ALL_SCENARIOS.find((s) => s.id === id);
}
