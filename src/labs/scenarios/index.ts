// The one list of lab scenarios (used by `lab`, the fixture script and the kernel tests).
import type { Scenario } from '../scenario.js';
import { bridgeNat } from './bridge-nat.js';
import { dockerBridge } from './docker-bridge.js';
import { k8sCalico, k8sDockerNode, k8sHostgw, k8sVxlan } from './k8s-cluster.js';
import { manualCni } from './manual-cni.js';

export const SCENARIOS: Scenario[] = [
  bridgeNat,
  dockerBridge,
  manualCni,
  k8sHostgw,
  k8sVxlan,
  k8sCalico,
  k8sDockerNode,
];

// Look a scenario up by id.
export function scenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
