// Number formatting shared by the catalogue's messages. It rounds like the SQL printf the texts
// used to be built with (and like DuckDB's round() on display): to the nearest, and an exact tie
// (3.25 at one decimal) to even, where JavaScript's toFixed rounds ties up. Exactness matters:
// 1.15 is stored as 1.14999…, which is no tie, and both give 1.1.

/** A file's name without its directories: readers are shown the file, not the server's path. */
export function fileName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** `value` with `digits` decimals; '' for a missing or non-finite value. */
export function fixed(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const up = value.toFixed(digits);
  // the exact decimal expansion (toFixed is exact up to 100 digits): a tie is "…5000…"
  const exact = Math.abs(value).toFixed(Math.min(100, digits + 30));
  const rest = exact.slice(exact.length - 30);
  if (!/^50*$/.test(rest)) return up;
  const down = exact.slice(0, exact.length - 30).replace(/\.$/, '');
  const lastDigit = Number(down.at(-1));
  if (lastDigit % 2 !== 0) return up;
  return value < 0 ? `-${down}` : down;
}
