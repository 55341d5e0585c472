// Test helper (not app code): what a tiny test warehouse needs to count as built. A build writes
// every mart and the cfg_* tables together (the dashboard reads them unguarded once its models are
// built: web/src/lib/server/models.ts), so a warehouse that hand-writes only the marts a test is
// about gets the others here, empty, with their declared columns.
import { marts } from '../../pipeline/contract/marts.ts';
import type { ColumnKind } from '../../pipeline/contract/define.ts';

const sqlType: Record<ColumnKind, string> = {
  text: 'varchar',
  json: 'json',
  timestamp: 'timestamp',
  date: 'date',
  integer: 'bigint',
  number: 'double',
  boolean: 'boolean',
  'text[]': 'varchar[]',
};

/** `create table if not exists` for every declared mart and the cfg_* tables the dashboard reads. */
export function modelTableStatements(): string[] {
  return [
    ...Object.values(marts).map(
      (mart) =>
        `create table if not exists ${mart.name} (${Object.entries(mart.columns)
          .map(([column, kind]) => `${column} ${sqlType[kind]}`)
          .join(', ')})`,
    ),
    'create table if not exists cfg_settings (key varchar primary key, value varchar)',
    'create table if not exists cfg_categories (category varchar primary key, priority integer, label_en varchar)',
  ];
}
