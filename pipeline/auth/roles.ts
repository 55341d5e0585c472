// The three roles, in increasing order of what they may see (docs/security.md):
//   viewer  — aggregates, charts, recommendations, reports; no complaint lists, details or exports
//   analyst — + complaint lists and details, table exports
//   admin   — + users, audit log, rejects' raw rows, PII kept in clear by policy
// Shared by the CLI (`complaint-lens user`) and the dashboard, so it stays dependency-free.
export const roles = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Whether `role` includes everything `required` may do. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(required);
}
