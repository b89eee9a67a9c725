import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEndOtherSessions, useEndSession, useMySessions } from '../../api/security.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { formatTokyo } from '../../lib/format.js';

/** One's own sessions (device, IP, since, last active), each with "end", and "end all others". */
export function SessionsCard() {
  const { t } = useTranslation();
  const list = useMySessions();
  const end = useEndSession();
  const endOthers = useEndOtherSessions();
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorAlert error={list.error} />;
  const others = list.data.items.filter((s) => !s.current).length;
  return (
    <Stack gap="sm">
      <ErrorAlert error={end.error ?? endOthers.error} />
      <Table.ScrollContainer minWidth={560}>
        <Table striped aria-label={t('security.sessions.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('security.sessions.device')}</Table.Th>
              <Table.Th>{t('security.sessions.ip')}</Table.Th>
              <Table.Th>{t('security.sessions.created')}</Table.Th>
              <Table.Th>{t('security.sessions.lastSeen')}</Table.Th>
              <Table.Th>
                <span className="mamori-visually-hidden">{t('security.sessions.actions')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((s) => (
              <Table.Tr key={s.id} data-testid="session-row">
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{t('security.sessions.browserOn', { browser: s.browser, os: s.os })}</Text>
                    {s.current && (
                      <Badge size="sm" variant="light">
                        {t('security.sessions.current')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{s.ip ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatTokyo(s.createdAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatTokyo(s.lastSeenAt)}</Text>
                </Table.Td>
                <Table.Td>
                  {!s.current && (
                    <Button size="xs" variant="light" color="red" loading={end.isPending && end.variables === s.id} onClick={() => end.mutate(s.id)}>
                      {t('security.sessions.end')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Button variant="default" color="red" disabled={others === 0} loading={endOthers.isPending} onClick={() => endOthers.mutate()} w="fit-content">
        {t('security.sessions.endOthers')}
      </Button>
    </Stack>
  );
}
