import { createHash } from 'node:crypto';
import type { SteeringReportDto, SteeringReportPdfQuery, SteeringReportQuery } from '../../../shared/steering.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { steeringReports } from '../../db/schema/index.js';
import { tokyo } from '../controls/public.js';
import { resolvePeriod, steeringReportData } from './steering.data.js';
import { steeringReportPdf } from './steering.report.js';
import { STEERING_WORDS } from './steering.words.js';

/**
 * The steering committee report (P32-7, P32-3). The manager reads and downloads it with the
 * subjects of sanctions named or anonymized; steering committee members may read and download the
 * anonymized version only. Reading a named report is audited as a read of the cases it names;
 * every download is audited and remembered, so the next meeting's report follows on from it.
 */
export class SteeringService {
  constructor(private readonly ctx: AppContext) {}

  async report(actor: Actor, q: SteeringReportQuery): Promise<SteeringReportDto> {
    await this.ctx.authz.require(actor, 'steering_report.read');
    if (q.names === 'named') await this.ctx.authz.require(actor, 'steering_report.named');
    const now = this.ctx.clock.now();
    const period = await resolvePeriod(this.ctx.db, q, now);
    const data = await steeringReportData(this.ctx.db, period, q.names, now);
    if (q.names === 'named' && data.sanctions.length) {
      await this.ctx.db.transaction((tx) =>
        appendAudit(tx, this.ctx.clock, actor, { action: 'violation.viewed', targetType: 'violation', targetId: null, details: { steeringReport: true, from: period.from, to: period.to, refs: data.sanctions.map((s) => s.ref) } }),
      );
    }
    return data;
  }

  async pdf(actor: Actor, q: SteeringReportPdfQuery): Promise<{ body: Buffer; fileName: string }> {
    await this.ctx.authz.require(actor, 'steering_report.read');
    if (q.names === 'named') await this.ctx.authz.require(actor, 'steering_report.named');
    const now = this.ctx.clock.now();
    const period = await resolvePeriod(this.ctx.db, q, now);
    const data = await steeringReportData(this.ctx.db, period, q.names, now);
    const body = await steeringReportPdf(data, q.lang);
    const sha256 = createHash('sha256').update(body).digest('hex');
    await this.ctx.db.transaction(async (tx) => {
      await tx.insert(steeringReports).values({ fromDate: period.from, toDate: period.to, meetingOn: period.meeting, names: q.names, lang: q.lang, sha256, generatedBy: actor.personId, generatedAt: now });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'steering_report.downloaded',
        targetType: 'steering_report',
        targetId: null,
        details: { from: period.from, to: period.to, meeting: period.meeting, lang: q.lang, names: q.names, sha256, incidents: data.incidents.total, breaches: data.breaches.total, sanctions: data.sanctions.map((s) => s.ref) },
      });
    });
    return { body, fileName: `${STEERING_WORDS[q.lang].fileName}-${period.from}_${period.to}${q.names === 'anonymized' ? (q.lang === 'ja' ? '-匿名' : '-anonymized') : ''}-${tokyo(now).slice(0, 10)}.pdf` };
  }
}
