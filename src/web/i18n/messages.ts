import en from './en.json';
import ja from './ja.json';
import { sharedLabelMessages } from './labels.js';

export type Messages = { [key: string]: string | Messages };

/**
 * All translations: the shared ones in this folder, plus each feature's own beside its screens
 * (`src/web/routes/<feature>/messages.ja.json` and `messages.en.json`), plus the labels of enum
 * values kept in `src/shared/labels` (`labels.ts` names their keys), merged key by key.
 */
const moduleJa = import.meta.glob<Messages>('../routes/**/messages.ja.json', { eager: true, import: 'default' });
const moduleEn = import.meta.glob<Messages>('../routes/**/messages.en.json', { eager: true, import: 'default' });

function merge(target: Messages, source: Messages, where: string): Messages {
  for (const [k, v] of Object.entries(source)) {
    const existing = target[k];
    if (typeof v === 'object' && typeof existing === 'object') merge(existing, v, `${where}.${k}`);
    else if (existing !== undefined) throw new Error(`translation key defined twice: ${where}.${k}`);
    else target[k] = typeof v === 'object' ? merge({}, v, `${where}.${k}`) : v;
  }
  return target;
}

function build(core: Messages, modules: Record<string, Messages>, labels: Messages): Messages {
  const out = merge({}, core, '');
  for (const file of Object.keys(modules).sort()) merge(out, modules[file]!, file);
  return merge(out, labels, 'src/shared/labels');
}

export const messages: { ja: Messages; en: Messages } = {
  ja: build(ja as Messages, moduleJa, sharedLabelMessages('ja')),
  en: build(en as Messages, moduleEn, sharedLabelMessages('en')),
};
