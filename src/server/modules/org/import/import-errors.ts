import type { ImportRowError } from '../../../../shared/org.js';
import { AppError } from '../../../errors.js';

/**
 * Row 0 stands for "the file as a whole" (encoding, size, emptiness). Every other row number is
 * the one a spreadsheet shows: the header is row 1, the first data row is row 2.
 */
export const FILE_ROW = 0;
export const HEADER_ROW = 1;

/** The most problems one report keeps; a file with more gets a closing "and N more" entry. */
export const MAX_REPORTED_PROBLEMS = 1000;

/** Shorthand for one problem in an import report. */
export function problem(row: number, column: string | null, code: string, message: string): ImportRowError {
  return { row, column, code, message };
}

/**
 * Sorts problems by row (the order a person fixes them in) and caps the list, so a file where
 * every row is wrong does not produce a multi-megabyte report.
 */
export function finishReport(problems: ImportRowError[]): ImportRowError[] {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  if (sorted.length <= MAX_REPORTED_PROBLEMS) return sorted;
  const rest = sorted.length - MAX_REPORTED_PROBLEMS;
  return [
    ...sorted.slice(0, MAX_REPORTED_PROBLEMS),
    problem(FILE_ROW, null, 'TOO_MANY_ERRORS', `${rest} more problem(s) are not listed. Fix the ones above and import the file again.`),
  ];
}

/**
 * The uploaded file cannot be imported at all (not text, wrong encoding, broken CSV, wrong
 * columns): answered at once with 422, before any job exists. `details.problems` has the same
 * shape as a job's row errors so the UI shows both the same way.
 */
export class ImportFileError extends AppError {
  constructor(readonly problems: ImportRowError[]) {
    super(422, 'IMPORT_INVALID', `The file cannot be imported: ${problems[0]?.message ?? 'unknown problem'}`, { problems: finishReport(problems) });
  }
}

/** A row whose write failed inside the import transaction (e.g. a concurrent duplicate). */
export class RowWriteError extends Error {
  constructor(
    readonly row: number,
    readonly error: unknown,
  ) {
    super(`row ${row} could not be written`, { cause: error });
    this.name = 'RowWriteError';
  }
}

const ROLLED_BACK = 'The whole import was rolled back: nothing was written.';

/**
 * Explains why a row failed to write, or returns null for errors that are not the file's fault
 * (those are logged and reported generically, never with their internals).
 */
export function describeWriteError(e: unknown): { code: string; message: string } | null {
  if (e instanceof AppError) {
    const details = Array.isArray(e.details) ? (e.details as { path?: string; message?: string }[]).map((d) => `${d.path ?? ''} ${d.message ?? ''}`.trim()).join('; ') : '';
    return { code: e.code, message: `${e.message}${details ? ` (${details})` : ''} ${ROLLED_BACK}` };
  }
  const err = e as { code?: string; cause?: { code?: string } } | null;
  // 23505 is PostgreSQL's unique violation: another session inserted the same code or email meanwhile.
  if (err?.code === '23505' || err?.cause?.code === '23505') {
    return { code: 'CONFLICT', message: `The same record was created elsewhere while this import was running. ${ROLLED_BACK} Import the file again.` };
  }
  return null;
}
