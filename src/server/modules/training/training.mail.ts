import { defineMail } from '../../mail/template.js';

export interface CourseReminderParams {
  name: string;
  courseJa: string;
  courseEn: string;
  dueOn: string;
  link: string;
}

/** To the person, 7 days before the due date (once). */
export const courseDueSoonMail = defineMail<CourseReminderParams>('training.due_soon', {
  ja: (p) => ({
    subject: `【Mamori】研修「${p.courseJa}」の期限が近づいています（${p.dueOn}）`,
    text: `${p.name} さん\n\n研修「${p.courseJa}」の受講期限は ${p.dueOn} です。まだ修了していません。\n\n次のページから教材を読み、理解度確認に合格すると修了です（スマートフォンでも受講できます）。\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Training "${p.courseEn}" is due on ${p.dueOn}`,
    text: `Dear ${p.name},\n\nThe course "${p.courseEn}" is due on ${p.dueOn} and you have not completed it yet.\n\nRead the lessons and pass the quiz here (it works on a phone too):\n${p.link}`,
  }),
});

/** To the person on the due date (once). */
export const courseDueMail = defineMail<CourseReminderParams>('training.due', {
  ja: (p) => ({
    subject: `【Mamori】研修「${p.courseJa}」の受講期限は今日です`,
    text: `${p.name} さん\n\n研修「${p.courseJa}」の受講期限は本日 ${p.dueOn} です。まだ修了していません。\n\n期限を 7 日過ぎると、施設コーディネーター（施設に所属する方）または情報セキュリティ管理責任者にお知らせします。\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Training "${p.courseEn}" is due today`,
    text: `Dear ${p.name},\n\nThe course "${p.courseEn}" is due today (${p.dueOn}) and you have not completed it yet.\n\nSeven days after the due date, your site coordinator (for people at a hospital) or the information security manager is told.\n${p.link}`,
  }),
});

export interface CourseEscalationItem {
  personJa: string;
  personEn: string;
  email: string;
  courseJa: string;
  courseEn: string;
  dueOn: string;
}
export interface CourseEscalationParams {
  items: CourseEscalationItem[];
  link: string;
}

/** To the site coordinator(s) of the person's institution, or the manager, 7 days after the due date (once per assignment). */
export const courseEscalationMail = defineMail<CourseEscalationParams>('training.escalated', {
  ja: (p) => ({
    subject: `【Mamori】研修の期限を過ぎた方がいます（${p.items.length} 件）`,
    text: `次の方が、研修を受講期限から 7 日を過ぎても修了していません（方針 P32-6）。受講を促してください。\n\n${p.items.map((i) => `・${i.personJa}（${i.email}）\n  ${i.courseJa}（期限 ${i.dueOn}）`).join('\n')}\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Training overdue (${p.items.length})`,
    text: `These people have not completed their training seven days after it was due (policy P32-6). Please remind them.\n\n${p.items.map((i) => `- ${i.personEn} (${i.email})\n  ${i.courseEn} (due ${i.dueOn})`).join('\n')}\n\n${p.link}`,
  }),
});
