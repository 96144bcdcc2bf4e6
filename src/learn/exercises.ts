// Every failure case of the material as an exercise: one definition drives the walkthrough (on the case's
// fixture), the live lab (the same scenario and fault, built in namespaces) and the fixture itself.
import type { FindingId } from '../analyzers/index.js';
import type { Lang } from '../i18n/lang.js';
import type { FindingRef } from '../labs/scenario.js';
import type { ScenarioFault } from '../labs/scenarios/index.js';
import { CLUSTER_EXERCISES } from './exercises-cluster.js';
import { BRIDGE_EXERCISES } from './exercises-bridge.js';
import { CONTAINER_EXERCISES } from './exercises-containers.js';

export type Topic = 'switching' | 'routing' | 'gateway' | 'nat' | 'dns' | 'cni' | 'kubernetes';

/** How the material rates each topic for the CKA (switching low, routing and the default gateway medium, NAT high). */
export const CKA: Record<Topic, { level: 'low' | 'medium' | 'high'; basis: Record<Lang, string> }> = {
  switching: {
    level: 'low',
    basis: {
      en: 'Switching is layer 2 (bridges such as cni0): the material says the CKA does not go deep here.',
      'zh-TW': 'Switching 屬於第 2 層（例如 cni0 這類 bridge）：教材說 CKA 不會深入考。',
    },
  },
  routing: {
    level: 'medium',
    basis: {
      en: 'Routing carries pod traffic between nodes and ClusterIP traffic: rated medium in the material.',
      'zh-TW': 'Routing 負責跨節點的 Pod 流量與 ClusterIP 流量：教材評為中等。',
    },
  },
  gateway: {
    level: 'medium',
    basis: {
      en: "The default gateway is how a node sends pods' egress out: rated medium in the material.",
      'zh-TW': '預設閘道決定節點如何把 Pod 的對外流量送出去：教材評為中等。',
    },
  },
  nat: {
    level: 'high',
    basis: {
      en: 'NAT is rated high: SNAT lets pods out, DNAT turns a virtual IP into a pod IP (kube-proxy).',
      'zh-TW': 'NAT 被評為高：SNAT 讓 Pod 能出網，DNAT 把虛擬 IP 轉成 Pod 的真實 IP（kube-proxy）。',
    },
  },
  dns: {
    level: 'high',
    basis: {
      en: 'DNS and "network does not work" troubleshooting are listed among the CKA scenarios in the material.',
      'zh-TW': '教材把 DNS 與「網路不通」的排查列為 CKA 的考試情境。',
    },
  },
  cni: {
    level: 'medium',
    basis: {
      en: 'How a CNI plugin wires a pod (veth into its namespace) is a CKA scenario in the material.',
      'zh-TW': 'CNI plugin 如何把 Pod 接上網路（把 veth 放進它的 namespace）是教材列出的 CKA 情境。',
    },
  },
  kubernetes: {
    level: 'high',
    basis: {
      en: 'Services, kube-proxy, CoreDNS and NetworkPolicy are core CKA troubleshooting.',
      'zh-TW': 'Service、kube-proxy、CoreDNS 與 NetworkPolicy 是 CKA 排查的核心。',
    },
  },
};

/** An exercise: a fault of a scenario (the pair is checked against the scenario list by the compiler). */
export type Exercise = ScenarioFault & ExerciseBody;

interface ExerciseBody {
  id: string;
  topic: Topic;
  title: Record<Lang, string>;
  /** Where the learner meets the problem. */
  story: Record<Lang, string>;
  /** The failing command: run inside `host`'s namespace when fixtures are made; `display` is what the learner types. */
  symptom: { host: string; argv: string[]; display: string };
  /** The finding (id@target) the analyzers report on the fixture: the right answer. */
  answer: FindingRef;
  /** Plausible wrong causes (finding ids in CAUSES). */
  distractors: FindingId[];
  /** Why the fix works. */
  why: Record<Lang, string>;
  /** Lab hints, one per `lab hint`, from a nudge to the command to run. */
  hints: Record<Lang, string>[];
  /** A live lab exists (cluster cases are walkthroughs on captures only). */
  live: boolean;
  /**
   * Commands that fix the live lab when the finding's own fix needs a choice made by a person (which address,
   * which line to delete); `{host}` stands for that lab namespace's real name.
   */
  labFix?: string[];
}

// The symptom command as typed: in the lab namespace, or with kubectl exec for a pod ("<ns>.<name>").
/** Every exercise, material topologies first. */
export const EXERCISES: Exercise[] = [...BRIDGE_EXERCISES, ...CONTAINER_EXERCISES, ...CLUSTER_EXERCISES];

// An exercise by id.
export function exercise(id: string): Exercise | undefined {
  return EXERCISES.find((e) => e.id === id);
}

// The exercise a lab (scenario + faults) is, when it is one.
export function exerciseForLab(scenario: string, faults: readonly string[]): Exercise | undefined {
  return EXERCISES.find((e) => e.scenario === scenario && faults.length === 1 && faults[0] === e.fault);
}

/** The fixture a walkthrough reads. */
export const fixtureOf = (e: Exercise): string => `${e.scenario}/${e.fault}`;
