// Does a warehouse carry the marts this version of Complaint Lens reads? The marts are the one
// contract between the models and their readers (the dashboard, the report); a warehouse built by
// another version can lack a mart or a column, or carry a column that has since moved. Rather than
// guard every read, the readers' entry points check once and refuse (or rebuild) with a message
// saying what differs and how to fix it. The same holds for the base tables the CLI writes (the
// complaint versions and the run journal: loads, mappings, rejects, field quality, model runs, data
// tests): this version's base_tables.sql declares them, every write applies it (a warehouse is
// migrated by its next run), so a reader may take them as declared once the check passed.
// The journal marts (views over those tables, sql/journal/) are created by the same step, so they
// are checked with the base tables, each against its contract like a model mart; they exist in a
// warehouse never built, so `unbuilt` (no model mart) looks at the model marts only.
import { openDb, type Db } from '../db.ts';
import { applyBaseTables } from '../warehouse/init.ts';
import { journalMarts, marts } from './marts.ts';

export interface ContractCheck {
  /** ok: every mart as declared; unbuilt: no model mart at all (never built); outdated: some differ. */
  state: 'ok' | 'unbuilt' | 'outdated';
  /** One line per mart that differs: missing, or its columns against the declaration. */
  problems: string[];
}

/** Table (or view) → its columns in order, for the names `where` selects. */
async function columnsOf(db: Db, where: string): Promise<Map<string, string[]>> {
  const rows = await db.all<{ table_name: string; column_name: string }>(
    `select table_name, column_name
     from information_schema.columns
     where table_schema = current_schema() and ${where}
     order by table_name, ordinal_position`,
  );
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const columns = out.get(r.table_name) ?? [];
    columns.push(r.column_name);
    out.set(r.table_name, columns);
  }
  return out;
}

let declaredBase: Promise<Map<string, string[]>> | null = null;

/** The base tables and views this version declares: base_tables.sql applied to an empty database. */
function declaredBaseTables(): Promise<Map<string, string[]>> {
  declaredBase ??= (async () => {
    const mem = await openDb(':memory:');
    try {
      await applyBaseTables(mem);
      return await columnsOf(mem, 'true');
    } finally {
      mem.close();
    }
  })();
  return declaredBase;
}

/** How a mart's columns differ from its contract's (names and order), or null when they agree. */
function martProblem(name: string, want: string[], have: string[] | undefined): string | null {
  if (!have) return `${name} is missing`;
  const missing = want.filter((c) => !have.includes(c));
  const extra = have.filter((c) => !want.includes(c));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `lacks ${missing.join(', ')}` : '',
      extra.length > 0 ? `has ${extra.join(', ')} no longer read` : '',
    ].filter(Boolean);
    return `${name} ${parts.join('; ')}`;
  }
  return want.some((c, i) => have[i] !== c) ? `${name} has its columns in another order` : null;
}

/**
 * Base tables the warehouse lacks, or columns they lack (columns it has beyond them are harmless),
 * and journal marts that differ from their contracts.
 */
async function baseTableProblems(db: Db): Promise<string[]> {
  const declared = await declaredBaseTables();
  const names = [...declared.keys()];
  const actual = await columnsOf(db, `table_name in (${names.map((n) => `'${n}'`).join(', ')})`);
  const problems: string[] = [];
  for (const [name, want] of declared) {
    const have = actual.get(name);
    const journal = Object.values(journalMarts).find((mart) => mart.name === name);
    if (journal) {
      const problem = martProblem(name, Object.keys(journal.columns), have);
      if (problem) problems.push(problem);
    } else if (!have) problems.push(`${name} is missing`);
    else {
      const missing = want.filter((c) => !have.includes(c));
      if (missing.length > 0) problems.push(`${name} lacks ${missing.join(', ')}`);
    }
  }
  return problems;
}

/**
 * Compares the warehouse's base tables and marts with this version's declarations (names and order
 * of columns). `unbuilt` still requires the base tables as declared: a reader may read them unguarded.
 */
export async function checkMartContracts(db: Db): Promise<ContractCheck> {
  const base = await baseTableProblems(db);
  const actual = await columnsOf(db, `starts_with(table_name, 'mart_')`);
  // model marts only: the journal marts (also mart_*) are there before the first build
  const declared = Object.values(marts);
  if (!declared.some((mart) => actual.has(mart.name)))
    return base.length > 0
      ? { state: 'outdated', problems: base }
      : { state: 'unbuilt', problems: [] };
  const problems: string[] = [...base];
  for (const mart of declared) {
    const problem = martProblem(mart.name, Object.keys(mart.columns), actual.get(mart.name));
    if (problem) problems.push(problem);
  }
  return { state: problems.length > 0 ? 'outdated' : 'ok', problems };
}

/** The message a reader that needs the models (the report) gives for an unbuilt warehouse. */
export function unbuiltMessage(dbPath: string): string {
  return (
    `the warehouse ${dbPath} has no models yet (its complaints are loaded, never built): ` +
    `build them with \`complaint-lens build --db ${dbPath}\` first.`
  );
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
