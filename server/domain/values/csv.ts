// CSV cells that open safely in spreadsheet programs (issue 15's rule for every export).

/** CSV injection: a cell a spreadsheet would read as a formula (starting with = + - @, a tab or a
 * carriage return) is kept as text by a leading ', unless it is a plain number such as -5 or 1.5. */
export function defuseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell) ? `'${cell}` : cell;
}
