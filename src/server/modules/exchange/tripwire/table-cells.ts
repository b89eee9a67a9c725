/** Cell addresses and the statistics the table readers compute on raw cells (table.ts). */

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/**
 * Statistics of a raw cell the readers compute while they walk it (CSV inline, others with
 * cellStats): the digit count, and flags 1 = non-ASCII or @, 2 = letters, 4 = capitals,
 * 8 = dot or space.
 */

export function cellStats(v: string): { digits: number; flags: number } {
  let digits = 0;
  let flags = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 128 || c === 64) flags |= 1;
    else if (c >= 65 && c <= 90) flags |= 6;
    else if (c >= 97 && c <= 122) flags |= 2;
    else if (c === 46 || c === 32) flags |= 8;
  }
  return { digits, flags };
}

/** Short text without digits: a label in a form (氏名 | 山田太郎). */
export function labelStats(length: number, digits: number, flags: number): boolean {
  return length > 0 && length <= 24 && digits === 0 && (flags & 3) !== 0;
}

/**
 * Could anything fire on a cell without column context? Non-ASCII or @; ten digits (phone, My
 * Number); letters with digits (keywords, era dates); capitals with a dot or space (initials,
 * romaji names). Cells of 6–9 digits matter only with a label on their left or while their
 * column is being sampled (see TableScanner.wants).
 */
export function interestingStats(digits: number, flags: number): boolean {
  return (flags & 1) !== 0 || digits >= 10 || ((flags & 2) !== 0 && digits >= 2) || (flags & 12) === 12;
}
