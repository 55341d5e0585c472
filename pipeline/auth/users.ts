// Local accounts: a small JSON file (default `users.json` beside the warehouse), written by
// `complaint-lens user …` and read by the dashboard. A file rather than a warehouse table because
// the warehouse is rebuilt and swapped by every pipeline run and opened read-only by the
// dashboard; accounts must survive both. Written to a temporary file and renamed (atomic), mode
// 0600: it holds password hashes.
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { hashPassword } from './password.ts';
import { isRole, type Role } from './roles.ts';

export interface UserRecord {
  name: string;
  role: Role;
  /** scrypt hash (password.ts) */
  password: string;
  /** Changes with every password change; sessions carry it, so a new password ends old sessions. */
  stamp: string;
  created_at: string;
  updated_at: string;
}

export class UsersError extends Error {}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** The users file that goes with a warehouse: `users.json` in the same directory. */
export function usersFileFor(db: string): string {
  return path.join(path.dirname(path.resolve(db)), 'users.json');
}

export function validUserName(name: string): boolean {
  return namePattern.test(name);
}

/** All accounts; [] when the file does not exist. Throws UsersError on a damaged file. */
export async function readUsers(file: string): Promise<UserRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsersError(`${file} is not valid JSON`);
  }
  const users = (parsed as { users?: unknown })?.users;
  if (!Array.isArray(users)) throw new UsersError(`${file}: expected {"users": [...]}`);
  return users.filter(
    (u): u is UserRecord =>
      typeof u?.name === 'string' && isRole(u.role) && typeof u.password === 'string',
  );
}

async function writeUsers(file: string, users: readonly UserRecord[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ version: 1, users }, null, 2) + '\n', {
    mode: 0o600,
  });
  await rename(temporary, file);
}

const newStamp = () => randomBytes(9).toString('base64url');

export async function addUser(
  file: string,
  name: string,
  role: Role,
  password: string,
): Promise<void> {
  if (!validUserName(name))
    throw new UsersError(`invalid user name "${name}": letters, digits and . _ @ - (max 64)`);
  checkPassword(password);
  const users = await readUsers(file);
  if (users.some((u) => u.name === name)) throw new UsersError(`user "${name}" already exists`);
  const now = new Date().toISOString();
  users.push({
    name,
    role,
    password: await hashPassword(password),
    stamp: newStamp(),
    created_at: now,
    updated_at: now,
  });
  await writeUsers(file, users);
}

export async function setPassword(file: string, name: string, password: string): Promise<void> {
  checkPassword(password);
  const users = await readUsers(file);
  const user = users.find((u) => u.name === name);
  if (!user) throw new UsersError(`no user "${name}"`);
  user.password = await hashPassword(password);
  user.stamp = newStamp();
  user.updated_at = new Date().toISOString();
  await writeUsers(file, users);
}

export async function setRole(file: string, name: string, role: Role): Promise<void> {
  const users = await readUsers(file);
  const user = users.find((u) => u.name === name);
  if (!user) throw new UsersError(`no user "${name}"`);
  user.role = role;
  user.stamp = newStamp();
  user.updated_at = new Date().toISOString();
  await writeUsers(file, users);
}

export async function removeUser(file: string, name: string): Promise<void> {
  const users = await readUsers(file);
  const kept = users.filter((u) => u.name !== name);
  if (kept.length === users.length) throw new UsersError(`no user "${name}"`);
  await writeUsers(file, kept);
}

function checkPassword(password: string): void {
  if (password.length < 10) throw new UsersError('passwords need at least 10 characters');
  if (password.length > 1024) throw new UsersError('passwords are limited to 1024 characters');
}
