import { ActionIcon, Anchor, Box, Code, CopyButton, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconCheck, IconChevronDown, IconChevronRight, IconCopy } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditEntryDto } from '../../../shared/audit.js';
import type { Language } from '../../i18n/index.js';
import { formatTokyo, shorten } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';

export const AUDIT_COLUMNS = 7;

const TARGET_PATHS: Record<string, string> = {
  person: '/people',
  institution: '/institutions',
  unit: '/units',
  research_group: '/research-groups',
  study: '/studies',
  committee: '/committees',
};

/** The actor's name in the current language ("姓 名 / Given Family" from the server), or "system". */
export function actorLabel(e: AuditEntryDto, lang: Language, t: TFunction): string {
  if (!e.actorPersonId) return t('audit.system');
  if (!e.actorName) return shorten(e.actorPersonId, 8);
  const [ja, en] = e.actorName.split(' / ');
  return ((lang === 'en' ? en : ja) ?? e.actorName).trim();
}

/** A long value, shortened, with its full text in the title and a copy button. */
function Hash({ label, value }: { label: string; value: string | null }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Group gap={4} wrap="nowrap">
        <Text className="mamori-mono" title={value ?? ''}>
          {value ? shorten(value, 24) : '—'}
        </Text>
        {value && (
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <ActionIcon size="sm" variant="subtle" color={copied ? 'green' : 'gray'} onClick={copy} aria-label={copied ? t('common.copied') : t('audit.copy', { label })}>
                {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
              </ActionIcon>
            )}
          </CopyButton>
        )}
      </Group>
    </Stack>
  );
}

/** One audit entry: a summary row and, when expanded, its details JSON, scope and hashes. */
export function AuditRow({ entry: e, expanded, onToggle }: { entry: AuditEntryDto; expanded: boolean; onToggle: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const detailsId = `audit-details-${e.seq}`;
  const targetType = e.targetType ? (i18n.exists(`targetTypes.${e.targetType}`) ? t(`targetTypes.${e.targetType}`) : e.targetType) : '';
  const path = e.targetType && e.targetId ? TARGET_PATHS[e.targetType] : undefined;
  const details = e.details === null || e.details === undefined ? null : JSON.stringify(e.details, null, 2);
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={onToggle}
            aria-expanded={expanded}
            aria-controls={expanded ? detailsId : undefined}
            aria-label={t(expanded ? 'audit.hideDetails' : 'audit.showDetails', { seq: e.seq })}
          >
            {expanded ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          </ActionIcon>
        </Table.Td>
        <Table.Td fz="sm" ff="monospace">
          {e.seq}
        </Table.Td>
        <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatTokyo(e.at)}
        </Table.Td>
        <Table.Td fz="sm">{actorLabel(e, lang, t)}</Table.Td>
        <Table.Td fz="sm">{t(`auditActions.${e.action}`, { defaultValue: e.action })}</Table.Td>
        <Table.Td fz="sm">
          {targetType && (
            <Group gap={6} wrap="nowrap">
              <Text span size="sm">
                {targetType}
              </Text>
              {e.targetId &&
                (path ? (
                  <Anchor component={Link} to={`${path}/${e.targetId}`} className="mamori-mono" title={e.targetId}>
                    {shorten(e.targetId, 8)}
                  </Anchor>
                ) : (
                  <Text span className="mamori-mono" title={e.targetId}>
                    {shorten(e.targetId, 8)}
                  </Text>
                ))}
            </Group>
          )}
        </Table.Td>
        <Table.Td fz="sm" ff="monospace">
          {e.actorIp ?? ''}
        </Table.Td>
      </Table.Tr>
      {expanded && (
      <Table.Tr>
        <Table.Td colSpan={AUDIT_COLUMNS} p={0} id={detailsId}>
            <Box p="md" bg="gray.0">
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                <Stack gap={4}>
                  <Text size="xs" c="dimmed" fw={500}>
                    {t('audit.details')}
                  </Text>
                  <Code block style={{ maxHeight: 280, overflow: 'auto' }}>
                    {details ?? t('audit.noDetails')}
                  </Code>
                  {e.scope && (
                    <Text size="xs" className="mamori-mono">
                      {t('audit.scope')}: {JSON.stringify(e.scope)}
                    </Text>
                  )}
                </Stack>
                <Stack gap="xs">
                  <Hash label={t('audit.hash')} value={e.hash} />
                  <Hash label={t('audit.prevHash')} value={e.prevHash} />
                  <Hash label={t('audit.session')} value={e.actorSessionId} />
                  <Hash label={t('audit.userAgent')} value={e.actorUserAgent} />
                  {e.targetId && <Hash label={t('audit.targetId')} value={e.targetId} />}
                </Stack>
              </SimpleGrid>
            </Box>
        </Table.Td>
      </Table.Tr>
      )}
    </>
  );
}
