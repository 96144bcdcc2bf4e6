// Connects like kubectl: KUBECONFIG (merged) or --kubeconfig, --context, in-cluster config; and refuses the
// client's silent fallback to http://localhost:8080 when nothing is configured.
import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { NetdiagError, UsageError } from '../../errors.js';

// Thrown when no cluster is configured, so the user is pointed at the demo instead of a connection error.
export class NoClusterError extends NetdiagError {
  constructor() {
    super('ERR_NO_CLUSTER', 'no cluster configured. Cause: no kubeconfig (KUBECONFIG, ~/.kube/config, --kubeconfig) and not running in a pod. Remedy: point KUBECONFIG at a cluster, pass --kubeconfig/--context, or try `kube-netdiag demo`.');
  }
}

export interface Connection {
  kc: KubeConfig;
  context: string;
  server: string;
}

// Load the configuration the way kubectl would and pick the context.
export function connect(o: { kubeconfig?: string; context?: string }): Connection {
  const kc = new KubeConfig();
  if (o.kubeconfig) kc.loadFromFile(o.kubeconfig);
  else kc.loadFromDefault();
  if (o.context) {
    if (!kc.getContextObject(o.context)) throw new UsageError(`context "${o.context}" is not in the kubeconfig (contexts: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'}).`);
    kc.setCurrentContext(o.context);
  }
  const cluster = kc.getCurrentCluster();
  // loadFromDefault() with nothing to load invents context "loaded-context" → http://localhost:8080
  if (!cluster || (kc.getCurrentContext() === 'loaded-context' && cluster.server === 'http://localhost:8080')) throw new NoClusterError();
  return { kc, context: kc.getCurrentContext(), server: cluster.server };
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

// GET a path of the API server with the context's credentials; network errors and timeouts reject.
export async function getJson(conn: Connection, path: string, timeoutMs = 15_000): Promise<ApiResponse> {
  const url = new URL(path, conn.server);
  const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  await conn.kc.applyToHTTPSOptions(opts);
  const mod = url.protocol === 'http:' ? http : https;
  if (url.protocol === 'http:') delete opts.agent;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { ...opts, headers: { ...(opts.headers as Record<string, string>), Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* keep the text: an error page, not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
