// Rows of one table that differ from another, within what a rebuild may move: the tests that hold
// an incremental build to a full refresh (incremental-cli, partitioned) compare with it.
// Doubles compare to 1e-9 relative: a full rebuild sums them in another order than the night's
// build (parallel aggregation, incremental tables' row order), which moves their last bits —
// rounding both would still split values that sit on a rounding edge (1/128 at six decimals). Text
// columns that print doubles at full precision (the recommendations' evidence JSON and message
// arguments: a q-value 7.959921214611527e-20 against 7.959921214611584e-20) compare with every
// decimal run cut to nine digits after the point. Rows pair up in one order: every other column,
// then the doubles.
import { quotedIdentifier, type Db } from '../../pipeline/db.ts';

export interface TableDiff {
  /** Rows without an equal partner on the other side. */
  n: number;
  /** The first differing pair as JSON (null when none), so a failure says which columns differ. */
  example: string | null;
}

/**
 * `table` (of the current database) against `other` (any relation with its columns, e.g.
 * `full_refresh.table`), leaving out the columns in `exclude` (build bookkeeping).
 */
export async function tableDiff(
  db: Db,
  table: string,
  other: string,
  exclude: ReadonlySet<string> = new Set(),
): Promise<TableDiff> {
  const cols = (
    await db.all<{ c: string; t: string }>(
      `select column_name as c, data_type as t from information_schema.columns
       where table_catalog = current_database() and table_name = $table order by ordinal_position`,
      { table },
    )
  ).filter((c) => !exclude.has(c.c));
  const q = quotedIdentifier;
  const exact = cols.filter((c) => c.t !== 'DOUBLE').map((c) => q(c.c));
  const doubles = cols.filter((c) => c.t === 'DOUBLE').map((c) => q(c.c));
  const text = new Set(cols.filter((c) => c.t === 'VARCHAR' || c.t === 'JSON').map((c) => q(c.c)));
  const projected = [...exact, ...doubles]
    .map((c) =>
      text.has(c)
        ? `regexp_replace(cast(${c} as varchar), '(\\d\\.\\d{9})\\d+', '\\1', 'g') as ${c}`
        : c,
    )
    .join(', ');
  const numbered = (rel: string) =>
    `select *, row_number() over (order by ${[...exact, ...doubles].join(', ')}) as rn
     from (select ${projected} from ${rel})`;
  const same = [
    ...exact.map((c) => `x.${c} is not distinct from y.${c}`),
    ...doubles.map(
      (c) =>
        `((x.${c} is null and y.${c} is null) or abs(x.${c} - y.${c}) <= 1e-9 * greatest(abs(x.${c}), abs(y.${c}), 1e-300))`,
    ),
  ].join(' and ');
  const pairs = `from (${numbered(q(table))}) as x full join (${numbered(other)}) as y using (rn)
     where x.rn is null or y.rn is null or not (${same})`;
  const n = Number(await db.scalar(`select count(*) ${pairs}`));
  const [first] =
    n > 0
      ? await db.all<{ pair: string }>(
          `select json_object('this', to_json(x), 'other', to_json(y))::varchar as pair ${pairs}
           order by rn limit 1`,
        )
      : [];
  return { n, example: first?.pair ?? null };
}
