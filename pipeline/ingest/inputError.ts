// A problem with one input file, said in words a user can act on: the file as the user named it,
// where (line, byte offset, field) when known, and what is wrong. The CLI prints it as is.
export interface Where {
  line?: number;
  offset?: number;
  field?: string;
}

export class InputError extends Error {
  file: string;
  where: Where;
  constructor(file: string, problem: string, where: Where = {}) {
    const at = [
      where.line !== undefined ? `line ${where.line}` : null,
      where.offset !== undefined ? `byte ${where.offset}` : null,
      where.field !== undefined ? `field ${where.field}` : null,
    ].filter(Boolean);
    super(`${file}${at.length ? ` (${at.join(', ')})` : ''}: ${problem}`);
    this.file = file;
    this.where = where;
  }
}

/**
 * Any failure while loading `file`, as an InputError in plain words: no stack, no temporary path,
 * no DuckDB "Possible fixes" essay (issue 13, defect 10). The first line of an engine message is
 * kept — it names the problem — with the temporary copy's path replaced by the user's file.
 */
export function inputError(file: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  let text = raw.split('\n')[0].replace(/\/[^\s"']*complaint-lens-[^\s"']*/g, file);
  if (/out of memory/i.test(raw))
    text =
      'ran out of memory while loading it (a very wide or very long record?); ' +
      'COMPLAINT_LENS_MEMORY_LIMIT raises the limit';
  else if (/Maximum call stack size exceeded/.test(raw))
    text = 'a value is nested too deeply to read';
  else text = text.replace(/^(Invalid Input|Conversion|Parser|IO|Binder|Invalid) Error: /, '');
  return new InputError(file, text);
}
