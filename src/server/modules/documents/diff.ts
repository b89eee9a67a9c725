import { diffLines, diffWordsWithSpace } from 'diff';
import type { DiffRow, DiffSegment } from '../../../shared/documents.js';

/** Words for English, characters-in-words for Japanese: Intl.Segmenter splits both sensibly. */
const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

const splitLines = (s: string) => {
  const lines = s.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
};

/** One changed line pair: the old line with deletions marked, the new one with insertions marked. */
function wordDiff(before: string, after: string): { left: DiffSegment[]; right: DiffSegment[] } {
  const left: DiffSegment[] = [];
  const right: DiffSegment[] = [];
  for (const part of diffWordsWithSpace(before, after, { intlSegmenter: segmenter })) {
    if (part.added) right.push({ text: part.value, mark: 'ins' });
    else if (part.removed) left.push({ text: part.value, mark: 'del' });
    else {
      left.push({ text: part.value });
      right.push({ text: part.value });
    }
  }
  return { left, right };
}

/**
 * A side-by-side diff of two texts: lines first, then, where a block of lines was replaced, the
 * words within each replaced line pair. Extra removed or added lines are whole-line rows.
 */
export function diffTexts(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  // Every text ends its last line with a newline, so a line that gained a successor is not "changed".
  const norm = (t: string) => {
    const u = t.replace(/\r\n?/g, '\n');
    return u === '' || u.endsWith('\n') ? u : `${u}\n`;
  };
  const chunks = diffLines(norm(before), norm(after));
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if (!c.added && !c.removed) {
      for (const line of splitLines(c.value)) rows.push({ kind: 'equal', left: [{ text: line }], right: [{ text: line }] });
      continue;
    }
    if (c.removed && chunks[i + 1]?.added) {
      const old = splitLines(c.value);
      const neu = splitLines(chunks[i + 1]!.value);
      i++;
      const n = Math.min(old.length, neu.length);
      for (let k = 0; k < n; k++) rows.push({ kind: 'change', ...wordDiff(old[k]!, neu[k]!) });
      for (const line of old.slice(n)) rows.push({ kind: 'delete', left: [{ text: line, mark: 'del' }], right: null });
      for (const line of neu.slice(n)) rows.push({ kind: 'insert', left: null, right: [{ text: line, mark: 'ins' }] });
      continue;
    }
    for (const line of splitLines(c.value)) {
      rows.push(c.added ? { kind: 'insert', left: null, right: [{ text: line, mark: 'ins' }] } : { kind: 'delete', left: [{ text: line, mark: 'del' }], right: null });
    }
  }
  return rows;
}
