/** How far back "nearby words" reach (detect.ts, detect-names.ts). */
export const WINDOW = 24;

/** The `n` characters before `index`. */
export const before = (text: string, index: number, n = WINDOW) => text.slice(Math.max(0, index - n), index);

/** A keyword near `index`: in the `n` characters before it, or in the context. */
export function near(re: RegExp, text: string, index: number, n: number, context: string): boolean {
  return re.test(text.slice(index > n ? index - n : 0, index)) || (context !== '' && re.test(context));
}
