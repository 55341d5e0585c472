// Spreadsheet formula injection ("CSV injection", OWASP): Excel, LibreOffice and Google Sheets
// evaluate a cell whose text starts with = + - @ (and, after their own trimming, a tab or a
// carriage return) as a formula, so a complaint text like `=HYPERLINK(...)` could run when an
// analyst opens an export. OWASP's mitigation: prefix such text with a single quote, which the
// spreadsheet shows as text. Only text is touched: a real number (e.g. -3.5) stays a number.

/** A value of one exported cell. */
export type CellValue = string | number | boolean | null;

const formulaStart = /^[=+\-@\t\r]/;

/** Text with a leading quote when a spreadsheet would read it as a formula. */
export function neutraliseText(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

/** Neutralise a cell: strings only; numbers, booleans and nulls pass through unchanged. */
export function neutraliseCell(value: CellValue): CellValue {
  return typeof value === 'string' ? neutraliseText(value) : value;
}
