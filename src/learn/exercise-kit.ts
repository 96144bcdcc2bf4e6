// Small helpers the exercise data is written with: the symptom command as the learner types it.
import { type Text, text } from '../i18n/lang.js';
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

/** How much the CKA exam leans on a topic, in words. */
export const LEVEL: Record<string, Text> = {
  low: text('low', '低'),
  medium: text('medium', '中'),
  high: text('high', '高'),
};
