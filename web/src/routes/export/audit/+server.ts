// /export/audit: the whole audit log as CSV (admins only, #lib/server/auth/access.ts). Cells go
// through the same formula-safe CSV writer as the table exports. Downloading it is itself audited.
import { csvStream } from '#lib/server/exportWriters.ts';
import { auditRows } from '#lib/server/auth/audit.ts';
import { auditEvent } from '#lib/server/auth/guard.ts';
import { authSettings } from '#lib/server/auth/settings.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
  const settings = authSettings();
  auditEvent(event, settings, event.locals.user, 'export', { table: 'audit', query: '' });
  const headers = ['at', 'event', 'user', 'role', 'ip', 'detail'];
  return new Response(csvStream(headers, auditRows(settings.auditFile)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="audit.csv"',
      'cache-control': 'no-store',
    },
  });
};
