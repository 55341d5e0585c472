// Table downloads: /export/<table>?format=csv|xlsx plus the page's filters. The table name is
// looked up in the fixed whitelist of #lib/server/exportTables.ts (anything else is a 404).
import { exportResponse } from '#lib/server/export.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, url, locals }) =>
  exportResponse({ table: params.table, url, locale: locals.locale });
