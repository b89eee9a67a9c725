import { eq } from 'drizzle-orm';
import type { AcceptInvitation, InvitationInfoDto } from '../../../shared/accounts.js';
import type { SessionDto } from '../../../shared/auth.js';
import { appendAudit } from '../../audit/audit.service.js';
import { anonymousActor, type Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import { people } from '../../db/schema/index.js';
import { AuthService, setPassword } from '../identity/public.js';
import { runActivationHooks } from './activation-hooks.js';
import { findPerson, lockPerson, setActiveSince } from './account.repo.js';
import { consumeToken, LinkInvalidError, peekToken } from './tokens.js';

/** The /invite page: who the link is for, and accepting it (password, language → active, signed in). */
export class InvitationService {
  private readonly auth: AuthService;
  constructor(private readonly ctx: AppContext) {
    this.auth = new AuthService(ctx, ctx.sessions);
  }

  async lookup(token: string): Promise<InvitationInfoDto> {
    const t = await peekToken(this.ctx.db, this.ctx, token, 'invitation');
    const p = t ? await findPerson(this.ctx.db, t.personId) : undefined;
    if (!t || !p || !p.active || p.accountStatus !== 'invited') throw new LinkInvalidError();
    return {
      familyNameJa: p.familyNameJa,
      givenNameJa: p.givenNameJa,
      familyNameEn: p.familyNameEn,
      givenNameEn: p.givenNameEn,
      email: p.email,
      language: p.language === 'en' ? 'en' : 'ja',
      expiresAt: t.expiresAt.toISOString(),
      minPasswordLength: Math.max(8, this.ctx.config.passwordMinLength),
    };
  }

  /**
   * Uses the link up, sets the password (the policy's refusal rolls everything back, so the link
   * still works for another try), activates the account and opens a full session: the web app
   * then leads the person through MFA enrollment and the pledge.
   */
  async accept(input: AcceptInvitation, ip: string | null, userAgent: string | null): Promise<{ token: string; dto: SessionDto }> {
    const created = await this.ctx.db.transaction(async (tx) => {
      const t = await consumeToken(tx, this.ctx, input.token, 'invitation');
      const p = await lockPerson(tx, t.personId);
      if (!p || !p.active || p.accountStatus !== 'invited') throw new LinkInvalidError();
      const actor: Actor = { ...anonymousActor(ip, userAgent), kind: 'person', personId: p.id };
      await setPassword(tx, this.ctx, actor, p.id, input.password, 'invitation');
      const now = this.ctx.clock.now();
      await tx.update(people).set({ accountStatus: 'active', suspendedReason: null, language: input.language, lastSignInAt: now, updatedAt: now }).where(eq(people.id, p.id));
      await setActiveSince(tx, p.id, now);
      await runActivationHooks(tx, this.ctx, p.id);
      const s = await this.ctx.sessions.create(tx, p.id, ip, userAgent);
      const withSession: Actor = { ...actor, sessionId: s.id };
      await appendAudit(tx, this.ctx.clock, withSession, { action: 'account.activated', targetType: 'person', targetId: p.id, details: { language: input.language } });
      await appendAudit(tx, this.ctx.clock, withSession, { action: 'auth.signed_in', targetType: 'person', targetId: p.id, details: { via: 'invitation' } });
      return s;
    });
    const loaded = await this.ctx.sessions.load(created.token, ip, userAgent);
    if (!loaded || loaded === 'expired') throw new Error('new session did not load');
    return { token: created.token, dto: await this.auth.dto(loaded) };
  }
}
