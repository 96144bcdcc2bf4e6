// The one list of analyzers, and the function that runs them and localises their findings.
import type { Snapshot } from '../snapshot/types.js';
import { addressPrefixMismatch } from './address-prefix-mismatch.js';
import { bridgeDown } from './bridge-down.js';
import { bridgeNfCallIptablesDisabled } from './bridge-nf-call-iptables-disabled.js';
import { iptablesBackendSplit } from './iptables-backend-split.js';
import { netpolNotEnforced } from './netpol-not-enforced.js';
import { conntrackNearFull } from './conntrack-near-full.js';
import { corednsLoop } from './coredns-loop.js';
import { kubeProxyUnhealthy } from './kube-proxy-unhealthy.js';
import { mtuMismatch } from './mtu-mismatch.js';
import { calicoProxyArpOff } from './calico-proxy-arp-off.js';
import { noNetworkInterface } from './no-network-interface.js';
import { netpolBlocksDns } from './netpol-blocks-dns.js';
import { podcidrRouteMissing } from './podcidr-route-missing.js';
import { corednsNoEndpoints } from './coredns-no-endpoints.js';
import { dnsNdotsHigh } from './dns-ndots-high.js';
import { dnsSearchLimit } from './dns-search-limit.js';
import { dnsTooManyNameservers } from './dns-too-many-nameservers.js';
import { endpointsStale } from './endpoints-stale.js';
import { hostnetworkDnsPolicy } from './hostnetwork-dns-policy.js';
import { kubeMasqueradeMissing } from './kube-masquerade-missing.js';
import { nodeportNotProgrammed } from './nodeport-not-programmed.js';
import { podDnsNameserverMismatch } from './pod-dns-nameserver-mismatch.js';
import { serviceNoEndpoints } from './service-no-endpoints.js';
import { serviceNotProgrammed } from './service-not-programmed.js';
import { type Lang, fill } from '../i18n/lang.js';
import type { Analyzer } from './define.js';
import { dnatTargetUnknown } from './dnat-target-unknown.js';
import { dnsNameserverUnreachable } from './dns-nameserver-unreachable.js';
import { dnsNoNameserver } from './dns-no-nameserver.js';
import { dnsNoResolvConf } from './dns-no-resolv-conf.js';
import { forwardBlocked } from './forward-blocked.js';
import { uniqueEvidence } from './fix.js';
import { gatewayUnreachable } from './gateway-unreachable.js';
import { hostsOverride } from './hosts-override.js';
import { interfaceDown } from './interface-down.js';
import { ipForwardDisabled } from './ip-forward-disabled.js';
import { masqueradeMissing } from './masquerade-missing.js';
import { noDefaultRoute } from './no-default-route.js';
import { nsswitchNoDns } from './nsswitch-no-dns.js';
import { type Finding, type RawFinding, SEVERITY_RANK, fixText } from './types.js';

// The registry: one row per analyzer (its file holds its id, texts and severities).
export const ANALYZERS = [
  interfaceDown,
  bridgeDown,
  addressPrefixMismatch,
  noDefaultRoute,
  gatewayUnreachable,
  ipForwardDisabled,
  masqueradeMissing,
  forwardBlocked,
  dnsNoResolvConf,
  dnsNoNameserver,
  dnsNameserverUnreachable,
  nsswitchNoDns,
  hostsOverride,
  dnatTargetUnknown,
  // Kubernetes (issue [k8s-analyze])
  serviceNoEndpoints,
  corednsNoEndpoints,
  serviceNotProgrammed,
  endpointsStale,
  nodeportNotProgrammed,
  kubeMasqueradeMissing,
  podDnsNameserverMismatch,
  hostnetworkDnsPolicy,
  bridgeNfCallIptablesDisabled,
  dnsTooManyNameservers,
  dnsSearchLimit,
  dnsNdotsHigh,
  conntrackNearFull,
  kubeProxyUnhealthy,
  corednsLoop,
  podcidrRouteMissing,
  netpolBlocksDns,
  mtuMismatch,
  calicoProxyArpOff,
  noNetworkInterface,
  iptablesBackendSplit,
  netpolNotEnforced,
] as const satisfies readonly Analyzer[];

/** Every finding id, from the registry (a typo in an id anywhere else fails the compiler). */
export type FindingId = (typeof ANALYZERS)[number]['id'];

/** Each analyzer file declares its id here (declaration merging), so a file without a row above fails tsc. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the analyzer files
export interface DeclaredAnalyzers {}
type MustBeNever<T extends never> = T;
/** tsc error "Type '"<id>"' does not satisfy the constraint 'never'": that analyzer has no row in ANALYZERS. */
export type AnalyzersWithoutRow = MustBeNever<Exclude<keyof DeclaredAnalyzers, FindingId>>;
export const FINDING_IDS: readonly FindingId[] = ANALYZERS.map((a) => a.id);

const BY_ID = new Map<string, Analyzer>(ANALYZERS.map((a) => [a.id, a]));

// The analyzer (and catalog entry) of a finding id.
export function analyzerOf(id: FindingId): Analyzer {
  return BY_ID.get(id)!;
}

export interface AnalyzerFailure {
  analyzer: string;
  message: string;
}

// Run every analyzer; one that throws is reported, the others still run.
export function runAnalyzers(
  snap: Snapshot,
  analyzers: readonly Analyzer[] = ANALYZERS,
): { findings: RawFinding[]; failures: AnalyzerFailure[] } {
  const findings: RawFinding[] = [];
  const failures: AnalyzerFailure[] = [];
  for (const a of analyzers) {
    try {
      // an analyzer's findings carry its own id, one of FindingId
      for (const f of a.run(snap)) findings.push({ ...f, id: f.id as FindingId, evidence: uniqueEvidence(f.evidence) });
    } catch (e) {
      failures.push({ analyzer: a.id, message: (e as Error).message });
    }
  }
  findings.sort(
    (x, y) =>
      SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] ||
      x.target.localeCompare(y.target) ||
      x.id.localeCompare(y.id),
  );
  return { findings, failures };
}

// Give a raw finding its title and explanation in one language.
export function localize(f: RawFinding, lang: Lang): Finding {
  const v = analyzerOf(f.id).variants[f.variant];
  if (!v) throw new Error(`finding ${f.id} has no variant "${f.variant}"`);
  const t = { title: v.title[lang], explanation: v.explanation[lang] };
  return {
    id: f.id,
    severity: f.severity,
    target: f.target,
    title: fill(t.title, f.params),
    explanation: fill(t.explanation, f.params),
    evidence: f.evidence,
    fix: f.fix.map((e) => fixText(e, lang)),
    notes: (f.notes ?? []).map((n) => n[lang]),
    ...(f.manifest ? { manifest: { about: f.manifest.about[lang], yaml: f.manifest.yaml } } : {}),
    ...(f.trace ? { trace: f.trace } : {}),
  };
}
