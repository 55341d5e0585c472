// PII patterns in text, for JavaScript callers: ingest masks the rows its readers reject with
// maskRawRow before storing them, and the dashboard masks rejects' raw rows for non-admins with it. The same rules as
// the ingest's SQL macro cl_mask_pii (normalise.ts), so what a non-admin sees is what ingest would
// have stored: mobile numbers (optional +86), landlines with an area code, 18/15-digit resident ID
// numbers, e-mail addresses and Chinese street addresses with a house number. ID numbers first: a
// mobile pattern would otherwise match inside them.

// A Chinese street address: an optional province, then a city and/or a district/county, then a
// street (路/街/大道/巷/弄/胡同, optionally a 段) and a house number in digits (88号, 12-3号, with
// building/unit/room after it). The province and city are kept, the rest is dropped:
// 北京市朝阳区建国路88号3单元 → 北京市***. A city or district is required before the street, so
// "知道1号" or "路由器型号88号" are not addresses; house numbers in Chinese numerals are not found.
// The source is written in the syntax both JavaScript (with the u flag) and RE2 (DuckDB) read
// (hence the literal CJK range: the two spell \p{Han} differently).
const han = '[一-鿿]';
const province = String.raw`(?:${han}{2,7}?(?:省|自治区))?`;
const city = String.raw`${han}{1,7}?市`;
const district = String.raw`${han}{1,7}?(?:区|县|旗)`;
const street =
  String.raw`${han}{1,12}?(?:路|街|大道|巷|弄|胡同)(?:[东西南北中一二三四五六七八九十]{1,2}段)?` +
  String.raw`\s*\d{1,5}(?:-\d{1,5})?\s*号(?:[0-9A-Za-z-]{1,6}(?:栋|幢|楼|单元|室|层|座))*`;
/** Groups 1 and 2: the kept coarse part (province/city), one of them empty. */
export const addressPattern = `(${province}(?:${city})?)${district}${street}|(${province}${city})${street}`;

/**
 * The text-masking rules in order, as [pattern, replacement with $n groups]. Patterns are written in
 * the syntax JavaScript (u flag) and RE2 both read: the ingest's SQL macro cl_mask_pii
 * (normalise.ts, maskPiiSql) is generated from this list, so the two cannot drift.
 */
export const piiRules: ReadonlyArray<readonly [string, string]> = [
  [String.raw`\b(\d{6})\d{8}(\d{3}[0-9Xx])\b`, '$1********$2'],
  [String.raw`\b(\d{6})\d{6}(\d{3})\b`, '$1******$2'],
  [String.raw`(\+?86[- ]?)?\b(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})\b`, '$2****$3'],
  [String.raw`\b(0\d{2,3})-\d{3,4}(\d{4})\b`, '$1-****$2'],
  [String.raw`\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b`, '$1***@$2'],
  [addressPattern, '$1$2***'],
];

const rules = piiRules.map(
  ([source, replacement]) => [new RegExp(source, 'gu'), replacement] as const,
);

/**
 * The same rules as one SQL expression over `x` (nested regexp_replace), for the ingest's macro.
 * `quote` makes a SQL string literal; RE2 writes a group in a replacement as \1 where JavaScript has $1.
 */
export function maskPiiSql(x: string, quote: (s: string) => string): string {
  return piiRules.reduce(
    (inner, [source, replacement]) =>
      `regexp_replace(${inner}, ${quote(source)}, ${quote(replacement.replace(/\$(\d)/g, '\\$1'))}, 'g')`,
    x,
  );
}

export function maskPii(text: string): string;
export function maskPii(text: string | null): string | null;
export function maskPii(text: string | null): string | null {
  if (text === null || !/[0-9@]/.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}

/** Whether a text holds anything maskPii would mask. */
export function hasPii(text: string): boolean {
  return maskPii(text) !== text;
}

export type PiiKind = 'name' | 'phone' | 'email' | 'id_card' | 'address';

/** Header patterns per kind (lower-cased header, spaces and _ - removed). */
const headerKinds: ReadonlyArray<[PiiKind, RegExp]> = [
  ['id_card', /身份证|证件号|idcard|idnumber|passport|ssn/],
  ['email', /邮箱|电子邮件|邮件地址|email|mail$/],
  ['phone', /电话|手机|联系方式|phone|mobile|telephone|^tel|tel$/],
  ['address', /地址|住址|address|street/],
  [
    'name',
    /姓名|名字|联系人|客户名称|客户名|^name$|customername|contactname|fullname|firstname|lastname|surname/,
  ],
];

export function piiKindOfHeader(header: string): PiiKind | undefined {
  const key = header.toLowerCase().replace(/[\s_\-]+/g, '');
  for (const [kind, pattern] of headerKinds) if (pattern.test(key)) return kind;
  return undefined;
}

/**
 * One value masked as its header's kind says: the JavaScript twin of pii.ts's maskSql (names keep
 * their first character, phones and ID numbers their last four, addresses their first six
 * characters, e-mail addresses their first character and domain). Blank values stay as they are.
 */
export function maskOfKind(kind: PiiKind, value: string): string {
  const x = Array.from(value.trim());
  if (x.length === 0) return value;
  const text = x.join('');
  switch (kind) {
    case 'name':
      return x[0] + '*'.repeat(Math.max(x.length - 1, 1));
    case 'phone':
    case 'id_card': {
      const keep = Math.min(4, x.length - 1);
      return '*'.repeat(Math.max(x.length - 4, 2)) + x.slice(x.length - keep).join('');
    }
    case 'email': {
      const masked = maskPii(text);
      return masked !== text ? masked : x[0] + '***';
    }
    case 'address':
      return x.slice(0, 6).join('') + '***';
  }
}

export interface RawRowLayout {
  /** The file's headers, when known: cells are then masked by their header's kind. */
  headers?: readonly string[];
  /** The delimiter of a delimited-text line. */
  delimiter?: string;
  /** privacy.keepRaw: headers whose values stay as read (only where the cell is known for sure). */
  keepRaw?: readonly string[];
}

/** A line with more or fewer cells than headers is still masked by header up to this shift. */
const maxShift = 3;

/**
 * A raw row as a reject stores it, with personal data masked: a JSON object (cells by header, or
 * a JSON record) by key; a JSON array (a sheet row) or a delimited line split into cells by the
 * headers' position; anything else by content (maskPii) only. A row with more or fewer cells than
 * headers (the usual reason a reader rejects it) is split all the same: a value may then sit up to
 * `shift` cells from its header, so every cell within that distance of a personal-data header is
 * masked — by that kind when only one applies, else as a name (first character only). Too
 * ragged to say (shift over 3) or not splittable: content masking of the whole text.
 */
export function maskRawRow(raw: string, layout: RawRowLayout = {}): string {
  const keep = new Set(layout.keepRaw ?? []);
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    // re-written only when something was masked: the row stays byte for byte as read otherwise
    // (spacing, and numbers too long for a double)
    const unlessSame = (masked: unknown) => {
      const text = JSON.stringify(masked);
      return text === JSON.stringify(parsed) ? raw : text;
    };
    if (Array.isArray(parsed)) {
      const masked = maskCells(parsed, layout.headers ?? [], keep);
      if (masked) return unlessSame(masked);
    } else if (parsed !== null && typeof parsed === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(parsed as Record<string, unknown>))
        out[key] = keep.has(key) ? value : maskCell(value, piiKindOfHeader(key));
      return unlessSame(out);
    }
  }
  if (layout.delimiter && layout.headers?.length) {
    const split = splitLine(raw, layout.delimiter, layout.headers.length);
    if (split) {
      const masked = maskCells(split.cells, layout.headers, keep) as string[] | undefined;
      if (masked) return masked.every((c, i) => c === split.cells[i]) ? raw : split.join(masked);
    }
  }
  return maskPii(raw);
}

/** Cells masked by their headers' kinds (see maskRawRow); undefined when too ragged to say. */
function maskCells(
  cells: unknown[],
  headers: readonly string[],
  keep: ReadonlySet<string>,
): unknown[] | undefined {
  if (headers.length === 0) return cells.map((c) => maskCell(c, undefined));
  const shift = cells.length - headers.length;
  if (Math.abs(shift) > maxShift) return undefined;
  const kinds = cells.map(() => new Set<PiiKind>());
  const kept = cells.map(() => false);
  headers.forEach((header, k) => {
    const kind = piiKindOfHeader(header);
    if (keep.has(header)) {
      // kept as read only where the cell is surely this header's
      if (shift === 0) kept[k] = true;
      return;
    }
    if (!kind) return;
    for (let i = k + Math.min(0, shift); i <= k + Math.max(0, shift); i++)
      if (i >= 0 && i < cells.length) kinds[i].add(kind);
  });
  return cells.map((cell, i) => {
    if (kept[i] && kinds[i].size === 0) return cell;
    const set = [...kinds[i]];
    return maskCell(cell, set.length === 0 ? undefined : set.length === 1 ? set[0] : 'name');
  });
}

function maskCell(cell: unknown, kind: PiiKind | undefined): unknown {
  if (typeof cell === 'string') return kind ? maskOfKind(kind, cell) : maskPii(cell);
  if (typeof cell === 'number' || typeof cell === 'bigint') {
    // a phone or ID number a sheet gave as a number
    const text = String(cell);
    if (kind) return maskOfKind(kind, text);
    return hasPii(text) ? maskPii(text) : cell;
  }
  if (Array.isArray(cell)) return cell.map((c) => maskCell(c, kind));
  if (cell !== null && typeof cell === 'object')
    return Object.fromEntries(
      Object.entries(cell as Record<string, unknown>).map(([k, v]) => [k, maskCell(v, kind)]),
    );
  return cell;
}

/**
 * The cells of one delimited line: by CSV quoting ("" inside quotes) when that parses, else
 * split at every delimiter (a stray quote is why many lines are rejected); the reading whose cell
 * count is nearer the header count wins. `join` puts masked cells back the same way.
 */
function splitLine(
  line: string,
  delimiter: string,
  width: number,
): { cells: string[]; join: (cells: string[]) => string } | undefined {
  const plain = line.split(delimiter);
  const quoted = parseQuoted(line, delimiter);
  const quote = (c: string) =>
    c.includes(delimiter) || c.includes('"') || /[\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
  if (quoted && Math.abs(quoted.length - width) <= Math.abs(plain.length - width))
    return { cells: quoted, join: (cells) => cells.map(quote).join(delimiter) };
  if (plain.length < 2) return undefined;
  return { cells: plain, join: (cells) => cells.join(delimiter) };
}

function parseQuoted(line: string, delimiter: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let i = 0;
  let atStart = true;
  while (i <= line.length) {
    if (i === line.length) {
      cells.push(cell);
      break;
    }
    if (atStart && line[i] === '"') {
      // a quoted cell: up to the quote that is followed by the delimiter or the end
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= line.length) return undefined;
        if (line[j] === '"') {
          if (line[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          if (j + 1 === line.length || line.startsWith(delimiter, j + 1)) break;
          return undefined;
        }
        value += line[j++];
      }
      cell = value;
      i = j + 1;
      atStart = false;
      continue;
    }
    if (line.startsWith(delimiter, i)) {
      cells.push(cell);
      cell = '';
      i += delimiter.length;
      atStart = true;
      continue;
    }
    cell += line[i++];
    atStart = false;
  }
  return cells;
}
