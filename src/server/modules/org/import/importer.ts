import type { z } from 'zod';
import type { ImportRowError } from '../../../../shared/org.js';
import type { Action } from '../../../../shared/permissions.js';
import type { Actor } from '../../../authz/actor.js';
import type { Conn, Tx } from '../../../db/client.js';
import type { ColumnDef } from './import-columns.js';
import type { TableSource } from './table-source.js';
import { MAX_DATA_ROWS, overflowProblem, type CsvTable } from './csv-rows.js';
import { problem } from './import-errors.js';

/** A write decided during validation: create, or update the existing record `id`. */
export type WriteOp<Create, Update> = { row: number; id: null; input: Create } | { row: number; id: string; input: Update };

/** The outcome of validating a file: one entry per data row (null op = unchanged) and every problem. */
export interface Plan<Op> {
  rows: { row: number; op: Op | null }[];
  problems: ImportRowError[];
}

/** Who may import a kind, and how large a file it takes. */
export interface ImportLimits {
  /** The permission to run this kind of import (and to read others' jobs of it). */
  action: Action;
  /** The most data rows one file may hold. */
  maxRows: number;
  /** The largest upload, in bytes (more is answered 413). */
  maxFileBytes: number;
  /** The most an XLSX upload may expand to when unzipped. */
  maxUnzipped: number;
}

export const DEFAULT_LIMITS: ImportLimits = { action: 'import.run', maxRows: MAX_DATA_ROWS, maxFileBytes: 20 * 1024 * 1024, maxUnzipped: 200 * 1024 * 1024 };

/**
 * What differs between import kinds: the columns, how rows are validated, and how one is written.
 * A row importer gets the whole file in memory (registries of up to MAX_DATA_ROWS rows) and
 * writes row by row through the registry's service.
 */
export interface Importer<Op = unknown> {
  mode?: 'rows';
  limits?: Partial<ImportLimits>;
  columns: readonly ColumnDef[];
  /**
   * Validates every row against the database as it is now, without writing. Calls `progress`
   * after each batch of rows so the job can show how far validation got.
   */
  plan(conn: Conn, actor: Actor, table: CsvTable, progress: (done: number) => Promise<void>): Promise<Plan<Op>>;
  /** Writes one planned row inside the import's transaction, through the registry's own service. */
  write(tx: Conn, actor: Actor, op: Op): Promise<'created' | 'updated'>;
}

/**
 * An importer for large files (registers of 100,000 rows): it reads the rows as a stream, twice.
 * `validate` checks every row against the database as it is, writing nothing; only if no row has
 * a problem does `write` run, inside the import's one transaction, checking each batch again
 * against the state in the transaction and writing it with multi-row statements.
 */
export interface BatchImporter {
  mode: 'batch';
  limits?: Partial<ImportLimits>;
  columns: readonly ColumnDef[];
  validate(conn: Conn, actor: Actor, source: TableSource, progress: (done: number) => Promise<void>): Promise<ImportRowError[]>;
  /** Throws RowProblemsError when a row no longer passes (the database changed since validation). */
  write(tx: Tx, actor: Actor, source: TableSource, progress: (done: number) => void): Promise<{ created: number; updated: number }>;
}

export type AnyImporter = Importer | BatchImporter;

export const limitsOf = (i: AnyImporter): ImportLimits => ({ ...DEFAULT_LIMITS, ...i.limits });

/** Rows that failed their check inside the write transaction: the import is rolled back and reports them. */
export class RowProblemsError extends Error {
  constructor(readonly problems: ImportRowError[]) {
    super(`${problems.length} row problem(s) found while writing`);
    this.name = 'RowProblemsError';
  }
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
    private readonly table: Pick<CsvTable, 'headers'>,
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
