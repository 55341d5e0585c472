// Number and date formatting per report language. Rates are shares 0–1 in the marts; changes of a
// rate are shown in percentage points, changes of a count or a per-unit rate in per cent.
import type { Period } from './period.ts';

import type { Lang } from '../messages/lang.ts';

export type { Lang };

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };
const MINUS = '−';

export interface Formatter {
  lang: Lang;
  int(n: number): string;
  dec(n: number, digits?: number): string;
  /** Share 0–1 as a percentage: 0.631 → "63.1%". */
  pct(share: number, digits?: number): string;
  /** Signed integer: "+12", "−3", "0". */
  signedInt(n: number): string;
  /** Signed relative change: 0.057 → "+5.7%". */
  signedPct(change: number): string;
  /** Signed change of a share in percentage points: −0.09 → "−9.0 pp" / "−9.0个百分点". */
  signedPoints(delta: number): string;
  /** "October 2026" / "2026年10月". */
  month(isoDate: string): string;
  /** Short axis label: "2026-10" (months) or "W43" (weeks). */
  axisLabel(period: { kind: Period['kind']; start: string }): string;
  /** "12 Oct 2026" / "2026年10月12日". */
  date(isoDate: string): string;
  /** "Week 43, 2026 (19–25 Oct 2026)" / "2026年第43周（10月19日—10月25日）". */
  period(period: Period): string;
  /** Short name of a period: "October 2026", "2026-W43". */
  periodShort(period: Period): string;
  /** A moment in a time zone: "24 Nov 2026, 06:39" / "2026年11月24日 06:39". */
  dateTime(moment: Date, timeZone: string): string;
  /** A naive local timestamp from the warehouse ("2026-11-24 06:39:03.5") in the same style. */
  localDateTime(naive: string): string;
}

function withSign(text: string, n: number): string {
  if (n > 0) return `+${text}`;
  if (n < 0) return `${MINUS}${text}`;
  return text;
}

function parts(isoDate: string): { y: number; m: number; d: number } {
  return {
    y: Number(isoDate.slice(0, 4)),
    m: Number(isoDate.slice(5, 7)),
    d: Number(isoDate.slice(8, 10)),
  };
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function formatter(lang: Lang): Formatter {
  const locale = LOCALE[lang];
  const intFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decFormats = new Map<number, Intl.NumberFormat>();
  const dec = (n: number, digits = 1) => {
    let f = decFormats.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      decFormats.set(digits, f);
    }
    return f.format(n);
  };
  const monthShortEn = (m: number) => MONTHS_EN[m - 1].slice(0, 3);

  const fmt: Formatter = {
    lang,
    int: (n) => intFormat.format(Math.round(n)),
    dec,
    pct: (share, digits = 1) => `${dec(share * 100, digits)}%`,
    signedInt: (n) => withSign(intFormat.format(Math.abs(Math.round(n))), Math.round(n)),
    signedPct: (change) => {
      const rounded = Math.round(change * 1000) / 10;
      return withSign(`${dec(Math.abs(rounded), 1)}%`, rounded);
    },
    signedPoints: (delta) => {
      const rounded = Math.round(delta * 1000) / 10;
      const text = dec(Math.abs(rounded), 1);
      return withSign(lang === 'zh' ? `${text}个百分点` : `${text} pp`, rounded);
    },
    month: (isoDate) => {
      const { y, m } = parts(isoDate);
      return lang === 'zh' ? `${y}年${m}月` : `${MONTHS_EN[m - 1]} ${y}`;
    },
    axisLabel: (p) => {
      if (p.kind === 'monthly') return p.start.slice(0, 7);
      // ISO week number of the Monday (the Thursday decides the year, not the label)
      const start = new Date(`${p.start}T00:00:00Z`);
      const thursday = new Date(start.getTime() + 3 * 86_400_000);
      const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
      const week = 1 + Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7);
      return `W${String(week).padStart(2, '0')}`;
    },
    date: (isoDate) => {
      const { y, m, d } = parts(isoDate);
      return lang === 'zh' ? `${y}年${m}月${d}日` : `${d} ${monthShortEn(m)} ${y}`;
    },
    period: (p) => {
      if (p.kind === 'monthly') return fmt.month(p.start);
      const a = parts(p.start);
      const b = parts(p.end);
      if (lang === 'zh') {
        const endText = a.y === b.y ? `${b.m}月${b.d}日` : `${b.y}年${b.m}月${b.d}日`;
        return `${p.year}年第${p.number}周（${a.y}年${a.m}月${a.d}日—${endText}）`;
      }
      const startText =
        a.y !== b.y
          ? `${a.d} ${monthShortEn(a.m)} ${a.y}`
          : a.m !== b.m
            ? `${a.d} ${monthShortEn(a.m)}`
            : `${a.d}`;
      return `Week ${p.number}, ${p.year} (${startText}–${b.d} ${monthShortEn(b.m)} ${b.y})`;
    },
    periodShort: (p) => (p.kind === 'monthly' ? fmt.month(p.start) : p.key),
    dateTime: (moment, timeZone) => {
      const f = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      const get = (type: string) =>
        f.formatToParts(moment).find((x) => x.type === type)?.value ?? '';
      return fmt.localDateTime(
        `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`,
      );
    },
    localDateTime: (naive) => {
      const time = /[ T](\d{2}:\d{2})/.exec(naive)?.[1];
      const date = fmt.date(naive.slice(0, 10));
      return time ? `${date}${lang === 'zh' ? ' ' : ', '}${time}` : date;
    },
  };
  return fmt;
}

/** Relative change, or null when there is nothing to compare with (or the base is 0). */
export function relativeChange(current: number | null, base: number | null): number | null {
  if (
    current === null ||
    base === null ||
    !Number.isFinite(current) ||
    !Number.isFinite(base) ||
    base === 0
  )
    return null;
  return (current - base) / base;
}
