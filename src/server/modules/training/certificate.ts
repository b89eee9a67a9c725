import { jpPdf } from '../../export/pdf-report.js';

export interface CertificateInput {
  lang: 'ja' | 'en';
  personName: string;
  courseTitle: string;
  /** YYYY-MM-DD (Japan). */
  completedOn: string;
  score: number;
  certificateNo: string;
  groupName: string;
  now: Date;
}

const WORDS = {
  ja: {
    title: '修了証',
    lead: (name: string) => `${name} 殿`,
    body: '上記の者は、次の研修を修了し、理解度確認に合格したことを証します。',
    course: '研修',
    date: '修了日',
    score: '得点',
    number: '修了証番号',
    policy: '情報セキュリティポリシー（P32-6）に基づく教育',
    issuer: (g: string) => `${g} 情報セキュリティ管理責任者`,
    date2: (d: string) => {
      const [y, m, day] = d.split('-').map(Number);
      return `${y}年${m}月${day}日`;
    },
  },
  en: {
    title: 'Certificate of Completion',
    lead: (name: string) => name,
    body: 'has completed the following course and passed its quiz.',
    course: 'Course',
    date: 'Date passed',
    score: 'Score',
    number: 'Certificate No.',
    policy: 'Education under the Information Security Policy (P32-6)',
    issuer: (g: string) => `Information Security Manager, ${g}`,
    date2: (d: string) => {
      const [y, m, day] = d.split('-').map(Number);
      return new Date(Date.UTC(y!, m! - 1, day!)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    },
  },
} as const;

/**
 * A certificate of completion (A4 landscape, Noto Sans JP embedded so Japanese renders on any
 * server): the person's name, the course, the date passed (Japan), the score, the certificate
 * number and the research group's name.
 */
export function certificatePdf(c: CertificateInput): Promise<Buffer> {
  const w = WORDS[c.lang];
  const { doc, done } = jpPdf({ size: 'A4', layout: 'landscape', margin: 48, info: { Title: `${w.title} ${c.certificateNo}`, Author: c.groupName, Subject: c.courseTitle, CreationDate: c.now } });
  const { width, height } = doc.page;
  const inner = width - 96;
  doc.rect(24, 24, width - 48, height - 48).lineWidth(2).strokeColor('#1c4e80').stroke();
  doc.rect(32, 32, width - 64, height - 64).lineWidth(0.5).strokeColor('#1c4e80').stroke();

  const center = (text: string, size: number, opts: { color?: string; gap?: number } = {}) => {
    doc.fontSize(size).fillColor(opts.color ?? '#000000').text(text, 48, doc.y, { width: inner, align: 'center' });
    doc.moveDown(opts.gap ?? 0.4);
  };
  doc.y = 80;
  center(w.title, 34, { color: '#1c4e80', gap: 0.8 });
  center(w.lead(c.personName), 22, { gap: 0.6 });
  center(w.body, 13, { gap: 1.2 });
  center(c.courseTitle, 20, { color: '#1c4e80', gap: 1.4 });

  const rows: [string, string][] = [
    [w.date, w.date2(c.completedOn)],
    [w.score, `${c.score} / 100`],
    [w.number, c.certificateNo],
  ];
  const labelW = 160;
  const x0 = width / 2 - 170;
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.fontSize(12).fillColor('#495057').text(k, x0, y, { width: labelW });
    doc.fontSize(12).fillColor('#000000').text(v, x0 + labelW, y, { width: 220 });
    doc.moveDown(0.5);
  }
  doc.y = height - 130;
  center(w.issuer(c.groupName), 13, { gap: 0.3 });
  center(w.policy, 9, { color: '#868e96' });
  doc.end();
  return done;
}
