// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyOf, SHARED_LABELS } from './labels.js';
import { messages } from './messages.js';

const LANGS = ['ja', 'en'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = sourceFiles(root).map((file) => ({ file: file.slice(root.length), text: readFileSync(file, 'utf8') }));

/** The fixed start of every key the screens build from a value: `incidents.kind.` in t(`incidents.kind.${k}`). */
const builtKeyPrefixes = new Set(
  sources
    .flatMap(({ text }) => [...text.matchAll(/`([a-zA-Z]+(?:\.[a-zA-Z_]+)*[._])\$\{/g)].map((m) => m[1] as string))
    // form field paths such as `change.${k}` are not keys: a key starts with a namespace of the translations
    .filter((prefix) => Object.hasOwn(messages.ja, prefix.split('.')[0] as string)),
);

const t = i18next.createInstance();
beforeAll(async () => {
  await t.init({
    resources: { ja: { translation: messages.ja }, en: { translation: messages.en } },
    lng: 'ja',
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
});

describe('shared enum labels', () => {
  it.each(SHARED_LABELS.map((e) => [e.key, e] as const))('%s: every value of the enum has a label in both languages, and nothing else', (_key, entry) => {
    expect(Object.keys(entry.labels).sort()).toEqual([...entry.values].sort());
    for (const value of entry.values) {
      for (const lang of LANGS) expect(entry.labels[value]?.[lang]?.trim(), `${lang}: ${value}`).toBeTruthy();
    }
  });

  it.each(SHARED_LABELS.map((e) => [e.key, e] as const))('%s: every key resolves in both languages to the shared label', (_key, entry) => {
    for (const value of entry.values) {
      const key = keyOf(entry, value);
      for (const lang of LANGS) {
        expect(t.exists(key, { lng: lang }), `${lang}: ${key}`).toBe(true);
        expect(t.t(key, { lng: lang }), `${lang}: ${key}`).toBe(entry.labels[value]![lang]);
      }
    }
  });

  it('are registered under keys the screens build from a value', () => {
    const unused = SHARED_LABELS.map((e) => e.key.slice(0, e.key.indexOf('*'))).filter((prefix) => !builtKeyPrefixes.has(prefix));
    expect(unused).toEqual([]);
  });

  it('leave no key the screens build from a value without translations', () => {
    // a label set moved out of a messages file without being registered leaves its prefix empty
    const children = (lang: string, path: string) => Object.keys((t.getResource(lang, 'translation', path) as Record<string, unknown> | undefined) ?? {});
    const empty = [...builtKeyPrefixes].filter((prefix) => {
      const cut = prefix.lastIndexOf('.');
      const [parent, start] = prefix.endsWith('.') ? [prefix.slice(0, -1), ''] : [prefix.slice(0, cut), prefix.slice(cut + 1)];
      return LANGS.some((lang) => !children(lang, parent).some((k) => k.startsWith(start)));
    });
    expect(empty).toEqual([]);
  });
});
