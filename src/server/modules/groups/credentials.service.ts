import { eq, sql } from 'drizzle-orm';
import type { GroupCredentialDetail, GroupCredentialSummary, RosterEntryDto, RotationProposalDto } from '../../../shared/groups.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { groupCredentials, groupRotationProposals } from '../../db/schema/index.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { iso, nameOf, researchGroup } from './credentials.common.js';
import { ensureIssued, rotateGroupCredential, type RotationResult } from './rotation.js';

/**
 * The data center's side of group IDs (P32-2.1.3d): every group's credential, rotation now or on
 * a schedule, proposals to rotate, and who was given which version. Never the password.
 */
export class GroupCredentialService {
  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor): Promise<GroupCredentialSummary[]> {
    await this.ctx.authz.require(actor, 'group_credential.manage');
    return this.summaries();
  }

  private async summaries(researchGroupId?: string): Promise<GroupCredentialSummary[]> {
    const rows = await queryRows<{
      id: string;
      code: string;
      name_ja: string;
      name_en: string;
      active: boolean;
      login: string | null;
      current_version: number | null;
      rotated_at: Date | string | null;
      rotation_interval_days: number | null;
      next_rotation_at: Date | string | null;
      open_proposals: number | string;
      active_sessions: number | string;
    }>(
      this.ctx.db,
      sql`select g.id, g.code, g.name_ja, g.name_en, g.active, c.login, c.current_version, c.rotated_at, c.rotation_interval_days, c.next_rotation_at,
                 (select count(*) from group_rotation_proposals p where p.research_group_id = g.id and p.status = 'open') as open_proposals,
                 (select count(*) from group_sessions s where s.research_group_id = g.id and s.ended_at is null and s.expires_at > ${this.ctx.clock.now()}
                     and s.credential_version = c.current_version) as active_sessions
            from research_groups g left join group_credentials c on c.research_group_id = g.id
           ${researchGroupId ? sql`where g.id = ${researchGroupId}` : sql``}
           order by g.active desc, g.code`,
    );
    return rows.map((r) => ({
      researchGroupId: r.id,
      code: r.code,
      nameJa: r.name_ja,
      nameEn: r.name_en,
      active: r.active,
      login: r.login,
      currentVersion: r.current_version,
      rotatedAt: iso(r.rotated_at),
      rotationIntervalDays: r.rotation_interval_days,
      nextRotationAt: iso(r.next_rotation_at),
      openProposals: Number(r.open_proposals),
      activeSessions: Number(r.active_sessions),
    }));
  }

  async detail(actor: Actor, researchGroupId: string): Promise<GroupCredentialDetail> {
    await this.ctx.authz.require(actor, 'group_credential.manage');
    const [summary] = await this.summaries(researchGroupId);
    if (!summary) throw new NotFoundError('Research group');
    const versions = await queryRows<{ version: number; reason: string; created_at: Date | string; retired_at: Date | string | null; family_name_ja: string | null; given_name_ja: string | null }>(
      this.ctx.db,
      sql`select v.version, v.reason, v.created_at, v.retired_at, p.family_name_ja, p.given_name_ja
            from group_credential_versions v left join people p on p.id = v.created_by
           where v.research_group_id = ${researchGroupId} order by v.version desc`,
    );
    const roster = await queryRows<{ version: number; person_id: string; method: string; at: Date | string; family_name_ja: string; given_name_ja: string; by_family: string | null; by_given: string | null }>(
      this.ctx.db,
      sql`select r.version, r.person_id, r.method, r.at, p.family_name_ja, p.given_name_ja, b.family_name_ja as by_family, b.given_name_ja as by_given
            from group_credential_roster r join people p on p.id = r.person_id left join people b on b.id = r.by_person_id
           where r.research_group_id = ${researchGroupId} order by r.id desc limit 500`,
    );
    return {
      ...summary,
      versions: versions.map((v) => ({ version: v.version, reason: v.reason as never, createdAt: iso(v.created_at)!, retiredAt: iso(v.retired_at), createdByName: nameOf(v) })),
      roster: roster.map(
        (r): RosterEntryDto => ({
          version: r.version,
          personId: r.person_id,
          personName: nameOf(r) ?? '',
          method: r.method as RosterEntryDto['method'],
          at: iso(r.at)!,
          byName: nameOf({ family_name_ja: r.by_family, given_name_ja: r.by_given }),
        }),
      ),
      proposals: await this.proposalRows({ researchGroupId }),
    };
  }

  async rotate(actor: Actor, researchGroupId: string): Promise<RotationResult> {
    // The role check first: refused alike for a real and an unknown group.
    await this.ctx.authz.require(actor, 'group_credential.manage');
    await researchGroup(this.ctx.db, researchGroupId);
    const r = await this.ctx.db.transaction((tx) => rotateGroupCredential(tx, this.ctx, actor, researchGroupId, 'manual'));
    this.ctx.mailer.kick();
    return r;
  }

  async setSchedule(actor: Actor, researchGroupId: string, intervalDays: number | null): Promise<void> {
    // The role check first: refused alike for a real and an unknown group.
    await this.ctx.authz.require(actor, 'group_credential.manage');
    await researchGroup(this.ctx.db, researchGroupId);
    await this.ctx.db.transaction(async (tx) => {
      const cred = await ensureIssued(tx, this.ctx, actor, researchGroupId);
      const next = intervalDays ? new Date(cred.rotatedAt.getTime() + intervalDays * 86_400_000) : null;
      await tx.update(groupCredentials).set({ rotationIntervalDays: intervalDays, nextRotationAt: next }).where(eq(groupCredentials.researchGroupId, researchGroupId));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'group_credential.schedule_changed',
        targetType: 'research_group',
        targetId: researchGroupId,
        scope: { researchGroupId },
        details: { from: cred.rotationIntervalDays, to: intervalDays, nextRotationAt: iso(next) },
      });
    });
  }

  /** Rotates every group whose scheduled date has come (the scheduled job, as the system). */
  async rotateDue(actor: Actor, now: Date): Promise<number> {
    await this.ctx.authz.require(actor, 'group_credential.manage');
    const due = await queryRows<{ id: string }>(
      this.ctx.db,
      sql`select c.research_group_id as id from group_credentials c join research_groups g on g.id = c.research_group_id
           where g.active and c.next_rotation_at is not null and c.next_rotation_at <= ${now}`,
    );
    for (const d of due) await this.ctx.db.transaction((tx) => rotateGroupCredential(tx, this.ctx, actor, d.id, 'scheduled'));
    if (due.length > 0) this.ctx.mailer.kick();
    return due.length;
  }

  async proposals(actor: Actor, status?: string): Promise<RotationProposalDto[]> {
    await this.ctx.authz.require(actor, 'group_credential.manage');
    return this.proposalRows({ status });
  }

  private async proposalRows(f: { researchGroupId?: string; status?: string; id?: string }): Promise<RotationProposalDto[]> {
    const where = [
      f.researchGroupId ? sql`p.research_group_id = ${f.researchGroupId}` : null,
      f.status ? sql`p.status = ${f.status}` : null,
      f.id ? sql`p.id = ${f.id}` : null,
    ].filter((x) => x !== null);
    const rows = await queryRows<{
      id: string;
      research_group_id: string;
      code: string;
      name_ja: string;
      name_en: string;
      reason: string;
      status: string;
      created_at: Date | string;
      decided_at: Date | string | null;
      decision_reason: string | null;
      resulting_version: number | null;
      c_family: string | null;
      c_given: string | null;
      d_family: string | null;
      d_given: string | null;
    }>(
      this.ctx.db,
      sql`select p.id, p.research_group_id, g.code, g.name_ja, g.name_en, p.reason, p.status, p.created_at, p.decided_at, p.decision_reason, p.resulting_version,
                 c.family_name_ja as c_family, c.given_name_ja as c_given, d.family_name_ja as d_family, d.given_name_ja as d_given
            from group_rotation_proposals p join research_groups g on g.id = p.research_group_id
            left join people c on c.id = p.created_by left join people d on d.id = p.decided_by
           ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
           order by (p.status = 'open') desc, p.created_at desc limit 200`,
    );
    return rows.map((r) => ({
      id: r.id,
      researchGroupId: r.research_group_id,
      code: r.code,
      nameJa: r.name_ja,
      nameEn: r.name_en,
      reason: r.reason as RotationProposalDto['reason'],
      status: r.status as RotationProposalDto['status'],
      createdAt: iso(r.created_at)!,
      createdByName: nameOf({ family_name_ja: r.c_family, given_name_ja: r.c_given }),
      decidedAt: iso(r.decided_at),
      decidedByName: nameOf({ family_name_ja: r.d_family, given_name_ja: r.d_given }),
      decisionReason: r.decision_reason,
      resultingVersion: r.resulting_version,
    }));
  }

  private async openProposal(tx: Conn, id: string) {
    const [p] = await queryRows<{ id: string; research_group_id: string; status: string }>(tx, sql`select id, research_group_id, status from group_rotation_proposals where id = ${id} for update`);
    if (!p) throw new NotFoundError('Proposal');
    if (p.status !== 'open') throw new ConflictError('CONFLICT', 'This proposal has already been decided.');
    return p;
  }

  /** The data center accepts a proposal: the group's password is rotated now. */
  async accept(actor: Actor, id: string): Promise<RotationProposalDto> {
    await this.ctx.authz.require(actor, 'group_credential.manage');
    await this.ctx.db.transaction(async (tx) => {
      const p = await this.openProposal(tx, id);
      const [full] = await tx.select({ reason: groupRotationProposals.reason }).from(groupRotationProposals).where(eq(groupRotationProposals.id, id));
      const r = await rotateGroupCredential(tx, this.ctx, actor, p.research_group_id, full!.reason as 'member_left' | 'credential_loss', { proposalId: id });
      await tx
        .update(groupRotationProposals)
        .set({ status: 'accepted', decidedAt: this.ctx.clock.now(), decidedBy: actor.personId, resultingVersion: r.version })
        .where(eq(groupRotationProposals.id, id));
    });
    this.ctx.mailer.kick();
    return (await this.proposalRows({ id }))[0]!;
  }

  /** The data center dismisses a proposal, with a reason. */
  async dismiss(actor: Actor, id: string, reason: string): Promise<RotationProposalDto> {
    await this.ctx.authz.require(actor, 'group_credential.manage');
    await this.ctx.db.transaction(async (tx) => {
      const p = await this.openProposal(tx, id);
      await tx
        .update(groupRotationProposals)
        .set({ status: 'dismissed', decidedAt: this.ctx.clock.now(), decidedBy: actor.personId, decisionReason: reason })
        .where(eq(groupRotationProposals.id, id));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'group_credential.rotation_dismissed',
        targetType: 'research_group',
        targetId: p.research_group_id,
        scope: { researchGroupId: p.research_group_id },
        details: { proposalId: id, reason },
      });
    });
    return (await this.proposalRows({ id }))[0]!;
  }
}
