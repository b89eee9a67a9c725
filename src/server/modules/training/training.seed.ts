import { eq } from 'drizzle-orm';
import { EVERYONE } from '../../../shared/audience.js';
import type { SaveQuestionInput } from '../../../shared/training.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { courseLessons, courseQuestionOptions, courseQuestions, courses } from '../../db/schema/index.js';

export const SAMPLE_COURSE_CODE = 'SEC-BASICS';

const LESSONS: { titleJa: string; titleEn: string; bodyJa: string; bodyEn: string }[] = [
  {
    titleJa: '方針の目的と守るもの',
    titleEn: 'What the policy protects and why',
    bodyJa: `## 情報資産とは

研究で扱う情報（症例データ、解析結果、未公表の成果など）と、それを扱うシステムや媒体は、すべて**情報資産**です（P32-1.1）。

## 何を守るのか

- **機密性**: 見てよい人だけが見られること
- **完全性**: 正しく、欠けていないこと
- **可用性**: 必要なときに使えること

なかでも、患者さんの個人情報や要配慮個人情報（病歴など）を守ることが最優先です（P32-1.2.1）。

## あなたの役割

研究に関わるすべての人が方針の対象です。委託業務の従事者も含まれます。迷ったときは、データセンターまたは情報セキュリティ管理責任者に相談してください。`,
    bodyEn: `## Information assets

The information we handle in research (case data, analyses, unpublished results…) and the systems and media that hold it are all **information assets** (P32-1.1).

## What we protect

- **Confidentiality**: only the people who should see it can see it
- **Integrity**: it is correct and complete
- **Availability**: it can be used when it is needed

Protecting patients' personal information and special-care personal information (such as medical history) comes first (P32-1.2.1).

## Your part

Everyone involved in the research is bound by the policy, contractors included. When in doubt, ask the data center or the information security manager.`,
  },
  {
    titleJa: 'アカウントとグループID',
    titleEn: 'Personal accounts and group IDs',
    bodyJa: `## 個人アカウントはあなただけのもの

個人アカウントとパスワードは、同僚や上司にも教えたり共有したりしてはいけません（P32-2.1.3a）。代わりに操作してもらう必要があるときは、その人自身のアカウントを使ってもらいます。

## なくしたら、すぐに報告

アカウントやパスワードを紛失した、または他人に知られたかもしれないときは、すぐにデータセンターへ報告してください（P32-2.1.3b）。Mamori の「認証情報をなくした」から報告できます。

## 書き留めるなら見えない場所に

パスワードを紙やファイルに控える場合は、他人の目に触れない場所に保管してください（P32-2.1.3c）。パスワード管理ソフトの利用をおすすめします。

## グループIDはメンバーだけに

研究グループのグループIDとパスワードは、その施設の研究グループのメンバー以外に教えてはいけません（P32-2.1.3d）。忘れたときは施設コーディネーターに尋ねてください（P32-2.1.3e）。`,
    bodyEn: `## Your personal account is yours alone

Never tell or share your personal account or its password, not even with a colleague or your supervisor (P32-2.1.3a). Someone who needs to act must use their own account.

## Lost it? Report it at once

If you lose your account or password, or think someone else may know it, report it to the data center straight away (P32-2.1.3b). Mamori's "I lost my credentials" does this in one step.

## If you write it down, keep it out of sight

If you keep a note of a password on paper or in a file, store it where nobody else can see it (P32-2.1.3c). A password manager is better.

## Group IDs are for members only

A research group's group ID and password are only for that group's researchers at your site (P32-2.1.3d). If you forget it, ask your site coordinator (P32-2.1.3e).`,
  },
  {
    titleJa: '事故の報告と情報のやりとり',
    titleEn: 'Reporting incidents and exchanging information',
    bodyJa: `## 気づいたら、すぐ報告

USBメモリの紛失、メールの誤送信、不審なアクセスなど、機密情報の漏えいやそのおそれに気づいたら、ためらわずにすぐ情報セキュリティ管理責任者へ報告してください（P32-2.1.1）。報告が早いほど、被害を小さくできます。個人情報保護委員会への報告期限が決まっている場合もあります。

## 機密情報のやりとりは安全な経路で

データセンター・運営事務局・研究事務局との間で機密情報をやりとりするときは、Mamori のファイル交換など決められた安全な方法を使い、紛失・漏えい・改ざんを防ぎます（P32-2.1.2）。

## 登録内容が変わったら

所属施設の異動など、登録内容に変更があったときは、決められた手続きで速やかにデータセンターへ届け出てください（P32-2.1.3f）。`,
    bodyEn: `## Noticed something? Report it now

If you notice that confidential information has leaked or may have leaked — a lost USB memory, an email sent to the wrong person, suspicious access — report it to the information security manager at once, without hesitating (P32-2.1.1). The sooner it is reported, the less harm it does, and some reports to the Personal Information Protection Commission have deadlines.

## Exchange confidential information safely

Confidential information exchanged with the data center, the operations office or study offices goes through the agreed safe channels, such as Mamori's file exchange, so that it is not lost, leaked or altered (P32-2.1.2).

## When your registration changes

If your registration changes (for example you move to another institution), tell the data center promptly through the set procedure (P32-2.1.3f).`,
  },
];

const q = (
  kind: 'single' | 'multiple',
  promptJa: string,
  promptEn: string,
  options: [string, string, boolean][],
  explanationJa: string,
  explanationEn: string,
): SaveQuestionInput => ({ kind, promptJa, promptEn, explanationJa, explanationEn, options: options.map(([textJa, textEn, correct]) => ({ textJa, textEn, correct })) });

const QUESTIONS: SaveQuestionInput[] = [
  q(
    'single',
    '上司から「急ぎなので、あなたのアカウントでログインして作業させてほしい」と頼まれました。どうしますか。',
    'Your supervisor asks to sign in with your account to do something urgent. What do you do?',
    [
      ['断り、上司自身のアカウントを使ってもらう', 'Decline; they use their own account', true],
      ['上司なので、パスワードを教える', 'Tell them the password, since they are your supervisor', false],
      ['自分がログインした画面を貸す', 'Sign in yourself and let them use the screen', false],
    ],
    '個人アカウントは本人だけのものです。相手が上司でも共有しません（P32-2.1.3a）。',
    'A personal account belongs to one person only; it is not shared, even with a supervisor (P32-2.1.3a).',
  ),
  q(
    'single',
    'パスワードを書いたメモをなくしたことに気づきました。最初にすることは何ですか。',
    'You realise you have lost a note with your password on it. What do you do first?',
    [
      ['すぐにデータセンターへ報告する', 'Report it to the data center at once', true],
      ['見つかるまで数日探してから考える', 'Search for a few days before deciding', false],
      ['誰にも言わずにパスワードだけ変える', 'Quietly change the password and tell nobody', false],
    ],
    '紛失はすぐにデータセンターへ報告します（P32-2.1.3b）。Mamori の「認証情報をなくした」から報告できます。',
    'A loss is reported to the data center at once (P32-2.1.3b); Mamori\'s "I lost my credentials" does it.',
  ),
  q(
    'single',
    '研究グループのグループIDを教えてよい相手は誰ですか。',
    'Who may you give your research group\'s group ID to?',
    [
      ['同じ施設の、その研究グループのメンバー', 'Members of that research group at your site', true],
      ['研究に興味のある学生', 'A student who is interested in the research', false],
      ['院内の誰にでも', 'Anyone in the hospital', false],
    ],
    'グループIDはその施設の研究グループのメンバーだけのものです（P32-2.1.3d）。',
    'A group ID is only for the group\'s members at the site (P32-2.1.3d).',
  ),
  q(
    'single',
    'グループIDのパスワードを忘れました。誰に尋ねますか。',
    'You have forgotten the group ID password. Whom do you ask?',
    [
      ['自施設の施設コーディネーター', 'Your site coordinator', true],
      ['他施設の研究者', 'A researcher at another hospital', false],
      ['製薬会社の担当者', 'A pharmaceutical company representative', false],
    ],
    '忘れたグループIDは施設コーディネーターに尋ねます（P32-2.1.3e）。',
    'A forgotten group ID is asked of the site coordinator (P32-2.1.3e).',
  ),
  q(
    'single',
    '症例データの入ったUSBメモリが見当たりません。どうしますか。',
    'A USB memory holding case data is missing. What do you do?',
    [
      ['ただちに情報セキュリティ管理責任者へ報告する', 'Report it to the information security manager straight away', true],
      ['見つかるまで報告しない', 'Wait until it turns up before reporting', false],
      ['暗号化していれば報告は不要', 'No report is needed if it was encrypted', false],
    ],
    '漏えいのおそれがあれば、すぐに報告します（P32-2.1.1）。暗号化の有無は報告を受けた側が評価します。',
    'Any possible leak is reported promptly (P32-2.1.1); whether encryption makes it harmless is assessed after the report.',
  ),
  q(
    'multiple',
    '情報セキュリティで守る 3 つの性質をすべて選んでください。',
    'Select all three properties information security protects.',
    [
      ['機密性', 'Confidentiality', true],
      ['完全性', 'Integrity', true],
      ['可用性', 'Availability', true],
      ['匿名性', 'Anonymity', false],
    ],
    '情報セキュリティは機密性・完全性・可用性を守ることです（P32-1.4）。',
    'Information security means confidentiality, integrity and availability (P32-1.4).',
  ),
  q(
    'multiple',
    '次のうち、すぐに報告すべきものをすべて選んでください。',
    'Which of these should be reported promptly? Select all that apply.',
    [
      ['症例データを添付したメールを誤って別の人に送った', 'You emailed case data to the wrong person', true],
      ['自分のアカウントで身に覚えのないログインがあった', 'Your account shows a sign-in you did not make', true],
      ['研究計画書の誤字を見つけた', 'You found a typo in a protocol', false],
      ['ノートパソコンを電車に置き忘れた', 'You left a laptop on a train', true],
    ],
    '漏えいやそのおそれ、不正アクセスの疑いは、どれもすぐに報告します（P32-2.1.1）。',
    'Leaks, possible leaks and suspected unauthorised access are all reported at once (P32-2.1.1).',
  ),
  q(
    'single',
    'パスワードを控えておきたいとき、適切な方法はどれですか。',
    'If you need to keep a note of a password, which is appropriate?',
    [
      ['パスワード管理ソフトや、他人の目に触れない場所に保管する', 'A password manager, or a place nobody else can see', true],
      ['モニターの縁に付箋で貼る', 'A sticky note on the monitor', false],
      ['共有フォルダの「パスワード.txt」に書く', 'A "passwords.txt" in a shared folder', false],
    ],
    '控えは他人の目に触れないように保管します（P32-2.1.3c）。',
    'A written password is kept out of others\' sight (P32-2.1.3c).',
  ),
  q(
    'single',
    'データセンターへ機密情報を含むファイルを送るときは、どうしますか。',
    'How do you send a file containing confidential information to the data center?',
    [
      ['Mamori のファイル交換など、決められた安全な方法を使う', 'Through an agreed safe channel such as Mamori\'s file exchange', true],
      ['個人のフリーメールに添付する', 'Attach it to a personal webmail message', false],
      ['個人のクラウドストレージで共有リンクを送る', 'Share a link from a personal cloud drive', false],
    ],
    '機密情報のやりとりは、紛失・漏えい・改ざんを防げる決められた方法で行います（P32-2.1.2）。',
    'Confidential exchanges use the agreed channels that prevent loss, leaks and alteration (P32-2.1.2).',
  ),
  q(
    'single',
    '別の医療機関に異動することになりました。登録内容はどうしますか。',
    'You are moving to another institution. What about your registration?',
    [
      ['決められた手続きで速やかにデータセンターへ届け出る', 'Tell the data center promptly through the set procedure', true],
      ['次の年度更新まで何もしない', 'Do nothing until the next yearly update', false],
      ['新しい施設の同僚のアカウントを借りる', 'Borrow a colleague\'s account at the new institution', false],
    ],
    '登録内容の変更は速やかに届け出ます（P32-2.1.3f）。',
    'Changes to your registration are reported promptly (P32-2.1.3f).',
  ),
  q(
    'multiple',
    '情報セキュリティポリシーが適用されるのは誰ですか。あてはまるものをすべて選んでください。',
    'Who is bound by the information security policy? Select all that apply.',
    [
      ['研究者', 'Researchers', true],
      ['委員会の委員', 'Committee members', true],
      ['委託業務の従事者', 'Contractors', true],
      ['研究と無関係な見学者', 'Visitors unrelated to the research', false],
    ],
    '研究に関わるすべての人が対象で、委託業務の従事者も含まれます。',
    'Everyone involved in the research is bound by it, contractors included.',
  ),
  q(
    'single',
    '最も優先して守るべき情報はどれですか。',
    'Which information comes first when protecting information?',
    [
      ['患者さんの個人情報・要配慮個人情報', 'Patients\' personal and special-care personal information', true],
      ['会議の日程', 'Meeting schedules', false],
      ['公開済みの論文', 'Published papers', false],
    ],
    '個人情報などの機密情報を守ることが最優先です（P32-1.2.1）。',
    'Protecting personal and other confidential information comes first (P32-1.2.1).',
  ),
];

/**
 * The sample course "Information security basics", written in our own words from the policy,
 * added once as a DRAFT (its code decides: an existing course with the code is left alone). The
 * manager reviews it, sets its audience and publishes it.
 */
export async function seedSampleCourse(db: Db, clock: Clock): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.code, SAMPLE_COURSE_CODE));
    if (exists) return false;
    const now = clock.now();
    const [c] = await tx
      .insert(courses)
      .values({
        code: SAMPLE_COURSE_CODE,
        titleJa: '情報セキュリティ基礎研修',
        titleEn: 'Information security basics',
        descriptionJa: '情報セキュリティポリシーの要点（アカウントは本人だけのもの、事故はすぐ報告、グループIDはメンバーだけに など）を学び、理解度を確認します。',
        descriptionEn: 'The essentials of the information security policy — accounts are personal, incidents are reported at once, group IDs go to members only — with a short quiz.',
        status: 'draft',
        audience: EVERYONE,
        passMark: 80,
        maxAttempts: 3,
        questionsPerAttempt: 10,
        dueDays: 30,
        recurrence: 'fiscal_year',
        requiredForAccount: false,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: courses.id });
    const courseId = c!.id;
    await tx.insert(courseLessons).values(LESSONS.map((l, i) => ({ courseId, position: i, ...l, createdAt: now, updatedAt: now })));
    for (const [i, question] of QUESTIONS.entries()) {
      const [row] = await tx
        .insert(courseQuestions)
        .values({ courseId, position: i, kind: question.kind, promptJa: question.promptJa, promptEn: question.promptEn, explanationJa: question.explanationJa ?? '', explanationEn: question.explanationEn ?? '', createdAt: now, updatedAt: now })
        .returning({ id: courseQuestions.id });
      await tx.insert(courseQuestionOptions).values(question.options.map((o, j) => ({ questionId: row!.id, position: j, textJa: o.textJa, textEn: o.textEn, correct: o.correct })));
    }
    return true;
  });
}
