// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AuditAction } from '../../shared/audit.js';
import { ERROR_CODES } from '../../shared/errors.js';
import { CommitteeKind, ImportJobDto, UnitKind } from '../../shared/org.js';
import { ACTIONS } from '../../shared/permissions.js';
import { ROLES } from '../../shared/roles.js';
import { keyOf, SHARED_LABELS } from './labels.js';
import { messages as all } from './messages.js';

type Tree = { [key: string]: string | Tree };

/** Flattens nested messages into dotted keys, as i18next reads them. */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree)) {
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, v);
  }
  return out;
}

const messages = { ja: flatten(all.ja as Tree), en: flatten(all.en as Tree) };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('web translations', () => {
  it('have exactly the same keys in Japanese and English', () => {
    expect([...messages.en.keys()].sort()).toEqual([...messages.ja.keys()].sort());
  });

  it('include the shared enum labels (src/shared/labels) in both languages, so the parity above covers them', () => {
    const keys = SHARED_LABELS.flatMap((e) => e.values.map((v) => keyOf(e, v)));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(messages.ja.has(key), `ja: ${key}`).toBe(true);
      expect(messages.en.has(key), `en: ${key}`).toBe(true);
    }
  });

  it('have no empty messages', () => {
    for (const [lang, map] of Object.entries(messages)) {
      for (const [key, value] of map) {
        expect(typeof value === 'string' && value.trim().length > 0, `${lang}: ${key}`).toBe(true);
      }
    }
  });

  it.each([
    ['auditActions', AuditAction.options as readonly string[]],
    ['roles', ROLES as readonly string[]],
    ['errors', ERROR_CODES as readonly string[]],
    ['unitKinds', UnitKind.options as readonly string[]],
    ['committeeKinds', CommitteeKind.options as readonly string[]],
    ['import.status', ImportJobDto.shape.status.options as readonly string[]],
  ])('translate every value of %s in both languages', (prefix, values) => {
    for (const v of values) {
      expect(messages.ja.get(`${prefix}.${v}`), `ja: ${prefix}.${v}`).toBeTruthy();
      expect(messages.en.get(`${prefix}.${v}`), `en: ${prefix}.${v}`).toBeTruthy();
    }
  });

  it('contain every literal key the web source uses', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const namespaces = new Set([...messages.ja.keys()].map((k) => k.split('.')[0]));
    const actions = new Set<string>(ACTIONS);
    const missing: string[] = [];
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      // t('a.b'), and key-like string literals such as label: 'fields.code'
      for (const m of text.matchAll(/['`]([a-zA-Z]+(?:\.[a-zA-Z_-]+)+)['`]/g)) {
        const key = m[1] as string;
        // permission names (audit.read, person.list…) look like keys but are not
        if (!namespaces.has(key.split('.')[0] as string) || actions.has(key)) continue;
        // a key used with { count } may exist only in its plural forms (key_one, key_other)
        if (!messages.ja.has(key) && !messages.ja.has(`${key}_other`)) missing.push(`${file.slice(root.length)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
