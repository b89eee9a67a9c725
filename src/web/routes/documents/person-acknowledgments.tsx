import { Anchor, Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AckState } from '../../../shared/documents.js';
import { ApiError } from '../../api/client.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { formatTokyo } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { usePersonAcknowledgments } from './api.js';

const COLORS: Record<AckState, string> = { done: 'green', pending: 'blue', overdue: 'red', cancelled: 'gray' };

/**
 * What a person has accepted, version by version (P32-6): for the person's page. Shown to the
 * person, central staff and the site coordinator of the person's institution; nothing for others.
 */
export function PersonAcknowledgments({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const query = usePersonAcknowledgments(personId);
  if (query.error instanceof ApiError && (query.error.status === 403 || query.error.status === 404)) return null;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('documents.personAcks.title')}
        </Title>
        {query.isPending ? (
          <Loading minHeight={80} />
        ) : query.error ? (
          <ErrorAlert error={query.error} />
        ) : query.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('documents.personAcks.none')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('documents.personAcks.document')}</Table.Th>
                  <Table.Th>{t('documents.personAcks.version')}</Table.Th>
                  <Table.Th>{t('documents.personAcks.state')}</Table.Th>
                  <Table.Th>{t('documents.personAcks.dueOn')}</Table.Th>
                  <Table.Th>{t('documents.personAcks.acknowledgedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/documents/${a.documentId}`}>
                        {a.documentCode} {lang === 'en' ? a.titleEn : a.titleJa}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{a.version}</Table.Td>
                    <Table.Td>
                      <Badge color={COLORS[a.state]} variant="light">
                        {t(`documents.ackState.${a.state}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{a.dueOn}</Table.Td>
                    <Table.Td>{a.acknowledgedAt ? `${formatTokyo(a.acknowledgedAt)}${a.language ? ` (${a.language})` : ''}` : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
