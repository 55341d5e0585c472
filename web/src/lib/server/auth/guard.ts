// The security gate in front of every dynamic response (hooks.server.ts runs it first): Host
// allow-list, request size limits, identity, and the route rules of access.ts. Refusals are short
// plain texts: no path, SQL or stack trace, and nothing from the page they protect.
import type { RequestEvent } from '@sveltejs/kit';
import { allowed, requirementFor, type Requirement } from './access.ts';
import { audit } from './audit.ts';
import { requestAddress } from './clientAddress.ts';
import { hostAllowed } from './hosts.ts';
import { identify, type Identity } from './identify.ts';
import type { AuthSettings } from './settings.ts';

export const limits = { urlBytes: 8192, bodyBytes: 256 * 1024 } as const;

/** A refusal; undefined when the request may go on (event.locals.user is then set). */
export async function gate(
  event: RequestEvent,
  settings: AuthSettings,
): Promise<Response | undefined> {
  const { request } = event;
  if (!hostAllowed(request.headers.get('host'), settings.hosts))
    return refuse(
      421,
      'This dashboard does not answer to this host name. An administrator can allow it with --allowed-host.',
    );
  if (request.url.length > limits.urlBytes)
    return refuse(414, `The address is too long (limit ${limits.urlBytes / 1024} KB).`);
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > limits.bodyBytes)
    return refuse(413, `The request body is too large (limit ${limits.bodyBytes / 1024} KB).`);

  const user = await identify(request, event.cookies, () => event.getClientAddress(), settings);
  event.locals.user = user;
  const pathname = new URL(request.url).pathname;
  const requirement = strictest(requirementFor(pathname), requirementFor(event.route.id ?? '/'));
  if (allowed(requirement, user?.role)) return undefined;
  if (!user) {
    const wantsPage =
      request.method === 'GET' &&
      !pathname.endsWith('__data.json') &&
      (request.headers.get('accept') ?? '').includes('text/html');
    if (wantsPage) {
      const next = event.url.pathname + event.url.search;
      return new Response(null, {
        status: 303,
        headers: { location: `/login?next=${encodeURIComponent(next)}` },
      });
    }
    return refuse(401, 'Sign in first.');
  }
  auditEvent(event, settings, user, 'denied', { path: pathname, requires: requirement });
  return refuse(403, `Your role (${user.role}) may not open this page.`);
}

const order: Requirement[] = ['public', 'signed-in', 'viewer', 'analyst', 'admin'];
function strictest(a: Requirement, b: Requirement): Requirement {
  return order.indexOf(a) >= order.indexOf(b) ? a : b;
}

function refuse(status: number, message: string): Response {
  const body = `<!doctype html><meta charset="utf-8"><title>${status}</title><p>${message}</p><p><a href="/">Complaint Lens</a></p>`;
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    },
  });
}

export function auditEvent(
  event: RequestEvent,
  settings: AuthSettings,
  user: Identity | undefined,
  kind: Parameters<typeof audit>[1]['event'],
  detail: Record<string, string | number | null>,
): void {
  audit(settings.auditFile, {
    event: kind,
    user: user?.name ?? null,
    role: user?.role ?? null,
    // behind a configured proxy, the client it forwarded for (null: no address, e.g. a prerender)
    ip: requestAddress(event, settings),
    detail,
  });
}

/** After the response: the views the audit log records (complaint details, raw rejects, reports). */
export function auditResponse(
  event: RequestEvent,
  settings: AuthSettings,
  response: Response,
): void {
  if (response.status !== 200 || event.request.method !== 'GET') return;
  const user = event.locals.user;
  if (event.route.id === '/complaints/[id]' && event.params.id)
    auditEvent(event, settings, user, 'view_complaint', { complaint_id: event.params.id });
  else if (event.route.id === '/pipeline' && user?.role === 'admin')
    // admins see rejects' raw rows as stored there (not masked again): who looked is worth a line
    auditEvent(event, settings, user, 'view_rejects', {});
  else if (event.route.id === '/export/report')
    auditEvent(event, settings, user, 'report', { query: event.url.search });
}
