// Data every page needs: the UI language, the filter bar's choices, the label of a cluster
// filter (the URL holds its id; the breadcrumb shows its label) and the categories' English labels.
import {
  loadCategoryLabels,
  loadClusterLabel,
  loadFilterOptions,
  type FilterOptions,
} from '#lib/server/filterOptions.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
  let filterOptions: FilterOptions = {};
  let clusterLabel: string | undefined;
  let categoryLabels: Record<string, string> = {};
  const cluster = url.searchParams.get('cluster');
  try {
    [filterOptions, categoryLabels] = await Promise.all([
      loadFilterOptions(),
      loadCategoryLabels(),
    ]);
    if (cluster) clusterLabel = await loadClusterLabel(cluster);
  } catch {
    // no warehouse (or an old one): pages report that themselves; the bar just has no choices
  }
  return { locale: locals.locale, filterOptions, clusterLabel, categoryLabels };
};
