// The audit log: one JSON object per line appended to `audit.ndjson` beside the users file — who
// signed in or failed to, viewed which complaint, exported what (filters, row count), downloaded
// which report, and which requests were refused. A file beside the warehouse, not a warehouse
// table: the dashboard opens the warehouse read-only and every pipeline run replaces it, while the
// log must only ever grow. Appends are single write() calls of one line (O_APPEND), so concurrent
// requests never interleave inside a line.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';

export interface AuditEvent {
  /** ISO time */
  at: string;
  event:
    | 'login'
    | 'login_failed'
    | 'logout'
    | 'view_complaint'
    | 'export'
    | 'report'
    | 'view_rejects'
    | 'denied';
  user: string | null;
  role: string | null;
  ip: string | null;
  /** what was viewed or exported: path and query, complaint id, table, row count, reason */
  detail: Record<string, string | number | null>;
}

const dirsMade = new Set<string>();

export async function appendAudit(file: string, event: AuditEvent): Promise<void> {
  const dir = path.dirname(file);
  if (!dirsMade.has(dir)) {
    await mkdir(dir, { recursive: true });
    dirsMade.add(dir);
  }
  // ASCII-only lines (non-ASCII as \uXXXX escapes): reading backwards in byte blocks can then
  // never split a character
  const line = JSON.stringify(event).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  await appendFile(file, line + '\n', { mode: 0o600 });
}

/** Append without failing the request; a log that cannot be written is reported on stderr. */
export function audit(file: string, event: Omit<AuditEvent, 'at'>): void {
  appendAudit(file, { at: new Date().toISOString(), ...event }).catch((e: Error) =>
    console.error(`audit log ${file} could not be written: ${e.message}`),
  );
}

/**
 * The newest `limit` events (newest first), reading the file backwards in blocks so a large log
 * costs memory for `limit` lines only.
 */
export async function readRecentAudit(file: string, limit: number): Promise<AuditEvent[]> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  try {
    const { size } = await handle.stat();
    const events: AuditEvent[] = [];
    let position = size;
    let carry = '';
    const block = 64 * 1024;
    while (position > 0 && events.length < limit) {
      const length = Math.min(block, position);
      position -= length;
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, position);
      const lines = (buffer.toString('utf8') + carry).split('\n');
      carry = position > 0 ? (lines.shift() ?? '') : '';
      for (const line of lines.reverse()) {
        if (!line.trim()) continue;
        try {
          events.push(JSON.parse(line) as AuditEvent);
        } catch {
          // a damaged line is skipped, the rest of the log stays readable
        }
        if (events.length >= limit) break;
      }
    }
    if (carry.trim() && events.length < limit) {
      try {
        events.push(JSON.parse(carry) as AuditEvent);
      } catch {
        // as above
      }
    }
    return events;
  } finally {
    await handle.close();
  }
}

/** The whole log, oldest first, in pages of rows for the CSV export (streamed: bounded memory). */
export async function* auditRows(
  file: string,
  pageSize = 1000,
): AsyncGenerator<Array<Array<string | null>>> {
  let lines;
  try {
    lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  } catch {
    return;
  }
  let page: Array<Array<string | null>> = [];
  try {
    for await (const line of lines) {
      if (!line.trim()) continue;
      let e: AuditEvent;
      try {
        e = JSON.parse(line) as AuditEvent;
      } catch {
        continue;
      }
      page.push([e.at, e.event, e.user, e.role, e.ip, JSON.stringify(e.detail ?? {})]);
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (page.length) yield page;
}
