// Accounts and personal data through the real CLI: `complaint-lens user …` on a users file, and
// an export with personal data in extra columns loaded with `complaint-lens run` — stored masked
// or hashed by default, kept only where privacy.keepRaw says so.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../pipeline/auth/password.ts';
import { readUsers } from '../../pipeline/auth/users.ts';
import { CLI, ROOT, query, runCli, tempDir } from './cli-harness.ts';

describe('complaint-lens user', () => {
  it('adds with a generated password shown once, lists, changes roles and removes', async () => {
    const dir = await tempDir();
    const db = join(dir, 'w.duckdb');
    const add = await runCli(['user', 'add', 'li.wei', '--role', 'analyst', '--db', db]);
    expect(add.code, add.stderr).toBe(0);
    const password = /password for li\.wei: (\S+)/.exec(add.stdout)?.[1] ?? '';
    expect(password).toHaveLength(20);
    const [user] = await readUsers(join(dir, 'users.json'));
    expect(user).toMatchObject({ name: 'li.wei', role: 'analyst' });
    expect(await verifyPassword(password, user.password)).toBe(true);
    expect(await readFile(join(dir, 'users.json'), 'utf8')).not.toContain(password);

    const again = await runCli(['user', 'add', 'li.wei', '--role', 'viewer', '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const badRole = await runCli(['user', 'add', 'x.y', '--role', 'root', '--db', db]);
    expect(badRole.code).toBe(2);

    expect((await runCli(['user', 'role', 'li.wei', '--role', 'admin', '--db', db])).code).toBe(0);
    const list = await runCli(['user', 'list', '--json', '--db', db]);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'li.wei', role: 'admin' }),
    ]);
    expect(list.stdout).not.toContain('scrypt');

    const passwd = await runCli(['user', 'passwd', 'li.wei', '--db', db]);
    const newPassword = /password for li\.wei: (\S+)/.exec(passwd.stdout)?.[1] ?? '';
    const [changed] = await readUsers(join(dir, 'users.json'));
    expect(await verifyPassword(newPassword, changed.password)).toBe(true);
    expect(await verifyPassword(password, changed.password)).toBe(false);

    expect((await runCli(['user', 'remove', 'li.wei', '--db', db])).code).toBe(0);
    expect((await runCli(['user', 'remove', 'li.wei', '--db', db])).code).toBe(2);
    expect(await readUsers(join(dir, 'users.json'))).toEqual([]);
  });

  it('first serve with no accounts creates admin and prints its password once; sign-in works', async () => {
    const dir = await tempDir();
    const db = join(dir, 'w.duckdb');
    const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const deadline = Date.now() + 240_000;
      while (
        !/dashboard ready.*url=(\S+)/.test(out) &&
        Date.now() < deadline &&
        child.exitCode === null
      )
        await new Promise((r) => setTimeout(r, 200));
      const url = /dashboard ready.*url=(\S+)/.exec(out)?.[1];
      const password = /password: (\S+)/.exec(out)?.[1];
      expect(url, out).toBeDefined();
      expect(password, out).toHaveLength(20);
      const signIn = (pw: string) =>
        fetch(new URL('/login', url), {
          method: 'POST',
          redirect: 'manual',
          headers: {
            origin: new URL(url!).origin,
            accept: 'text/html',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ name: 'admin', password: pw }),
        });
      expect((await signIn('not the password')).status).toBe(400);
      const ok = await signIn(password!);
      expect(ok.status).toBe(303);
      expect(ok.headers.get('set-cookie')).toMatch(/^cl_session=[^;]+;.*HttpOnly.*SameSite=Lax/i);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const [admin] = await readUsers(join(dir, 'users.json'));
    expect(admin).toMatchObject({ name: 'admin', role: 'admin' });
  });

  it('refuses --no-auth on a non-loopback address', async () => {
    const dir = await tempDir();
    const r = await runCli([
      'serve',
      '--no-auth',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--db',
      join(dir, 'w.duckdb'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--no-auth');
  });
});

const header =
  '投诉编号,受理时间,客户编号,产品型号,问题描述,客户姓名,联系电话,收货地址,备注,订单号';
const rows = [
  'PC-1,2026-03-05 10:00:00,C0001,BCD-520W,门封条漏气,张三丰,13812345678,北京市海淀区中关村大街1号,回电 13912345678,20260305123456',
  'PC-2,2026-03-05 11:00:00,C0002,BCD-520W,噪音大,李四,010-62345678,上海市浦东新区世纪大道100号,,20260305123457',
  'PC-3,2026-03-05 12:00:00,C0001,KFR-35GW,不制冷,王五,+86 139-1234-5678,广州市天河区,邮件 wang@example.com,20260305123458',
  // rejected (no date): its raw row is stored with the extra columns masked as well
  'PC-4,,C0003,KFR-35GW,漏水,赵六,13700001111,深圳市南山区科技园,,20260305123459',
];

async function load(dir: string, config?: object, lines = rows): Promise<string> {
  const db = join(dir, 'w.duckdb');
  await writeFile(join(dir, 'pii.csv'), [header, ...lines].join('\n') + '\n');
  const args = [
    'run',
    '--input',
    join(dir, 'pii.csv'),
    '--db',
    db,
    '--json',
    '--max-reject-rate',
    '1',
  ];
  if (config) {
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    args.push('--config', join(dir, 'config.json'));
  }
  const r = await runCli(args);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain('personal data masked');
  return db;
}

describe('personal data at ingest', () => {
  it('masks extra columns by header and by content, hashes customer ids, keeps codes', async () => {
    const db = await load(await tempDir());
    const stored = await query<{ id: string; customer: string; extra: string }>(
      db,
      `select complaint_id id, customer_id customer, extra::varchar extra from complaints order by 1`,
    );
    const extra = stored.map((r) => JSON.parse(r.extra) as Record<string, string>);
    expect(extra.map((e) => e['客户姓名'])).toEqual(['张**', '李*', '王*']);
    expect(extra.map((e) => e['联系电话'])).toEqual([
      '*******5678',
      '********5678',
      '*************5678',
    ]);
    expect(extra[0]['收货地址']).toBe('北京市海淀区***');
    expect(extra[0]['备注']).toBe('回电 139****5678');
    expect(extra[2]['备注']).toBe('邮件 w***@example.com');
    expect(extra.map((e) => e['订单号'])).toEqual([
      '20260305123456',
      '20260305123457',
      '20260305123458',
    ]);
    // a salted hash, equal for equal ids (repeat complaints still match)
    expect(stored[0].customer).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[2].customer).toBe(stored[0].customer);
    expect(stored[1].customer).not.toBe(stored[0].customer);

    const all =
      JSON.stringify(
        await query(db, `select * exclude (extra), extra::varchar e from complaint_versions`),
      ) + JSON.stringify(await query(db, `select raw from rejects`));
    for (const clear of [
      '13812345678',
      '62345678',
      '1234-5678',
      '张三丰',
      '中关村大街',
      'wang@',
      'C0001',
      '13700001111',
      '赵六',
    ])
      expect(all, clear).not.toContain(clear);
  });

  it('keeps exactly the columns an admin lists in privacy.keepRaw', async () => {
    const db = await load(await tempDir(), { privacy: { keepRaw: ['联系电话', 'customer_id'] } });
    const [first] = await query<{ customer: string; extra: string }>(
      db,
      `select customer_id customer, extra::varchar extra from complaints where complaint_id = 'PC-1'`,
    );
    const extra = JSON.parse(first.extra) as Record<string, string>;
    expect(first.customer).toBe('C0001');
    expect(extra['联系电话']).toBe('13812345678');
    expect(extra['客户姓名']).toBe('张**');
  });

  it('masks rejected rows before storing them: ragged, unparseable and undated rows alike', async () => {
    const db = await load(await tempDir(), undefined, [
      rows[0],
      // ragged: an unquoted comma in the description shifts every later cell (too many columns)
      'PC-5,2026-03-05 13:00:00,C0004,BCD-520W,坏了,又漏水,钱七七,13612345678,广州市天河区体育西路103号,邮件 qian@example.com,20260305123460',
      // unparseable: a stray quote inside a quoted cell
      'PC-6,2026-03-05 14:00:00,C0005,BCD-520W,"门 "坏" 了,孙八八,13512345678,杭州市西湖区文三路90号,身份证110105199003071234,20260305123461',
      // no date, rejected by staging: the phone and e-mail are in the free text
      'PC-7,,C0006,BCD-520W,请拨13798765432或写信到 li.ming@example.com,周九九,,,,20260305123462',
    ]);
    const rejects = await query<{ reason: string; raw: string }>(
      db,
      `select reason, raw from rejects order by row_number`,
    );
    expect(rejects.map((r) => r.reason)).toEqual([
      'too_many_columns',
      'bad_quoting',
      'missing_received_at',
    ]);
    const stored = JSON.stringify(rejects);
    for (const clear of [
      '13612345678',
      '13512345678',
      '13798765432',
      '110105199003071234',
      'qian@',
      'li.ming@',
      '钱七七',
      '孙八八',
      '周九九',
      '体育西路',
      '文三路',
    ])
      expect(stored, clear).not.toContain(clear);
    // what is not personal stays readable, for the admin who fixes the file
    expect(rejects[0].raw).toContain('PC-5,2026-03-05 13:00:00,C0004,BCD-520W');
    expect(rejects[1].raw).toContain('杭州市西湖区***');
    expect(rejects[2].raw).toContain('请拨137****5432');
  });
});
