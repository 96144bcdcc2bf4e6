// :findings — the main screen: the findings table of the selected target and the detail of the selected finding
// (drawn by the controller's layout, filtered with /).
import { text } from '../../../i18n/lang.js';
import { defineView } from './view.js';

export const findingsView = defineView({
  name: 'findings',
  key: '1',
  help: text('findings table and detail', '發現列表與詳情'),
  init: () => ({}),
});

// This file's row in the registry (./index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredViews {
    findings: true;
  }
}
