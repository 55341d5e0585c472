// DNS rebinding defence: a page on evil.example whose name re-resolves to 127.0.0.1 reaches the
// dashboard with `Host: evil.example`. Only listed Host values are served (localhost, 127.0.0.1,
// [::1] always; more with --allowed-host / COMPLAINT_LENS_ALLOWED_HOSTS), any port.
const always = ['localhost', '127.0.0.1', '[::1]', '::1'];

export function allowedHosts(configured: string | undefined): Set<string> {
  const extra = (configured ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return new Set([...always, ...extra]);
}

/** The host name of a Host header without its port; undefined when malformed. */
export function hostName(header: string | null): string | undefined {
  if (!header) return undefined;
  const value = header.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.exec(value);
  return match?.[1];
}

export function hostAllowed(header: string | null, allowed: ReadonlySet<string>): boolean {
  const name = hostName(header);
  return name !== undefined && (allowed.has(name) || allowed.has('*'));
}
