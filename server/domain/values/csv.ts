// CSV cells that open safely in spreadsheet programs (issue 15's rule for every export).

/** CSV injection: a cell a spreadsheet would read as a formula (starting with = + - @, a tab or a
 * carriage return) is kept as text by a leading ', unless it is a plain number such as -5 or 1.5. */
export function defuseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell) ? `'${cell}` : cell;
}

/** What a later import reads back from a cell defuseFormula wrote: the one leading ' removed when a
 * formula character follows it ("'+62812…" → "+62812…"). A value that itself began with ' and such a
 * character cannot be told apart from a defused one and loses its '. */
export function undefuseFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
