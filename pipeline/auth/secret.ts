// The key that signs session cookies: `session.key` beside the users file, created on first use
// (32 random bytes, mode 0600) so sessions survive a restart. COMPLAINT_LENS_SESSION_SECRET
// overrides it (e.g. several dashboard processes behind one proxy).
import { randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export async function sessionSecret(usersFile: string): Promise<string> {
  const fromEnv = process.env.COMPLAINT_LENS_SESSION_SECRET;
  if (fromEnv && fromEnv.length >= 32) return fromEnv;
  const file = path.join(path.dirname(usersFile), 'session.key');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  return secret;
}
