import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { Conn } from '../../db/client.js';
import { mfaAuthenticators, mfaRecoveryCodes, people } from '../../db/schema/index.js';
import { resetMfa } from './credentials.js';
import { AppError, ConflictError } from '../../errors.js';
import { SecretBox } from './secret-box.js';
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from './totp.js';

/** How many recovery codes a person holds after enrollment or regeneration. */
export const RECOVERY_CODE_COUNT = 10;
const RC_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i

/** A recovery code: 10 characters of a 31-letter alphabet (≈ 49.5 bits), shown as xxxxx-xxxxx. */
function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let s = '';
  // 256 is not a multiple of 31: redraw the few biased bytes.
  for (let i = 0; s.length < 10; i++) {
    const b = i < bytes.length ? bytes[i]! : randomBytes(1)[0]!;
    if (b < 248) s += RC_ALPHABET[b % 31];
  }
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}
const normalizeRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
const hashRecovery = (code: string) => createHash('sha256').update(`mamori-recovery:${normalizeRecovery(code)}`).digest('hex');

export class InvalidCodeError extends AppError {
  constructor(attemptsLeft?: number) {
    super(400, 'MFA_CODE_INVALID', 'The code is not correct or has already been used.', attemptsLeft === undefined ? undefined : { attemptsLeft });
  }
}

/** TOTP authenticators and recovery codes (RFC 6238; docs/SECURITY.md "Multi-factor authentication"). */
export class MfaService {
  private readonly box: SecretBox;
  constructor(private readonly ctx: AppContext) {
    this.box = new SecretBox(ctx.secrets.masterKey, 'totp-secret');
  }

  async isEnrolled(conn: Conn, personId: string): Promise<boolean> {
    const [row] = await conn
      .select({ one: sql`1` })
      .from(mfaAuthenticators)
      .where(and(eq(mfaAuthenticators.personId, personId), isNotNull(mfaAuthenticators.confirmedAt)));
    return !!row;
  }

  async recoveryCodesLeft(conn: Conn, personId: string): Promise<number> {
    const [row] = await conn
      .select({ n: count() })
      .from(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.personId, personId), isNull(mfaRecoveryCodes.usedAt)));
    return Number(row?.n ?? 0);
  }

  /** Starts (or restarts) an enrollment: a new secret, stored encrypted and unconfirmed. */
  async beginEnrollment(actor: Actor, personId: string): Promise<{ secret: string; otpauthUri: string; qrSvgDataUrl: string }> {
    // policy: self — the signed-in person's own authenticator (the route passes the session's person)
    const [p] = await this.ctx.db.select({ email: people.email }).from(people).where(eq(people.id, personId));
    if (!p) throw new AppError(404, 'NOT_FOUND', 'Person not found.');
    if (await this.isEnrolled(this.ctx.db, personId)) throw new ConflictError('CONFLICT', 'An authenticator is already registered. Ask the data center to reset it to register another one.');
    const secret = newTotpSecret();
    const now = this.ctx.clock.now();
    const secretEnc = this.box.seal(secret, personId);
    await this.ctx.db
      .insert(mfaAuthenticators)
      .values({ personId, secretEnc, createdAt: now, confirmedAt: null, lastStep: null })
      .onConflictDoUpdate({ target: mfaAuthenticators.personId, set: { secretEnc, createdAt: now, lastStep: null }, setWhere: isNull(mfaAuthenticators.confirmedAt) });
    void actor;
    const uri = otpauthUri(secret, 'Mamori', p.email);
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret: base32Encode(secret), otpauthUri: uri, qrSvgDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /** Confirms the pending enrollment with a code; returns the recovery codes (shown once). */
  async confirmEnrollment(actor: Actor, personId: string, code: string): Promise<string[]> {
    // policy: self — the signed-in person's own authenticator (the route passes the session's person)
    return this.ctx.db.transaction(async (tx) => {
      const [a] = await tx.select().from(mfaAuthenticators).where(eq(mfaAuthenticators.personId, personId)).for('update');
      if (!a) throw new AppError(400, 'MFA_NOT_ENROLLING', 'Start the registration of an authenticator first.');
      if (a.confirmedAt) throw new ConflictError('CONFLICT', 'An authenticator is already registered.');
      const step = matchTotp(this.box.open(a.secretEnc, personId), code, this.ctx.clock.now().getTime(), a.lastStep);
      if (step === null) throw new InvalidCodeError();
      const now = this.ctx.clock.now();
      await tx.update(mfaAuthenticators).set({ confirmedAt: now, lastStep: step }).where(eq(mfaAuthenticators.personId, personId));
      await tx.update(people).set({ mfaEnrolledAt: now, updatedAt: now }).where(eq(people.id, personId));
      const codes = await this.replaceRecoveryCodes(tx, personId);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'auth.mfa_enrolled', targetType: 'person', targetId: personId, details: { method: 'totp', recoveryCodes: codes.length } });
      return codes;
    });
  }

  /**
   * Checks a TOTP code of a confirmed authenticator and, when it matches, records its time step so
   * the same code (or an earlier one) is never accepted again. Runs in the caller's transaction.
   */
  async useTotp(tx: Conn, personId: string, code: string): Promise<boolean> {
    const [a] = await tx
      .select()
      .from(mfaAuthenticators)
      .where(and(eq(mfaAuthenticators.personId, personId), isNotNull(mfaAuthenticators.confirmedAt)))
      .for('update');
    if (!a) return false;
    const step = matchTotp(this.box.open(a.secretEnc, personId), code, this.ctx.clock.now().getTime(), a.lastStep);
    if (step === null) return false;
    await tx.update(mfaAuthenticators).set({ lastStep: step }).where(eq(mfaAuthenticators.personId, personId));
    return true;
  }

  /** Spends one recovery code (single use). */
  async useRecoveryCode(tx: Conn, personId: string, code: string): Promise<boolean> {
    const used = await tx
      .update(mfaRecoveryCodes)
      .set({ usedAt: this.ctx.clock.now() })
      .where(and(eq(mfaRecoveryCodes.personId, personId), eq(mfaRecoveryCodes.codeHash, hashRecovery(code)), isNull(mfaRecoveryCodes.usedAt)))
      .returning({ id: mfaRecoveryCodes.id });
    return used.length > 0;
  }

  /** New recovery codes for someone who proves possession of the authenticator with a code. */
  async regenerateRecoveryCodes(actor: Actor, personId: string, code: string): Promise<string[]> {
    // policy: self — the signed-in person's own recovery codes, given a code from their authenticator
    return this.ctx.db.transaction(async (tx) => {
      if (!(await this.isEnrolled(tx, personId))) throw new AppError(400, 'MFA_NOT_ENROLLED', 'No authenticator is registered.');
      if (!(await this.useTotp(tx, personId, code))) throw new InvalidCodeError();
      const codes = await this.replaceRecoveryCodes(tx, personId);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'auth.recovery_codes_regenerated', targetType: 'person', targetId: personId, details: { count: codes.length } });
      return codes;
    });
  }

  /**
   * A new phone: whoever proves possession of the current authenticator with a code may remove it
   * and enroll another (the session then requires enrollment, or the security page offers it).
   * Without the old authenticator the data center resets it after checking who is asking.
   */
  async replaceAuthenticator(actor: Actor, personId: string, code: string): Promise<void> {
    // policy: self — the signed-in person's own authenticator, given a code from it
    await this.ctx.db.transaction(async (tx) => {
      if (!(await this.isEnrolled(tx, personId))) throw new AppError(400, 'MFA_NOT_ENROLLED', 'No authenticator is registered.');
      if (!(await this.useTotp(tx, personId, code))) throw new InvalidCodeError();
      await resetMfa(tx, this.ctx, actor, personId, 'replaced_by_person');
    });
  }

  private async replaceRecoveryCodes(tx: Conn, personId: string): Promise<string[]> {
    const now = this.ctx.clock.now();
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.personId, personId));
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await tx.insert(mfaRecoveryCodes).values(codes.map((c) => ({ personId, codeHash: hashRecovery(c), createdAt: now })));
    return codes;
  }
}
