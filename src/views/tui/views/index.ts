// The registry of views: one row per view module. The keymap's view keys, the `:` commands and the help screen
// are generated from it; UiState holds each view's own state under its name.
import { dnsView } from './dns.js';
import { findingsView } from './findings.js';
import { natView } from './nat.js';
import { rawView } from './raw.js';
import { routesView } from './routes.js';
import { topologyView } from './topology.js';
import { traceView } from './trace.js';
import type { ViewModule } from './view.js';

export const VIEW_LIST = [findingsView, rawView, routesView, natView, dnsView, topologyView, traceView] as const;

export type ViewName = (typeof VIEW_LIST)[number]['name'];

/** Each view module declares its name here (declaration merging), so a module without a row above fails tsc. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the view modules
export interface DeclaredViews {}
type MustBeNever<T extends never> = T;
/** tsc error "Type '"<name>"' does not satisfy the constraint 'never'": that view has no row in VIEW_LIST. */
export type ViewsWithoutRow = MustBeNever<Exclude<keyof DeclaredViews, ViewName>>;

/** Each view's own state, under its name. */
export type ViewStates = { [V in (typeof VIEW_LIST)[number] as V['name']]: ReturnType<V['init']> };

export const VIEWS = Object.fromEntries(VIEW_LIST.map((v) => [v.name, v])) as {
  [V in (typeof VIEW_LIST)[number] as V['name']]: V;
};

// The view module of a name, with its state type erased (the controller passes each view its own slice).
export function viewOf(name: ViewName): ViewModule<ViewName, unknown> {
  return VIEWS[name] as ViewModule<ViewName, unknown>;
}

// Every view's initial state.
export function initialViewStates(): ViewStates {
  return Object.fromEntries(VIEW_LIST.map((v) => [v.name, v.init()])) as ViewStates;
}
