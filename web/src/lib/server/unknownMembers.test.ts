// A filter value that no complaint has (a misspelt region, a tampered link) is refused with a
// reason, while an empty combination of existing values is a valid question. Runs against a real
// warehouse file (the complaints table, as a warehouse before mart_complaints has it).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWarehouse } from './db.ts';
import { filtersOrError, unknownMembers } from './filters.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'complaint-lens-members-'));
  const file = path.join(dir, 'warehouse.duckdb');
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  await conn.run(`create table complaints as
    select * from (values ('C1', timestamp '2026-01-05 09:00', 'East', 'hotline'),
                          ('C2', timestamp '2026-01-06 09:00', 'West', 'app'))
      as t(complaint_id, received_at, region, channel)`);
  conn.closeSync();
  instance.closeSync();
  process.env.COMPLAINT_LENS_DB = file;
});

afterAll(async () => {
  await closeWarehouse();
  delete process.env.COMPLAINT_LENS_DB;
  await rm(dir, { recursive: true, force: true });
});

describe('unknown filter values', () => {
  it('accepts existing values, even when their combination matches nothing', async () => {
    expect(await filtersOrError(new URL('http://x/?region=East'))).toEqual({ region: 'East' });
    expect(await unknownMembers({ region: 'East', channel: 'app' })).toEqual([]);
  });

  it('refuses a value no complaint has, naming the field and the value', async () => {
    expect(await unknownMembers({ region: 'Atlantis', channel: 'app' })).toEqual([
      { param: 'region', problem: 'noSuchValue', value: 'Atlantis' },
    ]);
    await expect(filtersOrError(new URL('http://x/?region=Atlantis'))).rejects.toMatchObject({
      status: 400,
      body: { problems: [{ param: 'region', problem: 'noSuchValue', value: 'Atlantis' }] },
    });
  });
});
