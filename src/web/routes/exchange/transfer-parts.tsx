import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Textarea, Timeline, Title } from '@mantine/core';
import { IconDownload, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustodyEvent, TransferDto } from '../../../shared/exchange.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { contentUrl, useRemoveFile } from './api.js';
import { formatSize, Sha256 } from './parts.js';

/** A modal asking for a (required or optional) reason before an action. */
export function ReasonModal(props: { opened: boolean; title: string; text: string; label: string; required: boolean; color?: string; pending: boolean; error: unknown; onSubmit: (reason: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit(reason);
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{props.text}</Text>
          <Textarea label={t('exchange.field.reason')} required={props.required} minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
          <ErrorAlert error={props.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={props.color} loading={props.pending} disabled={props.required && !reason.trim()}>
              {props.label}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Title order={2} fz="lg" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** The files with their SHA-256 (both sides compare it), scan state, and download / remove. */
export function FilesTable({ x }: { x: TransferDto }) {
  const { t } = useTranslation();
  const remove = useRemoveFile(x.id);
  const files = x.fileList.filter((f) => !f.removedAt);
  if (!files.length) return <Text size="sm" c="dimmed">{t('exchange.file.none')}</Text>;
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={620}>
        <Table verticalSpacing="sm" aria-label={t('exchange.field.files')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('exchange.file.nameAndHash')}</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('exchange.file.size')}</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('exchange.file.scan')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {files.map((f) => (
              <Table.Tr key={f.id} data-testid="file-row">
                <Table.Td>
                  <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                    {f.fileName}
                  </Text>
                  <Group gap={4} wrap="nowrap" align="flex-start" mt={2}>
                    <Text span size="xs" c="dimmed" mt={1} style={{ whiteSpace: 'nowrap' }}>
                      SHA-256
                    </Text>
                    <Sha256 value={f.sha256} />
                  </Group>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatSize(f.size)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge styles={{ root: { overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible' } }} variant="light" color={f.scanStatus === 'done' ? (f.openFindings ? 'red' : 'ok') : f.scanStatus === 'failed' ? 'red' : 'blue'}>
                    {f.scanStatus === 'done' ? (f.openFindings ? t('exchange.findings.open', { count: f.openFindings }) : t('exchange.file.clean')) : t(`exchange.scan.${f.scanStatus}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {x.can.download && (
                      <Button component="a" href={contentUrl(x.id, f.id)} download size="xs" variant="light" leftSection={<IconDownload size={14} aria-hidden />}>
                        {t('exchange.file.download')}
                      </Button>
                    )}
                    {x.can.edit && (
                      <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} loading={remove.isPending && remove.variables === f.id} onClick={() => remove.mutate(f.id)}>
                        {t('exchange.file.remove')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ErrorAlert error={remove.error} />
    </Stack>
  );
}

/** One line of the chain of custody. */
export function CustodyLine({ e, x }: { e: CustodyEvent; x: TransferDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const d = (e.details ?? {}) as Record<string, unknown>;
  // the audit action's last part (exchange.released → released), not a translation key
  const act = e.action.split('.').pop();
  const bits: string[] = [];
  if (e.fileName) bits.push(e.fileName);
  if (e.subject) bits.push(refName(e.subject, lang));
  if (typeof d.findings === 'number') bits.push(t('exchange.custody.findings', { count: d.findings }));
  if (act === 'released' && typeof d.recipients === 'number') bits.push(t('exchange.people', { count: d.recipients }));
  if (typeof d.column === 'string') bits.push(`${t('exchange.findings.column')}: ${d.column}`);
  if (act === 'purged' && typeof d.reason === 'string') bits.push(t(`exchange.custody.purgeReason.${d.reason}`));
  else if (typeof d.reason === 'string' && d.reason) bits.push(`${t('exchange.field.reason')}: ${d.reason}`);
  if (typeof d.sha256 === 'string' && (act === 'downloaded' || act === 'file_attached')) bits.push(`SHA-256 ${d.sha256.slice(0, 16)}…`);
  void x;
  return (
    <Timeline.Item title={t(`auditActions.${e.action}`, { defaultValue: e.action })} bullet={<span />} data-action={e.action}>
      <Text size="xs" c="dimmed">
        {formatTokyo(e.at)} · {e.actor ? refName(e.actor, lang) : t('exchange.custody.system')}
        {e.ip ? ` · ${e.ip}` : ''}
      </Text>
      {bits.length > 0 && <Text size="sm">{bits.join(' · ')}</Text>}
    </Timeline.Item>
  );
}
