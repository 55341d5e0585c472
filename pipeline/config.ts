// Complaint Lens configuration: types, defaults, and loadConfig() which deep-merges a user JSON
// file over the defaults and validates the result. docs/config.md documents every key and
// docs/complaint-lens.config.example.json is a complete example; keep all three in step.
//
// Merge rules (why: a user should be able to add one synonym without copying the whole lexicon):
// - objects merge key by key, recursively; arrays and scalars replace the default;
// - the lexicon maps (taxonomy.typeSynonyms, taxonomy.keywords.<category>, severity.words,
//   severity.levels) accept any key, and a `null` value removes a default entry;
// - keys starting with "$" (e.g. "$comment") are ignored; any other unknown key is an error.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_BOUNDS, type BoundsSettings } from './ingest/bounds.ts';
import {
  CATEGORIES,
  EXTERNAL_CHANNELS,
  RESOLUTION_SLA_HOURS,
  SEVERITY_GRADES,
  SEVERITY_LEVELS,
  SEVERITY_WORDS,
  TEXT_KEYWORDS,
  TYPE_SYNONYMS,
  type Category,
  type SeverityGrade,
} from './taxonomy/lexicon.ts';
import { modelSettingIssue } from './models/modelSettings.ts';
import { didYouMean } from './suggest.ts';

export { CATEGORIES, SEVERITY_GRADES };
export type { Category, SeverityGrade };

export type DateOrderSetting = 'auto' | 'ymd' | 'mdy' | 'dmy';
export type TextCategory = Exclude<Category, '其他'>;

export interface Config {
  /** IANA time zone of the naive local timestamps in the warehouse. */
  timezone: string;
  ingest: {
    /** Order of day and month in ambiguous dates such as 03/04/2024. */
    dateOrder: DateOrderSetting;
    /** A file whose share of rejected rows exceeds this fails the load (0–1). */
    maxRejectRate: number;
    /** Dates before this (yyyy-mm-dd) are implausible: NULL (counted), or a reject for received_at. */
    dateFloor: string;
    /** Dates more than this many days in the future are implausible, as above. */
    maxFutureDays: number;
    /** Accept negative compensation and dispatch counts (default: out of range, NULL). */
    allowNegativeAmounts: boolean;
  };
  privacy: {
    /** When set, customer ids are replaced by a salted hash on load; null keeps them. */
    customerIdSalt: string | null;
    /**
     * Source headers (or "customer_id") whose personal data is stored as exported instead of
     * masked/hashed on load (pipeline/ingest/pii.ts). Empty by default.
     */
    keepRaw: string[];
  };
  sla: {
    /** First response due within this many calendar hours of received_at. */
    firstResponseHours: number;
    /** Resolution due within this many calendar hours of received_at, per category. */
    resolutionHours: Record<Category, number>;
  };
  repeat: {
    /** A complaint is a repeat when the same customer complained about the same product within this many days before. */
    windowDays: number;
  };
  satisfaction: {
    /** satisfaction (0–1) at or above this counts as satisfied. */
    satisfiedThreshold: number;
  };
  escalation: {
    /** Channel labels that are external escalation (regulator, complaint platforms, social media, press). */
    externalChannels: string[];
  };
  severity: {
    /** Compensation strictly above this amount makes a complaint at least 重大. */
    compensationThreshold: number;
    /** Word in complaint_type/description → minimum grade it implies (紧急 or 重大; 一般 has no effect). */
    words: Record<string, SeverityGrade>;
    /** Recognised explicit severity values from the export → grade (can only raise the rule grade). */
    levels: Record<string, SeverityGrade>;
  };
  taxonomy: {
    /** complaint_type pattern → category. */
    typeSynonyms: Record<string, Category>;
    /** category → (description keyword → weight). */
    keywords: Record<TextCategory, Record<string, number>>;
    /** Minimum keyword score for the text classifier to assign a category (else 其他, source 'default'). */
    minTextScore: number;
  };
  kpi: {
    /**
     * Local timestamp ('YYYY-MM-DD HH:MM:SS') the KPIs are computed "as of": decides is_complete and
     * whether an unanswered complaint is already past its SLA. null = the current time in `timezone`.
     */
    asOf: string | null;
    /**
     * Units count as "in the field" for this many months after their production date; null = forever.
     * See units in docs/metrics.md.
     */
    unitsInFieldMonths: number | null;
  };
  /**
   * Thresholds of the statistical models (hot spots, trends, recommendations): the keys declared in
   * models/modelSettings.ts (an undeclared key is an error), written into cfg_settings over the
   * declared defaults (docs/config.md lists them).
   */
  modelSettings: Record<string, number | string>;
  /** Root-cause clustering settings, read and validated by pipeline/cluster/options.ts (docs/clustering.md). */
  clustering: Record<string, unknown>;
}

export function defaultConfig(): Config {
  return {
    timezone: 'Asia/Shanghai',
    ingest: {
      dateOrder: 'auto',
      maxRejectRate: 0.05,
      dateFloor: DEFAULT_BOUNDS.dateFloor,
      maxFutureDays: DEFAULT_BOUNDS.maxFutureDays,
      allowNegativeAmounts: DEFAULT_BOUNDS.allowNegativeAmounts,
    },
    privacy: { customerIdSalt: null, keepRaw: [] },
    sla: { firstResponseHours: 24, resolutionHours: { ...RESOLUTION_SLA_HOURS } },
    repeat: { windowDays: 30 },
    satisfaction: { satisfiedThreshold: 0.8 },
    escalation: { externalChannels: [...EXTERNAL_CHANNELS] },
    severity: {
      compensationThreshold: 1000,
      words: { ...SEVERITY_WORDS },
      levels: { ...SEVERITY_LEVELS },
    },
    taxonomy: {
      typeSynonyms: { ...TYPE_SYNONYMS },
      keywords: Object.fromEntries(
        Object.entries(TEXT_KEYWORDS).map(([c, words]) => [c, { ...words }]),
      ) as Config['taxonomy']['keywords'],
      minTextScore: 2,
    },
    kpi: { asOf: null, unitsInFieldMonths: 36 },
    modelSettings: {},
    clustering: {},
  };
}

/** The config file looked for in the working directory when loadConfig() gets no path. */
export const DEFAULT_CONFIG_FILE = 'complaint-lens.config.json';

export class ConfigError extends Error {
  readonly issues: string[];
  constructor(source: string, issues: string[]) {
    super(`Invalid configuration (${source}):\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/**
 * Load the configuration: defaults, with the JSON file at `path` deep-merged over them. Without a
 * path, ./complaint-lens.config.json is used when it exists, else the defaults alone. A path that
 * does not exist, invalid JSON or an invalid value throws ConfigError listing every problem.
 */
export async function loadConfig(path?: string): Promise<Config> {
  let file = path;
  if (file === undefined) {
    const candidate = resolve(process.cwd(), DEFAULT_CONFIG_FILE);
    if (!existsSync(candidate)) return defaultConfig();
    file = candidate;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  let user: unknown;
  try {
    user = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(file, [`not valid JSON: ${(err as Error).message}`]);
  }
  return resolveConfig(user, file);
}

/** Merge an already-parsed user object over the defaults and validate (loadConfig without the file). */
export function resolveConfig(user: unknown, source = 'config object'): Config {
  const issues: string[] = [];
  if (user === null || typeof user !== 'object' || Array.isArray(user)) {
    throw new ConfigError(source, ['the top level must be a JSON object']);
  }
  const merged = mergeInto(defaultConfig() as unknown as Obj, user as Obj, '', issues);
  if (issues.length > 0) throw new ConfigError(source, issues);
  const config = merged as unknown as Config;
  validate(config, issues);
  if (issues.length > 0) throw new ConfigError(source, issues);
  return config;
}

// ---------------------------------------------------------------------------------------------
// Deep merge

type Obj = Record<string, unknown>;

/** Paths whose keys are open-ended (lexicons): any key is allowed and null deletes an entry. */
const OPEN_MAPS = new Set([
  'taxonomy.typeSynonyms',
  ...Object.keys(TEXT_KEYWORDS).map((c) => `taxonomy.keywords.${c}`),
  'severity.words',
  'severity.levels',
  'modelSettings',
  'clustering',
]);

function isPlainObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function mergeInto(base: Obj, user: Obj, path: string, issues: string[]): Obj {
  const out: Obj = { ...base };
  const open = OPEN_MAPS.has(path);
  for (const [key, value] of Object.entries(user)) {
    if (key.startsWith('$')) continue;
    const p = path ? `${path}.${key}` : key;
    if (open) {
      if (value === null) delete out[key];
      else out[key] = value;
      continue;
    }
    if (!(key in base)) {
      const known = Object.keys(base);
      issues.push(
        `${p}: unknown key${didYouMean(key, known, ` (known keys: ${known.join(', ')})`)}`,
      );
      continue;
    }
    const current = base[key];
    if (isPlainObject(current) && value !== null) {
      if (!isPlainObject(value)) {
        issues.push(`${p}: expected an object, got ${describe(value)}`);
        continue;
      }
      out[key] = mergeInto(current, value, p, issues);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  return `${typeof v} ${JSON.stringify(v)}`;
}

// ---------------------------------------------------------------------------------------------
// Validation

function validate(c: Config, issues: string[]): void {
  const reserved = [
    'timezone',
    'as_of',
    'first_response_sla_hours',
    'repeat_window_days',
    'satisfied_threshold',
    'compensation_threshold',
    'min_text_score',
    'units_in_field_months',
  ];
  for (const [k, v] of Object.entries(c.modelSettings)) {
    if (reserved.includes(k)) {
      issues.push(`modelSettings.${k}: set by another config key; use that one`);
      continue;
    }
    const issue = modelSettingIssue(k, v);
    if (issue) issues.push(`modelSettings.${k}: ${issue}`);
  }
  const num = (
    path: string,
    v: unknown,
    opts: { min?: number; max?: number; gt?: number; integer?: boolean } = {},
  ) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.push(`${path}: expected a number, got ${describe(v)}`);
      return;
    }
    if (opts.integer && !Number.isInteger(v))
      issues.push(`${path}: expected a whole number, got ${v}`);
    if (opts.gt !== undefined && !(v > opts.gt))
      issues.push(`${path}: must be greater than ${opts.gt}, got ${v}`);
    if (opts.min !== undefined && v < opts.min)
      issues.push(`${path}: must be at least ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max)
      issues.push(`${path}: must be at most ${opts.max}, got ${v}`);
  };
  const str = (path: string, v: unknown) => {
    if (typeof v !== 'string' || v.trim() === '')
      issues.push(`${path}: expected a non-empty string, got ${describe(v)}`);
  };
  const oneOf = <T extends string>(path: string, v: unknown, allowed: readonly T[]) => {
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      issues.push(
        `${path}: expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(v)}`,
      );
    }
  };

  str('timezone', c.timezone);
  if (typeof c.timezone === 'string' && c.timezone.trim() !== '') {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: c.timezone });
    } catch {
      issues.push(
        `timezone: unknown IANA time zone ${JSON.stringify(c.timezone)} (e.g. "Asia/Shanghai")`,
      );
    }
  }

  oneOf('ingest.dateOrder', c.ingest.dateOrder, ['auto', 'ymd', 'mdy', 'dmy'] as const);
  num('ingest.maxRejectRate', c.ingest.maxRejectRate, { min: 0, max: 1 });
  if (
    typeof c.ingest.dateFloor !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(c.ingest.dateFloor) ||
    Number.isNaN(Date.parse(c.ingest.dateFloor))
  )
    issues.push(
      `ingest.dateFloor: expected a date yyyy-mm-dd, got ${describe(c.ingest.dateFloor)}`,
    );
  num('ingest.maxFutureDays', c.ingest.maxFutureDays, { min: 0, max: 36500, integer: true });
  if (typeof c.ingest.allowNegativeAmounts !== 'boolean')
    issues.push(
      `ingest.allowNegativeAmounts: expected true or false, got ${describe(c.ingest.allowNegativeAmounts)}`,
    );

  if (c.privacy.customerIdSalt !== null) str('privacy.customerIdSalt', c.privacy.customerIdSalt);
  if (
    !Array.isArray(c.privacy.keepRaw) ||
    !c.privacy.keepRaw.every((h: unknown) => typeof h === 'string')
  )
    issues.push('privacy.keepRaw: expected an array of header names');

  num('sla.firstResponseHours', c.sla.firstResponseHours, { gt: 0 });
  for (const cat of CATEGORIES)
    num(`sla.resolutionHours.${cat}`, c.sla.resolutionHours[cat], { gt: 0 });
  for (const key of Object.keys(c.sla.resolutionHours)) {
    if (!(CATEGORIES as readonly string[]).includes(key)) {
      issues.push(
        `sla.resolutionHours.${key}: unknown category (categories: ${CATEGORIES.join(', ')})`,
      );
    }
  }

  num('repeat.windowDays', c.repeat.windowDays, { gt: 0 });
  num('satisfaction.satisfiedThreshold', c.satisfaction.satisfiedThreshold, { min: 0, max: 1 });

  if (!Array.isArray(c.escalation.externalChannels)) {
    issues.push(
      `escalation.externalChannels: expected an array of channel labels, got ${describe(c.escalation.externalChannels)}`,
    );
  } else {
    c.escalation.externalChannels.forEach((ch, i) => str(`escalation.externalChannels[${i}]`, ch));
  }

  num('severity.compensationThreshold', c.severity.compensationThreshold, { min: 0 });
  for (const [word, grade] of Object.entries(c.severity.words)) {
    if (word.trim() === '') issues.push('severity.words: empty word');
    oneOf(`severity.words.${word}`, grade, SEVERITY_GRADES);
  }
  for (const [value, grade] of Object.entries(c.severity.levels)) {
    if (value.trim() === '') issues.push('severity.levels: empty value');
    oneOf(`severity.levels.${value}`, grade, SEVERITY_GRADES);
  }

  for (const [pattern, cat] of Object.entries(c.taxonomy.typeSynonyms)) {
    if (pattern.trim() === '') issues.push('taxonomy.typeSynonyms: empty pattern');
    oneOf(`taxonomy.typeSynonyms.${pattern}`, cat, CATEGORIES);
  }
  for (const [cat, words] of Object.entries(c.taxonomy.keywords)) {
    if (!isPlainObject(words)) {
      issues.push(
        `taxonomy.keywords.${cat}: expected an object of keyword → weight, got ${describe(words)}`,
      );
      continue;
    }
    for (const [word, weight] of Object.entries(words)) {
      if (word.trim() === '') issues.push(`taxonomy.keywords.${cat}: empty keyword`);
      num(`taxonomy.keywords.${cat}.${word}`, weight, { min: 0 });
    }
  }
  num('taxonomy.minTextScore', c.taxonomy.minTextScore, { gt: 0 });

  if (c.kpi.asOf !== null) {
    if (
      typeof c.kpi.asOf !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/.test(c.kpi.asOf)
    ) {
      issues.push(
        `kpi.asOf: expected null or a local timestamp "YYYY-MM-DD HH:MM:SS", got ${describe(c.kpi.asOf)}`,
      );
    } else if (Number.isNaN(Date.parse(c.kpi.asOf.replace(' ', 'T')))) {
      issues.push(`kpi.asOf: not a valid date ${JSON.stringify(c.kpi.asOf)}`);
    }
  }
  if (c.kpi.unitsInFieldMonths !== null)
    num('kpi.unitsInFieldMonths', c.kpi.unitsInFieldMonths, { gt: 0, integer: true });
}

/** The current wall-clock time in `timeZone` as a naive local timestamp string 'YYYY-MM-DD HH:MM:SS'. */
export function localNow(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** The value bounds ingest checks against (ingest.* keys), for ingest and inspect alike. */
export function ingestBounds(config: Config): BoundsSettings {
  return {
    dateFloor: config.ingest.dateFloor,
    maxFutureDays: config.ingest.maxFutureDays,
    allowNegativeAmounts: config.ingest.allowNegativeAmounts,
  };
}
