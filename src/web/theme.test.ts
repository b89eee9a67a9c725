import { DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { contrastRatio, cssVariablesResolver, lightVariantText, theme } from './theme.js';

describe('theme contrast', () => {
  const full = mergeMantineTheme(DEFAULT_THEME, theme);

  it('gives every colour’s light variant text that reads at 4.5:1 on its tint and on white', () => {
    const weak = Object.entries(full.colors)
      .map(([name, shades]) => ({ name, text: lightVariantText(shades), tint: contrastRatio(lightVariantText(shades), shades[1]!), white: contrastRatio(lightVariantText(shades), '#ffffff') }))
      .filter((c) => c.tint < 4.5 || c.white < 4.5);
    expect(weak).toEqual([]);
  });

  it('darkens only where Mantine’s shade 9 falls short (yellow did; blue did not)', () => {
    expect(contrastRatio(full.colors.yellow[9], full.colors.yellow[1])).toBeLessThan(4.5);
    expect(lightVariantText(full.colors.yellow)).not.toBe(full.colors.yellow[9]);
    expect(lightVariantText(full.colors.blue)).toBe(full.colors.blue[9]);
  });

  it('puts the light-variant text of every colour in the page’s CSS variables', () => {
    const vars = cssVariablesResolver(full).light;
    expect(vars['--mantine-color-yellow-light-color']).toBe(lightVariantText(full.colors.yellow));
    expect(vars['--mantine-color-ok-light-color']).toBe(lightVariantText(full.colors.ok!));
  });
});
