import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { Conn } from '../../db/client.js';
import { mfaAuthenticators, mfaRecoveryCodes, people } from '../../db/schema/index.js';
import { hashPassword } from './password.js';
import { assertPasswordAcceptable, personalWordsFor } from './password-policy.js';

/**
 * Sets a person's password after checking the policy against their personal words (400
 * PASSWORD_TOO_WEAK with details.reason otherwise), hashes it with argon2id, clears the
 * must-change flag and audits auth.password_changed { how }. Sessions are left alone: the caller
 * decides whether others end (ctx.sessions.endAllFor).
 */
export async function setPassword(tx: Conn, ctx: AppContext, actor: Actor, personId: string, password: string, how: 'changed' | 'reset' | 'invitation' | 'operator'): Promise<void> {
  await assertPasswordAcceptable(tx, ctx.config.passwordMinLength, password, await personalWordsFor(tx, personId));
  const passwordHash = await hashPassword(password);
  const now = ctx.clock.now();
  await tx.update(people).set({ passwordHash, passwordChangedAt: now, mustChangePassword: false, updatedAt: now }).where(eq(people.id, personId));
  await appendAudit(tx, ctx.clock, actor, { action: 'auth.password_changed', targetType: 'person', targetId: personId, details: { how } });
}

/**
 * Removes a person's TOTP authenticator and recovery codes (lost device, administrator's reset);
 * the next sign-in asks them to enroll again when MFA is required for them. Audits auth.mfa_reset { reason }.
 */
export async function resetMfa(tx: Conn, ctx: AppContext, actor: Actor, personId: string, reason: string): Promise<void> {
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.personId, personId));
  await tx.delete(mfaAuthenticators).where(eq(mfaAuthenticators.personId, personId));
  await tx.update(people).set({ mfaEnrolledAt: null, updatedAt: ctx.clock.now() }).where(eq(people.id, personId));
  await appendAudit(tx, ctx.clock, actor, { action: 'auth.mfa_reset', targetType: 'person', targetId: personId, details: { reason } });
}
