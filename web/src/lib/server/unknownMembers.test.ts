// A filter value that no complaint has (a misspelt region, a tampered link) is refused with a
// reason, while an empty combination of existing values is a valid question. Runs against a real
// warehouse file loaded but not built (the complaint versions, read through mart_complaint_versions
// while mart_complaints does not exist).
import { describe, expect, it } from 'vitest';
import { useSqlWarehouse } from '../../../../tests/helpers/sqlTestWarehouse.ts';
import { filtersOrError, unknownMembers } from './filters.ts';

useSqlWarehouse(
  [
    `insert into complaint_versions
       (complaint_id, received_at, region, channel, version_no, row_hash, is_current, first_loaded_run, load_run_id, source_file)
     values ('C1', timestamp '2026-01-05 09:00', 'East', 'hotline', 1, 'h1', true, 1, 1, 'a.csv'),
            ('C2', timestamp '2026-01-06 09:00', 'West', 'app', 1, 'h2', true, 1, 1, 'a.csv')`,
  ],
  { baseTables: true },
);

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
