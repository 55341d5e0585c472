// The column mapping each file was loaded with (load_mappings, written by ingest): which header fed
// which canonical field and how that was decided, the columns kept unmapped in `extra`, the fields
// derived from a brand › series › model-year hierarchy, and the key fields the file lacked with the
// analyses they disable (load_runs.derivation / missing_fields). Both are base tables that a
// warehouse of this version has (pipeline/contract/check.ts refuses one that lacks them).
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
    `with latest as (
       select file, max(run_id) as run_id from load_mappings group by file
       order by run_id desc, file limit $limit
     )
     select m.run_id, m.file, m.column_index, m.header, m.field, m.method, m.confidence, m.reason
     from load_mappings m join latest using (file, run_id)
     order by m.run_id desc, m.file, m.column_index nulls last, m.field`,
    { limit },
  );
  const notes = new Map<string, { derivation: string | null; missing: string | null }>();
  for (const r of await query(
    `select run_id, file, derivation, missing_fields from load_runs where kind = 'complaints'`,
  ))
    notes.set(`${r.run_id}|${r.file}`, {
      derivation: r.derivation === null ? null : String(r.derivation),
      missing: r.missing_fields === null ? null : String(r.missing_fields),
    });
  const files = new Map<string, FileMapping>();
  for (const r of rows) {
    const key = `${r.run_id}|${r.file}`;
    let f = files.get(key);
    if (!f) {
      const note = notes.get(key);
      f = {
        runId: Number(r.run_id),
        file: String(r.file),
        derivation: note?.derivation ?? null,
        missingFields: note?.missing ?? null,
        columns: [],
      };
      files.set(key, f);
    }
    f.columns.push({
      index: r.column_index === null ? null : Number(r.column_index),
      header: String(r.header ?? ''),
      field: r.field === null ? null : String(r.field),
      method: r.method === null ? null : String(r.method),
      confidence: Number(r.confidence ?? 0),
      reason: String(r.reason ?? ''),
    });
  }
  return [...files.values()];
}
