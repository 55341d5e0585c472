// Does a warehouse carry the marts this version of Complaint Lens reads? The marts are the one
// contract between the models and their readers (the dashboard, the report); a warehouse built by
// another version can lack a mart or a column, or carry a column that has since moved. Rather than
// guard every read, the readers' entry points check once and refuse (or rebuild) with a message
// saying what differs and how to fix it.
import type { Db } from '../db.ts';
import { marts } from './marts.ts';

export interface ContractCheck {
  /** ok: every mart as declared; unbuilt: no mart at all (models never built); outdated: some differ. */
  state: 'ok' | 'unbuilt' | 'outdated';
  /** One line per mart that differs: missing, or its columns against the declaration. */
  problems: string[];
}

/** Compares the warehouse's mart tables with the contracts (names and order of columns). */
export async function checkMartContracts(db: Db): Promise<ContractCheck> {
  const rows = await db.all<{ table_name: string; column_name: string }>(
    `select table_name, column_name
     from information_schema.columns
     where table_schema = current_schema() and starts_with(table_name, 'mart_')
     order by table_name, ordinal_position`,
  );
  const actual = new Map<string, string[]>();
  for (const r of rows) {
    const columns = actual.get(r.table_name) ?? [];
    columns.push(r.column_name);
    actual.set(r.table_name, columns);
  }
  const declared = Object.values(marts);
  if (!declared.some((mart) => actual.has(mart.name))) return { state: 'unbuilt', problems: [] };
  const problems: string[] = [];
  for (const mart of declared) {
    const have = actual.get(mart.name);
    if (!have) {
      problems.push(`${mart.name} is missing`);
      continue;
    }
    const want = Object.keys(mart.columns);
    const missing = want.filter((c) => !have.includes(c));
    const extra = have.filter((c) => !want.includes(c));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        missing.length > 0 ? `lacks ${missing.join(', ')}` : '',
        extra.length > 0 ? `has ${extra.join(', ')} no longer read` : '',
      ].filter(Boolean);
      problems.push(`${mart.name} ${parts.join('; ')}`);
    } else if (want.some((c, i) => have[i] !== c)) {
      problems.push(`${mart.name} has its columns in another order`);
    }
  }
  return { state: problems.length > 0 ? 'outdated' : 'ok', problems };
}

/** The message a reader gives for an outdated warehouse: what differs, and the command that fixes it. */
export function outdatedMessage(dbPath: string, check: ContractCheck): string {
  const shown = check.problems.slice(0, 5).join('; ');
  const more = check.problems.length > 5 ? `; and ${check.problems.length - 5} more` : '';
  return (
    `the warehouse ${dbPath} was built by another version of Complaint Lens (${shown}${more}). ` +
    `Rebuild its models with \`complaint-lens build --db ${dbPath}\`: the loaded complaints are kept, ` +
    `nothing is read again.`
  );
}
