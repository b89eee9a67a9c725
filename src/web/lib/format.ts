import type { Language } from '../i18n/index.js';

interface Named {
  nameJa: string;
  nameEn: string;
}

/** The name of an organization entry in the current language. */
export function refName(ref: Named | null | undefined, lang: Language): string {
  if (!ref) return '';
  return lang === 'ja' ? ref.nameJa : ref.nameEn;
}

interface PersonNames {
  familyNameJa: string;
  givenNameJa: string;
  familyNameEn: string;
  givenNameEn: string;
}

/** A person's name: family name first in Japanese, given name first in English. */
export function personName(p: PersonNames | null | undefined, lang: Language): string {
  if (!p) return '';
  const s = lang === 'ja' ? `${p.familyNameJa} ${p.givenNameJa}` : `${p.givenNameEn} ${p.familyNameEn}`;
  return s.trim();
}

const TOKYO = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant shown in Japan time as `YYYY-MM-DD HH:mm:ss`. */
export function formatTokyo(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(TOKYO.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Turns a `datetime-local` value (read as Japan time) into an ISO datetime with offset. */
export function tokyoLocalToIso(local: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(local);
  if (!m) return undefined;
  return `${m[1]}T${m[2]}${m[3] ?? ':00'}+09:00`;
}

/** Shortens a long hash or id for display; the full value goes in a title attribute. */
export function shorten(value: string | null | undefined, head = 12): string {
  if (!value) return '';
  return value.length > head + 1 ? `${value.slice(0, head)}…` : value;
}
