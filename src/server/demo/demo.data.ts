/**
 * The demo organization's fixed parts. Every institution, study, company and domain here is
 * fictional; domains are all under example.jp (RFC 2606-style reserved names for Japan), and the
 * study codes follow no real group's numbering.
 */
import type { PrefectureCode } from '../../shared/prefectures.js';

export type GroupKey = 'GI' | 'LC' | 'BC';

export interface DemoResearchGroup {
  key: GroupKey;
  code: string;
  nameJa: string;
  nameEn: string;
}

export const DEMO_GROUPS: readonly DemoResearchGroup[] = [
  { key: 'GI', code: 'MMR-GI', nameJa: '消化器がんグループ', nameEn: 'Gastrointestinal Cancer Group' },
  { key: 'LC', code: 'MMR-LCMO', nameJa: '肺がん内科グループ', nameEn: 'Lung Cancer Medical Oncology Group' },
  { key: 'BC', code: 'MMR-BC', nameJa: '乳がんグループ', nameEn: 'Breast Cancer Group' },
];

export interface DemoInstitution {
  code: string;
  nameJa: string;
  nameEn: string;
  prefecture: PrefectureCode;
  domain: string;
  /** Research groups the site takes part in (one site coordinator each). */
  groups: readonly GroupKey[];
  /** How many researchers the site has besides its site coordinators and study office staff. */
  researchers: number;
}

export const DEMO_INSTITUTIONS: readonly DemoInstitution[] = [
  { code: 'HOKUSHIN-MU', nameJa: '北辰医科大学附属病院', nameEn: 'Hokushin Medical University Hospital', prefecture: '01', domain: 'hokushin-med.example.jp', groups: ['GI', 'LC'], researchers: 7 },
  { code: 'TOHOKU-MEIWA', nameJa: '東北明和大学病院', nameEn: 'Tohoku Meiwa University Hospital', prefecture: '04', domain: 'tohoku-meiwa.example.jp', groups: ['GI', 'LC', 'BC'], researchers: 9 },
  { code: 'SHIRASAGI', nameJa: '東京白鷺記念病院', nameEn: 'Tokyo Shirasagi Memorial Hospital', prefecture: '13', domain: 'shirasagi-hp.example.jp', groups: ['GI', 'BC'], researchers: 7 },
  { code: 'ORYO-U', nameJa: '桜陵大学医学部附属病院', nameEn: 'Oryo University School of Medicine Hospital', prefecture: '13', domain: 'oryo-u.example.jp', groups: ['GI', 'LC', 'BC'], researchers: 11 },
  { code: 'SHONAN-MINATO', nameJa: '湘南みなとがんセンター', nameEn: 'Shonan Minato Cancer Center', prefecture: '14', domain: 'shonan-minato-cc.example.jp', groups: ['GI', 'LC', 'BC'], researchers: 9 },
  { code: 'FUGAKU-CC', nameJa: '県立富岳がんセンター', nameEn: 'Prefectural Fugaku Cancer Center', prefecture: '22', domain: 'fugaku-cc.example.jp', groups: ['GI', 'LC', 'BC'], researchers: 10 },
  { code: 'KINSHACHI-U', nameJa: '金鯱大学医学部附属病院', nameEn: 'Kinshachi University Hospital', prefecture: '23', domain: 'kinshachi-u.example.jp', groups: ['LC', 'BC'], researchers: 8 },
  { code: 'RAKUHOKU-MU', nameJa: '洛北医科大学附属病院', nameEn: 'Rakuhoku Medical University Hospital', prefecture: '26', domain: 'rakuhoku-med.example.jp', groups: ['GI', 'BC'], researchers: 7 },
  { code: 'WANGAN-MC', nameJa: '大阪湾岸総合医療センター', nameEn: 'Osaka Wangan General Medical Center', prefecture: '27', domain: 'wangan-mc.example.jp', groups: ['GI', 'LC'], researchers: 7 },
  { code: 'SETOUCHI-CC', nameJa: '県立瀬戸内がんセンター', nameEn: 'Prefectural Setouchi Cancer Center', prefecture: '34', domain: 'setouchi-cc.example.jp', groups: ['LC', 'BC'], researchers: 7 },
  { code: 'GENKAI-U', nameJa: '玄海大学病院', nameEn: 'Genkai University Hospital', prefecture: '40', domain: 'genkai-u.example.jp', groups: ['GI', 'LC'], researchers: 7 },
  { code: 'RYUKAI-GH', nameJa: '琉海総合病院', nameEn: 'Ryukai General Hospital', prefecture: '47', domain: 'ryukai-gh.example.jp', groups: ['GI', 'BC'], researchers: 5 },
];

export interface DemoStudy {
  code: string;
  group: GroupKey;
  titleJa: string;
  titleEn: string;
}

export const DEMO_STUDIES: readonly DemoStudy[] = [
  {
    code: 'MMR1801',
    group: 'GI',
    titleJa: '切除可能局所進行胃癌に対する術前補助化学療法の有効性を検証するランダム化第III相試験',
    titleEn: 'A randomized phase III trial of neoadjuvant chemotherapy for resectable locally advanced gastric cancer',
  },
  {
    code: 'MMR1905',
    group: 'GI',
    titleJa: '高齢者切除不能進行・再発大腸癌に対する減量一次化学療法の第II相試験',
    titleEn: 'A phase II trial of dose-reduced first-line chemotherapy for elderly patients with unresectable advanced or recurrent colorectal cancer',
  },
  {
    code: 'MMR2003',
    group: 'LC',
    titleJa: '完全切除後II–III期非小細胞肺癌に対する術後補助療法のランダム化比較試験',
    titleEn: 'A randomized controlled trial of adjuvant therapy after complete resection of stage II–III non-small cell lung cancer',
  },
  {
    code: 'MMR2102',
    group: 'LC',
    titleJa: 'PS 2の進展型小細胞肺癌に対する化学療法の第II相試験',
    titleEn: 'A phase II trial of chemotherapy for extensive-stage small cell lung cancer with performance status 2',
  },
  {
    code: 'MMR2204',
    group: 'BC',
    titleJa: 'ホルモン受容体陽性HER2陰性早期乳癌に対する術後内分泌療法期間の非劣性試験',
    titleEn: 'A non-inferiority trial of the duration of adjuvant endocrine therapy for hormone receptor-positive, HER2-negative early breast cancer',
  },
];

export type CommitteeKey = 'STEERING' | 'DSMC' | 'AUDIT';
export const DEMO_COMMITTEES: readonly { key: CommitteeKey; code: string; kind: 'steering' | 'other'; nameJa: string; nameEn: string }[] = [
  { key: 'STEERING', code: 'MMR-SC', kind: 'steering', nameJa: '運営委員会', nameEn: 'Steering Committee' },
  { key: 'DSMC', code: 'MMR-DSMC', kind: 'other', nameJa: '効果・安全性評価委員会', nameEn: 'Data and Safety Monitoring Committee' },
  { key: 'AUDIT', code: 'MMR-AUDIT', kind: 'other', nameJa: '監査委員会', nameEn: 'Audit Committee' },
];

export const DEMO_CENTRAL_UNITS = {
  dataCenter: { code: 'MMR-DC', kind: 'data_center' as const, nameJa: 'データセンター', nameEn: 'Data Center', domain: 'dc.mmr-group.example.jp' },
  operationsOffice: { code: 'MMR-OO', kind: 'operations_office' as const, nameJa: '運営事務局', nameEn: 'Operations Office', domain: 'office.mmr-group.example.jp' },
};

/** Contractors bound by the policy (P32, 委託業務の従事者): who they work for and why. */
export const DEMO_CONTRACTORS: readonly { domain: string; unit: 'dataCenter' | 'operationsOffice'; note: string }[] = [
  { domain: 'sakura-systems.example.jp', unit: 'dataCenter', note: '委託: EDCシステム保守（さくらシステムズ株式会社） / Contractor: EDC system maintenance (Sakura Systems Co., Ltd.)' },
  { domain: 'kitakaze-data.example.jp', unit: 'dataCenter', note: '委託: 症例報告書の入力支援（北風データサービス株式会社） / Contractor: CRF data-entry support (Kitakaze Data Services Co., Ltd.)' },
  { domain: 'hoshizora-trans.example.jp', unit: 'operationsOffice', note: '委託: 英文翻訳（星空翻訳株式会社） / Contractor: translation (Hoshizora Translation Co., Ltd.)' },
];

/** Committee members from outside the group's hospitals. */
export const DEMO_EXTERNAL_MEMBERS: readonly { committee: CommitteeKey; domain: string; note: string }[] = [
  { committee: 'DSMC', domain: 'seiran-u.example.jp', note: '外部委員（生物統計家、青嵐大学） / External member (biostatistician, Seiran University)' },
  { committee: 'DSMC', domain: 'minato-clinic.example.jp', note: '外部委員（腫瘍内科医） / External member (medical oncologist)' },
  { committee: 'AUDIT', domain: 'kasumi-law.example.jp', note: '外部委員（弁護士、霞法律事務所） / External member (lawyer, Kasumi Law Office)' },
];

/** [kanji, katakana, romanised] — common Japanese family names. */
export const FAMILY_NAMES: readonly (readonly [string, string, string])[] = [
  ['佐藤', 'サトウ', 'Sato'], ['鈴木', 'スズキ', 'Suzuki'], ['高橋', 'タカハシ', 'Takahashi'], ['田中', 'タナカ', 'Tanaka'],
  ['伊藤', 'イトウ', 'Ito'], ['渡辺', 'ワタナベ', 'Watanabe'], ['山本', 'ヤマモト', 'Yamamoto'], ['中村', 'ナカムラ', 'Nakamura'],
  ['小林', 'コバヤシ', 'Kobayashi'], ['加藤', 'カトウ', 'Kato'], ['吉田', 'ヨシダ', 'Yoshida'], ['山田', 'ヤマダ', 'Yamada'],
  ['佐々木', 'ササキ', 'Sasaki'], ['山口', 'ヤマグチ', 'Yamaguchi'], ['松本', 'マツモト', 'Matsumoto'], ['井上', 'イノウエ', 'Inoue'],
  ['木村', 'キムラ', 'Kimura'], ['林', 'ハヤシ', 'Hayashi'], ['斎藤', 'サイトウ', 'Saito'], ['清水', 'シミズ', 'Shimizu'],
  ['山崎', 'ヤマザキ', 'Yamazaki'], ['森', 'モリ', 'Mori'], ['池田', 'イケダ', 'Ikeda'], ['橋本', 'ハシモト', 'Hashimoto'],
  ['阿部', 'アベ', 'Abe'], ['石川', 'イシカワ', 'Ishikawa'], ['山下', 'ヤマシタ', 'Yamashita'], ['中島', 'ナカジマ', 'Nakajima'],
  ['石井', 'イシイ', 'Ishii'], ['小川', 'オガワ', 'Ogawa'], ['前田', 'マエダ', 'Maeda'], ['岡田', 'オカダ', 'Okada'],
  ['長谷川', 'ハセガワ', 'Hasegawa'], ['藤田', 'フジタ', 'Fujita'], ['後藤', 'ゴトウ', 'Goto'], ['近藤', 'コンドウ', 'Kondo'],
  ['村上', 'ムラカミ', 'Murakami'], ['遠藤', 'エンドウ', 'Endo'], ['青木', 'アオキ', 'Aoki'], ['坂本', 'サカモト', 'Sakamoto'],
  ['福田', 'フクダ', 'Fukuda'], ['太田', 'オオタ', 'Ota'], ['西村', 'ニシムラ', 'Nishimura'], ['藤井', 'フジイ', 'Fujii'],
  ['岡本', 'オカモト', 'Okamoto'], ['松田', 'マツダ', 'Matsuda'], ['中川', 'ナカガワ', 'Nakagawa'], ['原田', 'ハラダ', 'Harada'],
  ['小野', 'オノ', 'Ono'], ['竹内', 'タケウチ', 'Takeuchi'], ['金子', 'カネコ', 'Kaneko'], ['和田', 'ワダ', 'Wada'],
  ['中野', 'ナカノ', 'Nakano'], ['上田', 'ウエダ', 'Ueda'], ['森田', 'モリタ', 'Morita'], ['原', 'ハラ', 'Hara'],
  ['柴田', 'シバタ', 'Shibata'], ['酒井', 'サカイ', 'Sakai'], ['工藤', 'クドウ', 'Kudo'], ['横山', 'ヨコヤマ', 'Yokoyama'],
  ['宮崎', 'ミヤザキ', 'Miyazaki'], ['宮本', 'ミヤモト', 'Miyamoto'], ['内田', 'ウチダ', 'Uchida'], ['高木', 'タカギ', 'Takagi'],
  ['安藤', 'アンドウ', 'Ando'], ['島田', 'シマダ', 'Shimada'], ['谷口', 'タニグチ', 'Taniguchi'], ['丸山', 'マルヤマ', 'Maruyama'],
  ['今井', 'イマイ', 'Imai'], ['河野', 'コウノ', 'Kono'], ['藤原', 'フジワラ', 'Fujiwara'], ['武田', 'タケダ', 'Takeda'],
  ['村田', 'ムラタ', 'Murata'], ['上野', 'ウエノ', 'Ueno'], ['杉山', 'スギヤマ', 'Sugiyama'], ['増田', 'マスダ', 'Masuda'],
  ['平野', 'ヒラノ', 'Hirano'], ['大塚', 'オオツカ', 'Otsuka'], ['千葉', 'チバ', 'Chiba'], ['久保', 'クボ', 'Kubo'],
  ['松井', 'マツイ', 'Matsui'], ['小島', 'コジマ', 'Kojima'], ['岩崎', 'イワサキ', 'Iwasaki'], ['桜井', 'サクライ', 'Sakurai'],
  ['野口', 'ノグチ', 'Noguchi'], ['松尾', 'マツオ', 'Matsuo'], ['菊地', 'キクチ', 'Kikuchi'], ['木下', 'キノシタ', 'Kinoshita'],
  ['野村', 'ノムラ', 'Nomura'], ['新井', 'アライ', 'Arai'],
];

/** [kanji, katakana, romanised] — given names, two lists so the demo is roughly balanced. */
export const GIVEN_NAMES: readonly (readonly [string, string, string])[] = [
  ['健太', 'ケンタ', 'Kenta'], ['翔太', 'ショウタ', 'Shota'], ['大輔', 'ダイスケ', 'Daisuke'], ['拓也', 'タクヤ', 'Takuya'],
  ['直樹', 'ナオキ', 'Naoki'], ['和也', 'カズヤ', 'Kazuya'], ['哲也', 'テツヤ', 'Tetsuya'], ['浩', 'ヒロシ', 'Hiroshi'],
  ['誠', 'マコト', 'Makoto'], ['隆', 'タカシ', 'Takashi'], ['修', 'オサム', 'Osamu'], ['茂', 'シゲル', 'Shigeru'],
  ['健一', 'ケンイチ', 'Kenichi'], ['博之', 'ヒロユキ', 'Hiroyuki'], ['雅人', 'マサト', 'Masato'], ['剛', 'ツヨシ', 'Tsuyoshi'],
  ['亮', 'リョウ', 'Ryo'], ['悠斗', 'ユウト', 'Yuto'], ['光太郎', 'コウタロウ', 'Kotaro'], ['慎一', 'シンイチ', 'Shinichi'],
  ['英樹', 'ヒデキ', 'Hideki'], ['智之', 'トモユキ', 'Tomoyuki'], ['康弘', 'ヤスヒロ', 'Yasuhiro'], ['秀明', 'ヒデアキ', 'Hideaki'],
  ['俊介', 'シュンスケ', 'Shunsuke'], ['陽介', 'ヨウスケ', 'Yosuke'], ['隼人', 'ハヤト', 'Hayato'], ['正樹', 'マサキ', 'Masaki'],
  ['達也', 'タツヤ', 'Tatsuya'], ['洋平', 'ヨウヘイ', 'Yohei'], ['純一', 'ジュンイチ', 'Junichi'], ['賢治', 'ケンジ', 'Kenji'],
  ['裕太', 'ユウタ', 'Yuta'], ['圭介', 'ケイスケ', 'Keisuke'], ['孝之', 'タカユキ', 'Takayuki'],
  ['陽子', 'ヨウコ', 'Yoko'], ['裕子', 'ユウコ', 'Yuko'], ['恵子', 'ケイコ', 'Keiko'], ['直美', 'ナオミ', 'Naomi'],
  ['真由美', 'マユミ', 'Mayumi'], ['明美', 'アケミ', 'Akemi'], ['由美子', 'ユミコ', 'Yumiko'], ['美穂', 'ミホ', 'Miho'],
  ['智子', 'トモコ', 'Tomoko'], ['綾', 'アヤ', 'Aya'], ['麻衣', 'マイ', 'Mai'], ['愛', 'アイ', 'Ai'],
  ['美咲', 'ミサキ', 'Misaki'], ['沙織', 'サオリ', 'Saori'], ['香織', 'カオリ', 'Kaori'], ['理恵', 'リエ', 'Rie'],
  ['千尋', 'チヒロ', 'Chihiro'], ['奈々', 'ナナ', 'Nana'], ['久美子', 'クミコ', 'Kumiko'], ['純子', 'ジュンコ', 'Junko'],
  ['瞳', 'ヒトミ', 'Hitomi'], ['亜希子', 'アキコ', 'Akiko'], ['涼子', 'リョウコ', 'Ryoko'], ['早紀', 'サキ', 'Saki'],
  ['美香', 'ミカ', 'Mika'], ['恵美', 'エミ', 'Emi'], ['由紀', 'ユキ', 'Yuki'], ['幸子', 'サチコ', 'Sachiko'],
  ['麻美', 'アサミ', 'Asami'], ['絵里', 'エリ', 'Eri'], ['佳奈', 'カナ', 'Kana'], ['遥', 'ハルカ', 'Haruka'],
  ['紀子', 'ノリコ', 'Noriko'], ['真理', 'マリ', 'Mari'],
];
