// The model dependency graph: which models a model reads (found in its SQL), a deterministic
// topological order, cycle detection, and --select.
import { closestNames } from '../suggest.ts';
import { identifiers } from './sqlText.ts';

export interface GraphNode {
  name: string;
  sql: string;
  /** Declared dependencies (program models, whose code the parser cannot read); used instead of sql. */
  deps?: readonly string[];
}

export interface ModelGraph {
  /** All models in build order (dependencies first; ties by the input order). */
  order: string[];
  /** model → models it reads. */
  deps: Map<string, string[]>;
  /** model → models that read it. */
  dependents: Map<string, string[]>;
}

export class CycleError extends Error {
  readonly cycle: string[];
  constructor(cycle: string[]) {
    super(`Model dependency cycle: ${cycle.join(' → ')}`);
    this.name = 'CycleError';
    this.cycle = cycle;
  }
}

/** Table names a parser finds in a query (db.conn.getTableNames(sql, false) in the runner). */
export type TableNameParser = (sql: string) => readonly string[];

/**
 * The models a query reads. References to non-models (base tables, cfg_* tables, CTE names) are
 * ignored. Parser names and tokenizer identifiers are united: the parser skips some valid queries
 * and the tokenizer cannot tell a table from a column, but model names are prefixed (stg_, int_,
 * mart_) so a column never collides with one in practice.
 */
export function modelDependencies(
  name: string,
  sql: string,
  modelNames: ReadonlySet<string>,
  parser?: TableNameParser,
): string[] {
  const found = new Set<string>();
  if (parser) {
    try {
      for (const t of parser(sql)) {
        const bare = t.split('.').pop()!.replace(/^"|"$/g, '').toLowerCase();
        if (modelNames.has(bare)) found.add(bare);
      }
    } catch {
      // The tokenizer below still finds the references.
    }
  }
  for (const id of identifiers(sql)) if (modelNames.has(id)) found.add(id);
  found.delete(name);
  return [...found].sort();
}

export function buildGraph(nodes: readonly GraphNode[], parser?: TableNameParser): ModelGraph {
  const names = new Set(nodes.map((n) => n.name));
  const deps = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) dependents.set(n.name, []);
  for (const n of nodes) {
    const d = n.deps
      ? n.deps.filter((x) => names.has(x))
      : modelDependencies(n.name, n.sql, names, parser);
    deps.set(n.name, d);
    for (const up of d) dependents.get(up)!.push(n.name);
  }
  return {
    order: topoSort(
      nodes.map((n) => n.name),
      deps,
    ),
    deps,
    dependents,
  };
}

/** Kahn's algorithm, picking the earliest ready node in input order, so builds are reproducible. */
function topoSort(names: string[], deps: Map<string, string[]>): string[] {
  const remaining = new Map(names.map((n) => [n, new Set(deps.get(n) ?? [])]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = names.find((n) => remaining.has(n) && remaining.get(n)!.size === 0);
    if (ready === undefined) throw new CycleError(findCycle(remaining));
    order.push(ready);
    remaining.delete(ready);
    for (const waiting of remaining.values()) waiting.delete(ready);
  }
  return order;
}

function findCycle(remaining: Map<string, Set<string>>): string[] {
  // Every remaining node waits on another remaining node: walk until a node repeats.
  const start = [...remaining.keys()].sort()[0];
  const path: string[] = [];
  const index = new Map<string, number>();
  let cur = start;
  while (!index.has(cur)) {
    index.set(cur, path.length);
    path.push(cur);
    cur = [...remaining.get(cur)!].sort()[0];
  }
  return [...path.slice(index.get(cur)), cur];
}

/**
 * Resolve a --select: `m` is just m, `m+` is m and everything downstream of it. Several selectors
 * may be given separated by commas or spaces. Returns model names in build order.
 */
export function selectModels(graph: ModelGraph, select: string | undefined): string[] {
  if (select === undefined || select.trim() === '') return [...graph.order];
  const chosen = new Set<string>();
  for (const raw of select.split(/[\s,]+/u).filter(Boolean)) {
    const downstream = raw.endsWith('+');
    const name = downstream ? raw.slice(0, -1) : raw;
    if (!graph.deps.has(name)) {
      const close = closestNames(name, graph.order);
      throw new Error(
        `--select: no model named ${name}${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}`,
      );
    }
    chosen.add(name);
    if (downstream) {
      const stack = [name];
      while (stack.length > 0) {
        for (const d of graph.dependents.get(stack.pop()!) ?? []) {
          if (!chosen.has(d)) {
            chosen.add(d);
            stack.push(d);
          }
        }
      }
    }
  }
  return graph.order.filter((m) => chosen.has(m));
}
