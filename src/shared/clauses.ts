import { z } from 'zod';

/**
 * The clauses of the group's Information Security Policy (Policy No. 32), as the product refers to
 * them: an id (`P32-2.1.3b`), a short title in our own words (never the policy's sentences), and
 * the product features that put the clause into practice. The clause map (src/web/routes/clause-map)
 * shows, for each clause, these features, the controls linked to it and their evidence; incidents,
 * violations and documents cite clauses by these ids.
 */

/** A product feature that helps meet a clause, with the page that shows it. */
export const FEATURES = {
  assets: { ja: '情報資産台帳', en: 'Asset register', path: '/assets' },
  risks: { ja: 'リスク台帳', en: 'Risk register', path: '/risks' },
  controls: { ja: '管理策カタログ', en: 'Control catalogue', path: '/controls' },
  soa: { ja: '適用宣言書', en: 'Statement of applicability', path: '/controls/soa' },
  laws: { ja: '法令・規範の台帳', en: 'Laws and norms register', path: '/laws' },
  organization: { ja: '組織と関係者の名簿', en: 'Organization and people', path: '/people' },
  accounts: { ja: '個人アカウントの発行と管理', en: 'Personal accounts', path: '/accounts' },
  security: { ja: '多要素認証とセッション管理', en: 'Two-factor sign-in and sessions', path: '/security' },
  pledge: { ja: '利用開始時の誓約', en: 'Onboarding pledge', path: '/onboarding' },
  credential_loss: { ja: '認証情報の紛失報告', en: 'Lost-credential reports', path: '/accounts/credential-loss' },
  sharing_signals: { ja: 'アカウント共用の兆候', en: 'Account-sharing signals', path: '/accounts/sharing' },
  group_ids: { ja: 'グループ ID の管理', en: 'Group ID management', path: '/admin/group-ids' },
  group_ids_site: { ja: '施設でのグループ ID 確認・再送', en: 'Group IDs at the site', path: '/group-ids' },
  registration_changes: { ja: '登録内容の変更届', en: 'Registration changes', path: '/registration-changes/queue' },
  access_reviews: { ja: 'アクセス権の定期レビュー', en: 'Access reviews', path: '/access-reviews' },
  audit_log: { ja: '改ざん検知つき監査ログ', en: 'Tamper-evident audit log', path: '/audit' },
  secure_exchange: { ja: '機密ファイルの安全な受け渡し', en: 'Secure file exchange', path: '/exchange' },
  incidents: { ja: 'インシデントの報告と対応', en: 'Incident reporting and response', path: '/incidents' },
  violations: { ja: '違反事案と処分', en: 'Violations and sanctions', path: '/violations' },
  documents: { ja: '規程・手順書の管理と周知', en: 'Policy and procedure library', path: '/documents' },
  training: { ja: '教育・研修と理解度確認', en: 'Training and quizzes', path: '/training' },
  coverage: { ja: '周知・教育の達成状況', en: 'Acknowledgment and training coverage', path: '/coverage' },
  management_reviews: { ja: '定期見直しと内部監査', en: 'Reviews and internal audits', path: '/management-reviews', planned: true },
} as const satisfies Record<string, { ja: string; en: string; path: string; planned?: boolean }>;

export type FeatureKey = keyof typeof FEATURES;
export const FEATURE_KEYS = Object.keys(FEATURES) as FeatureKey[];

export interface Clause {
  /** `P32-2.1.3b`; the policy's history is `P32-history`. */
  id: string;
  /** The clause this one belongs to (`P32-2.1.3` for `P32-2.1.3b`), for indenting the map. */
  parent?: string;
  titleJa: string;
  titleEn: string;
  /** The features that implement it, most direct first. */
  features: readonly FeatureKey[];
}

/** Every clause of Policy No. 32, in the policy's order. */
export const CLAUSES: readonly Clause[] = [
  { id: 'P32-1.1', titleJa: '研究情報とそれを扱うシステムを情報資産として守る', titleEn: 'Research information and its systems are assets to protect', features: ['assets', 'risks', 'controls'] },
  { id: 'P32-1.2.1', titleJa: '個人情報などの秘密情報の保護を最優先にする', titleEn: 'Confidential and personal information comes first', features: ['assets', 'accounts', 'access_reviews', 'audit_log', 'secure_exchange'] },
  { id: 'P32-1.2.2', titleJa: '研究情報を正確・完全に保つ（完全性）', titleEn: 'Keep research information accurate and complete', features: ['audit_log', 'assets', 'secure_exchange'] },
  { id: 'P32-1.2.3', titleJa: '障害や災害の後も研究を続けられるようにする（可用性）', titleEn: 'Keep research running through failures and disasters', features: ['assets', 'risks', 'controls'] },
  { id: 'P32-1.3', titleJa: '関係する法令・指針・規程の最新版に従う', titleEn: 'Follow the current revision of applicable laws and guidelines', features: ['laws', 'controls'] },
  { id: 'P32-1.4', titleJa: '用語の定義（機密性・完全性・可用性、個人情報、要配慮個人情報、秘密情報、認証情報など）', titleEn: 'Definitions: security, assets, personal and confidential information, credentials', features: ['assets'] },
  { id: 'P32-2.1.1', titleJa: '施設で扱う資産は施設の規則に従い、漏えいなどは管理責任者へすぐ報告する', titleEn: 'Follow the site’s rules at hospitals; report breaches to the manager promptly', features: ['incidents'] },
  { id: 'P32-2.1.2', titleJa: 'データセンター等との秘密情報のやり取りで紛失・漏えい・改変を起こさない', titleEn: 'Exchange confidential information without loss, leaks or alteration', features: ['secure_exchange'] },
  { id: 'P32-2.1.3', titleJa: '個人アカウントとグループ ID を認証情報として厳格に管理する', titleEn: 'Manage personal accounts and group IDs strictly as credentials', features: ['accounts', 'security', 'group_ids'] },
  { id: 'P32-2.1.3a', parent: 'P32-2.1.3', titleJa: '個人アカウントとパスワードを他人に教えない・共用しない', titleEn: 'Never share a personal account or its password', features: ['pledge', 'security', 'sharing_signals'] },
  { id: 'P32-2.1.3b', parent: 'P32-2.1.3', titleJa: 'アカウントやパスワードをなくしたらデータセンターへすぐ届け出る', titleEn: 'Report lost credentials to the data center at once', features: ['credential_loss'] },
  { id: 'P32-2.1.3c', parent: 'P32-2.1.3', titleJa: '認証情報を書き留めた紙やファイルは人目に触れないよう保管する', titleEn: 'Keep written-down credentials out of others’ sight', features: ['pledge', 'security'] },
  { id: 'P32-2.1.3d', parent: 'P32-2.1.3', titleJa: 'グループ ID は施設の研究者以外に渡さない', titleEn: 'Give a group ID only to the site’s researchers', features: ['group_ids', 'group_ids_site', 'audit_log'] },
  { id: 'P32-2.1.3e', parent: 'P32-2.1.3', titleJa: 'グループ ID を忘れたら施設コーディネーターに確認する', titleEn: 'Ask the site coordinator for a forgotten group ID', features: ['group_ids_site'] },
  { id: 'P32-2.1.3f', parent: 'P32-2.1.3', titleJa: '異動など登録内容の変更は決められた手順で速やかに届け出る', titleEn: 'Report registration changes (e.g. moving site) promptly', features: ['registration_changes', 'access_reviews'] },
  { id: 'P32-2.2', titleJa: 'データセンター・運営事務局の職員は第 5 章のガイドラインを守る', titleEn: 'Central staff follow the security guidelines of chapter 5', features: ['controls', 'documents'] },
  { id: 'P32-3', titleJa: '情報セキュリティ管理責任者（運営委員会副委員長）が全体を統括する', titleEn: 'The information security manager leads the programme', features: ['organization', 'audit_log'] },
  { id: 'P32-4', titleJa: '資産・脅威・脆弱性を評価して対策を保ち、事故には原因究明と再発防止で臨む', titleEn: 'Assess risks and keep measures; investigate and prevent incidents', features: ['assets', 'risks', 'controls', 'incidents'] },
  { id: 'P32-5', titleJa: '物理的・人的・技術的・運用の 4 分野で具体的な対策を定める', titleEn: 'Concrete measures in four families: physical, human, technical, operational', features: ['controls', 'soa'] },
  { id: 'P32-6', titleJa: '方針を周知し、継続して教育する', titleEn: 'Make the policy known and keep educating', features: ['pledge', 'documents', 'training', 'coverage'] },
  { id: 'P32-7', titleJa: '違反には管理責任者が処分を決め、運営委員会へ報告する', titleEn: 'The manager decides sanctions for violations and reports them', features: ['violations'] },
  { id: 'P32-8', titleJa: '方針と対策を定期的に見直し、改善を続ける', titleEn: 'Review the policy and measures regularly; keep improving', features: ['access_reviews', 'soa', 'management_reviews'] },
  { id: 'P32-history', titleJa: '制定・改定の履歴（2008 年制定、2009 年・2017 年改定）', titleEn: 'Approval and revision history (2008; revised 2009, 2017)', features: ['documents'] },
];

export const CLAUSE_IDS = CLAUSES.map((c) => c.id);
export const ClauseId = z.enum(CLAUSE_IDS as [string, ...string[]]);
export type ClauseId = z.infer<typeof ClauseId>;

const byId = new Map(CLAUSES.map((c) => [c.id, c]));
/** One clause by id, or undefined. */
export const clauseById = (id: string): Clause | undefined => byId.get(id);
