import type { BreachResult } from '../../../shared/breach.js';
import type { ClockKind, IncidentKind } from '../../../shared/incidents.js';

export type Lang = 'ja' | 'en';

/**
 * The wording of the draft reports to the PPC (a regulatory filing), also used by the deadline emails
 * and the incident timeline. It is kept here rather than taken from the screens' labels in
 * `src/shared/labels`, which word some clocks, results and kinds differently.
 */
export const CLOCK_LABEL: Record<Lang, Record<ClockKind, string>> = {
  ja: {
    ppc_preliminary: '個人情報保護委員会への速報',
    ppc_final: '個人情報保護委員会への確報',
    notify_subjects: '本人への通知',
    ethics_committee: '倫理審査委員会への報告',
    institution_heads: '関係機関の長への報告',
    sponsor: '研究資金提供者・スポンサーへの報告',
    steering_committee: '運営委員会への報告',
  },
  en: {
    ppc_preliminary: 'Preliminary report to the PPC',
    ppc_final: 'Final report to the PPC',
    notify_subjects: 'Notice to the people affected',
    ethics_committee: 'Report to the ethics review committee',
    institution_heads: 'Report to the heads of the institutions involved',
    sponsor: 'Report to the sponsor / funder',
    steering_committee: 'Report to the steering committee',
  },
};

/** What happened to a clock, for its timeline entry. */
export const CLOCK_VERB: Record<Lang, { waived: string; withdrawn: string }> = {
  ja: { waived: '対応不要として免除', withdrawn: '免除を取り消し（再び未対応）' },
  en: { waived: 'waived as not needed', withdrawn: 'waiver withdrawn (pending again)' },
};

export const RESULT_LABEL: Record<Lang, Record<BreachResult, string>> = {
  ja: { reportable: '報告対象', not_reportable: '報告対象外', undetermined: '未確定（未回答の項目あり）' },
  en: { reportable: 'Reportable', not_reportable: 'Not reportable', undetermined: 'Undetermined (questions unanswered)' },
};

export const KIND_LABEL: Record<Lang, Record<IncidentKind, string>> = {
  ja: {
    lost_device: '機器・媒体の紛失・盗難',
    misdelivery: '誤送信・誤送付',
    unauthorized_access: '不正アクセス',
    malware: 'マルウェア感染',
    credential_loss: 'アカウント・パスワードの紛失',
    credential_sharing: 'アカウントの共有',
    data_alteration: 'データの改ざん・破壊',
    system_outage: 'システム停止',
    physical: '物理的な事故',
    other: 'その他',
  },
  en: {
    lost_device: 'Lost or stolen device or media',
    misdelivery: 'Misdelivery',
    unauthorized_access: 'Unauthorized access',
    malware: 'Malware',
    credential_loss: 'Lost account or password',
    credential_sharing: 'Shared account',
    data_alteration: 'Data altered or destroyed',
    system_outage: 'System outage',
    physical: 'Physical incident',
    other: 'Other',
  },
};

/** An instant as Japan time, "2026-04-04 23:59". */
export function jst(d: Date): string {
  return new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
