// Logging for a CLI that cron runs: everything goes to stderr (stdout is reserved for --json).
// On a TTY: short human lines and a live progress bar. Otherwise: one logfmt line per event
// (time, level, msg, key=value…), which grep, journald and log shippers all read.
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  progress(label: string, fraction: number, rate?: string): void;
  endProgress(): void;
}

function fmtValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[\s="]/u.test(s) ? JSON.stringify(s) : s;
}

export function logfmt(level: Level, msg: string, fields: Record<string, unknown> = {}): string {
  const parts = [`time=${new Date().toISOString()}`, `level=${level}`, `msg=${fmtValue(msg)}`];
  for (const [k, v] of Object.entries(fields))
    if (v !== undefined) parts.push(`${k}=${fmtValue(v)}`);
  return parts.join(' ');
}

export function createLogger(
  opts: { quiet?: boolean; tty?: boolean; stream?: NodeJS.WritableStream } = {},
): Logger {
  const stream = opts.stream ?? process.stderr;
  const tty = opts.tty ?? Boolean((stream as NodeJS.WriteStream).isTTY);
  let barShown = false;
  const clearBar = () => {
    if (barShown) {
      stream.write('\r\x1b[2K');
      barShown = false;
    }
  };
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (opts.quiet && (level === 'info' || level === 'debug')) return;
    clearBar();
    if (tty) {
      const extra =
        fields && Object.keys(fields).length
          ? ' ' +
            Object.entries(fields)
              .map(([k, v]) => `${k}=${fmtValue(v)}`)
              .join(' ')
          : '';
      const tag = level === 'info' ? '' : `${level.toUpperCase()}: `;
      stream.write(`${tag}${msg}${extra}\n`);
    } else stream.write(logfmt(level, msg, fields) + '\n');
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    progress(label, fraction, rate) {
      if (!tty || opts.quiet) return;
      const width = 28;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      stream.write(
        `\r\x1b[2K[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${label}${rate ? ` ${rate}` : ''}`,
      );
      barShown = true;
    },
    endProgress: clearBar,
  };
}
