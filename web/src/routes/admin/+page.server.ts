// Administration (admins only, #lib/server/auth/access.ts): the accounts and the newest audit
// events. Accounts are changed with `complaint-lens user …`, not here: a web form that creates
// admins would be one more thing to attack.
import { accounts } from '#lib/server/auth/accounts.ts';
import { readRecentAudit, type AuditEvent } from '#lib/server/auth/audit.ts';
import { authSettings } from '#lib/server/auth/settings.ts';
import type { PageServerLoad } from './$types';

const shown = 500;

export const load: PageServerLoad = async () => {
  const settings = authSettings();
  const users = (await accounts(settings.usersFile)).map((u) => ({
    name: u.name,
    role: u.role,
    updatedAt: u.updated_at,
  }));
  const events: AuditEvent[] = await readRecentAudit(settings.auditFile, shown);
  return { users, events, shown };
};
