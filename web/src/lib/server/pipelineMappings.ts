// The column mapping each file was loaded with (mart_load_mappings, a journal mart over
// load_mappings and load_runs, written by ingest): which header fed which canonical field and how
// that was decided, the columns kept unmapped in `extra`, the fields derived from a brand › series
// › model-year hierarchy, and the key fields the file lacked with the analyses they disable. The
// journal marts exist in every warehouse of this version (pipeline/contract/check.ts refuses one
// that lacks them), built or not.
import { martRow } from '../../../../pipeline/contract/marts.ts';
import { int } from '../../../../pipeline/contract/values.ts';
import { query } from './db.ts';

/** Files shown (the most recently loaded first). */
export const mappingFileLimit = 10;

export interface MappedColumn {
  index: number | null;
  header: string;
  field: string | null;
  method: string | null;
  confidence: number;
  reason: string;
}

export interface FileMapping {
  runId: number;
  file: string;
  derivation: string | null;
  missingFields: string | null;
  columns: MappedColumn[];
}

export async function loadColumnMappings(limit: number = mappingFileLimit): Promise<FileMapping[]> {
  const rows = await query(
    `select * from mart_load_mappings
     where is_latest_of_file and file_recency <= $limit
     order by run_id desc, file, column_index nulls last, field`,
    { limit },
  );
  const files = new Map<string, FileMapping>();
  for (const json of rows) {
    const r = martRow('mart_load_mappings', json);
    const key = `${r.run_id}|${r.file}`;
    let f = files.get(key);
    if (!f) {
      f = {
        runId: int(r.run_id),
        file: r.file ?? '',
        derivation: r.derivation,
        missingFields: r.missing_fields,
        columns: [],
      };
      files.set(key, f);
    }
    f.columns.push({
      index: r.column_index,
      header: r.header ?? '',
      field: r.field,
      method: r.method,
      confidence: r.confidence ?? 0,
      reason: r.reason ?? '',
    });
  }
  return [...files.values()];
}
