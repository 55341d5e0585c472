// Data every page needs: the UI language and the filter bar's choices.
import { loadFilterOptions, type FilterOptions } from '#lib/server/filterOptions.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
  let filterOptions: FilterOptions = {};
  try {
    filterOptions = await loadFilterOptions();
  } catch {
    // no warehouse (or an old one): pages report that themselves; the bar just has no choices
  }
  return { locale: locals.locale, filterOptions };
};
