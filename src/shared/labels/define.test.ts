import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { byLanguage, defineLabels } from './define.js';

describe('enum labels', () => {
  const Colour = z.enum(['red', 'blue']);
  const labels = defineLabels(Colour, { red: { ja: '赤', en: 'Red' }, blue: { ja: '青', en: 'Blue' } });

  it('keep one label per value in both languages', () => {
    expect(labels.red).toEqual({ ja: '赤', en: 'Red' });
  });

  it('read as one map per language', () => {
    expect(byLanguage(labels)).toEqual({ ja: { red: '赤', blue: '青' }, en: { red: 'Red', blue: 'Blue' } });
  });
});
