// Small helpers the exercise data is written with: the symptom command as the learner types it.
import type { Exercise } from './exercises.js';

export function sym(host: string, argv: string[]): Exercise['symptom'] {
  const pod = /^([^.]+)\.(.+)$/.exec(host);
  const shown = argv.map((a) => (/[\s'"]/.test(a) ? `'${a}'` : a)).join(' ');
  return {
    host,
    argv,
    display: pod ? `kubectl exec -n ${pod[1]} ${pod[2]} -- ${shown}` : `ip netns exec ${host} ${shown}`,
  };
}

export const ping = (to: string): string[] => ['ping', '-n', '-c', '1', '-W', '2', to];
export const curl = (url: string): string[] => ['curl', '-sS', '--max-time', '3', url];
