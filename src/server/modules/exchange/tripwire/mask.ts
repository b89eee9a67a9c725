/**
 * Masks shown instead of values: enough to find the cell again, never the identifier itself.
 * 山田太郎 → 山田***, 090-1234-5678 → 090-****-**78, taro@example.jp → t***@example.jp.
 */

const MAX = 40;

const cap = (s: string): string => {
  const cps = [...s];
  return cps.length > MAX ? cps.slice(0, MAX).join('') + '…' : s;
};

/** Keeps the first `head` and last `tail` digits, masks the other digits, keeps separators. */
export function maskDigits(value: string, head: number, tail: number): string {
  let total = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) total++;
  }
  let seen = 0;
  let out = '';
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      out += seen < head || seen >= total - tail ? ch : '*';
      seen++;
    } else {
      out += ch;
    }
  }
  return cap(out);
}

/** Names: the first two characters of a longer name, else the first one, then ***. */
export function maskName(value: string): string {
  const cps = [...value.trim()];
  if (cps.length === 0) return '***';
  const keep = cps.length >= 4 ? 2 : 1;
  return cps.slice(0, keep).join('') + '***';
}

export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return '***';
  return cap(`${value[0]}***${value.slice(at)}`);
}

/** Addresses: up to the first municipality (東京都中央区***), else the first three characters. */
export function maskAddress(value: string): string {
  const v = value.trim();
  const m = /^(.{0,4}?[都道府県])?(.{1,7}?[市区郡町村])/u.exec(v);
  if (m && m[0].length <= 12) return `${m[0]}***`;
  return [...v].slice(0, 3).join('') + '***';
}

/** Initials: letters become *, dots stay (*.*.). */
export function maskInitials(value: string): string {
  return cap(value.replace(/[A-Za-z]/g, '*'));
}

/** Any other identifier (record numbers): keep the last two characters. */
export function maskTail(value: string): string {
  const cps = [...value.trim()];
  if (cps.length <= 2) return '*'.repeat(cps.length || 1);
  return cap('*'.repeat(Math.min(cps.length - 2, 12)) + cps.slice(-2).join(''));
}

/** Dates: Western forms keep the century (19**-**-**), era forms only the era (昭和**年*月*日). */
export function maskDate(value: string): string {
  return /^[0-9]{4}/.test(value.trim()) ? maskDigits(value.trim(), 2, 0) : maskDigits(value.trim(), 0, 0);
}
