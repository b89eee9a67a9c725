import { timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type {
  GroupCredentialDetail,
  GroupCredentialSummary,
  MyGroupDto,
  ResendCandidate,
  RevealedGroupId,
  RosterEntryDto,
  RotationProposalDto,
} from '../../../shared/groups.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import type { Actor } from '../../authz/actor.js';
import { can, type Resource } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { groupCredentialRoster, groupCredentials, groupCredentialVersions, groupRotationProposals, people, researchGroups } from '../../db/schema/index.js';
import { AppError, ConflictError, NotFoundError } from '../../errors.js';
import { normalizeGroupPassword } from './crypto.js';
import { createGroupSession } from './group-session.js';
import { groupIdResentMail } from './mail.js';
import { boxFor, ensureIssued, rotateGroupCredential, type RotationResult } from './rotation.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const nameOf = (p: { family_name_ja?: string | null; given_name_ja?: string | null } | null) =>
  p && p.family_name_ja ? `${p.family_name_ja} ${p.given_name_ja ?? ''}`.trim() : null;

/** Group IDs: reveal, re-send, rotation and the data center's view (P32-2.1.3d, e). */
export class GroupCredentialService {
  constructor(private readonly ctx: AppContext) {}

  private async group(researchGroupId: string) {
    const [g] = await this.ctx.db.select().from(researchGroups).where(eq(researchGroups.id, researchGroupId));
    if (!g) throw new NotFoundError('Research group');
    return g;
  }

  /** The groups on my Group IDs page: those I belong to, and those I coordinate. */
  async mine(actor: Actor): Promise<MyGroupDto[]> {
    // policy: self — the actor's own groups (their memberships and coordinator roles); each one's rights come from the rules below
    const coordinated = actor.roles.filter((r) => r.role === 'site_coordinator' && r.researchGroupId).map((r) => r.researchGroupId as string);
    const ids = [...new Set([...actor.researchGroupIds, ...coordinated])];
    if (ids.length === 0 || !actor.personId) return [];
    const rows = await queryRows<{
      id: string;
      code: string;
      name_ja: string;
      name_en: string;
      current_version: number | null;
      rotated_at: Date | string | null;
      my_version: number | null;
    }>(
      this.ctx.db,
      sql`select g.id, g.code, g.name_ja, g.name_en, c.current_version, c.rotated_at,
                 (select max(r.version) from group_credential_roster r
                   where r.research_group_id = g.id and r.person_id = ${actor.personId} and r.method in ('revealed', 'resent')) as my_version
            from research_groups g left join group_credentials c on c.research_group_id = g.id
           where g.active and g.id in (${sql.join(
             ids.map((i) => sql`${i}`),
             sql`, `,
           )})
           order by g.code`,
    );
    return rows.map((r) => {
      const res: Resource = { researchGroupIds: [r.id] };
      return {
        researchGroupId: r.id,
        code: r.code,
        nameJa: r.name_ja,
        nameEn: r.name_en,
        issued: r.current_version !== null,
        currentVersion: r.current_version,
        rotatedAt: iso(r.rotated_at),
        myVersion: r.my_version === null ? null : Number(r.my_version),
        canReveal: can(actor, 'group_credential.reveal', res),
        canResend: actor.roles.some((x) => x.role === 'site_coordinator' && x.researchGroupId === r.id),
        canReadContent: can(actor, 'group_content.read', res),
      };
    });
  }

  /** Shows the group's ID and current password to one of its researchers or site coordinators; audited and put on the roster. */
  async reveal(actor: Actor, researchGroupId: string): Promise<RevealedGroupId> {
    // Refused as an unknown group is (404), so group ids cannot be probed; the denial is still audited.
    await this.ctx.authz.requireVisible(actor, 'group_credential.reveal', { researchGroupIds: [researchGroupId] }, 'Research group');
    await this.group(researchGroupId);
    return this.ctx.db.transaction(async (tx) => {
      const cred = await ensureIssued(tx, this.ctx, actor, researchGroupId);
      const password = await this.currentPassword(tx, researchGroupId, cred.currentVersion);
      await tx.insert(groupCredentialRoster).values({ researchGroupId, version: cred.currentVersion, personId: actor.personId!, method: 'revealed', byPersonId: actor.personId, at: this.ctx.clock.now() });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'group_credential.revealed',
        targetType: 'research_group',
        targetId: researchGroupId,
        scope: { researchGroupId },
        details: { version: cred.currentVersion },
      });
      return { researchGroupId, login: cred.login, password, version: cred.currentVersion };
    });
  }

  private async currentPassword(tx: Conn, researchGroupId: string, version: number): Promise<string> {
    const [v] = await tx
      .select({ sealed: groupCredentialVersions.sealed })
      .from(groupCredentialVersions)
      .where(and(eq(groupCredentialVersions.researchGroupId, researchGroupId), eq(groupCredentialVersions.version, version)));
    if (!v) throw new Error('current group credential version missing');
    return boxFor(this.ctx).open(v.sealed, researchGroupId, version);
  }

  /** The scope a re-send is checked against: the recipient's institutions, and the group only if the recipient may hold it. */
  private async recipientResource(researchGroupId: string, personId: string): Promise<{ person: { id: string; email: string; language: string }; resource: Resource }> {
    const [p] = await this.ctx.db.select({ id: people.id, email: people.email, language: people.language, active: people.active }).from(people).where(eq(people.id, personId));
    if (!p) throw new NotFoundError('Person');
    const [row] = await queryRows<{ institution_ids: string[] | null; holder: boolean }>(
      this.ctx.db,
      sql`select array(select pi.institution_id::text from person_institutions pi where pi.person_id = ${personId}) as institution_ids,
                 (exists (select 1 from person_research_groups m where m.person_id = ${personId} and m.research_group_id = ${researchGroupId})
                  and exists (select 1 from role_assignments r where r.person_id = ${personId} and r.role in ('researcher', 'site_coordinator'))) as holder`,
    );
    const holder = !!row?.holder && p.active;
    return { person: p, resource: { personId, institutionIds: row?.institution_ids ?? [], researchGroupIds: holder ? [researchGroupId] : [] } };
  }

  /** Researchers of the coordinator's own institution(s) in the group: whom they may re-send it to. */
  async resendCandidates(actor: Actor, researchGroupId: string): Promise<ResendCandidate[]> {
    await this.ctx.authz.requireVisible(actor, 'group_credential.resend', { researchGroupIds: [researchGroupId] }, 'Research group');
    await this.group(researchGroupId);
    const sites = actor.roles.filter((r) => r.role === 'site_coordinator' && r.researchGroupId === researchGroupId && r.institutionId).map((r) => r.institutionId as string);
    if (sites.length === 0) return [];
    const rows = await queryRows<{ id: string; family_name_ja: string; given_name_ja: string; family_name_en: string; given_name_en: string; email: string; my_version: number | null }>(
      this.ctx.db,
      sql`select p.id, p.family_name_ja, p.given_name_ja, p.family_name_en, p.given_name_en, p.email,
                 (select max(r.version) from group_credential_roster r where r.research_group_id = ${researchGroupId} and r.person_id = p.id and r.method in ('revealed', 'resent')) as my_version
            from people p
           where p.active
             and exists (select 1 from person_research_groups m where m.person_id = p.id and m.research_group_id = ${researchGroupId})
             and exists (select 1 from role_assignments r where r.person_id = p.id and r.role in ('researcher', 'site_coordinator'))
             and exists (select 1 from person_institutions pi where pi.person_id = p.id and pi.institution_id in (${sql.join(
               sites.map((s) => sql`${s}`),
               sql`, `,
             )}))
           order by p.family_name_kana, p.id`,
    );
    return rows.map((r) => ({
      id: r.id,
      familyNameJa: r.family_name_ja,
      givenNameJa: r.given_name_ja,
      familyNameEn: r.family_name_en,
      givenNameEn: r.given_name_en,
      email: r.email,
      myVersion: r.my_version === null ? null : Number(r.my_version),
    }));
  }

  /**
   * A site coordinator emails the group ID to a researcher of their own institution in the group
   * (P32-2.1.3e). Refused without SMTP: a held message would put the password in front of the
   * outbox's readers, who must never see it. After delivery the body is scrubbed (see the job).
   */
  async resend(actor: Actor, researchGroupId: string, personId: string): Promise<void> {
    // A site coordinator of the group at all, before anything is looked up; then of the recipient's institution.
    await this.ctx.authz.require(actor, 'group_credential.resend', { researchGroupIds: [researchGroupId] });
    const group = await this.group(researchGroupId);
    const { person, resource } = await this.recipientResource(researchGroupId, personId);
    await this.ctx.authz.require(actor, 'group_credential.resend', resource);
    if (!this.ctx.mailer.smtpConfigured) {
      throw new AppError(409, 'SMTP_REQUIRED', 'A group ID can only be re-sent when a mail server is configured.');
    }
    const [coordinator] = await this.ctx.db.select().from(people).where(eq(people.id, actor.personId!));
    await this.ctx.db.transaction(async (tx) => {
      const cred = await ensureIssued(tx, this.ctx, actor, researchGroupId);
      const password = await this.currentPassword(tx, researchGroupId, cred.currentVersion);
      const en = person.language === 'en';
      await this.ctx.mailer.enqueue(tx, {
        to: person.email,
        personId: person.id,
        language: person.language,
        template: groupIdResentMail,
        params: {
          groupCode: group.code,
          groupNameJa: group.nameJa,
          groupNameEn: group.nameEn,
          login: cred.login,
          password,
          version: cred.currentVersion,
          coordinatorName: coordinator ? (en ? `${coordinator.givenNameEn} ${coordinator.familyNameEn}`.trim() : `${coordinator.familyNameJa} ${coordinator.givenNameJa}`.trim()) : '',
          signInUrl: `${this.ctx.config.publicUrl}/group`,
        },
      });
      await tx.insert(groupCredentialRoster).values({ researchGroupId, version: cred.currentVersion, personId: person.id, method: 'resent', byPersonId: actor.personId, at: this.ctx.clock.now() });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'group_credential.resent',
        targetType: 'person',
        targetId: person.id,
        scope: { researchGroupId },
        details: { researchGroupId, version: cred.currentVersion },
      });
    });
    this.ctx.mailer.kick();
  }

  // ---- the data center's side: rotate, schedule, proposals, roster (never the password) --------

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
    await this.group(researchGroupId);
    const r = await this.ctx.db.transaction((tx) => rotateGroupCredential(tx, this.ctx, actor, researchGroupId, 'manual'));
    this.ctx.mailer.kick();
    return r;
  }

  async setSchedule(actor: Actor, researchGroupId: string, intervalDays: number | null): Promise<void> {
    // The role check first: refused alike for a real and an unknown group.
    await this.ctx.authz.require(actor, 'group_credential.manage');
    await this.group(researchGroupId);
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

  // ---- signing in with a group ID -------------------------------------------------------------

  /**
   * Checks a group ID and password; on success opens a read-only group session (audited with IP
   * and user agent). A wrong login or password gives the same answer and is audited.
   */
  async signIn(actor: Actor, login: string, typed: string) {
    // policy: public — signing in with a group ID: the ID and its password are the credential (the actor is anonymous)
    const [cred] = await this.ctx.db
      .select({ researchGroupId: groupCredentials.researchGroupId, currentVersion: groupCredentials.currentVersion, active: researchGroups.active })
      .from(groupCredentials)
      .innerJoin(researchGroups, eq(researchGroups.id, groupCredentials.researchGroupId))
      .where(eq(groupCredentials.login, login));
    let ok = false;
    if (cred?.active) {
      const password = await this.currentPassword(this.ctx.db, cred.researchGroupId, cred.currentVersion);
      const a = Buffer.from(normalizeGroupPassword(password));
      const b = Buffer.from(normalizeGroupPassword(typed));
      ok = a.length === b.length && timingSafeEqual(a, b);
    }
    if (!cred || !ok) {
      await appendAuditAlone(this.ctx.db, this.ctx.clock, actor, {
        action: 'group_credential.sign_in_failed',
        targetType: cred ? 'research_group' : null,
        targetId: cred?.researchGroupId ?? null,
        details: { login: login.slice(0, 100) },
      });
      throw new AppError(401, 'GROUP_SIGN_IN_FAILED', 'The group ID or password is incorrect.');
    }
    return this.ctx.db.transaction(async (tx) => {
      const s = await createGroupSession(tx, this.ctx, cred.researchGroupId, cred.currentVersion, actor.ip, actor.userAgent);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'group_credential.signed_in',
        targetType: 'research_group',
        targetId: cred.researchGroupId,
        scope: { researchGroupId: cred.researchGroupId },
        details: { groupSession: s.id.slice(0, 16), version: cred.currentVersion },
      });
      return { ...s, researchGroupId: cred.researchGroupId };
    });
  }

  /** The group's names for a group session's banner. */
  async groupNames(researchGroupId: string) {
    const g = await this.group(researchGroupId);
    return { code: g.code, nameJa: g.nameJa, nameEn: g.nameEn };
  }
}

