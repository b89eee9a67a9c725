import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { ProposalReason, RotationReason } from '../../../shared/groups.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { groupCredentialRoster, groupCredentials, groupCredentialVersions, groupRotationProposals, groupSessions, researchGroups } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import { generateGroupPassword, GroupPasswordBox, loginFor } from './crypto.js';
import { groupIdRotatedMail, rotationProposedMail } from './mail.js';

const DAY_MS = 86_400_000;

/** Proposals to rotate a group's ID that await the data center's decision (the group IDs page lists them). */
export async function countOpenProposals(conn: Conn): Promise<number> {
  const [r] = await conn.select({ n: sql<number>`count(*)::int` }).from(groupRotationProposals).where(eq(groupRotationProposals.status, 'open'));
  return Number(r?.n ?? 0);
}

/** The box that seals and opens group passwords (a key of its own, derived from the master key). */
export const boxFor = (ctx: AppContext) => new GroupPasswordBox(ctx.secrets.masterKey);

type Recipient = { id: string; email: string; language: string };

/**
 * The people who may hold a group's password (the same rule as `group_credential.reveal`): members
 * of the group who are researchers, and site coordinators of the group. Active accounts only.
 */
export function holdersOf(conn: Conn, researchGroupId: string): Promise<Recipient[]> {
  return queryRows<Recipient>(conn, sql`
    select p.id, p.email, p.language from people p
     where p.active and p.account_status = 'active'
       and ((exists (select 1 from person_research_groups m where m.person_id = p.id and m.research_group_id = ${researchGroupId})
             and exists (select 1 from role_assignments r where r.person_id = p.id and r.role = 'researcher'))
         or exists (select 1 from role_assignments r where r.person_id = p.id and r.role = 'site_coordinator' and r.research_group_id = ${researchGroupId}))
     order by p.id`);
}

/** The data center's staff, who decide on proposals. */
function dataCenterStaff(conn: Conn): Promise<Recipient[]> {
  return queryRows<Recipient>(conn, sql`
    select distinct p.id, p.email, p.language from people p join role_assignments r on r.person_id = p.id
     where r.role = 'data_center_staff' and p.active and p.account_status = 'active' order by p.id`);
}

async function groupOf(conn: Conn, researchGroupId: string) {
  const [g] = await conn.select().from(researchGroups).where(eq(researchGroups.id, researchGroupId));
  if (!g) throw new NotFoundError('Research group');
  return g;
}

/** A login nobody else uses: the code's form, with a number appended if two codes map to the same name. */
async function freeLogin(conn: Conn, code: string): Promise<string> {
  const base = loginFor(code);
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    const [taken] = await conn.select({ id: groupCredentials.researchGroupId }).from(groupCredentials).where(eq(groupCredentials.login, candidate));
    if (!taken) return candidate;
  }
}

export interface RotationResult {
  version: number;
  sessionsEnded: number;
  notified: number;
}

/**
 * Makes a new password version for the group (the first one, if none exists): the previous version
 * is retired (kept, never shown again), every group session of an older version ends, and the
 * group's holders are emailed a link to reveal the new one (not the password). Audited.
 */
export async function rotateGroupCredential(
  tx: Conn,
  ctx: AppContext,
  actor: Actor,
  researchGroupId: string,
  reason: RotationReason,
  opts: { proposalId?: string } = {},
): Promise<RotationResult> {
  const group = await groupOf(tx, researchGroupId);
  const now = ctx.clock.now();
  // Row lock: two rotations of one group at once must not both make version n+1.
  const [current] = await queryRows<{ current_version: number; rotation_interval_days: number | null }>(
    tx,
    sql`select current_version, rotation_interval_days from group_credentials where research_group_id = ${researchGroupId} for update`,
  );
  const version = current ? current.current_version + 1 : 1;
  const interval = current?.rotation_interval_days ?? null;
  const next = interval ? new Date(now.getTime() + interval * DAY_MS) : null;
  const sealed = boxFor(ctx).seal(generateGroupPassword(), researchGroupId, version);
  if (current) {
    await tx
      .update(groupCredentialVersions)
      .set({ retiredAt: now })
      .where(and(eq(groupCredentialVersions.researchGroupId, researchGroupId), isNull(groupCredentialVersions.retiredAt)));
  }
  await tx.insert(groupCredentialVersions).values({ researchGroupId, version, sealed, reason: current ? reason : 'initial', createdAt: now, createdBy: actor.personId });
  if (current) {
    await tx.update(groupCredentials).set({ currentVersion: version, rotatedAt: now, nextRotationAt: next }).where(eq(groupCredentials.researchGroupId, researchGroupId));
  } else {
    await tx.insert(groupCredentials).values({ researchGroupId, login: await freeLogin(tx, group.code), currentVersion: version, rotatedAt: now, createdAt: now });
  }
  const ended = await tx
    .update(groupSessions)
    .set({ endedAt: now, endReason: 'rotated' })
    .where(and(eq(groupSessions.researchGroupId, researchGroupId), lt(groupSessions.credentialVersion, version), isNull(groupSessions.endedAt)))
    .returning({ id: groupSessions.id });

  // Holders of the old version learn of the new one (a link to reveal it; the password never travels here).
  let notified = 0;
  if (current) {
    const holders = await holdersOf(tx, researchGroupId);
    for (const h of holders) {
      await ctx.mailer.enqueue(tx, {
        to: h.email,
        personId: h.id,
        language: h.language,
        template: groupIdRotatedMail,
        params: { groupCode: group.code, groupNameJa: group.nameJa, groupNameEn: group.nameEn, version, url: `${ctx.config.publicUrl}/group-ids` },
      });
    }
    if (holders.length > 0) {
      await tx.insert(groupCredentialRoster).values(holders.map((h) => ({ researchGroupId, version, personId: h.id, method: 'rotation_notice', byPersonId: actor.personId, at: now })));
    }
    notified = holders.length;
  }
  await appendAudit(tx, ctx.clock, actor, {
    action: 'group_credential.rotated',
    targetType: 'research_group',
    targetId: researchGroupId,
    scope: { researchGroupId },
    details: { version, reason: current ? reason : 'initial', proposalId: opts.proposalId ?? null, sessionsEnded: ended.length, notified },
  });
  return { version, sessionsEnded: ended.length, notified };
}

/** The group's current version, issuing the first one if the group has none yet. */
export async function ensureIssued(tx: Conn, ctx: AppContext, actor: Actor, researchGroupId: string) {
  const [row] = await tx.select().from(groupCredentials).where(eq(groupCredentials.researchGroupId, researchGroupId));
  if (row) return row;
  await rotateGroupCredential(tx, ctx, actor, researchGroupId, 'initial');
  const [made] = await tx.select().from(groupCredentials).where(eq(groupCredentials.researchGroupId, researchGroupId));
  return made!;
}

/**
 * Proposes a rotation of each group's password because a member left or a loss of credentials was
 * reported (P32-2.1.3b, d). One open proposal per group: a second cause while one is open is added
 * to it. Groups whose ID was never issued are skipped (nobody can hold it). Each new proposal is
 * audited and mailed to the data center, which rotates or dismisses it. Call inside the
 * transaction of the change that caused it; call `ctx.mailer.kick()` after the commit.
 */
export async function proposeGroupRotation(tx: Conn, ctx: AppContext, actor: Actor, researchGroupIds: string[], reason: ProposalReason): Promise<void> {
  const ids = [...new Set(researchGroupIds)];
  if (ids.length === 0) return;
  const issued = await tx.select({ id: groupCredentials.researchGroupId }).from(groupCredentials).where(inArray(groupCredentials.researchGroupId, ids));
  const now = ctx.clock.now();
  const occurrence = { reason, at: now.toISOString(), by: actor.personId };
  let staff: Recipient[] | null = null;
  for (const { id } of issued) {
    const inserted = await tx
      .insert(groupRotationProposals)
      .values({ researchGroupId: id, reason, status: 'open', createdAt: now, createdBy: actor.personId, occurrences: [occurrence] })
      .onConflictDoNothing()
      .returning({ id: groupRotationProposals.id });
    if (inserted.length === 0) {
      await tx
        .update(groupRotationProposals)
        .set({ occurrences: sql`${groupRotationProposals.occurrences} || ${JSON.stringify([occurrence])}::jsonb` })
        .where(and(eq(groupRotationProposals.researchGroupId, id), eq(groupRotationProposals.status, 'open')));
      continue;
    }
    const group = await groupOf(tx, id);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'group_credential.rotation_proposed',
      targetType: 'research_group',
      targetId: id,
      scope: { researchGroupId: id },
      details: { proposalId: inserted[0]!.id, reason },
    });
    staff ??= await dataCenterStaff(tx);
    for (const s of staff) {
      await ctx.mailer.enqueue(tx, {
        to: s.email,
        personId: s.id,
        language: s.language,
        template: rotationProposedMail,
        params: { groupCode: group.code, groupNameJa: group.nameJa, groupNameEn: group.nameEn, reason, url: `${ctx.config.publicUrl}/admin/group-ids` },
      });
    }
  }
}
