// Dependency discovery, ordering and --select on the pure graph; the SQL text helpers.
import { describe, expect, it } from 'vitest';
import {
  buildGraph,
  CycleError,
  modelDependencies,
  selectModels,
} from '../../../pipeline/models/graph.ts';
import {
  hasMultipleStatements,
  headerValue,
  identifiers,
  stripTrailingSemicolon,
} from '../../../pipeline/models/sqlText.ts';

const names = new Set(['stg_a', 'int_b', 'int_c', 'mart_d']);

describe('modelDependencies', () => {
  it('finds models in from/join clauses, subqueries and CTEs, and ignores the rest', () => {
    const sql = `
      -- reads int_c only in this comment
      with x as (select * from stg_a), final as (
        select * from x join "int_b" using (id) where id in (select id from main.mart_d)
      )
      select 'int_c' as not_a_table, * from final`;
    expect(modelDependencies('mart_e', sql, names)).toEqual(['int_b', 'mart_d', 'stg_a']);
  });

  it('never lists the model itself and unites parser and tokenizer findings', () => {
    const parser = () => ['main.int_c', 'complaints'];
    expect(modelDependencies('int_b', 'select * from int_b_source, stg_a', names, parser)).toEqual([
      'int_c',
      'stg_a',
    ]);
    const failing = () => {
      throw new Error('parser error');
    };
    expect(modelDependencies('int_b', 'select * from stg_a', names, failing)).toEqual(['stg_a']);
  });
});

describe('buildGraph and selectModels', () => {
  const nodes = [
    { name: 'stg_a', sql: 'select 1' },
    { name: 'int_b', sql: 'select * from int_c' },
    { name: 'int_c', sql: 'select * from stg_a' },
    { name: 'mart_d', sql: 'select * from int_b, stg_a' },
    { name: 'mart_e', sql: 'select * from stg_a' },
  ];

  it('orders dependencies first, otherwise keeping the input order', () => {
    const g = buildGraph(nodes);
    expect(g.order).toEqual(['stg_a', 'int_c', 'int_b', 'mart_d', 'mart_e']);
    expect(g.dependents.get('stg_a')).toEqual(['int_c', 'mart_d', 'mart_e']);
  });

  it('selects one model, or a model and everything downstream', () => {
    const g = buildGraph(nodes);
    expect(selectModels(g, undefined)).toEqual(g.order);
    expect(selectModels(g, 'int_b')).toEqual(['int_b']);
    expect(selectModels(g, 'int_c+')).toEqual(['int_c', 'int_b', 'mart_d']);
    expect(selectModels(g, 'stg_a+')).toEqual(g.order);
    expect(selectModels(g, 'mart_e,int_b')).toEqual(['int_b', 'mart_e']);
    expect(() => selectModels(g, 'int')).toThrow(
      /no model named int \(did you mean int_c, int_b\?\)/,
    );
  });

  it('reports a cycle with its path', () => {
    const cyclic = [
      ...nodes,
      { name: 'int_x', sql: 'select * from int_y' },
      { name: 'int_y', sql: 'select * from int_z' },
      { name: 'int_z', sql: 'select * from int_x' },
    ];
    expect(() => buildGraph(cyclic)).toThrow(CycleError);
    expect(() => buildGraph(cyclic)).toThrow(
      'Model dependency cycle: int_x → int_y → int_z → int_x',
    );
  });
});

describe('sqlText', () => {
  it('strips trailing semicolons and comments but not semicolons in strings', () => {
    expect(stripTrailingSemicolon("select ';' as x;\n-- done\n")).toBe("select ';' as x");
    expect(stripTrailingSemicolon('select 1 ;  ; ')).toBe('select 1');
    expect(hasMultipleStatements("select ';' as x;")).toBe(false);
    expect(hasMultipleStatements('select 1; select 2')).toBe(true);
    expect(hasMultipleStatements('select 1 -- a; b\n')).toBe(false);
  });

  it('reads header values from the leading comment block only', () => {
    const sql = '-- purpose\n-- Severity: WARN\n\nselect 1\n-- materialized: view';
    expect(headerValue(sql, 'severity')).toBe('WARN');
    expect(headerValue(sql, 'materialized')).toBeUndefined();
  });

  it('lists identifiers outside comments and strings, lower-cased, quoted names unquoted', () => {
    expect(
      [...identifiers('select "Mart_X".a /* int_y */ from B where c = \'stg_z\'')].sort(),
    ).toEqual(['a', 'b', 'c', 'from', 'mart_x', 'select', 'where']);
  });
});
