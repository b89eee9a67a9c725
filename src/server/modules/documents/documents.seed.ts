import { eq, sql } from 'drizzle-orm';
import { EVERYONE } from '../../../shared/audience.js';
import type { GuidelineFamily } from '../../../shared/documents.js';
import { systemActor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import { documents, documentVersions } from '../../db/schema/index.js';
import { insertHistory } from './versions.service.js';

/** Serialises seeding across app nodes sharing one PostgreSQL. */
const SEED_LOCK = 727_560;
export const POLICY_CODE = 'POL-032';

/** A summary of the Information Security Policy (No. 32) in the product's own words, by clause. */
const POLICY_JA = `# 情報セキュリティポリシー（ポリシー No. 32）の要約

この文書は、研究グループの情報セキュリティポリシーの要点を Mamori の言葉でまとめたものです。正式な条文は紙の原本を参照してください。

## 1. 目的と範囲（P32-1）
- 研究で扱う情報と、それを扱うシステムはすべて守るべき**情報資産**です。
- 最優先は個人情報などの秘密情報を守ることです。あわせて、情報を正確・完全に保ち、障害や災害のあとも研究を続けられるようにします。
- 関係する法令・指針・規程は、常に最新版に従います。

## 2. 一人ひとりが守ること（P32-2）
- 施設で扱う情報は施設の規則に従い、漏えいなどに気づいたら情報セキュリティ管理責任者へすぐ報告します。
- データセンターや事務局との秘密情報のやり取りでは、紛失・漏えい・改変を起こしません。
- 個人アカウントとパスワードは自分だけのものです。人に教えず、なくしたらすぐデータセンターへ届け出ます。
- グループ ID はその施設の研究者以外に渡しません。忘れたら施設コーディネーターに確認します。
- 異動など登録内容が変わったら、決められた手順で速やかに届け出ます。
- データセンターと運営事務局の職員は、第 5 章のガイドラインに従います。

## 3. 体制（P32-3）
運営委員会の副委員長が情報セキュリティ管理責任者として全体を統括します。

## 4. リスクへの対応（P32-4）
資産の重要度・脅威・脆弱性を評価して対策を保ちます。事故が起きたら原因を速やかに突き止め、できる限りの対応をとり、再発を防ぎます。

## 5. 具体的な対策（P32-5）
物理的・人的・技術的・運用の 4 分野でガイドラインを定めます。

## 6. 周知と教育（P32-6）
ポリシーを全員に知らせ、継続して教育します。

## 7. 違反への対応（P32-7）
違反があった場合は、管理責任者が重さと事情に応じて処分を決め、運営委員会へ報告します。

## 8. 見直し（P32-8）
ポリシーと対策は定期的に見直し、改善を続けます。
`;

const POLICY_EN = `# Information Security Policy (Policy No. 32) — summary

This document summarises the research group's information security policy in Mamori's own words. The authoritative text is the paper original.

## 1. Purpose and scope (P32-1)
- All information used in research, and the systems that handle it, are **information assets** to protect.
- Protecting personal and other confidential information comes first; information is also kept accurate and complete, and research keeps going after failures and disasters.
- The applicable laws, guidelines and rules are followed in their current revision.

## 2. What everyone does (P32-2)
- Information kept at a hospital follows the hospital's rules; a suspected breach is reported to the information security manager at once.
- Confidential information exchanged with the data center and the offices is not lost, leaked or altered.
- A personal account and its password are yours alone: never share them, and report a loss to the data center at once.
- A group ID is given only to the site's researchers; a forgotten one is asked of the site coordinator.
- Changes to your registration (e.g. moving to another institution) are reported promptly by the set procedure.
- Data center and operations office staff follow the guidelines of chapter 5.

## 3. Organisation (P32-3)
The vice-chair of the steering committee leads the programme as the information security manager.

## 4. Managing risk (P32-4)
Assets, threats and vulnerabilities are assessed and adequate measures kept. After an incident, the cause is found quickly, the response is the best possible, and recurrence is prevented.

## 5. Concrete measures (P32-5)
Guidelines are kept in four families: physical, human, technical and operational.

## 6. Awareness and education (P32-6)
Everyone is told about the policy and educated continuously.

## 7. Violations (P32-7)
The manager decides sanctions by severity and circumstances and reports them to the steering committee.

## 8. Review (P32-8)
The policy and the measures are reviewed at set times and improved continuously.
`;

const HISTORY = [
  { version: '1.0', effectiveFrom: '2008-08-05', changeNote: 'First approval by the steering committee. / 運営委員会で制定。', bodies: false },
  { version: '2.0', effectiveFrom: '2009-07-10', changeNote: 'Revision approved by the steering committee. / 運営委員会で改定。', bodies: false },
  { version: '3.0', effectiveFrom: '2017-08-28', changeNote: 'Revision approved by the steering committee; the current text. / 運営委員会で改定（現行版）。', bodies: true },
];

const GUIDELINES: { code: string; family: GuidelineFamily; titleJa: string; titleEn: string; outlineJa: string; outlineEn: string }[] = [
  {
    code: 'GL-PHY-01',
    family: 'physical',
    titleJa: '物理的セキュリティガイドライン',
    titleEn: 'Physical security guideline',
    outlineJa: '## 目次（案）\n1. 執務室とサーバ室の入退室管理\n2. 機器と記録媒体の持ち出し・廃棄\n3. 紙の資料の保管と施錠\n4. 災害への備え\n',
    outlineEn: '## Outline (draft)\n1. Entry to offices and the server room\n2. Taking equipment and media out; disposal\n3. Keeping paper records locked\n4. Disaster preparedness\n',
  },
  {
    code: 'GL-HUM-01',
    family: 'human',
    titleJa: '人的セキュリティガイドライン',
    titleEn: 'Human security guideline',
    outlineJa: '## 目次（案）\n1. 着任時の誓約と教育\n2. 年次の教育と理解度の確認\n3. 委託先の従事者の管理\n4. 離任時のアカウント停止\n',
    outlineEn: '## Outline (draft)\n1. Pledge and training when joining\n2. Yearly training and quizzes\n3. Contractors\n4. Closing accounts on leaving\n',
  },
  {
    code: 'GL-TEC-01',
    family: 'technical',
    titleJa: '技術的セキュリティガイドライン',
    titleEn: 'Technical security guideline',
    outlineJa: '## 目次（案）\n1. アカウントと多要素認証\n2. 暗号化とバックアップ\n3. ログの記録と点検\n4. 脆弱性への対応\n',
    outlineEn: '## Outline (draft)\n1. Accounts and two-factor sign-in\n2. Encryption and backups\n3. Logging and log review\n4. Handling vulnerabilities\n',
  },
  {
    code: 'GL-OPS-01',
    family: 'operational',
    titleJa: '運用セキュリティガイドライン',
    titleEn: 'Operational security guideline',
    outlineJa: '## 目次（案）\n1. 秘密情報の受け渡し手順\n2. インシデントの報告と対応\n3. 変更管理\n4. 定期的な見直し\n',
    outlineEn: '## Outline (draft)\n1. Exchanging confidential information\n2. Reporting and handling incidents\n3. Change management\n4. Periodic review\n',
  },
];

/**
 * Adds, once, the Information Security Policy with its history (approved 2008-08-05, revised
 * 2009-07-10 and 2017-08-28: entered as history, never assigned for acknowledgment) and one draft
 * guideline per P32-5 family. A document is added only when its code is free, so nothing an
 * administrator changed comes back. Returns how many documents it added.
 */
export async function seedDocuments(ctx: AppContext): Promise<number> {
  const [done] = await ctx.db.select({ id: documents.id }).from(documents).where(eq(documents.code, POLICY_CODE));
  if (done) return 0;
  const actor = systemActor('seed:documents');
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const now = ctx.clock.now();
    const [policy] = await tx
      .insert(documents)
      .values({ code: POLICY_CODE, kind: 'policy', titleJa: '情報セキュリティポリシー', titleEn: 'Information Security Policy', audience: EVERYONE, requiresAck: true, ackDueDays: 30, reviewIntervalMonths: 12, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: documents.code })
      .returning();
    if (!policy) return 0;
    let added = 1;
    for (const h of HISTORY) {
      await insertHistory(ctx, tx, actor, policy, {
        version: h.version,
        effectiveFrom: h.effectiveFrom,
        committeeApprovedOn: h.effectiveFrom,
        changeNote: h.changeNote,
        bodyJa: h.bodies ? POLICY_JA : '',
        bodyEn: h.bodies ? POLICY_EN : '',
      }, { audit: false });
    }
    for (const g of GUIDELINES) {
      const [doc] = await tx
        .insert(documents)
        .values({ code: g.code, kind: 'guideline', family: g.family, titleJa: g.titleJa, titleEn: g.titleEn, audience: { ...EVERYONE, roles: ['data_center_staff', 'operations_office_staff'] }, requiresAck: true, createdAt: now, updatedAt: now })
        .onConflictDoNothing({ target: documents.code })
        .returning();
      if (!doc) continue;
      added++;
      await tx.insert(documentVersions).values({ documentId: doc.id, version: '0.1', status: 'draft', bodyJa: `# ${g.titleJa}\n\n方針 P32-5 と P32-2.2 に基づき、データセンターと運営事務局の職員が守る対策を定めます。\n\n${g.outlineJa}`, bodyEn: `# ${g.titleEn}\n\nUnder policy P32-5 and P32-2.2: the measures data center and operations office staff follow.\n\n${g.outlineEn}`, changeNote: 'Outline', createdAt: now });
    }
    return added;
  });
}
