import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RiskMatrixDto } from '../../../shared/risks.js';
import { useLang } from '../../lib/use-lang.js';

/** Black or white text, whichever has the higher WCAG contrast on a level's colour. */
export function textOn(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#1a1b1e' : '#ffffff';
}

/** A level's name in the current language (the key itself if the matrix no longer has it). */
export function useLevelName(matrix: RiskMatrixDto | undefined) {
  const lang = useLang();
  return (key: string) => {
    const l = matrix?.levels.find((x) => x.key === key);
    return l ? (lang === 'ja' ? l.nameJa : l.nameEn) : key;
  };
}

/** A step's name on the likelihood or impact scale ("3 起こりうる"). */
export function useStepName(matrix: RiskMatrixDto | undefined) {
  const lang = useLang();
  return (axis: 'likelihood' | 'impact', value: number) => {
    const s = matrix?.[axis].find((x) => x.value === value);
    return s ? `${value} ${lang === 'ja' ? s.nameJa : s.nameEn}` : String(value);
  };
}

/**
 * A risk level as a coloured badge with its name (never colour alone), and likelihood × impact
 * beside it when given.
 */
export function LevelBadge({ matrix, level, likelihood, impact }: { matrix: RiskMatrixDto | undefined; level: string; likelihood?: number; impact?: number }) {
  const { t } = useTranslation();
  const name = useLevelName(matrix)(level);
  const step = useStepName(matrix);
  const color = matrix?.levels.find((l) => l.key === level)?.color ?? '#adb5bd';
  const badge = (
    <Badge style={{ background: color, color: textOn(color) }} radius="sm" data-level={level}>
      {name}
      {likelihood && impact ? ` ${likelihood}×${impact}` : ''}
    </Badge>
  );
  if (!likelihood || !impact) return badge;
  return <Tooltip label={`${t('risks.likelihood')}: ${step('likelihood', likelihood)} / ${t('risks.impact')}: ${step('impact', impact)}`}>{badge}</Tooltip>;
}
