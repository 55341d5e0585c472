// pipeline/config.ts: defaults, deep merge, lexicon edits, validation messages, file loading,
// and that docs/config.md and the example file keep up with the Config type.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  ConfigError,
  defaultConfig,
  loadConfig,
  localNow,
  resolveConfig,
} from '../../pipeline/config.ts';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cl-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function issues(user: unknown): string[] {
  try {
    resolveConfig(user);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

/** Leaf paths of the config, not descending into the open-ended lexicon maps. */
function leafPaths(obj: Record<string, unknown>, prefix = ''): string[] {
  const lexicons = new Set([
    'taxonomy.typeSynonyms',
    'taxonomy.keywords',
    'severity.words',
    'severity.levels',
    'sla.resolutionHours',
  ]);
  return Object.entries(obj).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    if (lexicons.has(p) || v === null || typeof v !== 'object' || Array.isArray(v)) return [p];
    return leafPaths(v as Record<string, unknown>, p);
  });
}

describe('defaults', () => {
  it('holds the documented defaults, including the keys ingest uses', () => {
    const c = defaultConfig();
    expect(c.timezone).toBe('Asia/Shanghai');
    expect(c.ingest).toEqual({
      dateOrder: 'auto',
      maxRejectRate: 0.05,
      dateFloor: '1990-01-01',
      maxFutureDays: 30,
      allowNegativeAmounts: false,
    });
    expect(c.privacy).toEqual({ customerIdSalt: null, keepRaw: [] });
    expect(c.sla.firstResponseHours).toBe(24);
    expect(c.sla.resolutionHours.服务态度).toBe(72);
    expect(c.sla.resolutionHours.产品质量).toBe(168);
    expect(Object.keys(c.sla.resolutionHours).sort()).toEqual([...CATEGORIES].sort());
    expect(c.repeat.windowDays).toBe(30);
    expect(c.satisfaction.satisfiedThreshold).toBe(0.8);
    expect(c.escalation.externalChannels).toEqual(
      expect.arrayContaining(['12315', '黑猫投诉', '微博', '媒体', '人民网留言板']),
    );
    expect(c.severity.words.起火).toBe('紧急');
    expect(c.severity.words['electric shock']).toBe('紧急');
    expect(c.taxonomy.typeSynonyms.质量问题).toBe('产品质量');
    expect(c.taxonomy.typeSynonyms.delivery).toBe('物流运输');
  });

  it('returns a fresh copy each time', () => {
    const a = defaultConfig();
    a.taxonomy.keywords.价格.贵 = 99;
    a.escalation.externalChannels.push('x');
    expect(defaultConfig().taxonomy.keywords.价格.贵).toBe(2);
    expect(defaultConfig().escalation.externalChannels).not.toContain('x');
  });
});

describe('deep merge', () => {
  it('changes one nested value and keeps the others', () => {
    const c = resolveConfig({
      sla: { resolutionHours: { 物流运输: 48 } },
      ingest: { dateOrder: 'dmy' },
    });
    expect(c.sla.resolutionHours.物流运输).toBe(48);
    expect(c.sla.resolutionHours.产品质量).toBe(168);
    expect(c.sla.firstResponseHours).toBe(24);
    expect(c.ingest).toMatchObject({ dateOrder: 'dmy', maxRejectRate: 0.05 });
  });

  it('replaces arrays', () => {
    expect(
      resolveConfig({ escalation: { externalChannels: ['12315'] } }).escalation.externalChannels,
    ).toEqual(['12315']);
  });

  it('adds, changes and removes lexicon entries (null removes)', () => {
    const c = resolveConfig({
      taxonomy: {
        typeSynonyms: { 漏发: '物流运输', 质量: '售后维修', 服务: null },
        keywords: { 价格: { 太坑: 3, 贵: null } },
      },
      severity: { words: { 鼓包: '紧急', 火花: null } },
    });
    expect(c.taxonomy.typeSynonyms.漏发).toBe('物流运输');
    expect(c.taxonomy.typeSynonyms.质量).toBe('售后维修');
    expect('服务' in c.taxonomy.typeSynonyms).toBe(false);
    expect(c.taxonomy.typeSynonyms.质量问题).toBe('产品质量'); // untouched default
    expect(c.taxonomy.keywords.价格.太坑).toBe(3);
    expect('贵' in c.taxonomy.keywords.价格).toBe(false);
    expect(c.severity.words.鼓包).toBe('紧急');
    expect('火花' in c.severity.words).toBe(false);
  });

  it('sets nullable values to null and ignores $-keys', () => {
    const c = resolveConfig({
      $comment: 'hi',
      kpi: { unitsInFieldMonths: null, $note: 'x' },
      privacy: { customerIdSalt: 's3cret' },
    });
    expect(c.kpi.unitsInFieldMonths).toBeNull();
    expect(c.privacy.customerIdSalt).toBe('s3cret');
  });
});

describe('validation', () => {
  it('names unknown keys with a hint', () => {
    expect(issues({ sla: { firstResponseHour: 12 } })).toEqual([
      'sla.firstResponseHour: unknown key (did you mean "firstResponseHours"?)',
    ]);
    expect(issues({ hotspot: {} })[0]).toMatch(
      /^hotspot: unknown key \(known keys: timezone, ingest/,
    );
    expect(issues({ sla: { resolutionHours: { 质量: 10 } } })[0]).toMatch(
      /^sla\.resolutionHours\.质量: unknown key/,
    );
    expect(issues({ taxonomy: { keywords: { 其他: { x: 1 } } } })[0]).toMatch(
      /^taxonomy\.keywords\.其他: unknown key/,
    );
  });

  it('lists every invalid value at once', () => {
    expect(
      issues({
        timezone: 'Beijing',
        ingest: { dateOrder: 'yyyy', maxRejectRate: 2 },
        sla: { firstResponseHours: 0 },
        repeat: { windowDays: '30' },
        satisfaction: { satisfiedThreshold: 80 },
        escalation: { externalChannels: '12315' },
        severity: { compensationThreshold: -1, words: { 冒泡: 'urgent' } },
        taxonomy: {
          typeSynonyms: { 质量: 'quality' },
          keywords: { 价格: { 贵: -1 } },
          minTextScore: 0,
        },
        kpi: { asOf: 'yesterday', unitsInFieldMonths: 1.5 },
        privacy: { customerIdSalt: '' },
      }),
    ).toEqual([
      'timezone: unknown IANA time zone "Beijing" (e.g. "Asia/Shanghai")',
      'ingest.dateOrder: expected one of "auto", "ymd", "mdy", "dmy", got "yyyy"',
      'ingest.maxRejectRate: must be at most 1, got 2',
      'privacy.customerIdSalt: expected a non-empty string, got ""',
      'sla.firstResponseHours: must be greater than 0, got 0',
      'repeat.windowDays: expected a number, got "30"',
      'satisfaction.satisfiedThreshold: must be at most 1, got 80',
      'escalation.externalChannels: expected an array of channel labels, got "12315"',
      'severity.compensationThreshold: must be at least 0, got -1',
      'severity.words.冒泡: expected one of "一般", "重大", "紧急", got "urgent"',
      'taxonomy.typeSynonyms.质量: expected one of "产品质量", "售后维修", "物流运输", "服务态度", "价格", "合同/购销", "其他", got "quality"',
      'taxonomy.keywords.价格.贵: must be at least 0, got -1',
      'taxonomy.minTextScore: must be greater than 0, got 0',
      'kpi.asOf: expected null or a local timestamp "YYYY-MM-DD HH:MM:SS", got "yesterday"',
      'kpi.unitsInFieldMonths: expected a whole number, got 1.5',
    ]);
  });

  it('refuses a non-object where an object belongs', () => {
    expect(issues({ sla: 24 })).toEqual(['sla: expected an object, got number 24']);
    expect(() => resolveConfig([])).toThrow(/top level must be a JSON object/);
  });
});

describe('loadConfig', () => {
  it('reads and merges a file', async () => {
    const path = join(tmp, 'a.json');
    writeFileSync(path, '\uFEFF{"repeat": {"windowDays": 14}}');
    const c = await loadConfig(path);
    expect(c.repeat.windowDays).toBe(14);
    expect(c.timezone).toBe('Asia/Shanghai');
  });

  it('explains a missing file and invalid JSON', async () => {
    await expect(loadConfig(join(tmp, 'nope.json'))).rejects.toThrow(
      /nope\.json.*cannot read the file/s,
    );
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"sla": {');
    await expect(loadConfig(bad)).rejects.toThrow(/bad\.json.*not valid JSON/s);
  });

  it('uses the defaults when no path is given and there is no file in the working directory', async () => {
    const cwd = process.cwd();
    try {
      process.chdir(tmp);
      expect(await loadConfig()).toEqual(defaultConfig());
      writeFileSync(join(tmp, 'complaint-lens.config.json'), '{"timezone": "Asia/Hong_Kong"}');
      expect((await loadConfig()).timezone).toBe('Asia/Hong_Kong');
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('documentation', () => {
  it('docs/config.md documents every key', () => {
    const doc = readFileSync(join(DOCS, 'config.md'), 'utf8');
    for (const path of leafPaths(defaultConfig() as unknown as Record<string, unknown>)) {
      const documented =
        path === 'sla.resolutionHours'
          ? 'sla.resolutionHours.<category>'
          : path === 'taxonomy.keywords'
            ? 'taxonomy.keywords.<category>'
            : path;
      expect(doc, path).toContain(`\`${documented}\``);
    }
  });

  it('the example file is valid and sets every key', async () => {
    const path = join(DOCS, 'complaint-lens.config.example.json');
    const c = await loadConfig(path);
    expect(c.severity.words.鼓包).toBe('紧急');
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const rawPaths = new Set(
      leafPaths(raw).filter((p) => !p.split('.').some((s) => s.startsWith('$'))),
    );
    for (const p of leafPaths(defaultConfig() as unknown as Record<string, unknown>))
      expect(rawPaths.has(p), p).toBe(true);
  });
});

describe('localNow', () => {
  it('formats the wall-clock time of a time zone', () => {
    const instant = new Date('2024-01-31T20:30:05Z');
    expect(localNow('Asia/Shanghai', instant)).toBe('2024-02-01 04:30:05');
    expect(localNow('UTC', instant)).toBe('2024-01-31 20:30:05');
  });
});
