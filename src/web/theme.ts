import { createTheme, darken, luminance, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** A calm teal-blue; shade 6 (buttons, links) keeps at least 4.5:1 against white. */
const mamori: MantineColorsTuple = [
  '#e6f3f5',
  '#cfe5ea',
  '#9fcbd5',
  '#6baebe',
  '#4296aa',
  '#27849a',
  '#176b7d',
  '#115a6a',
  '#0b4957',
  '#053744',
];

/** Green for "active" and success badges, its text shade dark enough for small type on a light tint. */
const ok: MantineColorsTuple = [
  '#ebfbee',
  '#dcf5e1',
  '#b2f2bb',
  '#8ce99a',
  '#69db7c',
  '#51cf66',
  '#2f9e44',
  '#237a36',
  '#1e6b37',
  '#175a2d',
];

/** Mantine's red, one step darker: error text and red buttons then meet 4.5:1 on white. */
const red: MantineColorsTuple = [
  '#fff5f5',
  '#ffe3e3',
  '#ffc9c9',
  '#ffa8a8',
  '#ff8787',
  '#f03e3e',
  '#c92a2a',
  '#b02525',
  '#9c2020',
  '#861b1b',
];

/** System fonts that render Japanese well on macOS, Windows and Linux; nothing is downloaded. */
export const FONT_STACK =
  '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Noto Sans CJK JP", "Yu Gothic UI", "Yu Gothic", Meiryo, system-ui, -apple-system, "Segoe UI", sans-serif';

export const MONO_STACK = 'ui-monospace, "SFMono-Regular", "Cascadia Mono", "Noto Sans Mono", Menlo, Consolas, monospace';

export const theme = createTheme({
  primaryColor: 'mamori',
  primaryShade: 6,
  colors: { mamori, ok, red },
  fontFamily: FONT_STACK,
  fontFamilyMonospace: MONO_STACK,
  headings: { fontFamily: FONT_STACK, fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    Card: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { radius: 'md', centered: true } },
    Badge: { defaultProps: { radius: 'sm', variant: 'light' } },
    // Required inputs keep the `required` attribute but show no asterisk: optional fields are
    // marked instead (see OptionalLabel), and labels stay exactly their text for tests and AT.
    TextInput: { defaultProps: { withAsterisk: false } },
    PasswordInput: { defaultProps: { withAsterisk: false } },
    Select: { defaultProps: { withAsterisk: false } },
    MultiSelect: { defaultProps: { withAsterisk: false } },
    FileInput: { defaultProps: { withAsterisk: false } },
    Textarea: { defaultProps: { withAsterisk: false } },
  },
});

/** WCAG contrast ratio of two colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour of a colour's light variant (badges, alerts, light buttons): its shade 9,
 * darkened step by step until small type reads at 4.5:1 on the variant's tint (shade 1). Mantine's
 * shade 9 alone is not enough for yellow, orange, teal and a few others.
 */
export function lightVariantText(shades: readonly string[]): string {
  let c = shades[9]!;
  for (let i = 0; i < 20 && contrastRatio(c, shades[1]!) < 4.6; i++) c = darken(c, 0.06);
  return c;
}

/** Dimmed and placeholder text darkened so small print still meets WCAG AA contrast; light-variant text likewise. */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-placeholder': '#6c737a',
    '--mantine-color-body': '#ffffff',
    ...Object.fromEntries(Object.entries(t.colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, lightVariantText(shades)])),
  },
  dark: {},
});
