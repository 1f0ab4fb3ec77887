// The one way every exporter writes a CSV cell. Spreadsheet programs run a cell that starts with = + - @ (and,
// after a tab or carriage return, whatever follows) as a formula: a worker's name, a keyed value or a city's volume
// title could then call out to the network or run a command on the office PC that opens the export (CSV injection).
// Such a cell gets a leading single quote, which Excel shows as text and keeps out of the cell's value.

const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (e.g. a keyed amount of -500) is data, not a formula: it stays as it is, so sums keep working. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function neutraliseCsvText(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** A CSV cell: neutralised, then quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvCell(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutraliseCsvText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines joined with CRLF, what Excel and most Japanese payroll tools expect, ending with one. */
export function csvText(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
