// Local accounts: scrypt hashes, the users file, and what ends a session (the stamp).
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from '../../../pipeline/auth/password.ts';
import { roleAtLeast } from '../../../pipeline/auth/roles.ts';
import {
  addUser,
  readUsers,
  removeUser,
  setPassword,
  setRole,
  UsersError,
} from '../../../pipeline/auth/users.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function usersFile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cl-users-'));
  dirs.push(dir);
  return path.join(dir, 'users.json');
}

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('rejects malformed or absurd stored hashes without throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$1$1$1$x$y', 'scrypt$99999999$8$1$AA$AA', 'md5$x'])
      expect(await verifyPassword('x', bad)).toBe(false);
  });

  it('generates long passwords from an unambiguous alphabet', () => {
    const p = generatePassword();
    expect(p).toHaveLength(20);
    expect(p).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]+$/);
    expect(generatePassword()).not.toBe(p);
  });
});

describe('roles', () => {
  it('orders viewer < analyst < admin', () => {
    expect(roleAtLeast('admin', 'analyst')).toBe(true);
    expect(roleAtLeast('analyst', 'analyst')).toBe(true);
    expect(roleAtLeast('viewer', 'analyst')).toBe(false);
    expect(roleAtLeast('analyst', 'admin')).toBe(false);
  });
});

describe('users file', () => {
  it('adds, changes and removes accounts; a password or role change renews the stamp', async () => {
    const file = await usersFile();
    expect(await readUsers(file)).toEqual([]);
    await addUser(file, 'li.wei', 'analyst', 'a long password 1');
    await expect(addUser(file, 'li.wei', 'viewer', 'another password')).rejects.toThrow(UsersError);
    await expect(addUser(file, 'bad name', 'viewer', 'long enough pw')).rejects.toThrow(
      /invalid user name/,
    );
    await expect(addUser(file, 'short', 'viewer', 'short')).rejects.toThrow(/10 characters/);
    const [first] = await readUsers(file);
    expect(first).toMatchObject({ name: 'li.wei', role: 'analyst' });
    expect(await readFile(file, 'utf8')).not.toContain('a long password 1');
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    await setPassword(file, 'li.wei', 'a new password 2');
    const [afterPasswd] = await readUsers(file);
    expect(afterPasswd.stamp).not.toBe(first.stamp);
    expect(await verifyPassword('a new password 2', afterPasswd.password)).toBe(true);

    await setRole(file, 'li.wei', 'admin');
    const [afterRole] = await readUsers(file);
    expect(afterRole.role).toBe('admin');
    expect(afterRole.stamp).not.toBe(afterPasswd.stamp);

    await removeUser(file, 'li.wei');
    expect(await readUsers(file)).toEqual([]);
    await expect(removeUser(file, 'li.wei')).rejects.toThrow(/no user/);
  });
});
