import { and, eq, inArray, lt, or } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { ImportJobDto, ImportKind, ImportRowError } from '../../../../shared/org.js';
import type { AppContext } from '../../../context.js';
import type { Tx } from '../../../db/client.js';
import type { Actor } from '../../../authz/actor.js';
import { NOBODY } from '../../../authz/scopes/scope.js';
import { appendAudit } from '../../../audit/audit.service.js';
import { importJobs } from '../../../db/schema/index.js';
import { AppError, ForbiddenError } from '../../../errors.js';
import { assetImporter } from '../../assets/import/asset-import.js';
import { describeWriteError, FILE_ROW, finishReport, problem, RowWriteError } from './import-errors.js';
import { limitsOf, PROGRESS_BATCH, RowProblemsError, type AnyImporter, type BatchImporter, type Importer, type ImportLimits } from './importer.js';
import { institutionImporter } from './institution-import.js';
import { personImporter } from './person-import.js';
import { buildTemplate, type TemplateFile, type TemplateFormat, type TemplateLang } from './import-template.js';
import { loadTable, openTable, type TableSource, type Upload } from './table-source.js';

export type { Upload } from './table-source.js';

type JobRow = typeof importJobs.$inferSelect;
type Status = JobRow['status'];
interface Live {
  status: Status;
  processedRows: number;
}

const GENERIC_FAILURE = 'The import stopped because of an internal error. Nothing was written. Try again; if it happens again, tell the system administrator.';

const toDto = (job: JobRow, running?: Live): ImportJobDto => {
  // Once the row says finished, it is the truth (the in-memory entry may outlive the commit by a tick).
  const live = job.status === 'succeeded' || job.status === 'failed' ? undefined : running;
  return {
    id: job.id,
    kind: job.kind,
    status: live?.status ?? job.status,
    fileName: job.fileName,
    encoding: job.encoding,
    format: job.format,
    sheet: job.sheet,
    totalRows: job.totalRows,
    processedRows: live?.processedRows ?? job.processedRows,
    createdCount: job.createdCount,
    updatedCount: job.updatedCount,
    errors: job.errors,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
};

/**
 * CSV and XLSX imports as jobs. The request checks the file's shape (format, encoding, columns,
 * size) and answers 202 with a job; validating every row and writing them happens in the
 * background. Either every row is written, in one transaction, or nothing is.
 */
export class ImportService {
  private readonly importers: Record<ImportKind, AnyImporter>;
  private readonly running = new Map<string, Promise<void>>();
  /**
   * Progress of this node's running jobs, read first by requests to this node. During the write
   * phase the import's own transaction cannot show progress to others, so on PostgreSQL the row is
   * also updated from outside that transaction (writingProgress), and any node answers with it. On
   * PGlite (one process, one connection) the memory is the only reader's source.
   */
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
  ) {
    this.importers = { institutions: institutionImporter(ctx), people: personImporter(ctx) as Importer, assets: assetImporter(ctx) };
  }

  /** Who may import a kind and how large its files may be. */
  limits(kind: ImportKind): ImportLimits {
    return limitsOf(this.importers[kind]);
  }

  /**
   * Starts an import. `readUpload` is called only after authorization, so a refused caller's
   * upload is never buffered; it is given the kind's largest file size. Throws ImportFileError
   * (422) when the file cannot be read as CSV or XLSX with the kind's columns; in that case no
   * job is created.
   */
  async start(actor: Actor, kind: ImportKind, readUpload: (maxFileBytes: number) => Promise<Upload>): Promise<ImportJobDto> {
    await this.ctx.authz.require(actor, limitsOf(this.importers[kind]).action);
    const importer = this.importers[kind];
    const limits = limitsOf(importer);
    // A job belongs to the person who started it (created_by is required and decides who may read it).
    if (!actor.personId) throw new ForbiddenError(limits.action);
    const upload = await readUpload(limits.maxFileBytes);
    const source = await openTable(upload, importer.columns, limits);
    const [job] = await this.ctx.db
      .insert(importJobs)
      .values({
        kind,
        status: 'queued',
        fileName: upload.fileName,
        encoding: source.encoding,
        format: source.format,
        sheet: source.sheet,
        totalRows: source.totalRows,
        createdBy: actor.personId,
        createdAt: this.ctx.clock.now(),
      })
      .returning();
    if (!job) throw new Error('insert returned nothing');
    this.live.set(job.id, { status: 'queued', processedRows: 0 });
    const done = this.process(job, actor, source).finally(() => {
      this.running.delete(job.id);
      this.live.delete(job.id);
    });
    this.running.set(job.id, done);
    return toDto(job);
  }

  /** A job, for the person who started it or anyone who may run imports; others get 404. */
  async get(actor: Actor, id: string): Promise<ImportJobDto> {
    // One's own jobs, and every job of a kind one may import; anything else looks like "not found"
    // so job ids cannot be probed.
    const kinds = (Object.keys(this.importers) as ImportKind[]).filter((k) => this.ctx.authz.can(actor, limitsOf(this.importers[k]).action));
    const [job] = await this.ctx.db
      .select()
      .from(importJobs)
      .where(and(eq(importJobs.id, id), or(eq(importJobs.createdBy, actor.personId ?? NOBODY), inArray(importJobs.kind, kinds))));
    if (!job) {
      throw new AppError(404, 'IMPORT_NOT_FOUND', 'Import not found.');
    }
    return toDto(job, this.live.get(id));
  }

  /** The template for a kind (header row and an example row), as CSV or XLSX. */
  async template(actor: Actor, kind: ImportKind, lang: TemplateLang, format: TemplateFormat = 'csv'): Promise<TemplateFile> {
    await this.ctx.authz.require(actor, limitsOf(this.importers[kind]).action);
    return buildTemplate(kind, this.importers[kind].columns, lang, format);
  }

  /** Resolves when the job has finished on this node (at once if it is not running here). */
  waitFor(id: string): Promise<void> {
    return this.running.get(id) ?? Promise.resolve();
  }

  /** Waits for every running import (the server's onClose hook: shutdown never cuts a job short). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }

  /** The background part. Never throws: every failure ends as a failed job with a report. */
  private async process(job: JobRow, actor: Actor, source: TableSource): Promise<void> {
    const importer = this.importers[job.kind];
    if (importer.mode === 'batch') return this.processBatches(job, actor, source, importer);
    try {
      await this.mark(job.id, { status: 'validating', processedRows: 0 });
      const table = await loadTable(source);
      const plan = await importer.plan(this.ctx.db, actor, table, (done) => this.mark(job.id, { processedRows: done }));
      if (plan.problems.length) return await this.fail(job, actor, plan.problems, job.totalRows);
      this.setLive(job.id, { status: 'writing', processedRows: 0 });
      await this.mark(job.id, { status: 'writing', processedRows: 0 });
      const counts = { created: 0, updated: 0 };
      await this.ctx.db.transaction(async (tx) => {
        for (const [i, { row, op }] of plan.rows.entries()) {
          if (op) {
            try {
              counts[await importer.write(tx, actor, op)]++;
            } catch (e) {
              throw new RowWriteError(row, e);
            }
          }
          if ((i + 1) % PROGRESS_BATCH === 0) this.writingProgress(job.id, i + 1);
        }
        await this.complete(tx, job, actor, counts);
      });
    } catch (e) {
      await this.failWith(job, actor, e);
    }
  }

  /**
   * A batch importer's job: validate every row (outside any transaction, so the database stays
   * usable meanwhile), then, only if no row has a problem, write them all in one transaction.
   */
  private async processBatches(job: JobRow, actor: Actor, source: TableSource, importer: BatchImporter): Promise<void> {
    try {
      await this.mark(job.id, { status: 'validating', processedRows: 0 });
      const problems = await importer.validate(this.ctx.db, actor, source, (done) => this.mark(job.id, { processedRows: done }));
      if (problems.length) return await this.fail(job, actor, problems, job.totalRows);
      this.setLive(job.id, { status: 'writing', processedRows: 0 });
      await this.mark(job.id, { status: 'writing', processedRows: 0 });
      await this.ctx.db.transaction(async (tx) => {
        const counts = await importer.write(tx, actor, source, (done) => this.writingProgress(job.id, done));
        await this.complete(tx, job, actor, counts);
      });
    } catch (e) {
      await this.failWith(job, actor, e);
    }
  }

  /** Marks the job succeeded and audits the import, inside the write transaction. */
  private async complete(tx: Tx, job: JobRow, actor: Actor, counts: { created: number; updated: number }): Promise<void> {
    await tx
      .update(importJobs)
      .set({ status: 'succeeded', processedRows: job.totalRows, createdCount: counts.created, updatedCount: counts.updated, errors: [], finishedAt: this.ctx.clock.now() })
      .where(eq(importJobs.id, job.id));
    await appendAudit(tx, this.ctx.clock, actor, {
      action: 'import.completed',
      targetType: 'import_job',
      targetId: job.id,
      details: { ...this.fileDetails(job), created: counts.created, updated: counts.updated, unchanged: job.totalRows - counts.created - counts.updated },
    });
  }

  private fileDetails(job: JobRow) {
    return { kind: job.kind, fileName: job.fileName, format: job.format, encoding: job.encoding, ...(job.sheet === null ? {} : { sheet: job.sheet }), totalRows: job.totalRows };
  }

  /** Ends a job that threw: the file's fault is reported by row; anything else is logged and reported generically. */
  private async failWith(job: JobRow, actor: Actor, e: unknown): Promise<void> {
    if (e instanceof RowProblemsError) return this.fail(job, actor, e.problems, job.totalRows);
    if (e instanceof RowWriteError) {
      const described = describeWriteError(e.error);
      if (described) return this.fail(job, actor, [problem(e.row, null, described.code, described.message)]);
      this.log.error({ err: e.error, importJobId: job.id, row: e.row }, 'import write failed');
    } else {
      this.log.error({ err: e, importJobId: job.id }, 'import failed');
    }
    await this.fail(job, actor, [problem(FILE_ROW, null, 'INTERNAL', GENERIC_FAILURE)]);
  }

  /** Saves the report and audits the failure. Logs (never throws) if even that fails, e.g. the database is down. */
  private async fail(job: JobRow, actor: Actor, problems: ImportRowError[], processedRows?: number): Promise<void> {
    const errors = finishReport(problems);
    const rows = new Set(problems.map((p) => p.row).filter((r) => r !== FILE_ROW));
    try {
      await this.ctx.db.transaction(async (tx) => {
        await tx.update(importJobs).set({ status: 'failed', errors, ...(processedRows === undefined ? {} : { processedRows }), createdCount: 0, updatedCount: 0, finishedAt: this.ctx.clock.now() }).where(eq(importJobs.id, job.id));
        await appendAudit(tx, this.ctx.clock, actor, {
          action: 'import.failed',
          targetType: 'import_job',
          targetId: job.id,
          details: { ...this.fileDetails(job), errorCount: problems.length, rowsWithErrors: rows.size },
        });
      });
    } catch (e) {
      this.log.error({ err: e, importJobId: job.id }, 'could not record the failed import');
    }
  }

  private setLive(id: string, patch: Partial<Live>): void {
    const cur = this.live.get(id);
    if (cur) this.live.set(id, { ...cur, ...patch });
  }

  /**
   * Progress during the write transaction: in memory at once; on PostgreSQL also on the job row
   * through another connection, so other nodes see it. Not awaited (the write goes on), and only
   * while the row still says writing, so a late update never rewinds a finished job.
   */
  private writingProgress(id: string, processedRows: number): void {
    this.setLive(id, { processedRows });
    if (this.ctx.database.engine !== 'postgres') return;
    void this.ctx.db
      .update(importJobs)
      .set({ processedRows })
      .where(and(eq(importJobs.id, id), eq(importJobs.status, 'writing'), lt(importJobs.processedRows, processedRows)))
      .catch((err: unknown) => this.log.warn({ err, importJobId: id }, 'could not record import progress'));
  }

  /** Progress outside the write transaction: in memory at once, and on the job row for other nodes. */
  private async mark(id: string, patch: Partial<Live>): Promise<void> {
    this.setLive(id, patch);
    await this.ctx.db.update(importJobs).set(patch).where(eq(importJobs.id, id));
  }
}
