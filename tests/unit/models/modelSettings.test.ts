// Model settings are declared once (pipeline/models/modelSettings.ts): every key a SQL model reads is
// declared, every declared key is read, no SQL model spells out a default of its own, and the configuration refuses an undeclared or mistyped key instead of ignoring it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../../pipeline/config.ts';
import { configTables } from '../../../pipeline/models/configTables.ts';
import { MODEL_SETTINGS, OWNER_PREFIX } from '../../../pipeline/models/modelSettings.ts';

const SQL = join(import.meta.dirname, '../../../sql');
const sqlText = ['staging', 'intermediate', 'marts']
  .flatMap((dir) =>
    readdirSync(join(SQL, dir))
      .filter((f) => f.endsWith('.sql'))
      .map((f) => readFileSync(join(SQL, dir, f), 'utf8')),
  )
  .join('\n');

describe('model settings', () => {
  it('are the keys the SQL models read, no more and no fewer', () => {
    // (other cfg_settings keys — timezone, as_of, sla hours … — belong to other config entries)
    const read = new Set(
      [...sqlText.matchAll(/key = '((?:trend|rec|hotspots)_[a-z0-9_]+)'/g)].map((m) => m[1]),
    );
    expect([...read].sort()).toEqual(Object.keys(MODEL_SETTINGS).sort());
  });

  it('have their defaults in the declaration only, not again in SQL', () => {
    const coalesced = /coalesce\(max\(value\) filter \(where key = '[a-z0-9_]+'\), '[^']*'\)/g;
    const valuesList = /\('(?:trend|rec|hotspots)_[a-z0-9_]+', '[^']*'\)/g;
    expect(
      [...sqlText.matchAll(coalesced), ...sqlText.matchAll(valuesList)].map((m) => m[0]),
    ).toEqual([]);
  });

  it('are all written into cfg_settings, the config value over the default', () => {
    const config = resolveConfig({ modelSettings: { trend_fdr_q: 0.01 } });
    const rows = new Map(
      configTables(config).find((t) => t.name === 'cfg_settings')!.rows as [string, string][],
    );
    for (const [key, spec] of Object.entries(MODEL_SETTINGS))
      expect(rows.get(key), key).toBe(key === 'trend_fdr_q' ? '0.01' : spec.default);
  });

  it('refuse a misspelt key, naming the one meant', () => {
    expect(() => resolveConfig({ modelSettings: { trend_fdr_qq: 0.01 } })).toThrow(
      'modelSettings.trend_fdr_qq: unknown key (did you mean "trend_fdr_q"?)',
    );
  });

  it('refuse a value of the wrong kind', () => {
    const issues = (modelSettings: Record<string, unknown>) => {
      try {
        resolveConfig({ modelSettings });
        return [];
      } catch (e) {
        return (e as ConfigError).issues;
      }
    };
    expect(issues({ trend_baseline_weeks: 2.5 })).toEqual([
      'modelSettings.trend_baseline_weeks: expected a integer, got 2.5',
    ]);
    expect(issues({ hotspots_age_bucket_edges: '30,x' })).toHaveLength(1);
    expect(issues({ hotspots_age_bucket_edges: '30, 90,180' })).toEqual([]);
    expect(issues({ [`${OWNER_PREFIX}batch_hotspot`]: '质量部' })).toEqual([]);
    expect(issues({ [`${OWNER_PREFIX}batch_hotspot`]: 3 })).toHaveLength(1);
  });
});
