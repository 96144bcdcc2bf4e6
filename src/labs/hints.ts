// Graded hints for a lab that was not opened as an exercise (`lab up SCENARIO --fault F`): first the symptom (which
// connection fails, from where), then where to look (the cause's own evidence hint, as the walkthrough gives it
// for a wrong pick), then the command that names it. Each `lab hint` gives one more; none names the fault first.
import { CAUSES } from '../learn/causes.js';
import { type Text, text } from '../i18n/lang.js';
import type { Check } from './checks.js';
import type { FaultSpec, Scenario } from './scenario.js';

// What a check tries, in words (the symptom a user would see).
export function checkText(c: Check): Text {
  if (c.kind === 'ping') return text(`${c.from} pings ${c.to}`, `從 ${c.from} ping ${c.to}`);
  if (c.kind === 'dns') return text(`${c.from} looks up ${c.lookup}`, `${c.from} 查詢 ${c.lookup}`);
  return text(`${c.from} connects to ${c.to}:${c.port}`, `${c.from} 連線到 ${c.to}:${c.port}`);
}

// The hints of a scenario lab with these faults, most general first; `diagnose` is the command that finds it.
export function scenarioHints(sc: Scenario, faults: readonly string[], diagnose: string): Text[] {
  const specs = faults.map((f) => sc.faults[f]).filter((s): s is FaultSpec => !!s);
  const breaks = new Set(specs.flatMap((s) => (Array.isArray(s.breaks) ? s.breaks : [])));
  const failing = sc.checks.filter((c) => breaks.has(c.name));
  const out: Text[] = [];
  if (failing.length > 0) {
    const first = failing[0]!;
    const what = checkText(first);
    out.push(
      text(
        `Start from what fails: ${what.en}. Run it yourself inside ${first.from} (kube-netdiag lab shell ${first.from}), then follow the packet: which route does ${first.from} take, and what answers on the way?`,
        `從失敗的地方開始：${what['zh-TW']}。在 ${first.from} 裡親自試一次（kube-netdiag lab shell ${first.from}），再跟著封包走：${first.from} 走哪條路由？沿路誰有回應？`,
      ),
    );
  } else
    out.push(
      text(
        'Every connection still works: this fault is in what the cluster says, not in the data plane. Compare the API objects with what the nodes do.',
        '所有連線都還通：這個故障在叢集的設定裡，不在資料平面上。比對 API 物件和節點實際的行為。',
      ),
    );
  for (const ref of specs.flatMap((s) => s.expect)) {
    const [id, host] = ref.split('@') as [keyof typeof CAUSES, string];
    const c = CAUSES[id];
    if (c && !out.some((t) => t.en.endsWith(c.hint.en)))
      out.push(text(`On ${host}: ${c.hint.en}`, `在 ${host} 上：${c.hint['zh-TW']}`));
  }
  out.push(
    text(
      `Let kube-netdiag name it, with the lines that prove it and the fix: ${diagnose}`,
      `讓 kube-netdiag 指出問題、證明它的那幾行和修正方式：${diagnose}`,
    ),
  );
  return out;
}
