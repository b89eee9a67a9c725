import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Language } from '../../shared/account.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Conn, Db } from '../db/client.js';
import { mailOutbox } from '../db/schema/index.js';
import { render, type MailTemplate } from './template.js';

export interface Envelope<P> {
  to: string;
  personId?: string | null;
  language: Language | string;
  template: MailTemplate<P>;
  params: P;
}

/** Attempts before a message is marked failed (each scheduled job run retries once). */
const MAX_ATTEMPTS = 5;
/** A claim this old belongs to a deliverer that died; the message is claimable again. */
const CLAIM_TIMEOUT_MS = 10 * 60_000;

/** The outcome of one delivery attempt: sent, to be retried, or failed for good. */
export type DeliveryOutcome = 'sent' | 'retry' | 'failed';

/**
 * The transactional outbox: `enqueue` writes the rendered message in the caller's transaction, so
 * an email exists exactly when the change that caused it committed; `deliver` sends what is queued
 * over SMTP_URL (nodemailer). Without SMTP the messages are kept as `held`, and the outbox page
 * shows them to administrators.
 */
export class Mailer {
  private transport: Transporter | null;
  private running: Promise<void> | null = null;
  private again = false;
  private observers: ((outcome: DeliveryOutcome) => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'smtpUrl' | 'mailFrom'>,
  ) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl, { from: config.mailFrom }) : null;
  }

  /** Calls `observer` after every delivery attempt (the metrics count them). */
  observe(observer: (outcome: DeliveryOutcome) => void): void {
    this.observers.push(observer);
  }

  private report(outcome: DeliveryOutcome): void {
    for (const o of this.observers) {
      try {
        o(outcome);
      } catch {
        // an observer's failure never affects delivery
      }
    }
  }

  get smtpConfigured(): boolean {
    return this.transport !== null;
  }

  /** Queues one email in the caller's transaction. Call `kick()` after the commit. */
  async enqueue<P>(conn: Conn, e: Envelope<P>): Promise<number> {
    const language: Language = e.language === 'en' ? 'en' : 'ja';
    const { subject, text } = render(e.template, language, e.params);
    const [row] = await conn
      .insert(mailOutbox)
      .values({ toAddress: e.to, personId: e.personId ?? null, language, template: e.template.name, subject, body: text, status: this.transport ? 'queued' : 'held', createdAt: this.clock.now() })
      .returning({ id: mailOutbox.id });
    return row!.id;
  }

  /** Starts delivery in the background (single flight); errors are recorded on the messages. */
  kick(): void {
    if (!this.transport) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.deliver().catch(() => undefined);
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Waits until background delivery has finished (tests, shutdown). */
  async flush(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  /**
   * Sends every queued message once; returns how many were sent. Messages are first claimed
   * (queued → sending) by one UPDATE whose condition is re-checked on a concurrent claim, so two
   * deliverers — the scheduled job and a kick, or two app nodes — never send the same message.
   */
  async deliver(limit = 100): Promise<number> {
    if (!this.transport) return 0;
    const now = this.clock.now();
    const claimable = or(eq(mailOutbox.status, 'queued'), and(eq(mailOutbox.status, 'sending'), lt(mailOutbox.claimedAt, new Date(now.getTime() - CLAIM_TIMEOUT_MS))));
    const next = this.db.select({ id: mailOutbox.id }).from(mailOutbox).where(claimable).orderBy(asc(mailOutbox.id)).limit(limit);
    const rows = (await this.db.update(mailOutbox).set({ status: 'sending', claimedAt: now }).where(and(inArray(mailOutbox.id, next), claimable)).returning()).sort((a, b) => a.id - b.id);
    let sent = 0;
    for (const m of rows) {
      try {
        await this.transport.sendMail({ from: this.config.mailFrom, to: m.toAddress, subject: m.subject, text: m.body, headers: { 'X-Mamori-Template': m.template } });
        await this.db.update(mailOutbox).set({ status: 'sent', sentAt: this.clock.now() }).where(and(eq(mailOutbox.id, m.id), eq(mailOutbox.status, 'sending')));
        sent++;
        this.report('sent');
      } catch (err) {
        const attempts = [...m.attempts, { at: this.clock.now().toISOString(), error: String((err as Error).message ?? err).slice(0, 300) }];
        const status = attempts.length >= MAX_ATTEMPTS ? 'failed' : 'queued';
        await this.db.update(mailOutbox).set({ attempts, status }).where(eq(mailOutbox.id, m.id));
        this.report(status === 'failed' ? 'failed' : 'retry');
      }
    }
    return sent;
  }

  /** Puts failed (or held, once SMTP is configured) messages back in the queue. */
  async retry(ids: number[]): Promise<void> {
    if (!this.transport || ids.length === 0) return;
    await this.db.update(mailOutbox).set({ status: 'queued', attempts: sql`'[]'::jsonb` }).where(and(inArray(mailOutbox.id, ids), inArray(mailOutbox.status, ['failed', 'held'])));
    this.kick();
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    this.transport?.close();
  }
}
