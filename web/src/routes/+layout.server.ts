// Data every page needs: the UI language, who is signed in, the filter bar's choices, the label of a
// cluster filter (the URL holds its id; the breadcrumb shows its label) and the categories' English labels.
import {
  loadCategoryLabels,
  loadClusterLabel,
  loadFilterOptions,
  type FilterOptions,
} from '#lib/server/filterOptions.ts';
import { allowed, requirementFor } from '#lib/server/auth/access.ts';
import { exportTables } from '#lib/server/exportTables.ts';
import { modelsBuilt } from '#lib/server/models.ts';
import { livePages } from '#lib/nav.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
  // Nobody signed in (the sign-in page): nothing from the warehouse, not even the filter choices.
  const user = locals.user ?? null;
  if (!user)
    return {
      locale: locals.locale,
      user,
      openable: [],
      filterOptions: {},
      clusterLabel: undefined,
    };
  let filterOptions: FilterOptions = {};
  let clusterLabel: string | undefined;
  let categoryLabels: Record<string, string> = {};
  const cluster = url.searchParams.get('cluster');
  try {
    // models not built yet: the bar has no choices (they come from the marts)
    if (await modelsBuilt()) {
      [filterOptions, categoryLabels] = await Promise.all([
        loadFilterOptions(),
        loadCategoryLabels(),
      ]);
      if (cluster) clusterLabel = await loadClusterLabel(cluster);
    }
  } catch {
    // no warehouse: pages report that themselves; the bar just has no choices
  }
  // Pages for the sidebar, exports for the download menus: a link that would answer 403 is not shown.
  const openable = [
    ...livePages.map((p) => p.route),
    ...Object.keys(exportTables).map((table) => `/export/${table}`),
  ].filter((route) => allowed(requirementFor(route), user.role));
  return { locale: locals.locale, user, openable, filterOptions, clusterLabel, categoryLabels };
};
