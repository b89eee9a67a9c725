import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { institutions, people, personInstitutions, personResearchGroups, researchGroups } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';

/**
 * Password rules after NIST SP 800-63B §3.1.1.2 and OWASP ASVS 5 V6: a minimum length
 * (PASSWORD_MIN_LENGTH, never below 8), at least 128 characters accepted and hashed whole (argon2id
 * takes the full string, nothing is truncated), no composition rules, no expiry, and a refusal of
 * common passwords and of passwords built from the person's own names, email or affiliations.
 */
export type PasswordRejection = 'too_short' | 'too_long' | 'common' | 'personal';

/** The floor under PASSWORD_MIN_LENGTH. */
export const ABSOLUTE_MIN_LENGTH = 8;
/** Longest password accepted, in UTF-8 bytes (128 characters of any script fit). */
export const MAX_PASSWORD_BYTES = 1024;
/** Personal words shorter than this are ignored (they would refuse too many good passwords). */
const MIN_PERSONAL_WORD = 3;

/**
 * The blocklist shipped with Mamori: the 17,950 distinct entries of at least 8 characters from the
 * common-password list of @zxcvbn-ts/language-common 4.1.3 (MIT), lower-cased. Shorter entries are
 * left out because the length rule refuses them anyway. Regenerate with the one-liner in
 * docs/SECURITY.md ("Passwords").
 */
let blocklist: Set<string> | undefined;
function commonPasswords(): Set<string> {
  blocklist ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0),
  );
  return blocklist;
}

/** Case and width folding (全角 → half-width, ｶﾅ → カナ) before any comparison. */
const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/** Number of characters (code points), as NIST counts length. */
const charCount = (s: string) => [...s].length;

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(fold(password));
}

/** The first rule the password breaks, or null when it is acceptable. */
export function checkPassword(password: string, minLength: number, personalWords: string[]): PasswordRejection | null {
  if (charCount(password) < Math.max(ABSOLUTE_MIN_LENGTH, minLength)) return 'too_short';
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return 'too_long';
  if (isCommonPassword(password)) return 'common';
  const folded = fold(password);
  for (const w of personalWords) {
    const word = fold(w).trim();
    if (charCount(word) >= MIN_PERSONAL_WORD && folded.includes(word)) return 'personal';
  }
  return null;
}

/** Generic words of organization names that are not personal to anyone. */
const GENERIC = new Set(['university', 'hospital', 'medical', 'center', 'centre', 'institute', 'research', 'group', 'clinic', 'national', 'college', 'school', 'department', 'faculty', 'graduate', 'the', 'and', 'for']);

/**
 * Expands names and addresses into the words a password must not contain: each whole value, and
 * its parts split at spaces and punctuation (an email's local part, its dotted pieces; the words of
 * an institution's English name except generic ones such as "University").
 */
export function personalWordsFrom(values: readonly (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (!v) continue;
    const whole = v.trim();
    if (!whole) continue;
    out.add(whole);
    const at = whole.indexOf('@');
    if (at > 0) out.add(whole.slice(0, at));
    for (const part of whole.split(/[\s@._+\-・,()（）]+/)) {
      if (part.length >= MIN_PERSONAL_WORD && !GENERIC.has(part.toLowerCase())) out.add(part);
    }
  }
  return [...out].filter((w) => charCount(w) >= MIN_PERSONAL_WORD);
}

/**
 * The person's kanji, kana and English names, email and its local part, account ID (the email is
 * the account ID), and the names of their institutions and research groups.
 */
export async function personalWordsFor(conn: Conn, personId: string): Promise<string[]> {
  const [p] = await conn
    .select({
      familyNameJa: people.familyNameJa,
      givenNameJa: people.givenNameJa,
      familyNameKana: people.familyNameKana,
      givenNameKana: people.givenNameKana,
      familyNameEn: people.familyNameEn,
      givenNameEn: people.givenNameEn,
      email: people.email,
    })
    .from(people)
    .where(eq(people.id, personId));
  if (!p) return [];
  const insts = await conn
    .select({ ja: institutions.nameJa, en: institutions.nameEn })
    .from(personInstitutions)
    .innerJoin(institutions, eq(institutions.id, personInstitutions.institutionId))
    .where(eq(personInstitutions.personId, personId));
  const groups = await conn
    .select({ ja: researchGroups.nameJa, en: researchGroups.nameEn })
    .from(personResearchGroups)
    .innerJoin(researchGroups, eq(researchGroups.id, personResearchGroups.researchGroupId))
    .where(eq(personResearchGroups.personId, personId));
  return personalWordsFrom([
    p.familyNameJa,
    p.givenNameJa,
    p.familyNameKana,
    p.givenNameKana,
    p.familyNameEn,
    p.givenNameEn,
    `${p.givenNameEn}${p.familyNameEn}`,
    `${p.familyNameEn}${p.givenNameEn}`,
    `${p.familyNameJa}${p.givenNameJa}`,
    p.email,
    ...insts.flatMap((i) => [i.ja, i.en]),
    ...groups.flatMap((g) => [g.ja, g.en]),
  ]);
}

const MESSAGES: Record<PasswordRejection, (min: number) => string> = {
  too_short: (min) => `The password must be at least ${min} characters long.`,
  too_long: () => `The password must be at most ${MAX_PASSWORD_BYTES} bytes long.`,
  common: () => 'This password is on the list of commonly used passwords. Choose another one.',
  personal: () => 'The password must not contain your name, email address, institution or research group.',
};

/** Throws 400 PASSWORD_TOO_WEAK with details { reason, minLength } when the password breaks a rule. */
export async function assertPasswordAcceptable(_conn: Conn, minLength: number, password: string, personalWords: string[]): Promise<void> {
  const reason = checkPassword(password, minLength, personalWords);
  if (reason) {
    const min = Math.max(ABSOLUTE_MIN_LENGTH, minLength);
    throw new AppError(400, 'PASSWORD_TOO_WEAK', MESSAGES[reason](min), { reason, minLength: min });
  }
}
