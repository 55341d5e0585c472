// /export/report?kind=monthly|weekly&period=…&lang=zh|en&format=html|pdf — the monthly complaint
// report or the weekly hot-spot bulletin, written by `complaint-lens report` (see reportDownload.ts).
import { error } from '@sveltejs/kit';
import { parseReportRequest, renderReport } from '#lib/server/reportDownload.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
  const parsed = parseReportRequest(url.searchParams);
  if (!parsed.ok) error(400, `Invalid report parameter: ${parsed.problem}`);
  const outcome = await renderReport(parsed.request);
  if (!outcome.ok) error(outcome.status, outcome.message);
  const type = parsed.request.format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8';
  return new Response(outcome.body, {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${outcome.fileName}"`,
      'cache-control': 'no-store',
    },
  });
};
