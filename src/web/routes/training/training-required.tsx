import { Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { useLang } from '../../lib/use-lang.js';
import { useMyAssignments } from './api.js';

/** The onboarding step for a course the account requires (P32-6): links to the player. */
export function TrainingRequiredStep() {
  const { t } = useTranslation();
  const lang = useLang();
  const q = useMyAssignments();
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const required = q.data.items.filter((a) => a.requiredForAccount && !a.completedAt);
  return (
    <Stack gap="sm">
      {required.map((a) => (
        <Stack key={a.id} gap={4}>
          <Text fw={600}>{lang === 'ja' ? a.courseTitleJa : a.courseTitleEn}</Text>
          <Text size="sm" c="dimmed">
            {t('training.mine.dueOn', { date: a.dueOn })}
          </Text>
          <div>
            <Button component={Link} to={`/training/assignments/${a.id}`}>
              {t('training.mine.take')}
            </Button>
          </div>
        </Stack>
      ))}
    </Stack>
  );
}
