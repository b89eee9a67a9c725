import { Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Scorer = (password: string, userInputs: string[]) => number;
let scorer: Promise<Scorer> | null = null;

/** Loads zxcvbn-ts and its common dictionaries on first use, in their own chunk (≈ 800 kB, kept out of the main bundle). */
function loadScorer(): Promise<Scorer> {
  scorer ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(([core, common]) => {
    const z = new core.ZxcvbnFactory({ graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary } });
    return (pw: string, inputs: string[]) => z.check(pw, inputs).score;
  });
  return scorer;
}

const COLORS = ['red', 'red', 'orange', 'teal', 'green'] as const;

/** A strength meter (0–4) for a new password; a guide only: the server's policy decides. */
export function PasswordStrength({ password, userInputs = [] }: { password: string; userInputs?: string[] }) {
  const { t } = useTranslation();
  const [score, setScore] = useState<number | null>(null);
  const inputsKey = userInputs.join('\u0000');
  useEffect(() => {
    let live = true;
    if (!password) {
      setScore(null);
      return;
    }
    void loadScorer().then((f) => {
      if (live) setScore(f(password.slice(0, 256), inputsKey ? inputsKey.split('\u0000') : []));
    });
    return () => {
      live = false;
    };
  }, [password, inputsKey]);
  if (!password || score === null) return null;
  return (
    <Stack gap={4} aria-live="polite">
      <Progress value={(score + 1) * 20} color={COLORS[score]} size="sm" aria-label={t('security.strength.label')} />
      <Text size="xs" c="dimmed">
        {t('security.strength.label')}: {t(`security.strength.s${score}`)}
      </Text>
    </Stack>
  );
}
