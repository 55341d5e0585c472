// Sidebar entries. A page moves from `plannedPages` to `livePages` when its route ships.
import type { RouteId } from '$app/types';
import type { MessageKey } from './i18n/messages.ts';

export type NavIconName =
  'overview' | 'trends' | 'hotspots' | 'rootCauses' | 'complaints' | 'recommendations' | 'pipeline';

/** Routes without parameters (the only ones a sidebar entry can point at). */
export type PageRoute = Exclude<RouteId, `${string}[${string}`>;

export interface LivePage {
  route: PageRoute;
  label: MessageKey;
  icon: NavIconName;
}

export interface PlannedPage {
  label: MessageKey;
  icon: NavIconName;
}

export const livePages: readonly LivePage[] = [
  { route: '/', label: 'nav.overview', icon: 'overview' },
  { route: '/trends', label: 'nav.trends', icon: 'trends' },
  { route: '/complaints', label: 'nav.complaints', icon: 'complaints' },
];

export const plannedPages: readonly PlannedPage[] = [
  { label: 'nav.hotspots', icon: 'hotspots' },
  { label: 'nav.rootCauses', icon: 'rootCauses' },
  { label: 'nav.recommendations', icon: 'recommendations' },
  { label: 'nav.pipeline', icon: 'pipeline' },
];
