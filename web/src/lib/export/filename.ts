// File names of downloads: `<name>-<YYYY-MM-DD>.<ext>`, and the Content-Disposition header that
// carries them (RFC 6266 with the RFC 5987 `filename*` form for non-ASCII names).

/** `YYYY-MM-DD` of `now` on the wall clock of `timeZone`. */
export function localDate(timeZone: string, now: Date = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * A name safe on every file system: characters Windows forbids and control characters become
 * `-`, whitespace runs become one `-`, at most 80 characters; `fallback` when nothing is left.
 * Chinese and other letters are kept.
 */
export function safeFileStem(name: string, fallback = 'export'): string {
  const stem = name
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '-')
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80)
    .replace(/[-.]+$/, '');
  return stem || fallback;
}

/** `complaints-2026-11-23.csv` */
export function exportFileName(name: string, date: string, extension: string): string {
  return `${safeFileStem(name)}-${date}.${extension}`;
}

/** RFC 5987 `value-chars`: UTF-8 percent-encoding that also escapes ' ( ) * (not attr-chars). */
export function rfc5987Encode(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…`: the plain parameter is an ASCII stand-in for
 * old clients (non-ASCII, quotes and backslashes replaced by `_`); browsers prefer `filename*`.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987Encode(filename)}`;
}
