import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { PLEDGE_VERSION } from '../../../shared/account.js';
import type { MyPledgeDto, PledgeDto, SignPledge } from '../../../shared/accounts.js';
import { currentPledge, pledgePlainText } from '../../../shared/pledge.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import { people, pledgeSignatures } from '../../db/schema/index.js';
import { AppError, UnauthenticatedError } from '../../errors.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The onboarding pledge (P32-2.1.3a–f): its current text and each person's signatures. */
export class PledgeService {
  constructor(private readonly ctx: AppContext) {}

  current(): PledgeDto {
    const p = currentPledge();
    return { version: PLEDGE_VERSION, ja: p.ja, en: p.en };
  }

  /** Records a signature of the current version; a page showing an older version is refused (409 PLEDGE_OUTDATED). */
  async sign(actor: Actor, input: SignPledge): Promise<MyPledgeDto> {
    // policy: self — a person signs the pledge for their own account
    if (actor.kind !== 'person' || !actor.personId) throw new UnauthenticatedError();
    if (input.version !== PLEDGE_VERSION) {
      throw new AppError(409, 'PLEDGE_OUTDATED', 'The pledge has changed since the page was opened. Read the current text and sign again.', { current: PLEDGE_VERSION });
    }
    const personId = actor.personId;
    const textSha256 = sha256(pledgePlainText(currentPledge()[input.language]));
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      await tx.insert(pledgeSignatures).values({ personId, version: input.version, language: input.language, textSha256, signedAt: now, ip: actor.ip, userAgent: actor.userAgent?.slice(0, 500) ?? null });
      await tx.update(people).set({ pledgeVersion: input.version, updatedAt: now }).where(eq(people.id, personId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'pledge.signed', targetType: 'person', targetId: personId, details: { version: input.version, language: input.language, textSha256 } });
    });
    return this.mine(actor);
  }

  async mine(actor: Actor): Promise<MyPledgeDto> {
    // policy: self — a person's own pledge signature
    if (actor.kind !== 'person' || !actor.personId) throw new UnauthenticatedError();
    const [s] = await this.ctx.db.select().from(pledgeSignatures).where(eq(pledgeSignatures.personId, actor.personId)).orderBy(desc(pledgeSignatures.signedAt)).limit(1);
    return {
      current: this.current(),
      signed: s
        ? { version: s.version, language: s.language === 'en' ? 'en' : 'ja', signedAt: s.signedAt.toISOString(), textSha256: s.textSha256, current: s.version === PLEDGE_VERSION }
        : null,
    };
  }
}
