import { createHash } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { CLAUSES } from '../../../shared/clauses.js';
import type { ClauseMapDto, SoaDto, SoaRow } from '../../../shared/controls.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { controlEvidence } from '../../db/schema/index.js';
import { allControls } from './controls.read.js';
import { evidenceState } from './evidence-store.js';
import { soaPdf, soaXlsx } from './soa.report.js';
import { SOA_WORDS, tokyo, type Lang } from './soa.words.js';

/**
 * The statement of applicability (every control: applies or not and why, status, evidence, risks)
 * and the clause map (every clause of Policy No. 32 with its controls). Reading needs
 * `control.read`; exporting the SoA needs `soa.export` and is audited.
 */
export class SoaService {
  constructor(private readonly ctx: AppContext) {}

  async soa(actor: Actor): Promise<SoaDto> {
    await this.ctx.authz.require(actor, 'control.read');
    return { generatedAt: this.ctx.clock.now().toISOString(), rows: await this.rows() };
  }

  async clauseMap(actor: Actor): Promise<ClauseMapDto> {
    await this.ctx.authz.require(actor, 'control.read');
    const all = await allControls(this.ctx.db, this.ctx.clock.now());
    return {
      clauses: CLAUSES.map((c) => ({
        clauseId: c.id,
        controls: all
          .filter((x) => x.clauseIds.includes(c.id))
          .map((x) => ({ id: x.id, code: x.code, family: x.family, titleJa: x.titleJa, titleEn: x.titleEn, status: x.status, applicable: x.applicable, evidenceState: x.evidenceState })),
      })),
    };
  }

  /** The SoA as a PDF or XLSX file in Japanese or English; the export is audited. */
  async export(actor: Actor, format: 'pdf' | 'xlsx', lang: Lang): Promise<{ body: Buffer; fileName: string; contentType: string }> {
    await this.ctx.authz.require(actor, 'soa.export');
    const rows = await this.rows();
    const now = this.ctx.clock.now();
    const body = format === 'pdf' ? await soaPdf(rows, lang, now) : await soaXlsx(rows, lang, now);
    await this.ctx.db.transaction((tx) =>
      appendAudit(tx, this.ctx.clock, actor, { action: 'soa.exported', targetType: 'soa', targetId: null, details: { format, lang, controls: rows.length, sha256: sha(body) } }),
    );
    return {
      body,
      fileName: `${SOA_WORDS[lang].fileName}-${tokyo(now).slice(0, 10)}.${format}`,
      contentType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  }

  /** Every control as a row of the statement, with its evidence's end date. */
  private async rows(): Promise<SoaRow[]> {
    const all = await allControls(this.ctx.db, this.ctx.clock.now());
    const ids = all.map((x) => x.id);
    const ev = ids.length ? await this.ctx.db.select({ controlId: controlEvidence.controlId, validUntil: controlEvidence.validUntil }).from(controlEvidence).where(inArray(controlEvidence.controlId, ids)) : [];
    const now = this.ctx.clock.now();
    return all.map(({ row, ...s }) => {
      const mine = ev.filter((e) => e.controlId === s.id && evidenceState(e.validUntil, now) !== 'expired');
      // The current evidence's end: none while any current item never expires, else the latest date.
      const until = mine.length === 0 ? (ev.filter((e) => e.controlId === s.id).map((e) => e.validUntil!).sort().pop() ?? null) : mine.some((e) => !e.validUntil) ? null : mine.map((e) => e.validUntil!).sort().pop()!;
      return { ...s, justificationJa: row.justificationJa, justificationEn: row.justificationEn, descriptionJa: row.descriptionJa, descriptionEn: row.descriptionEn, evidenceValidUntil: until };
    });
  }
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
