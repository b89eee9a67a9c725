import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOCK_SETTINGS, type AssessmentAnswers } from '../../../shared/breach.js';
import { decideBreach } from './breach.decision.js';
import { clockDeadline, clockState, daysLeft, endOfJapanDay, planClocks, reachedStage, tokyoDate } from './breach.deadlines.js';

const none: AssessmentAnswers = { personalInfo: 'yes', peopleAffected: 12, moreThan1000: null, specialCare: false, financialRisk: false, wrongfulPurpose: false, encrypted: false, keySafe: null };
const with_ = (o: Partial<AssessmentAnswers>): AssessmentAnswers => ({ ...none, ...o });

describe('the breach decision (APPI Art. 26, Enforcement Rules Art. 7)', () => {
  it('is not reportable without personal information, and undetermined while that is unknown', () => {
    expect(decideBreach(with_({ personalInfo: 'no', specialCare: true }))).toMatchObject({ result: 'not_reportable', triggers: [] });
    const d = decideBreach(with_({ personalInfo: 'unknown' }));
    expect(d).toMatchObject({ result: 'undetermined', missing: ['personalInfo'] });
    expect(d.reasoningJa).toContain('未確認');
  });

  it('makes special-care information reportable from a single person, citing item 1', () => {
    const d = decideBreach(with_({ peopleAffected: 1, specialCare: true }));
    expect(d).toMatchObject({ result: 'reportable', triggers: ['special_care'], exempt: false, wrongfulPurpose: false });
    expect(d.reasoningJa).toContain('要配慮個人情報');
    expect(d.reasoningJa).toContain('第7条第1号');
    expect(d.reasoningEn).toContain('Art. 7 item 1');
    expect(d.reasoningJa).toContain('個人情報保護委員会への報告');
  });

  it.each([
    [{ financialRisk: true }, 'financial_damage', '第2号', 'item 2'],
    [{ wrongfulPurpose: true }, 'wrongful_purpose', '第3号', 'item 3'],
    [{ peopleAffected: 1001 }, 'over_1000', '第4号', 'item 4'],
    [{ peopleAffected: null, moreThan1000: true }, 'over_1000', '第4号', 'item 4'],
  ] as const)('applies each trigger on its own: %o', (o, trigger, ja, en) => {
    const d = decideBreach(with_(o));
    expect(d.result).toBe('reportable');
    expect(d.triggers).toEqual([trigger]);
    expect(d.reasoningJa).toContain(ja);
    expect(d.reasoningEn).toContain(en);
  });

  it('counts exactly 1,000 people as not more than 1,000', () => {
    const d = decideBreach(with_({ peopleAffected: 1000 }));
    expect(d.result).toBe('not_reportable');
    expect(d.reasoningJa).toContain('1,000 人');
  });

  it('names every trigger that applies and flags the 60-day final report for a wrongful purpose', () => {
    const d = decideBreach(with_({ specialCare: true, wrongfulPurpose: true, financialRisk: true, peopleAffected: 5000 }));
    expect(d.triggers).toEqual(['special_care', 'financial_damage', 'wrongful_purpose', 'over_1000']);
    expect(d.wrongfulPurpose).toBe(true);
    expect(d.reasoningJa).toContain('60日');
    expect(d.reasoningEn).toContain('60 days');
  });

  it('exempts data under high-level encryption with a safe key, and records why', () => {
    const d = decideBreach(with_({ specialCare: true, encrypted: true, keySafe: true }));
    expect(d).toMatchObject({ result: 'not_reportable', exempt: true, triggers: ['special_care'] });
    expect(d.reasoningJa).toContain('高度な暗号化');
    expect(d.reasoningEn).toContain('high-level encryption');
  });

  it('does not exempt when the key may have leaked, is not known to be safe, or encryption is unknown', () => {
    for (const o of [{ encrypted: true, keySafe: false }, { encrypted: true, keySafe: null }, { encrypted: null, keySafe: null }]) {
      const d = decideBreach(with_({ specialCare: true, ...o }));
      expect(d).toMatchObject({ result: 'reportable', exempt: false });
      expect(d.reasoningJa).toContain('除外は適用');
    }
  });

  it('is undetermined while a trigger is unanswered and none applies, naming the questions', () => {
    const d = decideBreach(with_({ specialCare: null, financialRisk: null, peopleAffected: null, moreThan1000: null }));
    expect(d.result).toBe('undetermined');
    expect(d.missing).toEqual(['specialCare', 'financialRisk', 'peopleAffected']);
    expect(d.reasoningJa).toContain('要配慮個人情報が含まれる');
    // ... but the exemption settles it, and one trigger that applies settles it too.
    expect(decideBreach(with_({ specialCare: null, encrypted: true, keySafe: true })).result).toBe('not_reportable');
    expect(decideBreach(with_({ specialCare: null, wrongfulPurpose: true })).result).toBe('reportable');
  });

  it('stays undetermined for a report as it arrives: only the questions the reporter answered count', () => {
    // what the report form gives: personal information, a count, special-care unanswered; the rest never asked
    const fresh: AssessmentAnswers = { personalInfo: 'yes', peopleAffected: 12, moreThan1000: null, specialCare: null, financialRisk: null, wrongfulPurpose: null, encrypted: null, keySafe: null };
    const d = decideBreach(fresh);
    expect(d).toMatchObject({ result: 'undetermined', triggers: [], exempt: false });
    expect(d.missing).toEqual(['specialCare', 'financialRisk', 'wrongfulPurpose']);
    expect(d.reasoningJa).toContain('未確認');
    // one unanswered deciding question is enough to keep it undetermined (never "not reportable")
    for (const k of ['specialCare', 'financialRisk', 'wrongfulPurpose'] as const) {
      const one = decideBreach(with_({ [k]: null }));
      expect(one.result, k).toBe('undetermined');
      expect(one.missing, k).toEqual([k]);
    }
    // an unknown count with the estimate unanswered is open too; an answered estimate settles it
    expect(decideBreach(with_({ peopleAffected: null, moreThan1000: null }))).toMatchObject({ result: 'undetermined', missing: ['peopleAffected'] });
    expect(decideBreach(with_({ peopleAffected: null, moreThan1000: false })).result).toBe('not_reportable');
    // an exemption half answered (key safety unanswered) settles nothing
    expect(decideBreach({ ...fresh, encrypted: true })).toMatchObject({ result: 'undetermined', exempt: false });
    // encryption unanswered does not matter once every trigger is answered no
    expect(decideBreach(with_({ encrypted: null, keySafe: null })).result).toBe('not_reportable');
  });

  it('is not reportable when every trigger is answered no', () => {
    const d = decideBreach(none);
    expect(d).toMatchObject({ result: 'not_reportable', triggers: [], missing: [] });
    expect(d.reasoningEn).toContain('None of the items');
  });
});

describe('deadlines on Japan calendar days', () => {
  // Aware at 10:00 JST on 1 April 2026 (01:00 UTC).
  const aware = new Date('2026-04-01T01:00:00Z');
  const prelim = DEFAULT_CLOCK_SETTINGS.find((s) => s.kind === 'ppc_preliminary')!;
  const final = DEFAULT_CLOCK_SETTINGS.find((s) => s.kind === 'ppc_final')!;

  it('ends a day at 23:59:59 JST, counting from the awareness date in Japan', () => {
    expect(endOfJapanDay(aware, 3).toISOString()).toBe('2026-04-04T14:59:59.000Z');
    // 23:30 JST on 31 March is still 31 March in Japan although it is 14:30 UTC
    expect(endOfJapanDay(new Date('2026-03-31T14:30:00Z'), 0).toISOString()).toBe('2026-03-31T14:59:59.000Z');
    // 00:30 JST on 1 April is 1 April in Japan although it is 31 March in UTC
    expect(tokyoDate(new Date('2026-03-31T15:30:00Z'))).toBe('2026-04-01');
  });

  it('puts the preliminary report at 3 days (overdue after 5) and the final at 30, or 60 for a wrongful purpose', () => {
    expect(clockDeadline(aware, prelim, false)).toEqual({ dueAt: new Date('2026-04-04T14:59:59Z'), overdueAt: new Date('2026-04-06T14:59:59Z') });
    expect(clockDeadline(aware, final, false)).toEqual({ dueAt: new Date('2026-05-01T14:59:59Z'), overdueAt: new Date('2026-05-01T14:59:59Z') });
    expect(clockDeadline(aware, final, true)).toEqual({ dueAt: new Date('2026-05-31T14:59:59Z'), overdueAt: new Date('2026-05-31T14:59:59Z') });
    // the wrongful-purpose rule touches only the final report
    expect(clockDeadline(aware, prelim, true)).toEqual(clockDeadline(aware, prelim, false));
  });

  it('moves through upcoming, due soon, due and overdue by Japan day', () => {
    const c = { ...clockDeadline(aware, prelim, false), doneAt: null, waived: false };
    const at = (s: string) => clockState(c, new Date(s));
    expect(at('2026-04-02T14:59:59Z')).toBe('upcoming'); // 2 April 23:59:59 JST
    expect(at('2026-04-02T15:00:00Z')).toBe('due_soon'); // 3 April 00:00 JST, the day before
    expect(at('2026-04-03T15:00:00Z')).toBe('due'); // 4 April, the due day
    expect(at('2026-04-06T14:59:59Z')).toBe('due'); // until the end of 6 April
    expect(at('2026-04-06T15:00:00Z')).toBe('overdue');
    expect(reachedStage(c, new Date('2026-04-02T00:00:00Z'))).toBeNull();
    expect(reachedStage(c, new Date('2026-04-07T00:00:00Z'))).toBe('overdue');
    expect(clockState({ ...c, doneAt: new Date() }, new Date('2026-05-01T00:00:00Z'))).toBe('done');
    expect(clockState({ ...c, waived: true }, new Date('2026-05-01T00:00:00Z'))).toBe('waived');
    expect(daysLeft(c.dueAt, new Date('2026-04-01T01:00:00Z'))).toBe(3);
    expect(daysLeft(c.dueAt, new Date('2026-04-06T01:00:00Z'))).toBe(-2);
  });

  it('plans only enabled clocks; an awareness date in the past gives clocks already overdue', () => {
    const settings = DEFAULT_CLOCK_SETTINGS.map((s) => (s.kind === 'sponsor' ? { ...s, enabled: false } : s));
    const plan = planClocks(new Date('2026-03-20T03:00:00Z'), settings, false);
    expect(plan.map((p) => p.kind)).not.toContain('sponsor');
    expect(plan).toHaveLength(6);
    const p = plan.find((x) => x.kind === 'ppc_preliminary')!;
    expect(clockState({ ...p, doneAt: null, waived: false }, new Date('2026-04-01T00:00:00Z'))).toBe('overdue');
  });
});
