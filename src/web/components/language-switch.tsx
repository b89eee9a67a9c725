import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../i18n/index.js';
import { useLang } from '../lib/use-lang.js';

/** Two toggle buttons, 日本語 and English; each language is named in itself. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Group gap={4} role="group" aria-label={t('language.switch')} wrap="nowrap">
      {LANGUAGES.map((l) => (
        <Button
          key={l}
          size="compact-sm"
          variant={lang === l ? 'light' : 'subtle'}
          color={lang === l ? undefined : 'gray'}
          aria-pressed={lang === l}
          lang={l}
          onClick={() => setLanguage(l)}
        >
          {t(`language.${l}`)}
        </Button>
      ))}
    </Group>
  );
}
