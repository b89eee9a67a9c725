import { inArray } from 'drizzle-orm';
import type { AssetCategory, AssetKind, AssetType } from '../../../shared/assets.js';
import { DEFAULT_RISK_MATRIX, type CiaProperty, type ThreatSource } from '../../../shared/risks.js';
import type { Conn } from '../../db/client.js';
import { riskMatrix, threats, threatVulnerabilities, vulnerabilities } from '../../db/schema/index.js';

/**
 * The threat and vulnerability catalogue a clinical research group starts from, and the default
 * 5 × 5 risk matrix. Written in our own words. Each threat says which assets it usually concerns —
 * a kind or a type (either matches), and, when given, a category — which is what proposals use.
 */
const CONFIDENTIAL: AssetCategory[] = ['personal', 'special_care', 'medical', 'analysis', 'safety', 'other_confidential'];
const PERSONAL: AssetCategory[] = ['personal', 'special_care', 'medical'];

interface SeedVulnerability {
  key: string;
  code: string;
  ja: string;
  en: string;
  kinds?: AssetKind[];
  types?: AssetType[];
}

interface SeedThreat {
  key: string;
  code: string;
  ja: string;
  en: string;
  descJa: string;
  descEn: string;
  source: ThreatSource;
  affects: CiaProperty[];
  likelihood: number;
  impact: number;
  kinds?: AssetKind[];
  types?: AssetType[];
  categories?: AssetCategory[];
  vulnerabilities: string[];
}

export const SEED_VULNERABILITIES: SeedVulnerability[] = [
  { key: 'unencrypted_media', code: 'V-01', ja: '媒体・端末が暗号化されていない', en: 'Media or devices not encrypted', types: ['usb_memory', 'external_disk', 'cd_rom', 'laptop', 'smartphone', 'server'] },
  { key: 'no_mfa', code: 'V-02', ja: '多要素認証を使っていない', en: 'No multi-factor authentication', kinds: ['system'] },
  { key: 'weak_passwords', code: 'V-03', ja: '推測されやすい・使い回しのパスワード', en: 'Weak or reused passwords', kinds: ['system'], types: ['laptop', 'smartphone'] },
  { key: 'no_backup', code: 'V-04', ja: 'バックアップを取っていない', en: 'No backup', kinds: ['information', 'system'] },
  { key: 'untested_restore', code: 'V-05', ja: 'バックアップからの復元を試したことがない', en: 'Restore from backup never tested', kinds: ['information', 'system'] },
  { key: 'unpatched', code: 'V-06', ja: '更新プログラムが適用されていない', en: 'Systems and software not patched', kinds: ['system'], types: ['laptop', 'smartphone'] },
  { key: 'paper_unlocked', code: 'V-07', ja: '書類を鍵のかかる場所に保管していない', en: 'Paper not kept under lock', kinds: ['place'], types: ['paper', 'document'] },
  { key: 'excessive_access', code: 'V-08', ja: '業務に必要な範囲を超えたアクセス権', en: 'Access rights beyond what the work needs', kinds: ['information', 'system'] },
  { key: 'no_training', code: 'V-09', ja: '教育・訓練が足りない', en: 'Too little training' },
  { key: 'no_send_check', code: 'V-10', ja: '送信前に宛先と添付を確かめる手順がない', en: 'No check of recipients and attachments before sending', kinds: ['information'] },
  { key: 'fax_used', code: 'V-11', ja: '秘密情報をFAXで送っている', en: 'Confidential information sent by fax', types: ['document', 'paper'] },
  { key: 'credentials_written_down', code: 'V-12', ja: '認証情報を人目につく所に書き留めている', en: 'Credentials written down where others can see them', kinds: ['system', 'place'] },
  { key: 'no_logging', code: 'V-13', ja: 'アクセス記録・監査証跡がない、または誰も確認していない', en: 'No access log or audit trail, or nobody looks at it', kinds: ['system'], types: ['database'] },
  { key: 'no_vendor_agreement', code: 'V-14', ja: '委託先との安全管理の取り決めが不十分', en: 'Security terms with suppliers missing or weak', types: ['service', 'application'] },
  { key: 'no_offsite_backup', code: 'V-15', ja: 'バックアップが同じ建物にしかない', en: 'Backups kept only in the same building', kinds: ['information', 'system'] },
  { key: 'no_ups', code: 'V-16', ja: '無停電電源装置がない', en: 'No uninterruptible power supply', kinds: ['place'], types: ['server', 'network'] },
  { key: 'aging_hardware', code: 'V-17', ja: '保守期限が切れた、または老朽化した機器', en: 'Equipment out of support or ageing', types: ['server', 'network', 'laptop'] },
  { key: 'no_disposal_procedure', code: 'V-18', ja: '廃棄の手順と記録がない', en: 'No procedure or record for disposal', kinds: ['medium'], types: ['document'] },
  { key: 'no_clear_desk', code: 'V-19', ja: '離席時の画面ロックや書類の片付けが徹底されていない', en: 'Screens left unlocked and papers left out when away', kinds: ['place'], types: ['laptop', 'paper'] },
  { key: 'weak_physical_entry', code: 'V-20', ja: '入退室の管理が弱い', en: 'Weak control of who enters', kinds: ['place'] },
  { key: 'unencrypted_transfer', code: 'V-21', ja: '通信や送付するファイルが暗号化されていない', en: 'Data sent without encryption', kinds: ['information', 'system'] },
  { key: 'too_many_identifiers', code: 'V-22', ja: '必要以上の識別項目を持っている・渡している', en: 'More identifying items kept or shared than needed', types: ['data_set', 'database'] },
  { key: 'no_account_review', code: 'V-23', ja: '異動・退職した人のアカウントが残っている（定期的な見直しがない）', en: 'Accounts of people who moved or left remain (no periodic review)', kinds: ['system'] },
  { key: 'no_change_control', code: 'V-24', ja: '変更の管理やリリース前のテストが足りない', en: 'Changes not controlled or tested before release', types: ['application', 'service', 'database'] },
  { key: 'no_redundancy', code: 'V-25', ja: '冗長化されていない（一か所の故障で止まる）', en: 'No redundancy (one failure stops it)', types: ['server', 'network', 'service'] },
  { key: 'no_remote_wipe', code: 'V-26', ja: '紛失時に遠隔でロック・消去できない', en: 'A lost device cannot be locked or wiped remotely', types: ['laptop', 'smartphone'] },
  { key: 'untracked_post', code: 'V-27', ja: '追跡できない方法で書類を郵送している', en: 'Forms posted without tracking', types: ['paper', 'document'] },
  { key: 'no_media_register', code: 'V-28', ja: '持ち出す媒体の管理台帳がない', en: 'No register of media taken out', types: ['usb_memory', 'external_disk', 'cd_rom', 'laptop'] },
  { key: 'no_input_check', code: 'V-29', ja: '受け取るファイルやメッセージを識別情報の有無で確かめていない', en: 'Incoming files and messages not checked for identifiers', types: ['data_set', 'document'] },
  { key: 'no_data_use_agreement', code: 'V-30', ja: 'データの提供先と利用条件を取り決めていない', en: 'No data use agreement with recipients', types: ['data_set'] },
  { key: 'equipment_not_secured', code: 'V-31', ja: '機器の固定や浸水対策など設置環境の備えが足りない', en: 'Equipment not secured against earthquakes or water', kinds: ['place'], types: ['server', 'network'] },
];

export const SEED_THREATS: SeedThreat[] = [
  {
    key: 'misdelivered_email',
    code: 'T-01',
    ja: '電子メールの誤送信',
    en: 'Email sent to the wrong recipient',
    descJa: '宛先の選び間違い、アドレスの自動補完、BCCのつもりのCCなどで、秘密情報を含む本文や添付ファイルが意図しない相手に届く。',
    descEn: 'A wrong address, autocomplete or CC instead of BCC delivers a message or attachment holding confidential information to someone it was not meant for.',
    source: 'human_error',
    affects: ['c'],
    likelihood: 3,
    impact: 4,
    kinds: ['information'],
    categories: CONFIDENTIAL,
    vulnerabilities: ['no_send_check', 'unencrypted_transfer', 'no_training'],
  },
  {
    key: 'misdirected_fax',
    code: 'T-02',
    ja: 'FAXの誤送信',
    en: 'Fax sent to the wrong number',
    descJa: '番号の押し間違いや短縮ダイヤルの登録誤りで、症例報告書などの書類が別の宛先に届く。グループの手順では書類のFAX送付は認めていない。',
    descEn: 'A mistyped number or a wrong speed-dial entry sends forms elsewhere. The group’s procedures do not allow forms to be faxed.',
    source: 'human_error',
    affects: ['c'],
    likelihood: 2,
    impact: 4,
    types: ['document', 'paper'],
    categories: CONFIDENTIAL,
    vulnerabilities: ['fax_used', 'no_send_check', 'no_training'],
  },
  {
    key: 'lost_removable_media',
    code: 'T-03',
    ja: 'USBメモリ・外付けディスク・CD-ROMの紛失・盗難',
    en: 'Lost or stolen USB memory, external disk or CD-ROM',
    descJa: '持ち運ぶ媒体を置き忘れたり盗まれたりして、中のデータが第三者の手に渡るおそれがあり、手元からも失われる。',
    descEn: 'Removable media left behind or stolen: the data may reach someone else, and it is gone from the group’s hands.',
    source: 'human_error',
    affects: ['c', 'a'],
    likelihood: 3,
    impact: 4,
    types: ['usb_memory', 'external_disk', 'cd_rom'],
    vulnerabilities: ['unencrypted_media', 'no_media_register', 'no_training'],
  },
  {
    key: 'lost_mobile_device',
    code: 'T-04',
    ja: 'ノートPC・スマートフォンの紛失・盗難',
    en: 'Lost or stolen laptop or smartphone',
    descJa: '移動中や出張先で端末をなくしたり盗まれたりして、保存されたデータや、保存された認証情報で使えるシステムが第三者に使われるおそれがある。',
    descEn: 'A device lost or stolen while travelling: its stored data, and the systems its saved credentials open, may be used by someone else.',
    source: 'human_error',
    affects: ['c', 'a'],
    likelihood: 3,
    impact: 4,
    types: ['laptop', 'smartphone'],
    vulnerabilities: ['unencrypted_media', 'no_remote_wipe', 'weak_passwords', 'no_media_register'],
  },
  {
    key: 'lost_paper_forms',
    code: 'T-05',
    ja: '紙の症例報告書・書類の紛失',
    en: 'Lost paper case report forms or documents',
    descJa: '施設での置き忘れ、郵送や手渡しの途中での紛失、誤った廃棄で、カルテ番号や登録番号が記された書類がなくなる。',
    descEn: 'Forms carrying medical record and registration numbers are left behind at a site, lost in the post or in transit by hand, or thrown away by mistake.',
    source: 'human_error',
    affects: ['c', 'a'],
    likelihood: 3,
    impact: 4,
    types: ['paper', 'document'],
    vulnerabilities: ['paper_unlocked', 'untracked_post', 'no_clear_desk'],
  },
  {
    key: 'credential_sharing',
    code: 'T-06',
    ja: '認証情報の共有・漏えい',
    en: 'Shared or leaked credentials',
    descJa: '個人アカウントやパスワード、グループIDの貸し借り、書き留めたメモの放置、パスワードの使い回しで、本人以外がシステムを使える状態になる（P32-2.1.3）。',
    descEn: 'Lending a personal account, password or group ID, leaving it written down in sight, or reusing a password lets someone else into the system (P32-2.1.3).',
    source: 'human_error',
    affects: ['c', 'i'],
    likelihood: 3,
    impact: 4,
    kinds: ['system'],
    types: ['database'],
    vulnerabilities: ['weak_passwords', 'no_mfa', 'credentials_written_down', 'no_training'],
  },
  {
    key: 'unauthorized_access',
    code: 'T-07',
    ja: '外部からの不正アクセス',
    en: 'Unauthorized access from outside',
    descJa: '脆弱性の悪用や盗まれたパスワードにより、外部の者がシステムに侵入し、データを盗み見たり書き換えたりする。',
    descEn: 'An outsider gets in through an unpatched weakness or a stolen password, and reads or changes data.',
    source: 'malicious',
    affects: ['c', 'i', 'a'],
    likelihood: 2,
    impact: 5,
    kinds: ['system'],
    types: ['database', 'data_set'],
    vulnerabilities: ['unpatched', 'no_mfa', 'weak_passwords', 'excessive_access', 'no_logging'],
  },
  {
    key: 'malware',
    code: 'T-08',
    ja: 'ランサムウェア・マルウェアの感染',
    en: 'Ransomware and malware',
    descJa: '添付ファイルや改ざんされたサイト、持ち込んだ媒体から感染し、データが暗号化されて使えなくなったり、外部に送り出されたりする。',
    descEn: 'Infection through an attachment, a compromised website or a brought-in device encrypts data so it cannot be used, or sends it out.',
    source: 'malicious',
    affects: ['c', 'i', 'a'],
    likelihood: 3,
    impact: 5,
    kinds: ['system'],
    types: ['laptop', 'data_set', 'database'],
    vulnerabilities: ['unpatched', 'no_backup', 'untested_restore', 'no_offsite_backup', 'no_training'],
  },
  {
    key: 'phishing',
    code: 'T-09',
    ja: 'フィッシング・なりすましメール',
    en: 'Phishing and impersonation emails',
    descJa: '事務局や取引先を装ったメールに誘導され、パスワードを入力したり、不正な送金や情報の送付に応じたりする。',
    descEn: 'A message posing as the office or a supplier leads someone to enter their password, or to send money or information.',
    source: 'malicious',
    affects: ['c', 'i'],
    likelihood: 4,
    impact: 4,
    kinds: ['system'],
    types: ['laptop', 'smartphone'],
    vulnerabilities: ['no_training', 'no_mfa'],
  },
  {
    key: 'insider_misuse',
    code: 'T-10',
    ja: '内部者による不正な閲覧・持ち出し',
    en: 'Insider misuse',
    descJa: '正規の権限を持つ人が、業務に必要のない情報を閲覧したり、データを私的に持ち出したりする。',
    descEn: 'Someone with legitimate access looks at information their work does not need, or takes data for their own purposes.',
    source: 'malicious',
    affects: ['c', 'i'],
    likelihood: 2,
    impact: 5,
    kinds: ['information', 'system'],
    categories: CONFIDENTIAL,
    vulnerabilities: ['excessive_access', 'no_logging', 'no_account_review', 'no_training'],
  },
  {
    key: 'vendor_failure',
    code: 'T-11',
    ja: '委託先・クラウドサービスの障害や撤退',
    en: 'Supplier or cloud service failure',
    descJa: '委託先やクラウドサービスの障害、事故、サービス終了、倒産で、データが使えなくなったり、委託先から漏えいしたりする。',
    descEn: 'An outage, incident, end of service or insolvency at a supplier or cloud service makes data unavailable, or leaks it from their side.',
    source: 'third_party',
    affects: ['c', 'a'],
    likelihood: 2,
    impact: 4,
    types: ['service', 'application'],
    vulnerabilities: ['no_vendor_agreement', 'no_backup', 'no_redundancy'],
  },
  {
    key: 'natural_disaster',
    code: 'T-12',
    ja: '地震・風水害・火災',
    en: 'Earthquake, flood or fire',
    descJa: '災害で建物や機器、保管書類が損なわれ、研究の継続に必要な情報やシステムが使えなくなる（P32-1.2.3）。',
    descEn: 'A disaster damages the building, equipment or stored papers, and information or systems the research depends on become unavailable (P32-1.2.3).',
    source: 'environmental',
    affects: ['a'],
    likelihood: 2,
    impact: 5,
    kinds: ['place'],
    types: ['server', 'network', 'paper', 'database'],
    vulnerabilities: ['no_offsite_backup', 'equipment_not_secured', 'untested_restore'],
  },
  {
    key: 'power_loss',
    code: 'T-13',
    ja: '停電・電源の障害',
    en: 'Power loss',
    descJa: '停電や電源設備の故障でサーバや通信機器が止まり、急な停止でデータが壊れることもある。',
    descEn: 'An outage or a fault in the power supply stops servers and network equipment; a sudden stop may also corrupt data.',
    source: 'environmental',
    affects: ['a', 'i'],
    likelihood: 3,
    impact: 3,
    kinds: ['place'],
    types: ['server', 'network'],
    vulnerabilities: ['no_ups', 'no_redundancy'],
  },
  {
    key: 'hardware_failure',
    code: 'T-14',
    ja: 'ハードウェアの故障',
    en: 'Hardware failure',
    descJa: 'ディスク、サーバ、ネットワーク機器、端末の故障で、システムが止まったりデータが失われたりする。',
    descEn: 'A failed disk, server, network device or computer stops a system or loses data.',
    source: 'technical',
    affects: ['a', 'i'],
    likelihood: 3,
    impact: 3,
    types: ['server', 'network', 'laptop', 'external_disk', 'usb_memory'],
    vulnerabilities: ['no_backup', 'untested_restore', 'aging_hardware', 'no_redundancy'],
  },
  {
    key: 'accidental_deletion',
    code: 'T-15',
    ja: '誤操作によるデータの削除・上書き',
    en: 'Accidental deletion or overwriting',
    descJa: '操作の誤りで、必要なファイルやデータベースの内容を消したり、古い内容で上書きしたりする。',
    descEn: 'A slip deletes files or database content that is still needed, or overwrites it with an older version.',
    source: 'human_error',
    affects: ['i', 'a'],
    likelihood: 3,
    impact: 3,
    kinds: ['information'],
    types: ['server'],
    vulnerabilities: ['no_backup', 'untested_restore', 'excessive_access'],
  },
  {
    key: 'reidentification',
    code: 'T-16',
    ja: '仮名化したデータからの個人の再識別',
    en: 'Re-identification of pseudonymised data',
    descJa: '生年月、施設、まれな病名などの組み合わせや、他のデータとの突き合わせで、仮名化したデータから個人が特定される。',
    descEn: 'A combination of birth year-month, site and a rare diagnosis, or matching with other data, singles out a person in pseudonymised data.',
    source: 'malicious',
    affects: ['c'],
    likelihood: 2,
    impact: 4,
    types: ['data_set', 'database'],
    categories: ['personal', 'special_care', 'medical', 'analysis'],
    vulnerabilities: ['too_many_identifiers', 'no_data_use_agreement', 'excessive_access'],
  },
  {
    key: 'forbidden_identifiers',
    code: 'T-17',
    ja: '受け取らないはずの個人情報の混入',
    en: 'Identifiers the data center must not receive arrive',
    descJa: '氏名、住所、電話番号、マイナンバー、保険者番号など、データセンターが受け取らない情報が症例報告書や添付ファイル、メールに含まれて届く。',
    descEn: 'Names, addresses, phone numbers, My Number or insurer numbers — which the data center does not accept — arrive in forms, attachments or emails.',
    source: 'human_error',
    affects: ['c'],
    likelihood: 3,
    impact: 4,
    types: ['data_set', 'document', 'paper'],
    categories: PERSONAL,
    vulnerabilities: ['no_input_check', 'no_training'],
  },
  {
    key: 'data_tampering',
    code: 'T-18',
    ja: 'データの改ざん・不正な変更',
    en: 'Tampering with data',
    descJa: '記録が正しい手続きによらずに書き換えられ、試験結果の信頼性が損なわれる（P32-1.2.2）。',
    descEn: 'Records are changed outside the proper procedure, and the trial’s results can no longer be trusted (P32-1.2.2).',
    source: 'malicious',
    affects: ['i'],
    likelihood: 1,
    impact: 5,
    types: ['database', 'data_set', 'application'],
    vulnerabilities: ['no_logging', 'excessive_access', 'no_change_control'],
  },
  {
    key: 'improper_disposal',
    code: 'T-19',
    ja: '媒体・書類の不適切な廃棄',
    en: 'Improper disposal of media or paper',
    descJa: '消去や裁断をしないまま媒体や書類を捨てたり、再利用に回したりして、中の情報が読み取られる。',
    descEn: 'Media or papers are thrown away or passed on for reuse without erasing or shredding, and what they hold can be read.',
    source: 'human_error',
    affects: ['c'],
    likelihood: 2,
    impact: 4,
    kinds: ['medium'],
    vulnerabilities: ['no_disposal_procedure', 'no_training'],
  },
  {
    key: 'shoulder_surfing',
    code: 'T-20',
    ja: '画面・書類ののぞき見',
    en: 'Screens or papers seen by others',
    descJa: '離席中の画面や机上の書類、貼られたパスワードのメモを、関係のない人が見る（P32-2.1.3c）。',
    descEn: 'Someone with no business there sees an unattended screen, papers on a desk, or a password note stuck up nearby (P32-2.1.3c).',
    source: 'malicious',
    affects: ['c'],
    likelihood: 2,
    impact: 3,
    kinds: ['place'],
    types: ['paper', 'laptop', 'smartphone'],
    vulnerabilities: ['no_clear_desk', 'credentials_written_down'],
  },
  {
    key: 'network_outage',
    code: 'T-21',
    ja: 'ネットワーク・通信回線の障害',
    en: 'Network outage',
    descJa: '回線や通信機器の障害で、施設からの症例登録やデータ入力ができなくなる。',
    descEn: 'A line or network device fails, and sites cannot register patients or enter data.',
    source: 'technical',
    affects: ['a'],
    likelihood: 3,
    impact: 3,
    types: ['network', 'service', 'application'],
    vulnerabilities: ['no_redundancy'],
  },
  {
    key: 'software_defect',
    code: 'T-22',
    ja: 'ソフトウェアの不具合・設定の誤り',
    en: 'Software defect or misconfiguration',
    descJa: 'EDCなどのシステムの不具合や設定の誤りで、データが正しく記録されなかったり、見えてはいけない人に見えたりする。',
    descEn: 'A defect or wrong setting in the EDC or another system records data wrongly, or shows it to people who should not see it.',
    source: 'technical',
    affects: ['c', 'i', 'a'],
    likelihood: 3,
    impact: 4,
    types: ['application', 'service', 'database'],
    vulnerabilities: ['no_change_control', 'no_backup'],
  },
  {
    key: 'physical_intrusion',
    code: 'T-23',
    ja: '建物・部屋への侵入と盗難',
    en: 'Break-in and theft',
    descJa: '事務局やサーバ室、書庫に部外者が入り、機器や書類を持ち去る。',
    descEn: 'An outsider enters the office, server room or archive and takes equipment or papers.',
    source: 'malicious',
    affects: ['c', 'a'],
    likelihood: 1,
    impact: 4,
    kinds: ['place'],
    types: ['server', 'paper', 'laptop'],
    vulnerabilities: ['weak_physical_entry', 'paper_unlocked'],
  },
  {
    key: 'interception',
    code: 'T-24',
    ja: '通信の盗聴・改ざん',
    en: 'Interception of data in transit',
    descJa: '暗号化されていない通信やファイル送付の途中で、内容を読み取られたり書き換えられたりする。',
    descEn: 'Data sent over an unencrypted connection or as an unprotected file is read or altered on the way.',
    source: 'malicious',
    affects: ['c', 'i'],
    likelihood: 2,
    impact: 4,
    types: ['network', 'service', 'data_set'],
    vulnerabilities: ['unencrypted_transfer'],
  },
  {
    key: 'leftover_accounts',
    code: 'T-25',
    ja: '異動・退職した人のアカウントの悪用',
    en: 'Misuse of accounts of people who have left',
    descJa: '異動や退職の届出が遅れて残ったアカウントが、本人や第三者に使われる（P32-2.1.3f）。',
    descEn: 'An account left open because a move or departure was reported late is used by its former holder or by someone else (P32-2.1.3f).',
    source: 'malicious',
    affects: ['c', 'i'],
    likelihood: 2,
    impact: 4,
    kinds: ['system'],
    vulnerabilities: ['no_account_review', 'no_logging'],
  },
];

/**
 * Adds the catalogue entries and the default matrix that are not there yet. Safe at every start
 * and on several nodes at once; retired entries stay retired, a changed matrix stays changed.
 */
export async function seedRiskCatalogue(conn: Conn): Promise<{ threats: number; vulnerabilities: number }> {
  return conn.transaction(async (tx) => {
    await tx.insert(riskMatrix).values({ id: 'default', ...DEFAULT_RISK_MATRIX }).onConflictDoNothing();
    const v = await tx
      .insert(vulnerabilities)
      .values(SEED_VULNERABILITIES.map((x) => ({ seedKey: x.key, code: x.code, nameJa: x.ja, nameEn: x.en, assetKinds: x.kinds ?? [], assetTypes: x.types ?? [] })))
      .onConflictDoNothing()
      .returning({ id: vulnerabilities.id });
    const t = await tx
      .insert(threats)
      .values(
        SEED_THREATS.map((x) => ({
          seedKey: x.key,
          code: x.code,
          nameJa: x.ja,
          nameEn: x.en,
          descriptionJa: x.descJa,
          descriptionEn: x.descEn,
          source: x.source,
          affects: x.affects,
          defaultLikelihood: x.likelihood,
          defaultImpact: x.impact,
          assetKinds: x.kinds ?? [],
          assetTypes: x.types ?? [],
          assetCategories: x.categories ?? [],
        })),
      )
      .onConflictDoNothing()
      .returning({ id: threats.id, seedKey: threats.seedKey });
    if (t.length) {
      const vByKey = new Map((await tx.select({ id: vulnerabilities.id, key: vulnerabilities.seedKey }).from(vulnerabilities).where(inArray(vulnerabilities.seedKey, SEED_VULNERABILITIES.map((x) => x.key)))).map((r) => [r.key!, r.id]));
      const seeds = new Map(SEED_THREATS.map((x) => [x.key, x]));
      const links = t.flatMap((row) => (seeds.get(row.seedKey!)?.vulnerabilities ?? []).flatMap((k) => (vByKey.has(k) ? [{ threatId: row.id, vulnerabilityId: vByKey.get(k)! }] : [])));
      if (links.length) await tx.insert(threatVulnerabilities).values(links).onConflictDoNothing();
    }
    return { threats: t.length, vulnerabilities: v.length };
  });
}
