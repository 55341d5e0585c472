// Sidebar entries, in sidebar order.
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

export const livePages: readonly LivePage[] = [
  { route: '/', label: 'nav.overview', icon: 'overview' },
  { route: '/trends', label: 'nav.trends', icon: 'trends' },
  { route: '/hotspots', label: 'nav.hotspots', icon: 'hotspots' },
  { route: '/root-causes', label: 'nav.rootCauses', icon: 'rootCauses' },
  { route: '/complaints', label: 'nav.complaints', icon: 'complaints' },
  { route: '/recommendations', label: 'nav.recommendations', icon: 'recommendations' },
  { route: '/pipeline', label: 'nav.pipeline', icon: 'pipeline' },
];
