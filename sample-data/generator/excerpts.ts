// Loads the curated review excerpts (sample-data/narratives/zh_review_excerpts.tsv): real negative
// review sentences from the SophonPlus/ChineseNlpCorpus corpora, grouped by theme, that the Chinese
// narratives may quote. The generator still works when the file is absent (templates only).

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_EXCERPTS_FILE = fileURLToPath(
  new URL('../narratives/zh_review_excerpts.tsv', import.meta.url),
);

export type ExcerptsByTheme = Map<string, string[]>;

export function loadExcerpts(file = DEFAULT_EXCERPTS_FILE): ExcerptsByTheme {
  const byTheme: ExcerptsByTheme = new Map();
  if (!existsSync(file)) return byTheme;
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const [theme, , text] = line.split('\t');
    if (!theme || !text) continue;
    const list = byTheme.get(theme) ?? [];
    list.push(text.trim());
    byTheme.set(theme, list);
  }
  return byTheme;
}
