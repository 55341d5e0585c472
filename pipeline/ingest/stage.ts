// Stage a raw table into canonical rows and measure each field (rows, empty, unparsed): the step
// ingest runs before merging and inspect runs to report parse rates, so both see the same numbers.
import type { Db } from '../db.ts';
import type { CanonicalField } from '../schema/fields.ts';
import type { ColumnMapping } from './headers.ts';
import { qualitySql, stageSql, type FileSettings, type StageOptions } from './normalise.ts';

export interface FieldCounts {
  field: CanonicalField;
  rows: number;
  nulls: number;
  unparsed: number;
}

export async function stageAndMeasure(
  db: Db,
  rawTable: string,
  stagedTable: string,
  headers: string[],
  mapping: ColumnMapping,
  settings: FileSettings,
  opts: StageOptions,
): Promise<FieldCounts[]> {
  const stage = stageSql(rawTable, stagedTable, headers, mapping, settings, opts);
  await db.run(stage.sql, stage.params);
  return db.all<FieldCounts & Record<string, unknown>>(qualitySql(stagedTable));
}
