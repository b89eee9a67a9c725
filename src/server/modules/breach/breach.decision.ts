import type { AssessmentAnswers, BreachTrigger, DecisionDto } from '../../../shared/breach.js';

/**
 * Whether a leak, loss or damage of personal data (or a suspicion of one) must be reported to the
 * Personal Information Protection Commission and notified to the people affected (APPI Art. 26(1);
 * Enforcement Rules Art. 7). Pure: the same answers always give the same result and reasoning.
 *
 * The rule, in order:
 * 1. No personal information → not reportable. Not known yet → undetermined.
 * 2. The triggers (Art. 7 items 1–4): special-care personal information; data whose misuse may
 *    cause financial damage; a suspected wrongful purpose (unauthorized access, theft, an insider);
 *    more than 1,000 people (the count, or the estimate when the count is unknown). Items 1–3
 *    apply from a single person.
 * 3. The exemption: data protected by high-level encryption whose key was kept apart and has not
 *    leaked is not "personal data" for Art. 7. It must be claimed positively (both answers yes);
 *    encryption that is unknown, or a key that may have leaked, does not exempt.
 * 4. A trigger that applies and no exemption → reportable. No trigger applies: not reportable when
 *    every trigger was answered "no" (or the exemption holds), else undetermined, naming the
 *    questions still open.
 */
export function decideBreach(a: AssessmentAnswers): DecisionDto {
  const over1000: boolean | null = a.peopleAffected !== null ? a.peopleAffected > 1000 : a.moreThan1000;
  const answers: Record<BreachTrigger, boolean | null> = {
    special_care: a.specialCare,
    financial_damage: a.financialRisk,
    wrongful_purpose: a.wrongfulPurpose,
    over_1000: over1000,
  };
  const triggers = (Object.keys(answers) as BreachTrigger[]).filter((k) => answers[k] === true);
  const openTriggers = (Object.keys(answers) as BreachTrigger[]).filter((k) => answers[k] === null);
  const exempt = a.encrypted === true && a.keySafe === true;
  const wrongful = a.wrongfulPurpose === true;
  const ja: string[] = [];
  const en: string[] = [];

  if (a.personalInfo === 'no') {
    ja.push('個人情報は含まれていないため、個人情報保護法第26条の報告・本人通知の対象外です。');
    en.push('No personal information is involved, so APPI Art. 26 reporting and notification do not apply.');
    return { result: 'not_reportable', triggers: [], missing: [], exempt: false, wrongfulPurpose: false, reasoningJa: ja.join('\n'), reasoningEn: en.join('\n') };
  }
  if (a.personalInfo === 'unknown') {
    ja.push('個人情報が含まれるかどうかが未確認のため、判定できません。まず含まれるかどうかを確認してください。');
    en.push('It is not yet known whether personal information is involved, so no decision can be made. Establish that first.');
    return { result: 'undetermined', triggers, missing: ['personalInfo'], exempt: false, wrongfulPurpose: wrongful, reasoningJa: ja.join('\n'), reasoningEn: en.join('\n') };
  }

  for (const t of triggers) {
    ja.push(`該当：${TRIGGER_JA[t]}（個人情報保護法施行規則第7条第${ITEM[t]}号）。`);
    en.push(`Applies: ${TRIGGER_EN[t]} (APPI Enforcement Rules Art. 7 item ${ITEM[t]}).`);
  }
  if (a.peopleAffected !== null && !triggers.includes('over_1000')) {
    ja.push(`本人の数は ${a.peopleAffected.toLocaleString('ja-JP')} 人で、1,000人を超えていません。`);
    en.push(`${a.peopleAffected.toLocaleString('en-US')} people are affected, not more than 1,000.`);
  }

  if (exempt) {
    ja.push('高度な暗号化等の措置が講じられ、復号鍵も漏えいしていないため、報告対象の個人データから除かれます（施行規則第7条柱書）。除外の根拠を記録に残してください。');
    en.push('The data was protected by high-level encryption and the key has not leaked, so it is excluded from the reportable personal data (Enforcement Rules Art. 7, opening words). Keep the grounds for the exemption on record.');
    return { result: 'not_reportable', triggers, missing: [], exempt: true, wrongfulPurpose: wrongful, reasoningJa: ja.join('\n'), reasoningEn: en.join('\n') };
  }

  if (triggers.length) {
    if (a.encrypted === true && a.keySafe !== true) {
      ja.push(a.keySafe === false ? '暗号化されていましたが、復号鍵も漏えいしたおそれがあるため、除外は適用されません。' : '暗号化されていましたが、復号鍵が安全かどうか未確認のため、除外は適用していません。');
      en.push(a.keySafe === false ? 'The data was encrypted, but the key may have leaked too, so the exemption does not apply.' : 'The data was encrypted, but it is not established that the key is safe, so the exemption is not applied.');
    } else if (a.encrypted === null) {
      ja.push('高度な暗号化が確認できないため、除外は適用していません。');
      en.push('High-level encryption has not been established, so the exemption is not applied.');
    }
    ja.push('個人情報保護委員会への報告（速報・確報）と本人への通知が必要です（個人情報保護法第26条）。');
    en.push('A report to the Personal Information Protection Commission (preliminary and final) and notice to the people affected are required (APPI Art. 26).');
    if (wrongful) {
      ja.push('不正の目的によるおそれがあるため、確報の期限は把握日から60日です。');
      en.push('Because a wrongful purpose is suspected, the final report is due 60 days from the awareness date.');
    }
    return { result: 'reportable', triggers, missing: [], exempt: false, wrongfulPurpose: wrongful, reasoningJa: ja.join('\n'), reasoningEn: en.join('\n') };
  }

  if (openTriggers.length) {
    const missing = openTriggers.map((t) => TRIGGER_FIELD[t]);
    ja.push(`次の項目が未確認のため判定できません：${openTriggers.map((t) => TRIGGER_JA[t]).join('、')}。`);
    en.push(`Not decided: still unknown — ${openTriggers.map((t) => TRIGGER_EN[t]).join('; ')}.`);
    return { result: 'undetermined', triggers, missing, exempt: false, wrongfulPurpose: false, reasoningJa: ja.join('\n'), reasoningEn: en.join('\n') };
  }

  ja.push('施行規則第7条各号のいずれにも該当しないため、個人情報保護委員会への報告と本人通知の義務はありません。');
  en.push('None of the items of Enforcement Rules Art. 7 applies, so there is no duty to report to the Commission or to notify the people affected.');
  return { result: 'not_reportable', triggers: [], missing: [], exempt: false, wrongfulPurpose: false, reasoningJa: ja.join('\n'), reasoningEn: en.join('\n') };
}

const ITEM: Record<BreachTrigger, number> = { special_care: 1, financial_damage: 2, wrongful_purpose: 3, over_1000: 4 };
const TRIGGER_FIELD: Record<BreachTrigger, string> = { special_care: 'specialCare', financial_damage: 'financialRisk', wrongful_purpose: 'wrongfulPurpose', over_1000: 'peopleAffected' };
export const TRIGGER_JA: Record<BreachTrigger, string> = {
  special_care: '要配慮個人情報が含まれる',
  financial_damage: '不正に利用されると財産的被害が生じるおそれがある',
  wrongful_purpose: '不正の目的によるおそれがある',
  over_1000: '本人の数が1,000人を超える',
};
export const TRIGGER_EN: Record<BreachTrigger, string> = {
  special_care: 'special-care personal information is involved',
  financial_damage: 'misuse may cause financial damage',
  wrongful_purpose: 'a wrongful purpose is suspected',
  over_1000: 'more than 1,000 people are affected',
};
