// The local accounts as the dashboard sees them: users.json read again whenever its mtime changes
// (so `complaint-lens user add|remove|passwd` takes effect without a restart), and the password
// check. Unknown names cost one hash too, so response time does not reveal which names exist.
import { stat } from 'node:fs/promises';
import { hashPassword, verifyPassword } from '../../../../../pipeline/auth/password.ts';
import { readUsers, type UserRecord } from '../../../../../pipeline/auth/users.ts';

let loaded: { file: string; mtimeMs: number; users: UserRecord[] } | undefined;
let dummyHash: Promise<string> | undefined;

export async function accounts(file: string): Promise<UserRecord[]> {
  let mtimeMs = -1;
  try {
    mtimeMs = (await stat(file)).mtimeMs;
  } catch {
    return [];
  }
  if (loaded?.file !== file || loaded.mtimeMs !== mtimeMs) {
    loaded = { file, mtimeMs, users: await readUsers(file) };
  }
  return loaded.users;
}

export async function findAccount(file: string, name: string): Promise<UserRecord | undefined> {
  return (await accounts(file)).find((u) => u.name === name);
}

/** The account when the password is right, else undefined. */
export async function checkPassword(
  file: string,
  name: string,
  password: string,
): Promise<UserRecord | undefined> {
  const user = await findAccount(file, name);
  if (!user) {
    await verifyPassword(password, await (dummyHash ??= hashPassword('not a real password')));
    return undefined;
  }
  return (await verifyPassword(password, user.password)) ? user : undefined;
}
