// Model settings are declared once (pipeline/models/modelSettings.ts) and reach SQL as one typed row
// (cfg_model_settings): every declared key is used by a model, no SQL model spells out a default of its own, and the configuration refuses an undeclared or mistyped key instead of ignoring it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../../pipeline/config.ts';
import { configTables } from '../../../pipeline/models/configTables.ts';
import { openDb } from '../../../pipeline/db.ts';
import {
  MODEL_SETTINGS,
  modelSettingRows,
  modelSettingsTableSql,
  OWNER_PREFIX,
} from '../../../pipeline/models/modelSettings.ts';

const SQL = join(import.meta.dirname, '../../../sql');
const sqlText = ['staging', 'intermediate', 'marts']
  .flatMap((dir) =>
    readdirSync(join(SQL, dir))
      .filter((f) => f.endsWith('.sql'))
      .map((f) => readFileSync(join(SQL, dir, f), 'utf8')),
  )
  .join('\n');

describe('model settings', () => {
  it('are read through cfg_model_settings, each by a model, no more and no fewer', () => {
    // No model pivots cfg_settings by a declared key: the settings models select the typed columns.
    expect([...sqlText.matchAll(/key = '((?:trend|rec|hotspots)_[a-z0-9_]+)'/g)]).toEqual([]);
    const selected = [...sqlText.matchAll(/columns\('\^(\w+)_\(\.\*\)\$'\) as '\\1'/g)];
    expect(selected.map((m) => m[1]).sort()).toEqual(['hotspots', 'rec', 'trend']);
    // Every declared setting is used by a model under its column name (prefix dropped), one renamed
    // and one read by its settings model to derive the column used (age_bucket_starts).
    const renamed: Record<string, string> = {
      rec_baseline_weeks: 'series_baseline_weeks',
      hotspots_age_bucket_edges: 'hotspots_age_bucket_edges',
    };
    const unused = Object.keys(MODEL_SETTINGS).filter((key) => {
      const column = renamed[key] ?? key.replace(/^(trend|rec|hotspots)_/, '');
      return !new RegExp(`\\b${column}\\b`).test(sqlText);
    });
    expect(unused).toEqual([]);
  });

  it('are one typed row in cfg_model_settings', async () => {
    const db = await openDb(':memory:');
    try {
      await db.run('create table cfg_settings (key varchar primary key, value varchar)');
      for (const [key, value] of modelSettingRows({ hotspots_age_bucket_edges: '30, 90' }))
        await db.run('insert into cfg_settings values ($key, $value)', { key, value });
      await db.run(modelSettingsTableSql());
      const types = await db.all<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns where table_name = 'cfg_model_settings'`,
      );
      const sqlType = {
        integer: 'INTEGER',
        number: 'DOUBLE',
        text: 'VARCHAR',
        'integer list': 'INTEGER[]',
        'text list': 'VARCHAR[]',
      };
      expect(Object.fromEntries(types.map((t) => [t.column_name, t.data_type]))).toEqual(
        Object.fromEntries(
          Object.entries(MODEL_SETTINGS).map(([key, spec]) => [key, sqlType[spec.kind]]),
        ),
      );
      const row = await db.one<Record<string, unknown>>(
        'select hotspots_age_bucket_edges, trend_baseline_weeks from cfg_model_settings',
      );
      expect(row).toEqual({
        hotspots_age_bucket_edges: [30, 90],
        trend_baseline_weeks: Number(MODEL_SETTINGS.trend_baseline_weeks.default),
      });
    } finally {
      db.close();
    }
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
