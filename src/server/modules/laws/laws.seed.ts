import { eq, inArray, isNull, and } from 'drizzle-orm';
import type { LawKind, LawStatus } from '../../../shared/laws.js';
import type { Conn } from '../../db/client.js';
import { lawRevisions, laws } from '../../db/schema/index.js';

/**
 * The laws and norms P32-1.3 names, pre-filled on a fresh install. Titles, numbers and dates are
 * facts; a date is given only as precisely as it is known (and the "latest revision" only where
 * we are sure no later one exists), so the manager confirms and completes the rest (`verifiedOn`
 * stays empty until someone does). Summaries are our own words.
 */
interface SeedLaw {
  key: string;
  titleJa: string;
  titleEn: string;
  shortNameJa?: string;
  shortNameEn?: string;
  kind: LawKind;
  issuerJa?: string;
  issuerEn?: string;
  referenceNumber?: string;
  lastRevisedOn?: string;
  url?: string;
  summaryJa: string;
  summaryEn: string;
  status: LawStatus;
  replacedBy?: string;
  revisions: { on: string; ja: string; en: string }[];
}

const EGOV = 'https://laws.e-gov.go.jp/law/';

export const SEED_LAWS: SeedLaw[] = [
  {
    key: 'appi',
    titleJa: '個人情報の保護に関する法律',
    titleEn: 'Act on the Protection of Personal Information',
    shortNameJa: '個人情報保護法',
    shortNameEn: 'APPI',
    kind: 'law',
    issuerJa: '国（所管: 個人情報保護委員会）',
    issuerEn: 'National Diet (administered by the Personal Information Protection Commission)',
    referenceNumber: '平成15年法律第57号',
    url: `${EGOV}415AC0000000057`,
    summaryJa:
      '個人情報を扱う事業者や行政機関などが守るべき基本的なルールを定めた法律。利用目的の特定、安全管理措置、第三者への提供の制限、本人からの開示請求への対応などを求めている。病歴などを含む要配慮個人情報は、取得や提供にとくに厳しい条件がある。漏えい等が起きたときは、一定の場合に個人情報保護委員会への報告と本人への通知が必要になる。2021年の改正で、国の行政機関・独立行政法人等・地方公共団体の個人情報の扱いもこの法律にまとめられた。',
    summaryEn:
      'The basic rules for businesses, public bodies and others that handle personal information: specify the purpose of use, keep the data secure, limit disclosure to third parties, and answer the data subject’s requests. Special-care personal information, which includes medical history, is subject to stricter conditions for collection and disclosure. Certain leaks must be reported to the Personal Information Protection Commission and notified to the people affected. The 2021 amendment brought national administrative organs, incorporated administrative agencies and local governments under this one Act.',
    status: 'in_force',
    revisions: [
      { on: '2003-05-30', ja: '公布（平成15年法律第57号）。', en: 'Promulgated (Act No. 57 of 2003).' },
      { on: '2015-09-09', ja: '改正法の公布（平成27年法律第65号）。個人情報保護委員会の設置、要配慮個人情報の新設など。', en: 'Amending act promulgated (Act No. 65 of 2015): the Personal Information Protection Commission, the new category of special-care personal information, and more.' },
      { on: '2020-06-12', ja: '改正法の公布（令和2年法律第44号）。漏えい等の報告・本人通知の義務化など。2022年4月1日施行。', en: 'Amending act promulgated (Act No. 44 of 2020): mandatory breach reports and notifications, and more. In force from 1 April 2022.' },
      { on: '2021-05-19', ja: 'デジタル社会形成整備法（令和3年法律第37号）による改正の公布。公的部門の規律をこの法律に一本化。', en: 'Amended by the Digital Society Formation Act (Act No. 37 of 2021), promulgated: the rules for the public sector merged into this Act.' },
      { on: '2022-04-01', ja: '2020年改正と、2021年改正のうち国の行政機関・独立行政法人等に関する部分の施行。', en: 'The 2020 amendment, and the 2021 amendment’s provisions for national administrative organs and incorporated administrative agencies, take effect.' },
      { on: '2023-04-01', ja: '2021年改正のうち地方公共団体に関する部分の施行。', en: 'The 2021 amendment’s provisions for local governments take effect.' },
    ],
  },
  {
    key: 'appi_administrative_organs',
    titleJa: '行政機関の保有する個人情報の保護に関する法律',
    titleEn: 'Act on the Protection of Personal Information Held by Administrative Organs',
    shortNameJa: '行政機関個人情報保護法',
    kind: 'law',
    issuerJa: '国（所管: 総務省）',
    issuerEn: 'National Diet (administered by the Ministry of Internal Affairs and Communications)',
    referenceNumber: '平成15年法律第58号',
    summaryJa: '国の行政機関が保有する個人情報の扱いを定めていた法律。2021年の改正により個人情報保護法に統合され、2022年4月1日に廃止された。現在は個人情報保護法の公的部門の規定が適用される。',
    summaryEn:
      'Governed personal information held by national administrative organs. Merged into the Act on the Protection of Personal Information by the 2021 amendment and repealed on 1 April 2022; that Act’s public-sector provisions apply instead.',
    status: 'superseded',
    replacedBy: 'appi',
    revisions: [
      { on: '2003-05-30', ja: '公布（平成15年法律第58号）。', en: 'Promulgated (Act No. 58 of 2003).' },
      { on: '2016-05-27', ja: '改正（平成28年法律第51号）。ポリシー No. 32 が最終改正として挙げている改正。', en: 'Amended (Act No. 51 of 2016); the revision Policy No. 32 cites as the latest.' },
      { on: '2022-04-01', ja: '個人情報保護法への統合により廃止。', en: 'Repealed on its merger into the Act on the Protection of Personal Information.' },
    ],
  },
  {
    key: 'appi_incorporated_agencies',
    titleJa: '独立行政法人等の保有する個人情報の保護に関する法律',
    titleEn: 'Act on the Protection of Personal Information Held by Incorporated Administrative Agencies, etc.',
    shortNameJa: '独立行政法人等個人情報保護法',
    kind: 'law',
    issuerJa: '国（所管: 総務省）',
    issuerEn: 'National Diet (administered by the Ministry of Internal Affairs and Communications)',
    referenceNumber: '平成15年法律第59号',
    summaryJa:
      '独立行政法人や国立研究開発法人などが保有する個人情報の扱いを定めていた法律。2021年の改正により個人情報保護法に統合され、2022年4月1日に廃止された。研究機関である法人には、現在は個人情報保護法の規定（学術研究に関する例外を含む）が適用される。',
    summaryEn:
      'Governed personal information held by incorporated administrative agencies, including national research and development agencies. Merged into the Act on the Protection of Personal Information by the 2021 amendment and repealed on 1 April 2022; research institutions among them now follow that Act, including its provisions on academic research.',
    status: 'superseded',
    replacedBy: 'appi',
    revisions: [
      { on: '2003-05-30', ja: '公布（平成15年法律第59号）。', en: 'Promulgated (Act No. 59 of 2003).' },
      { on: '2016-11-28', ja: '改正（平成28年法律第89号）。ポリシー No. 32 が最終改正として挙げている改正。', en: 'Amended (Act No. 89 of 2016); the revision Policy No. 32 cites as the latest.' },
      { on: '2022-04-01', ja: '個人情報保護法への統合により廃止。', en: 'Repealed on its merger into the Act on the Protection of Personal Information.' },
    ],
  },
  {
    key: 'local_ordinances',
    titleJa: '地方公共団体の個人情報保護条例',
    titleEn: 'Personal information protection ordinances of local governments',
    shortNameJa: '個人情報保護条例',
    shortNameEn: 'Local ordinances',
    kind: 'ordinance',
    issuerJa: '各地方公共団体',
    issuerEn: 'Each prefecture and municipality',
    summaryJa:
      '都道府県や市町村が定める個人情報保護のルール（分類としての登録）。公立病院など地方公共団体の機関が参加する場合に関係する。2023年4月1日からは地方公共団体にも個人情報保護法の共通ルールが適用され、条例で定めるのは法律が認める範囲の事項に限られる。個別の条例が必要な場合は、この分類とは別に登録する。',
    summaryEn:
      'The personal information rules made by prefectures and municipalities (registered here as a category). They matter when a public hospital or another local government body takes part. Since 1 April 2023 the common rules of the Act on the Protection of Personal Information apply to local governments too, and ordinances cover only what the Act leaves to them. Register a specific ordinance separately when one is needed.',
    status: 'in_force',
    revisions: [{ on: '2023-04-01', ja: '地方公共団体にも個人情報保護法の共通ルールを適用（2021年改正の施行）。', en: 'The common rules of the Act on the Protection of Personal Information apply to local governments (2021 amendment takes effect).' }],
  },
  {
    key: 'clinical_trials_act',
    titleJa: '臨床研究法',
    titleEn: 'Clinical Trials Act',
    kind: 'law',
    issuerJa: '国（所管: 厚生労働省）',
    issuerEn: 'National Diet (administered by the Ministry of Health, Labour and Welfare)',
    referenceNumber: '平成29年法律第16号',
    url: `${EGOV}429AC0000000016`,
    summaryJa:
      '医薬品などを人に用いてその有効性や安全性を調べる臨床研究について、実施の手続き、認定臨床研究審査委員会による審査、記録の保存、モニタリング、製薬企業等からの資金提供の公表などを定めた法律。未承認・適応外の医薬品等を使う研究や企業から資金を受ける研究は「特定臨床研究」として、より厳しい義務が課される。',
    summaryEn:
      'Sets the procedures for clinical research that tests the efficacy or safety of drugs and devices in people: review by a certified review board, record keeping, monitoring, and disclosure of funding from companies. Research with unapproved or off-label products, or funded by their makers, is "specified clinical research" with stricter duties.',
    status: 'in_force',
    revisions: [
      { on: '2017-04-14', ja: '公布（平成29年法律第16号）。', en: 'Promulgated (Act No. 16 of 2017).' },
      { on: '2018-04-01', ja: '施行。', en: 'Entered into force.' },
    ],
  },
  {
    key: 'declaration_of_helsinki',
    titleJa: 'ヘルシンキ宣言（世界医師会）',
    titleEn: 'Declaration of Helsinki — Ethical Principles for Medical Research Involving Human Participants',
    shortNameJa: 'ヘルシンキ宣言',
    shortNameEn: 'Declaration of Helsinki',
    kind: 'norm',
    issuerJa: '世界医師会（日本語訳: 日本医師会）',
    issuerEn: 'World Medical Association (Japanese translation: Japan Medical Association)',
    lastRevisedOn: '2024-10',
    url: 'https://www.wma.net/policies-post/wma-declaration-of-helsinki/',
    summaryJa:
      '人を対象とする医学研究で医師などが守るべき倫理原則。参加者の福利を研究の利益より優先すること、自由意思によるインフォームド・コンセント、倫理審査委員会による事前審査、参加者のプライバシーと個人情報の秘密の保護、研究の登録と結果の公表などを求めている。ポリシーは日本医師会による日本語訳を参照している。',
    summaryEn:
      'The ethical principles physicians and others follow in medical research involving people: participants’ wellbeing comes before the interests of research; freely given informed consent; prior review by a research ethics committee; protection of participants’ privacy and the confidentiality of their personal information; registration of studies and publication of results. The policy refers to the Japan Medical Association’s Japanese translation.',
    status: 'in_force',
    revisions: [
      { on: '1964-06', ja: '第18回世界医師会総会（ヘルシンキ）で採択。', en: 'Adopted by the 18th WMA General Assembly, Helsinki.' },
      { on: '2013-10', ja: '第64回世界医師会総会（フォルタレザ）で改訂。', en: 'Revised by the 64th WMA General Assembly, Fortaleza.' },
      { on: '2024-10', ja: '第75回世界医師会総会（ヘルシンキ）で改訂。「被験者」を「参加者」と呼ぶなどの見直し。', en: 'Revised by the 75th WMA General Assembly, Helsinki; among other changes, "subjects" became "participants".' },
    ],
  },
  {
    key: 'ethical_guidelines_life_science',
    titleJa: '人を対象とする生命科学・医学系研究に関する倫理指針',
    titleEn: 'Ethical Guidelines for Life Science and Medical Research Involving Human Subjects',
    shortNameJa: '生命・医学系指針',
    shortNameEn: 'Ethical Guidelines (2021)',
    kind: 'guideline',
    issuerJa: '文部科学省・厚生労働省・経済産業省',
    issuerEn: 'Ministry of Education, Culture, Sports, Science and Technology; Ministry of Health, Labour and Welfare; Ministry of Economy, Trade and Industry',
    summaryJa:
      '人を対象とする医学系研究とヒトゲノム・遺伝子解析研究の倫理指針を統合して2021年に定められた指針。研究計画の倫理審査、インフォームド・コンセントの手続き、試料・情報の保管と他機関への提供、個人情報等の安全管理、研究機関の長と研究責任者の責務などを定めている。臨床研究法の対象でない観察研究や介入研究の多くがこの指針に従う。',
    summaryEn:
      'Issued in 2021 by merging the ethical guidelines for medical research involving human subjects with those for human genome and genetic analysis research. Covers ethics review of protocols, informed consent procedures, storing samples and information and providing them to other institutions, the security of personal information, and the duties of heads of institutions and principal investigators. Much observational and interventional research outside the Clinical Trials Act follows these guidelines.',
    status: 'in_force',
    revisions: [
      { on: '2021-03-23', ja: '告示。医学系研究指針とヒトゲノム・遺伝子解析研究指針を統合。', en: 'Issued, merging the medical research guidelines and the human genome and genetic analysis research guidelines.' },
      { on: '2021-06-30', ja: '施行。', en: 'Took effect.' },
    ],
  },
  {
    key: 'ethical_guidelines_medical',
    titleJa: '人を対象とする医学系研究に関する倫理指針',
    titleEn: 'Ethical Guidelines for Medical and Health Research Involving Human Subjects',
    shortNameJa: '医学系研究指針',
    shortNameEn: 'Medical research guidelines (2014)',
    kind: 'guideline',
    issuerJa: '文部科学省・厚生労働省',
    issuerEn: 'Ministry of Education, Culture, Sports, Science and Technology; Ministry of Health, Labour and Welfare',
    summaryJa:
      '疫学研究と臨床研究の倫理指針を一本化した指針。ポリシー No. 32 が準拠先として挙げている。2021年6月30日に、ヒトゲノム・遺伝子解析研究の指針とともに「人を対象とする生命科学・医学系研究に関する倫理指針」へ統合され、廃止された。',
    summaryEn:
      'Unified the earlier guidelines for epidemiological and for clinical research; Policy No. 32 names it. On 30 June 2021 it was merged, together with the human genome and genetic analysis research guidelines, into the Ethical Guidelines for Life Science and Medical Research Involving Human Subjects, and withdrawn.',
    status: 'superseded',
    replacedBy: 'ethical_guidelines_life_science',
    revisions: [
      { on: '2014-12-22', ja: '告示。', en: 'Issued.' },
      { on: '2015-04-01', ja: '施行。', en: 'Took effect.' },
      { on: '2021-06-30', ja: '生命科学・医学系研究の指針への統合により廃止。', en: 'Withdrawn on its merger into the life science and medical research guidelines.' },
    ],
  },
  {
    key: 'ethical_guidelines_genome',
    titleJa: 'ヒトゲノム・遺伝子解析研究に関する倫理指針',
    titleEn: 'Ethical Guidelines for Human Genome and Genetic Analysis Research',
    shortNameJa: 'ゲノム指針',
    shortNameEn: 'Genome research guidelines',
    kind: 'guideline',
    issuerJa: '文部科学省・厚生労働省・経済産業省',
    issuerEn: 'Ministry of Education, Culture, Sports, Science and Technology; Ministry of Health, Labour and Welfare; Ministry of Economy, Trade and Industry',
    summaryJa:
      'ヒトゲノム・遺伝子解析研究における試料・情報の扱い、インフォームド・コンセント、遺伝情報の開示などを定めていた指針。ポリシー No. 32 が準拠先として挙げている。2021年6月30日に「人を対象とする生命科学・医学系研究に関する倫理指針」へ統合され、廃止された。',
    summaryEn:
      'Governed samples and information, informed consent and the disclosure of genetic information in human genome and genetic analysis research; Policy No. 32 names it. Merged on 30 June 2021 into the Ethical Guidelines for Life Science and Medical Research Involving Human Subjects, and withdrawn.',
    status: 'superseded',
    replacedBy: 'ethical_guidelines_life_science',
    revisions: [
      { on: '2001-03-29', ja: '告示。', en: 'Issued.' },
      { on: '2021-06-30', ja: '生命科学・医学系研究の指針への統合により廃止。', en: 'Withdrawn on its merger into the life science and medical research guidelines.' },
    ],
  },
  {
    key: 'medical_care_act',
    titleJa: '医療法',
    titleEn: 'Medical Care Act',
    kind: 'law',
    issuerJa: '国（所管: 厚生労働省）',
    issuerEn: 'National Diet (administered by the Ministry of Health, Labour and Welfare)',
    referenceNumber: '昭和23年法律第205号',
    url: `${EGOV}323AC0000000205`,
    summaryJa:
      '病院・診療所などの開設と管理、医療の安全の確保、医療提供体制などを定めた法律。参加医療機関の診療録などの管理や、臨床研究中核病院の承認にも関係する。',
    summaryEn:
      'Governs opening and running hospitals and clinics, patient safety and the organisation of medical care. Relevant to how participating hospitals manage medical records, and to the designation of core clinical research hospitals.',
    status: 'in_force',
    revisions: [{ on: '1948-07-30', ja: '公布（昭和23年法律第205号）。', en: 'Promulgated (Act No. 205 of 1948).' }],
  },
  {
    key: 'pmd_act',
    titleJa: '医薬品、医療機器等の品質、有効性及び安全性の確保等に関する法律',
    titleEn: 'Act on Securing Quality, Efficacy and Safety of Products Including Pharmaceuticals and Medical Devices',
    shortNameJa: '医薬品医療機器等法（薬機法）',
    shortNameEn: 'PMD Act',
    kind: 'law',
    issuerJa: '国（所管: 厚生労働省）',
    issuerEn: 'National Diet (administered by the Ministry of Health, Labour and Welfare)',
    referenceNumber: '昭和35年法律第145号',
    url: `${EGOV}335AC0000000145`,
    summaryJa:
      '医薬品・医療機器・再生医療等製品などの製造販売の承認、治験の手続き、安全性情報の報告などを定めた法律。承認申請のための治験はこの法律と GCP 省令に従う。旧称は薬事法。',
    summaryEn:
      'Governs approval of pharmaceuticals, medical devices and regenerative medicine products, the conduct of registration trials, and safety reporting. Trials for marketing approval follow this Act and the GCP ordinance. Formerly the Pharmaceutical Affairs Act.',
    status: 'in_force',
    revisions: [
      { on: '1960-08-10', ja: '薬事法として公布（昭和35年法律第145号）。', en: 'Promulgated as the Pharmaceutical Affairs Act (Act No. 145 of 1960).' },
      { on: '2014-11-25', ja: '改正法の施行により現在の題名に改称。', en: 'Renamed to its current title as an amending act took effect.' },
    ],
  },
  {
    key: 'privacy_policy_31',
    titleJa: 'プライバシーポリシー（ポリシー No. 31）',
    titleEn: 'Privacy Policy (Policy No. 31)',
    shortNameJa: 'ポリシー No. 31',
    shortNameEn: 'Policy No. 31',
    kind: 'internal_policy',
    issuerJa: '研究グループ',
    issuerEn: 'The research group',
    summaryJa: '研究グループ自身のプライバシーポリシー。個人情報・要配慮個人情報・診療情報の扱いはこのポリシーに従う（情報セキュリティポリシーはその保護を扱い、開示や公開の基準はこちらに委ねている）。',
    summaryEn:
      'The group’s own privacy policy. Personal, special-care personal and medical information is handled as it says; the information security policy covers protecting that information and leaves the rules on disclosing it to this policy.',
    status: 'in_force',
    revisions: [],
  },
  {
    key: 'security_policy_32',
    titleJa: '情報セキュリティポリシー（ポリシー No. 32）',
    titleEn: 'Information Security Policy (Policy No. 32)',
    shortNameJa: 'ポリシー No. 32',
    shortNameEn: 'Policy No. 32',
    kind: 'internal_policy',
    issuerJa: '研究グループ',
    issuerEn: 'The research group',
    lastRevisedOn: '2017-08-28',
    summaryJa:
      'このシステムが実装している研究グループの情報セキュリティポリシー。情報資産を改ざん・破壊・漏えいから守るための基本方針、準拠する法令・規範、認証情報の管理、管理体制、リスク評価と事故対応、4分野（物理・人的・技術・運用）の対策、教育、違反時の措置、見直しを定めている。',
    summaryEn:
      'The group’s information security policy, which this system implements: the principles for protecting information assets against tampering, destruction and leakage, the laws and norms followed, management of credentials, the organisation, risk assessment and incident response, measures in four families (physical, human, technical, operational), education, sanctions, and review.',
    status: 'in_force',
    revisions: [
      { on: '2008-08-05', ja: '制定（初版承認）。', en: 'First approved.' },
      { on: '2009-07-10', ja: '改訂。', en: 'Revised.' },
      { on: '2017-08-28', ja: '改訂。', en: 'Revised.' },
    ],
  },
];

/**
 * Adds the pre-filled laws that are not there yet (by seed key), with their revisions and
 * "replaced by" links. Safe to run at every start and on several nodes at once; an entry the
 * manager retired stays retired.
 */
export async function seedLaws(conn: Conn): Promise<number> {
  return conn.transaction(async (tx) => {
    const inserted = await tx
      .insert(laws)
      .values(
        SEED_LAWS.map((l) => ({
          seedKey: l.key,
          titleJa: l.titleJa,
          titleEn: l.titleEn,
          shortNameJa: l.shortNameJa ?? null,
          shortNameEn: l.shortNameEn ?? null,
          kind: l.kind,
          issuerJa: l.issuerJa ?? null,
          issuerEn: l.issuerEn ?? null,
          referenceNumber: l.referenceNumber ?? null,
          lastRevisedOn: l.lastRevisedOn ?? null,
          url: l.url ?? null,
          summaryJa: l.summaryJa,
          summaryEn: l.summaryEn,
          status: l.status,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: laws.id, seedKey: laws.seedKey });
    if (!inserted.length) return 0;
    const byKey = new Map((await tx.select({ id: laws.id, seedKey: laws.seedKey }).from(laws).where(inArray(laws.seedKey, SEED_LAWS.map((l) => l.key)))).map((r) => [r.seedKey!, r.id]));
    const fresh = new Set(inserted.map((r) => r.seedKey));
    const revisions = SEED_LAWS.filter((l) => fresh.has(l.key)).flatMap((l) => l.revisions.map((r) => ({ lawId: byKey.get(l.key)!, revisedOn: r.on, noteJa: r.ja, noteEn: r.en })));
    if (revisions.length) await tx.insert(lawRevisions).values(revisions);
    for (const l of SEED_LAWS.filter((x) => fresh.has(x.key) && x.replacedBy)) {
      const target = byKey.get(l.replacedBy!);
      if (target) await tx.update(laws).set({ replacedById: target }).where(and(eq(laws.id, byKey.get(l.key)!), isNull(laws.replacedById)));
    }
    return inserted.length;
  });
}
