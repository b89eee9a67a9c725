import type { z } from 'zod';

/**
 * Labels of enum values, kept once for both sides: the web app adds them to its translations
 * (`src/web/i18n/labels.ts`) and the server prints them in its documents and emails.
 */

/** The languages of every visible string: Japanese first, English second. */
export type Lang = 'ja' | 'en';

/** One value's label in both languages. */
export interface Label {
  readonly ja: string;
  readonly en: string;
}

/** A label for each value of `K`. */
export type Labels<K extends string> = { readonly [V in K]: Label };

/**
 * The labels of a zod enum's values. The map must name every value of the enum and nothing else,
 * so a value added to the enum without its labels fails `tsc`.
 */
export function defineLabels<E extends z.ZodEnum>(_values: E, labels: Labels<z.infer<E> & string>): Labels<z.infer<E> & string> {
  return labels;
}

/** The same labels as one map per language (`byLanguage(x).ja[value]`), as documents read them. */
export function byLanguage<K extends string>(labels: Labels<K>): Record<Lang, Record<K, string>> {
  const pick = (lang: Lang) => Object.fromEntries(Object.entries<Label>(labels).map(([k, v]) => [k, v[lang]])) as Record<K, string>;
  return { ja: pick('ja'), en: pick('en') };
}
