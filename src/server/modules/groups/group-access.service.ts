import { timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { GroupSessionDto } from '../../../shared/groups.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import type { Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import { groupCredentials, researchGroups } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { openPassword, researchGroup } from './credentials.common.js';
import { normalizeGroupPassword } from './crypto.js';
import { createGroupSession, endGroupSession, loadGroupAccess } from './group-session.js';

/** Signing in with a group ID (P32-2.1.3d): a read-only session for one group's member-only content. */
export class GroupAccessService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * Checks a group ID and password; on success opens a read-only group session (audited with IP
   * and user agent). A wrong login or password gives the same answer and is audited.
   */
  async signIn(actor: Actor, login: string, typed: string): Promise<{ token: string; session: GroupSessionDto }> {
    // policy: public — signing in with a group ID: the ID and its password are the credential (the actor is anonymous)
    const [cred] = await this.ctx.db
      .select({ researchGroupId: groupCredentials.researchGroupId, currentVersion: groupCredentials.currentVersion, active: researchGroups.active })
      .from(groupCredentials)
      .innerJoin(researchGroups, eq(researchGroups.id, groupCredentials.researchGroupId))
      .where(eq(groupCredentials.login, login));
    let ok = false;
    if (cred?.active) {
      const password = await openPassword(this.ctx, this.ctx.db, cred.researchGroupId, cred.currentVersion);
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
    const s = await this.ctx.db.transaction(async (tx) => {
      const s = await createGroupSession(tx, this.ctx, cred.researchGroupId, cred.currentVersion, actor.ip, actor.userAgent);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'group_credential.signed_in',
        targetType: 'research_group',
        targetId: cred.researchGroupId,
        scope: { researchGroupId: cred.researchGroupId },
        details: { groupSession: s.id.slice(0, 16), version: cred.currentVersion },
      });
      return s;
    });
    return { token: s.token, session: await this.active(cred.researchGroupId, s.expiresAt) };
  }

  /** The group session behind the cookie's token: active, or not (an unknown, ended or expired one). */
  async current(token: string | undefined): Promise<GroupSessionDto> {
    const g = token ? await loadGroupAccess(this.ctx, token) : null;
    if (!g) return { active: false, researchGroupId: null, code: null, nameJa: null, nameEn: null, expiresAt: null };
    return this.active(g.researchGroupId, g.expiresAt);
  }

  /** Ends the group session behind the cookie's token, if it is still valid. */
  async signOut(token: string | undefined): Promise<void> {
    const g = token ? await loadGroupAccess(this.ctx, token) : null;
    if (g) await endGroupSession(this.ctx.db, this.ctx, g.sessionId, 'signed_out');
  }

  /** An open session, with the group's names for its banner. */
  private async active(researchGroupId: string, expiresAt: Date): Promise<GroupSessionDto> {
    const g = await researchGroup(this.ctx.db, researchGroupId);
    return { active: true, researchGroupId, code: g.code, nameJa: g.nameJa, nameEn: g.nameEn, expiresAt: expiresAt.toISOString() };
  }
}
