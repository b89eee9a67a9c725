import { eq, sql } from 'drizzle-orm';
import type { MyGroupDto, ResendCandidate, RevealedGroupId } from '../../../shared/groups.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { Actor } from '../../authz/actor.js';
import { can, type Resource } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import { queryRows } from '../../db/client.js';
import { groupCredentialRoster, people } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { iso, openPassword, researchGroup } from './credentials.common.js';
import { groupIdResentMail } from './mail.js';
import { ensureIssued } from './rotation.js';

/** My group IDs: which groups I hold, revealing one, and a site coordinator re-sending it (P32-2.1.3d, e). */
export class GroupIdService {
  constructor(private readonly ctx: AppContext) {}

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
    await researchGroup(this.ctx.db, researchGroupId);
    return this.ctx.db.transaction(async (tx) => {
      const cred = await ensureIssued(tx, this.ctx, actor, researchGroupId);
      const password = await openPassword(this.ctx, tx, researchGroupId, cred.currentVersion);
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
    await researchGroup(this.ctx.db, researchGroupId);
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
    const group = await researchGroup(this.ctx.db, researchGroupId);
    const { person, resource } = await this.recipientResource(researchGroupId, personId);
    await this.ctx.authz.require(actor, 'group_credential.resend', resource);
    if (!this.ctx.mailer.smtpConfigured) {
      throw new AppError(409, 'SMTP_REQUIRED', 'A group ID can only be re-sent when a mail server is configured.');
    }
    const [coordinator] = await this.ctx.db.select().from(people).where(eq(people.id, actor.personId!));
    await this.ctx.db.transaction(async (tx) => {
      const cred = await ensureIssued(tx, this.ctx, actor, researchGroupId);
      const password = await openPassword(this.ctx, tx, researchGroupId, cred.currentVersion);
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
}
