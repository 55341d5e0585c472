// Table downloads: /export/<table>?format=csv|xlsx plus the page's filters. The table name is
// looked up in the fixed whitelist of #lib/server/exportTables.ts (anything else is a 404).
// Who exported what (table, filters, row count) goes to the audit log when the download completes.
import { exportResponse } from '#lib/server/export.ts';
import { auditEvent } from '#lib/server/auth/guard.ts';
import { authSettings } from '#lib/server/auth/settings.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
  const { params, url, locals } = event;
  return exportResponse({
    table: params.table,
    url,
    locale: locals.locale,
    onDone: (rows) =>
      auditEvent(event, authSettings(), locals.user, 'export', {
        table: params.table,
        query: url.search,
        rows,
      }),
  });
};
