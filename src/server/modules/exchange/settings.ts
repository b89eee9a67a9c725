import { asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { EXPIRY_DEFAULT_DAYS, EXPIRY_MAX_DAYS, type ExchangeOptions, type ExchangeSettingsDto, type UpdateExchangeSettings } from '../../../shared/exchange.js';
import { TripwireRules } from '../../../shared/tripwire.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { exchangeSettings, studies } from '../../db/schema/index.js';
import { ValidationError } from '../../errors.js';
import { personRefs } from './recipients.js';

export interface CurrentSettings {
  version: number;
  rules: TripwireRules;
  specialCareApproval: boolean;
  changedBy: string | null;
  changedAt: Date | null;
  note: string | null;
}

/** Until the data center saves its own: every detector on, and special-care data needs a second approver. */
export const DEFAULT_SETTINGS: CurrentSettings = { version: 0, rules: TripwireRules.parse({}), specialCareApproval: true, changedBy: null, changedAt: null, note: null };

/**
 * The tripwire rules (X3's TripwireRules) and the exchange policy, edited by the data center. Each
 * save is a new version (the history stays); the newest applies to the next scan.
 */
export class ExchangeSettingsService {
  constructor(private readonly ctx: AppContext) {}

  async current(conn: Conn = this.ctx.db): Promise<CurrentSettings> {
    const [row] = await conn.select().from(exchangeSettings).orderBy(desc(exchangeSettings.version)).limit(1);
    if (!row) return DEFAULT_SETTINGS;
    // Parsed again so a rule added to the tripwire later takes its default.
    const parsed = TripwireRules.safeParse(row.rules);
    return { version: row.version, rules: parsed.success ? parsed.data : DEFAULT_SETTINGS.rules, specialCareApproval: row.specialCareApproval, changedBy: row.changedBy, changedAt: row.changedAt, note: row.note };
  }

  /** What a sender chooses from: the active studies, the expiry bounds, the policy and the vault's size limit. */
  async sendOptions(actor: Actor): Promise<ExchangeOptions> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const rows = await this.ctx.db.select({ id: studies.id, code: studies.code, titleJa: studies.titleJa, titleEn: studies.titleEn }).from(studies).where(eq(studies.active, true)).orderBy(asc(studies.code));
    const s = await this.current();
    return { studies: rows, expiryDefaultDays: EXPIRY_DEFAULT_DAYS, expiryMaxDays: EXPIRY_MAX_DAYS, specialCareApproval: s.specialCareApproval, maxBytes: this.ctx.config.exchange.maxBytes };
  }

  async get(actor: Actor): Promise<ExchangeSettingsDto> {
    await this.ctx.authz.require(actor, 'exchange.manage');
    return this.dto(await this.current());
  }

  async update(actor: Actor, input: UpdateExchangeSettings): Promise<ExchangeSettingsDto> {
    await this.ctx.authz.require(actor, 'exchange.manage');
    const parsed = TripwireRules.safeParse(input.rules);
    if (!parsed.success) {
      throw new ValidationError(
        'Some fields are invalid.',
        parsed.error.issues.map((i) => ({ path: ['rules', ...i.path.map(String)].join('.'), message: i.message })),
      );
    }
    const version = await this.ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(exchangeSettings)
        .values({ rules: parsed.data, specialCareApproval: input.specialCareApproval, changedBy: actor.personId, changedAt: this.ctx.clock.now(), note: input.note })
        .returning({ version: exchangeSettings.version });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.rules_changed',
        targetType: 'exchange_settings',
        targetId: String(row!.version),
        details: { version: row!.version, specialCareApproval: input.specialCareApproval, mrnPatterns: parsed.data.mrn.patterns.length, waivers: parsed.data.waivers.length, note: input.note },
      });
      return row!.version;
    });
    void version;
    return this.dto(await this.current());
  }

  private async dto(s: CurrentSettings): Promise<ExchangeSettingsDto> {
    const refs = await personRefs(this.ctx.db, [s.changedBy]);
    const by = s.changedBy ? refs.get(s.changedBy) : undefined;
    const json = (v: unknown) => z.record(z.string(), z.unknown()).parse(JSON.parse(JSON.stringify(v)));
    return {
      version: s.version,
      rules: json(s.rules),
      specialCareApproval: s.specialCareApproval,
      changedBy: by ? { id: by.id, nameJa: by.nameJa, nameEn: by.nameEn } : null,
      changedAt: s.changedAt?.toISOString() ?? null,
      note: s.note,
      defaults: json(DEFAULT_SETTINGS.rules),
    };
  }
}
