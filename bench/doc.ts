// Writes one benchmark's section of docs/benchmarks.md, replacing its previous run and leaving the
// other benchmarks' sections alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BENCH_DOC = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

/** `section` must start with its own `## heading` line. */
export function writeBenchSection(heading: string, section: string): void {
  // Re-read just before writing: other benchmarks write their own sections of the same file.
  const doc = existsSync(BENCH_DOC) ? readFileSync(BENCH_DOC, 'utf8') : '# Benchmarks\n\n';
  const start = doc.indexOf(heading);
  let next: string;
  if (start === -1) {
    next = `${doc.replace(/\n*$/, '\n\n')}${section}`;
  } else {
    const after = doc.indexOf('\n## ', start + heading.length);
    next = doc.slice(0, start) + section + (after === -1 ? '' : `\n${doc.slice(after + 1)}`);
  }
  writeFileSync(BENCH_DOC, next);
}
