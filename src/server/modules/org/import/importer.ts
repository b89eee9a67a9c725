import type { z } from 'zod';
import type { ImportRowError } from '../../../../shared/org.js';
import type { Actor } from '../../../authz/actor.js';
import type { Conn } from '../../../db/client.js';
import type { ColumnDef } from './import-columns.js';
import type { CsvTable } from './csv-rows.js';
import { overflowProblem } from './csv-rows.js';
import { problem } from './import-errors.js';

/** A write decided during validation: create, or update the existing record `id`. */
export type WriteOp<Create, Update> = { row: number; id: null; input: Create } | { row: number; id: string; input: Update };

/** The outcome of validating a file: one entry per data row (null op = unchanged) and every problem. */
export interface Plan<Op> {
  rows: { row: number; op: Op | null }[];
  problems: ImportRowError[];
}

/** What differs between import kinds: the columns, how rows are validated, and how one is written. */
export interface Importer<Op = unknown> {
  columns: readonly ColumnDef[];
  /**
   * Validates every row against the database as it is now, without writing. Calls `progress`
   * after each batch of rows so the job can show how far validation got.
   */
  plan(conn: Conn, actor: Actor, table: CsvTable, progress: (done: number) => Promise<void>): Promise<Plan<Op>>;
  /** Writes one planned row inside the import's transaction, through the registry's own service. */
  write(tx: Conn, actor: Actor, op: Op): Promise<'created' | 'updated'>;
}

/** Rows validated between two progress reports. */
export const PROGRESS_BATCH = 50;

/**
 * Collects the problems of one row, naming columns by the header the file used, and reporting
 * at most one problem per column (the first one is the one to fix).
 */
export class RowCheck {
  readonly problems: ImportRowError[] = [];
  private readonly failed = new Set<string>();

  constructor(
    readonly row: number,
    private readonly table: CsvTable,
    overflow: boolean,
  ) {
    if (overflow) this.problems.push(overflowProblem(row));
  }

  /** The header the file uses for a field (falls back to the field name). */
  header(field: string): string {
    return this.table.headers.get(field) ?? field;
  }

  has(field: string): boolean {
    return this.failed.has(field);
  }

  add(field: string | null, code: string, message: string): void {
    if (field !== null && this.failed.has(field)) return;
    if (field !== null) this.failed.add(field);
    this.problems.push(problem(this.row, field === null ? null : this.header(field), code, message));
  }

  /** Reports each of `fields` that is present in the file but empty in this row. */
  required(values: Record<string, string>, fields: readonly string[]): void {
    for (const f of fields) if (values[f] === '') this.add(f, 'REQUIRED', `${this.header(f)} is required.`);
  }

  /** Turns schema failures into problems on the columns they came from. */
  schema(error: z.ZodError, values: Record<string, string>, columnOf: (key: string) => string = (k) => k): void {
    for (const issue of error.issues) {
      const field = columnOf(String(issue.path[0] ?? ''));
      const value = values[field] ?? '';
      this.add(field, 'INVALID', `${this.header(field)} "${value}" is invalid: ${issue.message}.`);
    }
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }
}

/** Records where a key (a code, an email) first appears, and reports later rows repeating it. */
export class DuplicateCheck {
  private readonly firstRow = new Map<string, number>();

  constructor(private readonly what: string) {}

  /** Returns false (and reports) when `key` already appeared in an earlier row. */
  check(rc: RowCheck, field: string, key: string): boolean {
    const first = this.firstRow.get(key);
    if (first === undefined) {
      this.firstRow.set(key, rc.row);
      return true;
    }
    rc.add(field, 'DUPLICATE_IN_FILE', `The ${this.what} "${key}" already appears in row ${first}; each ${this.what} may appear only once.`);
    return false;
  }
}
