// Who may open what: the one table of route rules, checked in hooks.server.ts for every request
// (pages, their __data.json, form actions, exports, report downloads) before anything runs. Pages
// never check roles themselves, and hiding a link is never the protection.
import { roleAtLeast, type Role } from '../../../../../pipeline/auth/roles.ts';

export type Requirement = 'public' | 'signed-in' | Role;

/** First match wins; paths are lower-cased and without a trailing `__data.json`. */
const rules: ReadonlyArray<[RegExp, Requirement]> = [
  [/^\/login(\/|$)/, 'public'],
  [/^\/logout$/, 'signed-in'],
  [/^\/admin(\/|$)/, 'admin'],
  // rejects hold raw input rows: admins only (the pipeline page masks them for analysts)
  [/^\/export\/rejects(\/|$)/, 'admin'],
  [/^\/export\/audit(\/|$)/, 'admin'],
  [/^\/export\/report(\/|$)/, 'viewer'],
  [/^\/export(\/|$)/, 'analyst'],
  [/^\/complaints(\/|$)/, 'analyst'],
  [/^\/pipeline(\/|$)/, 'analyst'],
];

export function normalisePath(pathname: string): string {
  let path = pathname;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    // an undecodable path matches no route; the raw form is checked
  }
  path = path.toLowerCase().replace(/\/{2,}/g, '/');
  path = path.replace(/\/__data\.json$/, '') || '/';
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

export function requirementFor(pathname: string): Requirement {
  const path = normalisePath(pathname);
  for (const [pattern, requirement] of rules) if (pattern.test(path)) return requirement;
  return 'viewer';
}

/** Whether a signed-in `role` (undefined: nobody signed in) meets a requirement. */
export function allowed(requirement: Requirement, role: Role | undefined): boolean {
  if (requirement === 'public') return true;
  if (!role) return false;
  if (requirement === 'signed-in') return true;
  return roleAtLeast(role, requirement);
}

/**
 * Whether a role may see individual complaints (ids, text, lists): the rule of /complaints. Pages
 * that viewers may open (batch, root cause) drop their complaint-level parts below it, so viewers
 * get aggregates only.
 */
export function maySeeComplaints(role: Role | undefined): boolean {
  return allowed(requirementFor('/complaints'), role);
}
