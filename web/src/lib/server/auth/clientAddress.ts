// Who is on the other end of a request, for the sign-in throttle and the audit log. Directly
// connected clients: the socket's peer address. Behind a reverse proxy every request comes from
// the proxy, so when the peer is a configured proxy (COMPLAINT_LENS_PROXY_ADDRESS) the client is
// the right-most X-Forwarded-For entry — the one that proxy added itself; entries to its left were
// sent by the client and could say anything. From any other peer the header is ignored, so a
// client cannot forge its address by sending one.
import { isIP } from 'node:net';
import type { RequestEvent } from '@sveltejs/kit';
import type { AuthSettings } from './settings.ts';

/** One spelling per address: lower case, and IPv4-mapped IPv6 (::ffff:1.2.3.4) as plain IPv4. */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  return mapped ? mapped[1] : a;
}

/** The client's address, given the socket peer, the X-Forwarded-For header and the proxies. */
export function clientAddress(
  peer: string,
  forwardedFor: string | null,
  proxies: ReadonlySet<string> | undefined,
): string {
  const from = normaliseAddress(peer);
  if (!proxies?.has(from) || !forwardedFor) return from;
  const added = forwardedFor.split(',').at(-1)?.trim() ?? '';
  return isIP(added) ? normaliseAddress(added) : from;
}

/** The client's address of a request; null when there is none (e.g. a prerender). */
export function requestAddress(event: RequestEvent, settings: AuthSettings): string | null {
  let peer: string;
  try {
    peer = event.getClientAddress();
  } catch {
    return null;
  }
  return clientAddress(
    peer,
    event.request.headers.get('x-forwarded-for'),
    settings.proxy?.addresses,
  );
}
