// Security policy for every response of the dashboard, in one place.
//
// Imported by three runtimes, so it must stay dependency-free and use erasable TypeScript only:
// web/vite.config.ts (SvelteKit's `csp` option, which adds the hash of the one inline script
// SvelteKit emits), src/hooks.server.ts (headers on rendered pages and data requests) and
// web/server.ts (the same headers on static assets, which bypass the hooks).
import type { Config } from '@sveltejs/kit/vite';

type CspDirectives = NonNullable<NonNullable<Config['csp']>['directives']>;

/**
 * Content-Security-Policy directives (SvelteKit `CspDirectives` shape, keywords unquoted).
 *
 * - script-src 'self' plus the hash SvelteKit adds for its bootstrap: no other inline or third-party
 *   scripts.
 * - style-src allows 'unsafe-inline' on purpose: Svelte renders `style="…"` attributes and ECharts
 *   positions its tooltip and SVG with inline styles. Style injection cannot run code; scripts stay
 *   locked down. Do not add a nonce to style-src — a nonce makes browsers ignore 'unsafe-inline'.
 * - img-src data: because ECharts' SVG renderer may inline pattern images (aria decals).
 * - frame-ancestors 'none': the dashboard is never framed (clickjacking).
 */
export const cspDirectives: CspDirectives = {
  'default-src': ['self'],
  'script-src': ['self'],
  'style-src': ['self', 'unsafe-inline'],
  'img-src': ['self', 'data:'],
  'font-src': ['self'],
  'connect-src': ['self'],
  'object-src': ['none'],
  'base-uri': ['self'],
  'form-action': ['self'],
  'frame-ancestors': ['none'],
};

/** Headers that do not depend on the request; set on every response. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  // Legacy twin of frame-ancestors for browsers that ignore CSP.
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};
