// How the configuration reaches SQL: before the models run, the runner rewrites the cfg_* tables
// from the Config (with appenders, never by splicing values into SQL) and models join them.
// docs/config.md lists the tables.
//
// Three session variables are derived from those tables (in SQL, so the tables stay the single
// source): one alternation regex per lexicon. Keyword matching with a constant RE2 pattern takes
// ~0.8 s over 1M descriptions; a join on contains() takes ~60 s and a pattern from a scalar
// subquery (re-compiled per row) minutes. Only table models may use them (a view would need the
// variable in every later session).
import type { Db } from '../db.ts';
import { CATEGORIES, CATEGORY_LABELS_EN, SEVERITY_GRADES } from '../taxonomy/lexicon.ts';
import { localNow, type Config } from '../config.ts';
import { modelSettingRows, modelSettingsTableSql } from './modelSettings.ts';

type Cell = string | number | null;

interface CfgTable {
  name: string;
  columns: string;
  rows: Cell[][];
}

/** Lexicon keys are matched against lower-cased text; NFKC folds full-width letters and digits. */
export function lexiconKey(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase();
}

export function configTables(config: Config): CfgTable[] {
  const asOf = config.kpi.asOf ?? localNow(config.timezone);
  const settings: [string, string | null][] = [
    ['timezone', config.timezone],
    ['as_of', asOf],
    ['first_response_sla_hours', String(config.sla.firstResponseHours)],
    ['repeat_window_days', String(config.repeat.windowDays)],
    ['satisfied_threshold', String(config.satisfaction.satisfiedThreshold)],
    ['compensation_threshold', String(config.severity.compensationThreshold)],
    ['min_text_score', String(config.taxonomy.minTextScore)],
    [
      'units_in_field_months',
      config.kpi.unitsInFieldMonths === null ? null : String(config.kpi.unitsInFieldMonths),
    ],
    ...modelSettingRows(config.modelSettings),
  ];
  const dedupe = <T extends Cell[]>(rows: T[], key: (r: T) => string): T[] => [
    ...new Map(rows.map((r) => [key(r), r])).values(),
  ];

  return [
    { name: 'cfg_settings', columns: 'key varchar primary key, value varchar', rows: settings },
    {
      name: 'cfg_categories',
      columns: 'category varchar primary key, priority integer not null, label_en varchar',
      rows: CATEGORIES.map((c, i) => [c, i + 1, CATEGORY_LABELS_EN[c]]),
    },
    {
      name: 'cfg_severity_grades',
      columns: 'severity varchar primary key, severity_rank integer not null',
      rows: SEVERITY_GRADES.map((g, i) => [g, i + 1]),
    },
    {
      name: 'cfg_category_sla',
      columns: 'category varchar primary key, resolution_sla_hours double not null',
      rows: CATEGORIES.map((c) => [c, config.sla.resolutionHours[c]]),
    },
    {
      name: 'cfg_escalation_channels',
      columns: 'channel varchar primary key',
      rows: dedupe(
        config.escalation.externalChannels.map((c) => [lexiconKey(c)]),
        (r) => String(r[0]),
      ),
    },
    {
      name: 'cfg_category_synonyms',
      columns: 'pattern varchar primary key, category varchar not null',
      rows: dedupe(
        Object.entries(config.taxonomy.typeSynonyms).map(([p, c]) => [lexiconKey(p), c]),
        (r) => String(r[0]),
      ),
    },
    {
      name: 'cfg_category_keywords',
      columns:
        'keyword varchar not null, category varchar not null, weight double not null, primary key (keyword, category)',
      rows: dedupe(
        Object.entries(config.taxonomy.keywords).flatMap(([c, words]) =>
          Object.entries(words).map(([k, w]) => [lexiconKey(k), c, w] as Cell[]),
        ),
        (r) => `${r[0]}\u0000${r[1]}`,
      ),
    },
    {
      name: 'cfg_severity_words',
      columns: 'word varchar primary key, severity varchar not null',
      rows: dedupe(
        Object.entries(config.severity.words).map(([w, g]) => [lexiconKey(w), g]),
        (r) => String(r[0]),
      ),
    },
    {
      name: 'cfg_severity_levels',
      columns: 'value varchar primary key, severity varchar not null',
      rows: dedupe(
        Object.entries(config.severity.levels).map(([v, g]) => [lexiconKey(v), g]),
        (r) => String(r[0]),
      ),
    },
  ];
}

/** A regex alternation of a lexicon column, longest entries first; '\b\B' (never matches) when empty. */
function regexSql(column: string, table: string, where = 'true'): string {
  return `(select coalesce(string_agg(case when regexp_full_match(${column}, '[ -~]+') then '\\b' || regexp_escape(${column}) || '\\b' else regexp_escape(${column}) end, '|' order by length(${column}) desc, ${column}), '\\b\\B') from ${table} where ${where})`;
}

export const CONFIG_VARIABLES = {
  cl_type_regex: regexSql('pattern', 'cfg_category_synonyms'),
  // weight-0 keywords are in the pattern too: they score nothing but shield shorter keywords inside them
  cl_keyword_regex: regexSql('keyword', 'cfg_category_keywords'),
  cl_severity_regex: regexSql('word', 'cfg_severity_words', "severity <> '一般'"),
} as const;

/** (Re)write every cfg_* table and set the lexicon regex variables. */
export async function writeConfigTables(db: Db, config: Config): Promise<void> {
  for (const table of configTables(config)) {
    await db.run(`create or replace table ${table.name} (${table.columns})`);
    const appender = await db.conn.createAppender(table.name);
    try {
      for (const row of table.rows) {
        row.forEach((cell, i) => {
          if (cell === null) appender.appendNull();
          else if (typeof cell === 'string') appender.appendVarchar(cell);
          else appender.appendValue(cell, appender.columnType(i));
        });
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }
  await db.run(modelSettingsTableSql());
  for (const [name, sql] of Object.entries(CONFIG_VARIABLES)) {
    await db.run(`set variable ${name} = ${sql}`);
  }
}
