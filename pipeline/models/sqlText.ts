// Small lexical helpers for model SQL: header comments, trailing semicolons, and the identifiers a
// query mentions. A real parser (DuckDB's, via getTableNames) is used for dependencies too; this
// tokenizer backs it up because the parser returns nothing for some valid queries (e.g. a
// `join … using (…)` in DuckDB 1.5), and a missed dependency would silently mis-order the build.

interface Segment {
  kind: 'code' | 'string' | 'quoted' | 'comment';
  text: string;
}

/** Split SQL into code, 'string', "quoted identifier" and comment segments. */
export function segments(sql: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let code = '';
  const flush = () => {
    if (code) out.push({ kind: 'code', text: code });
    code = '';
  };
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      flush();
      out.push({ kind: 'comment', text: sql.slice(i, stop) });
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      flush();
      out.push({ kind: 'comment', text: sql.slice(i, stop) });
      i = stop;
    } else if (ch === "'" || ch === '"') {
      // Both quote styles escape by doubling.
      let j = i + 1;
      let text = '';
      while (j < sql.length) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) {
            text += ch;
            j += 2;
            continue;
          }
          break;
        }
        text += sql[j];
        j++;
      }
      flush();
      out.push({ kind: ch === "'" ? 'string' : 'quoted', text });
      i = j + 1;
    } else {
      code += ch;
      i++;
    }
  }
  flush();
  return out;
}

/** Lower-cased identifiers (bare words and "quoted" names) outside comments and string literals. */
export function identifiers(sql: string): Set<string> {
  const ids = new Set<string>();
  for (const seg of segments(sql)) {
    if (seg.kind === 'quoted') ids.add(seg.text.toLowerCase());
    else if (seg.kind === 'code') {
      for (const m of seg.text.matchAll(/[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/gu))
        ids.add(m[0].toLowerCase());
    }
  }
  return ids;
}

/** Drop trailing semicolons (and the white space/comments after them). */
export function stripTrailingSemicolon(sql: string): string {
  const segs = segments(sql);
  // Remove trailing comments and white space, then a trailing ';'.
  while (segs.length > 0) {
    const last = segs[segs.length - 1];
    if (last.kind === 'comment') {
      segs.pop();
      continue;
    }
    if (last.kind === 'code') {
      const trimmed = last.text.replace(/[\s;]+$/u, '');
      if (trimmed === '') {
        segs.pop();
        continue;
      }
      if (trimmed !== last.text) segs[segs.length - 1] = { kind: 'code', text: trimmed };
    }
    break;
  }
  return segs.map(render).join('');
}

/** True when the SQL holds more than one statement (a ';' in code before the end). */
export function hasMultipleStatements(sql: string): boolean {
  const body = stripTrailingSemicolon(sql);
  return segments(body).some((s) => s.kind === 'code' && s.text.includes(';'));
}

/** A `-- key: value` header comment from the leading comment block (case-insensitive key). */
export function headerValue(sql: string, key: string): string | undefined {
  const re = new RegExp(`^\\s*--\\s*${key}\\s*:\\s*(.+?)\\s*$`, 'iu');
  for (const line of sql.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    if (!t.startsWith('--')) break;
    const m = re.exec(t);
    if (m) return m[1];
  }
  return undefined;
}

function render(seg: Segment): string {
  switch (seg.kind) {
    case 'string':
      return `'${seg.text.replaceAll("'", "''")}'`;
    case 'quoted':
      return `"${seg.text.replaceAll('"', '""')}"`;
    default:
      return seg.text;
  }
}
