// `complaint-lens user add|passwd|role|remove|list`: local accounts of the dashboard
// (docs/security.md). Passwords come from stdin (`--password-stdin`, for scripts) or are generated
// and printed once — never from a command-line argument, which other users can read in `ps`.
import { Command, Option } from 'commander';
import path from 'node:path';
import { generatePassword } from './password.ts';
import { roles, type Role } from './roles.ts';
import { addUser, readUsers, removeUser, setPassword, setRole, usersFileFor } from './users.ts';

interface UserOpts {
  db: string;
  users?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

const fileOf = (o: UserOpts) => (o.users ? path.resolve(o.users) : usersFileFor(o.db));

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** The new password: stdin's first line, or a generated one that is printed once. */
async function newPassword(o: UserOpts, name: string): Promise<string> {
  if (o.passwordStdin) return readStdinLine();
  const password = generatePassword();
  process.stdout.write(`password for ${name}: ${password}\n(shown once; store it now)\n`);
  return password;
}

export function addUserCommands(program: Command, defaultDb: string): void {
  const user = program
    .command('user')
    .description('manage the dashboard accounts (users.json beside the warehouse)');
  const common = (cmd: Command) =>
    cmd
      .option('--db <path>', 'warehouse file (the users file lives beside it)', defaultDb)
      .option('--users <file>', 'users file (default: users.json beside --db)');
  const roleOption = () =>
    new Option('--role <role>', 'viewer | analyst | admin').choices(roles).makeOptionMandatory();

  common(user.command('add <name>').description('add an account'))
    .addOption(roleOption())
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .action(async (name: string, o: UserOpts & { role: Role }) => {
      const file = fileOf(o);
      await addUser(file, name, o.role, await newPassword(o, name));
      process.stderr.write(`added ${name} (${o.role}) to ${file}\n`);
    });

  common(user.command('passwd <name>').description('set a new password (ends its sessions)'))
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .action(async (name: string, o: UserOpts) => {
      await setPassword(fileOf(o), name, await newPassword(o, name));
      process.stderr.write(`password of ${name} changed\n`);
    });

  common(user.command('role <name>').description("change an account's role (ends its sessions)"))
    .addOption(roleOption())
    .action(async (name: string, o: UserOpts & { role: Role }) => {
      await setRole(fileOf(o), name, o.role);
      process.stderr.write(`${name} is now ${o.role}\n`);
    });

  common(user.command('remove <name>').description('remove an account (ends its sessions)')).action(
    async (name: string, o: UserOpts) => {
      await removeUser(fileOf(o), name);
      process.stderr.write(`removed ${name}\n`);
    },
  );

  common(user.command('list').description('list the accounts'))
    .option('--json', 'one JSON array on stdout')
    .action(async (o: UserOpts) => {
      const users = (await readUsers(fileOf(o))).map(({ name, role, created_at, updated_at }) => ({
        name,
        role,
        created_at,
        updated_at,
      }));
      if (o.json) process.stdout.write(JSON.stringify(users) + '\n');
      else for (const u of users) process.stdout.write(`${u.name}\t${u.role}\t${u.updated_at}\n`);
    });
}

/**
 * First start with sign-in on and no accounts: create `admin` with a generated password and print
 * it once (stdout), so `npm start` gives a first-time user a way in.
 */
export async function ensureFirstAdmin(usersFile: string, log: (m: string) => void): Promise<void> {
  if ((await readUsers(usersFile)).length > 0) return;
  const password = generatePassword();
  await addUser(usersFile, 'admin', 'admin', password);
  process.stdout.write(
    `\n  First start: created the dashboard account "admin" in ${usersFile}\n` +
      `  password: ${password}\n` +
      `  (shown once; change it with \`npx complaint-lens user passwd admin --users ${usersFile}\`)\n\n`,
  );
  log(`created the first admin account in ${usersFile}`);
}
