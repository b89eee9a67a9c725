import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF that pdfkit wrote with one embedded (subset) font, for tests: glyph ids in the
 * content streams' TJ/Tj strings are mapped back to characters through the font's ToUnicode CMap.
 * One string per text-showing operation. Not a general PDF parser.
 */
export function pdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
    const body = Buffer.from(m[1]!, 'latin1');
    try {
      return inflateSync(body).toString('latin1');
    } catch {
      return body.toString('latin1');
    }
  });
  const map = new Map<number, string>();
  const hexToText = (h: string) => String.fromCodePoint(...(h.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
  for (const s of streams.filter((x) => x.includes('begincmap'))) {
    for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
        const from = parseInt(m[1]!, 16);
        const to = parseInt(m[2]!, 16);
        if (m[3]!.startsWith('[')) {
          [...m[3]!.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach((u, i) => map.set(from + i, hexToText(u[1]!)));
        } else {
          const base = parseInt(m[3]!.slice(1, -1), 16);
          for (let g = from; g <= to; g++) map.set(g, String.fromCodePoint(base + (g - from)));
        }
      }
    }
    for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(m[1]!, 16), hexToText(m[2]!));
    }
  }
  const out: string[] = [];
  for (const s of streams.filter((x) => /\bBT\b/.test(x))) {
    for (const op of s.matchAll(/(\[[^\]]*\]|<[0-9a-fA-F]*>)\s*T[Jj]/g)) {
      const hex = [...op[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!).join('');
      out.push((hex.match(/.{4}/g) ?? []).map((g) => map.get(parseInt(g, 16)) ?? '\uFFFD').join(''));
    }
  }
  return out;
}
