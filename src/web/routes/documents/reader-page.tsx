import { Anchor, Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { DocLanguage } from '../../../shared/documents.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { Markdown } from '../../components/markdown.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { useAcknowledge, useDocument } from './api.js';

/** The reader (P32-6): the version in force, and the person's acknowledgment of it. */
export function ReaderPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { id } = useParams();
  const q = useDocument(id);
  const ack = useAcknowledge();
  const [chosen, setChosen] = useState<DocLanguage | null>(null);
  const dl = chosen ?? lang;
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const doc = q.data;
  const current = doc.current ? doc.versions.find((v) => v.id === doc.current!.id) : undefined;
  const mine = doc.myAcknowledgment;
  const acknowledgedAt = ack.data?.acknowledgedAt ?? (mine && mine.versionId === current?.id ? mine.acknowledgedAt : null);
  const body = current ? (dl === 'ja' ? current.bodyJa || current.bodyEn : current.bodyEn || current.bodyJa) : '';
  return (
    <>
      <PageHeader
        title={`${doc.code} ${dl === 'ja' ? doc.titleJa : doc.titleEn}`}
        description={current ? t('documents.reader.versionLine', { version: current.version, date: current.effectiveFrom ?? '—' }) : undefined}
        above={
          <Anchor component={Link} to={`/documents/${doc.id}`} size="sm">
            {t('documents.reader.back')}
          </Anchor>
        }
        actions={
          <SegmentedControl
            aria-label={t('documents.reader.language')}
            data={[
              { value: 'ja', label: '日本語' },
              { value: 'en', label: 'English' },
            ]}
            value={dl}
            onChange={(v) => setChosen(v as DocLanguage)}
          />
        }
      />
      {!current ? (
        <EmptyList title={t('documents.reader.noCurrent')} description={t('documents.reader.noCurrentText')} />
      ) : (
        <Stack gap="lg">
          <Paper withBorder p="lg">
            {body ? (
              <Markdown source={body} />
            ) : (
              <Text size="sm" c="dimmed">
                {t('documents.reader.noText')}
              </Text>
            )}
          </Paper>
          {mine && mine.versionId === current.id && (
            <Paper withBorder p="md">
              {acknowledgedAt ? (
                <Group gap="sm" wrap="nowrap" role="status">
                  <IconCircleCheck aria-hidden color="var(--mantine-color-green-8)" />
                  <Stack gap={0}>
                    <Text fw={600}>{t('documents.reader.acknowledged')}</Text>
                    <Text size="sm">{t('documents.reader.acknowledgedAt', { at: formatTokyo(acknowledgedAt) })}</Text>
                  </Stack>
                </Group>
              ) : (
                <Stack gap="sm">
                  <Text size="sm">{t('documents.reader.ackPrompt', { date: mine.dueOn })}</Text>
                  <ErrorAlert error={ack.error} />
                  <Group>
                    <Button loading={ack.isPending} onClick={() => ack.mutate({ versionId: current.id, language: dl })}>
                      {t('documents.reader.acknowledge')}
                    </Button>
                  </Group>
                </Stack>
              )}
            </Paper>
          )}
        </Stack>
      )}
    </>
  );
}
