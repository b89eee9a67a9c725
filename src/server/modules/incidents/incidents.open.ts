import { and, eq, inArray } from 'drizzle-orm';
import type { IncidentKind, IncidentLinkKind, PersonalInfoAnswer } from '../../../shared/incidents.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { incidentEvents, incidentLinks, incidents, people, roleAssignments } from '../../db/schema/index.js';
import { incidentReportedMail, KIND_WORDS, tokyoTime } from './incidents.mail.js';
import { nextIncidentRef } from './incidents.refs.js';

export type IncidentRow = typeof incidents.$inferSelect;

export interface NewIncident {
  kind: IncidentKind;
  title: string;
  description: string;
  occurredAt: Date | null;
  awareAt: Date;
  location: string;
  institutionId: string | null;
  unitId: string | null;
  reportedBy: string | null;
  personalInfo: PersonalInfoAnswer;
  peopleAffected: number | null;
  specialCare: boolean | null;
  encrypted: boolean | null;
  keySafe: boolean | null;
  credentialLossId?: string | null;
  links: { kind: IncidentLinkKind; targetId: string }[];
}

/** The information security manager(s) and the data center: whoever holds the desk roles, active. */
export async function deskRecipients(conn: Conn) {
  return conn
    .selectDistinct({ id: people.id, email: people.email, language: people.language })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(and(inArray(roleAssignments.role, ['security_manager', 'data_center_staff']), eq(people.active, true), eq(people.accountStatus, 'active')));
}

/**
 * Opens an incident inside the caller's transaction: the next reference number, the record, its
 * links, the first timeline entry and the audit entry; with `notify`, the email to the desk (the
 * caller kicks the mailer after commit).
 */
export async function openIncident(tx: Conn, ctx: AppContext, actor: Actor, input: NewIncident, opts: { notify: boolean }): Promise<IncidentRow> {
  const now = ctx.clock.now();
  const ref = await nextIncidentRef(tx, now);
  const { links, ...fields } = input;
  const [row] = await tx
    .insert(incidents)
    .values({ ...fields, credentialLossId: fields.credentialLossId ?? null, ref, reportedAt: now, status: 'reported', createdAt: now, updatedAt: now })
    .returning();
  const unique = [...new Map(links.map((l) => [`${l.kind}:${l.targetId}`, l])).values()];
  if (unique.length) await tx.insert(incidentLinks).values(unique.map((l) => ({ incidentId: row!.id, targetKind: l.kind, targetId: l.targetId, addedAt: now })));
  await tx.insert(incidentEvents).values({
    incidentId: row!.id,
    type: 'reported',
    at: now,
    recordedAt: now,
    actorId: actor.personId,
    text: '',
    data: { ref, awareAt: input.awareAt.toISOString(), occurredAt: input.occurredAt?.toISOString() ?? null, credentialLossId: input.credentialLossId ?? null },
  });
  await appendAudit(tx, ctx.clock, actor, {
    action: 'incident.reported',
    targetType: 'incident',
    targetId: row!.id,
    details: { ref, kind: input.kind, personalInfo: input.personalInfo, specialCare: input.specialCare, links: unique, credentialLossId: input.credentialLossId ?? null },
  });
  if (opts.notify) {
    const words = KIND_WORDS[input.kind] ?? KIND_WORDS.other!;
    for (const r of await deskRecipients(tx)) {
      await ctx.mailer.enqueue(tx, {
        to: r.email,
        personId: r.id,
        language: r.language,
        template: incidentReportedMail,
        params: { ref, kindJa: words.ja, kindEn: words.en, reportedAtJa: tokyoTime(now, 'ja'), reportedAtEn: tokyoTime(now, 'en'), link: `${ctx.config.publicUrl}/incidents/${row!.id}` },
      });
    }
  }
  return row!;
}

/**
 * A lost-credential report (P32-2.1.3b) becomes an incident of its kind, in the report's own
 * transaction: linked to the person, aware from the moment of the report. The data center is
 * already emailed by the accounts module; the incident waits in the desk's triage queue.
 */
export async function openCredentialLossIncident(
  tx: Conn,
  ctx: AppContext,
  actor: Actor,
  p: { personId: string; nameJa: string; nameEn: string; unitId: string | null; credentialLossId: string; lost: string[]; reportedAt: Date },
): Promise<IncidentRow> {
  return openIncident(
    tx,
    ctx,
    actor,
    {
      kind: 'credential_loss',
      title: `認証情報の紛失届 / Lost credentials: ${p.nameJa} / ${p.nameEn}`,
      description: `lost: ${p.lost.join(', ')}`,
      occurredAt: null,
      awareAt: p.reportedAt,
      location: '',
      institutionId: null,
      unitId: p.unitId,
      reportedBy: actor.personId ?? p.personId,
      personalInfo: 'unknown',
      peopleAffected: null,
      specialCare: null,
      encrypted: null,
      keySafe: null,
      credentialLossId: p.credentialLossId,
      links: [{ kind: 'person', targetId: p.personId }],
    },
    { notify: false },
  );
}
