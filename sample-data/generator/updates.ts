// Simulated nightly re-delivery: re-emits a fraction of the rows of an existing sample export with
// their handling moved forward (pending → in progress → resolved → closed, a few closed cases reopened,
// satisfaction surveys filled in later) and a later updated_at. Same header, same row order, streamed.
//
// Every re-emitted row differs from its original at least in updated_at, and all its new timestamps fall
// in the "night" after the export's latest updated_at, so an incremental load can tell old from new.

import { parseTimestamp, SECONDS_PER_DAY, TimestampFormatter } from './calendar.ts';
import { CsvWriter, readCsv } from './csv.ts';
import { COL, HEADERS } from './format.ts';
import { Rng } from './prng.ts';
import {
  DEPARTMENTS,
  SATISFACTION_WORDS,
  STATUSES,
  type Lang,
  type StatusKey,
} from './taxonomy.ts';

export interface UpdateOptions {
  complaintsFile: string;
  outFile: string;
  seed: number;
  /** Share of rows to re-emit, 0..1. */
  fraction: number;
}

export interface UpdateSummary {
  outFile: string;
  rowsRead: number;
  rowsUpdated: number;
  /** The previous extract's latest updated_at; all new timestamps are later. */
  previousExtract: string;
  millis: number;
}

const TEXT: Record<
  Lang,
  { ack: string[]; progress: string[]; fix: string[]; reopen: string; followUp: string }
> = {
  zh: {
    ack: ['已受理，已派单处理', '已联系客户，安排跟进'],
    progress: ['已二次派单，等待网点上门', '已联系客户确认问题，处理中'],
    fix: ['已处理完毕，客户认可', '问题已解决，已电话回访', '已按客户诉求处理完毕'],
    reopen: '客户反映问题复发，已重新派单',
    followUp: '（回访：客户表示已无其他诉求）',
  },
  en: {
    ack: ['Received and dispatched', 'Customer contacted; follow-up arranged'],
    progress: [
      'Re-dispatched; awaiting service agent',
      'Issue confirmed with customer; in progress',
    ],
    fix: [
      'Resolved; customer accepted',
      'Issue fixed; follow-up call made',
      'Handled as the customer requested',
    ],
    reopen: 'Customer reports the problem is back; re-dispatched',
    followUp: ' (Follow-up: customer has no further requests)',
  },
};

function detectLang(header: string[]): Lang {
  const trimmed = header.map((h) => h.trim());
  for (const lang of ['zh', 'en'] as const)
    if (HEADERS[lang].every((h, i) => trimmed[i] === h)) return lang;
  throw new Error(`not a sample export header: ${header.slice(0, 4).join(',')}…`);
}

function statusKey(value: string, lang: Lang): StatusKey | null {
  for (const [k, v] of Object.entries(STATUSES)) if (v[lang] === value) return k as StatusKey;
  return null;
}

export async function generateUpdates(opts: UpdateOptions): Promise<UpdateSummary> {
  const started = performance.now();
  if (!(opts.fraction >= 0 && opts.fraction <= 1))
    throw new Error(`fraction must be in [0, 1], got ${opts.fraction}`);

  // Pass 1: the previous extract time = the latest updated_at (or receipt) in the file.
  let header: string[] | null = null;
  let asOf = Number.NEGATIVE_INFINITY;
  for await (const row of readCsv(opts.complaintsFile)) {
    if (!header) {
      header = row;
      continue;
    }
    const t = parseTimestamp(row[COL.updated] ?? '');
    const r = parseTimestamp(row[COL.received] ?? '');
    if (t > asOf) asOf = t;
    else if (Number.isNaN(t) && r > asOf) asOf = r;
  }
  if (!header) throw new Error(`${opts.complaintsFile} is empty`);
  const lang = detectLang(header);
  if (!Number.isFinite(asOf)) asOf = Math.floor(Date.now() / 1000);
  const text = TEXT[lang];
  const dayOf = Math.floor(asOf / SECONDS_PER_DAY);
  const ts = new TimestampFormatter(dayOf - 2, dayOf + 3);

  // Pass 2: re-emit the chosen rows.
  const rng = new Rng(opts.seed, 'updates');
  const out = new CsvWriter(opts.outFile);
  out.writeRow(header);
  let rowsRead = 0;
  let rowsUpdated = 0;
  let first = true;
  for await (const original of readCsv(opts.complaintsFile)) {
    if (first) {
      first = false;
      continue;
    }
    rowsRead++;
    if (rng.next() >= opts.fraction) continue;
    const row = [...original];
    while (row.length < HEADERS[lang].length) row.push('');
    const slash = row[COL.received].includes('/');
    // Events of the night after the previous extract, in order.
    let clock = asOf + rng.uniform(1800, 4 * 3600);
    const next = () => (clock += rng.uniform(600, 4 * 3600));
    const fmt = (s: number) => ts.timestamp(s, slash);
    const status = statusKey(row[COL.status], lang);
    const setStatus = (k: StatusKey) => (row[COL.status] = STATUSES[k][lang]);
    const survey = () => {
      const score = Math.min(5, Math.max(1, Math.round(4 + rng.normal())));
      row[COL.satisfaction] = rng.chance(0.7) ? String(score) : SATISFACTION_WORDS[lang][score - 1];
    };
    if (status === 'pending' || status === null) {
      row[COL.firstResponse] = fmt(next());
      row[COL.dispatch] = String(Math.max(1, Number(row[COL.dispatch]) || 0));
      if (!row[COL.department]) row[COL.department] = DEPARTMENTS.cs[lang];
      if (rng.chance(0.3)) {
        row[COL.resolved] = fmt(next());
        row[COL.resolution] = rng.pick(text.fix);
        setStatus('resolved');
      } else {
        row[COL.resolution] = rng.pick(text.ack);
        setStatus('inProgress');
      }
    } else if (status === 'inProgress') {
      const u = rng.next();
      if (u < 0.1) {
        row[COL.dispatch] = String((Number(row[COL.dispatch]) || 1) + 1);
        row[COL.resolution] = rng.pick(text.progress);
        next();
      } else {
        row[COL.resolved] = fmt(next());
        row[COL.resolution] = rng.pick(text.fix);
        setStatus('resolved');
        if (u >= 0.7) {
          row[COL.closed] = fmt(next());
          setStatus('closed');
          if (rng.chance(0.6)) survey();
        }
      }
    } else if (status === 'resolved') {
      if (rng.chance(0.85)) {
        row[COL.closed] = fmt(next());
        setStatus('closed');
        if (!row[COL.satisfaction] && rng.chance(0.6)) survey();
      } else {
        row[COL.resolution] = row[COL.resolution] + text.followUp;
        next();
      }
    } else if (rng.chance(0.08)) {
      // closed, but the fault came back
      row[COL.dispatch] = String((Number(row[COL.dispatch]) || 1) + 1);
      row[COL.resolved] = '';
      row[COL.closed] = '';
      row[COL.satisfaction] = '';
      row[COL.resolution] = text.reopen;
      setStatus('inProgress');
      next();
    } else {
      if (!row[COL.satisfaction]) survey();
      else row[COL.resolution] = row[COL.resolution] + text.followUp;
      next();
    }
    row[COL.updated] = fmt(clock + rng.uniform(0, 300));
    const p = out.writeRow(row);
    if (p) await p;
    rowsUpdated++;
  }
  await out.close();
  return {
    outFile: opts.outFile,
    rowsRead,
    rowsUpdated,
    previousExtract: new TimestampFormatter(dayOf, dayOf).timestamp(asOf, false),
    millis: Math.round(performance.now() - started),
  };
}
