// Sidebar entries. A page moves from `plannedPages` to `livePages` when its route ships.
import type { RouteId } from '$app/types';
import type { MessageKey } from './i18n/messages.ts';

export type NavIconName =
  'overview' | 'trends' | 'hotspots' | 'rootCauses' | 'complaints' | 'recommendations' | 'pipeline';

export interface LivePage {
  route: RouteId;
  label: MessageKey;
  icon: NavIconName;
}

export interface PlannedPage {
  label: MessageKey;
  icon: NavIconName;
}

export const livePages: readonly LivePage[] = [
  { route: '/', label: 'nav.overview', icon: 'overview' },
];

export const plannedPages: readonly PlannedPage[] = [
  { label: 'nav.trends', icon: 'trends' },
  { label: 'nav.hotspots', icon: 'hotspots' },
  { label: 'nav.rootCauses', icon: 'rootCauses' },
  { label: 'nav.complaints', icon: 'complaints' },
  { label: 'nav.recommendations', icon: 'recommendations' },
  { label: 'nav.pipeline', icon: 'pipeline' },
];
