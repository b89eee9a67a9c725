import { ActionIcon, Anchor, Badge, Code, CopyButton, Group, Paper, Progress, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconFile, IconTrash, IconUpload, IconX } from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PersonRef, TransferState, TransferSummary } from '../../../shared/exchange.js';
import { EXCHANGE_EXTENSIONS, type VaultFileDto } from '../../../shared/exchange-vault.js';
import { useErrorMessage } from '../../components/error-alert.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { uploadFile } from './upload-client.js';

const STATE_COLOR: Record<TransferState, string> = {
  draft: 'gray',
  awaiting_scan: 'blue',
  blocked: 'red',
  awaiting_approval: 'yellow',
  available: 'ok',
  expired: 'gray',
  withdrawn: 'gray',
  purged: 'dark',
};

/** A transfer's state in words (never colour alone). */
export function StateBadge({ state }: { state: TransferState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLOR[state]} variant={state === 'blocked' ? 'filled' : 'light'} styles={{ root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } }}>
      {t(`exchange.state.${state}`)}
    </Badge>
  );
}

/** 1.2 MB, 340 KB, 12 B. */
export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** A person's name with their unit or institution. */
export function PersonLabel({ p }: { p: PersonRef }) {
  const lang = useLang();
  const aff = lang === 'ja' ? p.affiliationJa : p.affiliationEn;
  return (
    <span>
      {refName(p, lang)}
      {aff && (
        <Text span size="xs" c="dimmed" ml={6}>
          {aff}
        </Text>
      )}
    </span>
  );
}

/** The full SHA-256 (both sides compare it), with a copy button. */
export function Sha256({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      <Code style={{ wordBreak: 'break-all', whiteSpace: 'normal', fontSize: 11 }} data-testid="sha256">
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('common.copied') : t('exchange.copyHash')}>
            <ActionIcon variant="subtle" size="sm" onClick={copy} aria-label={t('exchange.copyHash')}>
              {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** Inbox, outbox and queue rows. */
export function TransferTable({ items, box }: { items: TransferSummary[]; box: 'inbox' | 'outbox' | 'queue' }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" aria-label={t(`exchange.${box}.title`)}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('exchange.field.purpose')}</Table.Th>
              <Table.Th>{box === 'outbox' ? t('exchange.field.recipients') : t('exchange.field.sender')}</Table.Th>
              <Table.Th>{t('exchange.field.state')}</Table.Th>
              <Table.Th>{t('exchange.field.files')}</Table.Th>
              <Table.Th>{t('exchange.field.expiresAt')}</Table.Th>
              <Table.Th>{box === 'inbox' ? t('exchange.field.myDownload') : t('exchange.field.downloadedBy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/exchange/transfers/${x.id}`}>
                    {x.purpose}
                  </Anchor>
                  {x.study && (
                    <Text size="xs" c="dimmed">
                      {x.study.code} {lang === 'ja' ? x.study.titleJa : x.study.titleEn}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{box === 'outbox' ? t('exchange.people', { count: x.recipients }) : <PersonLabel p={x.sender} />}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Group gap={4} wrap="nowrap">
                    <StateBadge state={x.state} />
                    {x.openFindings > 0 && box !== 'inbox' && (
                      <Badge color="red" variant="outline" size="sm">
                        {t('exchange.findingsCount', { count: x.openFindings })}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {x.files} / {formatSize(x.totalSize)}
                </Table.Td>
                <Table.Td>{formatTokyo(x.expiresAt).slice(0, 16)}</Table.Td>
                <Table.Td>{box === 'inbox' ? (x.myFirstDownloadAt ? formatTokyo(x.myFirstDownloadAt).slice(0, 16) : t('exchange.notYet')) : `${x.downloadedBy} / ${x.recipients}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

export interface QueuedUpload {
  key: string;
  name: string;
  size: number;
  sent: number;
  retrying: boolean;
  done: VaultFileDto | null;
  error: unknown;
  abort: AbortController;
}

/** What is still in the upload queue: a page that sends must wait while `uploading` or `failed` is non-zero. */
export interface UploadQueueState {
  uploading: number;
  failed: number;
  /** Bytes sent and total bytes of the uploads not yet finished. */
  sent: number;
  total: number;
}

/**
 * Drag-and-drop (or pick) files; each is uploaded at once through the resumable protocol, with
 * its progress. `onUploaded` receives each finished vault file; `onQueueChange` hears what is still
 * uploading or failed (a send button waits for it). With `transferId` the uploads are bound to that
 * draft on the server, which then refuses its release until they are finished and attached.
 */
export function FileDrop({
  onUploaded,
  disabled,
  transferId,
  onQueueChange,
}: {
  onUploaded: (f: VaultFileDto) => void | Promise<void>;
  disabled?: boolean;
  transferId?: string;
  onQueueChange?: (state: UploadQueueState) => void;
}) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [queue, setQueue] = useState<QueuedUpload[]>([]);
  const update = (key: string, patch: Partial<QueuedUpload>) => setQueue((q) => q.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  useEffect(() => {
    onQueueChange?.({
      uploading: queue.filter((u) => !u.error).length,
      failed: queue.filter((u) => !!u.error).length,
      sent: queue.reduce((n, u) => n + (u.error ? 0 : u.sent), 0),
      total: queue.reduce((n, u) => n + (u.error ? 0 : u.size), 0),
    });
  }, [queue, onQueueChange]);

  const start = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      const abort = new AbortController();
      setQueue((q) => [...q, { key, name: file.name, size: file.size, sent: 0, retrying: false, done: null, error: null, abort }]);
      uploadFile(file, { signal: abort.signal, transferId, onProgress: (p) => update(key, { sent: p.sent, retrying: p.retrying }) })
        .then(async (done) => {
          await onUploaded(done);
          setQueue((q) => q.filter((u) => u.key !== key));
        })
        .catch((error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') setQueue((q) => q.filter((u) => u.key !== key));
          else update(key, { error });
        });
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!disabled && e.dataTransfer.files.length) start(e.dataTransfer.files);
  };
  return (
    <Stack gap="xs">
      <Paper
        withBorder
        radius="md"
        p="lg"
        role="button"
        tabIndex={0}
        aria-label={t('exchange.drop.label')}
        aria-disabled={disabled}
        data-testid="file-drop"
        onClick={() => !disabled && input.current?.click()}
        onKeyDown={(e) => {
          if ((e.key === 'Enter' || e.key === ' ') && !disabled) {
            e.preventDefault();
            input.current?.click();
          }
        }}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{ borderStyle: 'dashed', borderWidth: 2, cursor: disabled ? 'not-allowed' : 'pointer', background: over ? 'var(--mantine-color-mamori-light, var(--mantine-color-blue-light))' : undefined, textAlign: 'center' }}
      >
        <Stack gap={4} align="center">
          <IconUpload size={28} stroke={1.5} aria-hidden />
          <Text fw={500}>{t('exchange.drop.title')}</Text>
          <Text size="xs" c="dimmed">
            {t('exchange.drop.hint', { types: EXCHANGE_EXTENSIONS.join(' ') })}
          </Text>
        </Stack>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept={EXCHANGE_EXTENSIONS.join(',')}
          data-testid="file-input"
          onChange={(e) => {
            if (e.currentTarget.files) start(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
      </Paper>
      {queue.map((u) => (
        <Paper key={u.key} withBorder radius="sm" p="xs" data-testid="upload-row">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <IconFile size={16} aria-hidden />
              <Text size="sm" truncate>
                {u.name}
              </Text>
            </Group>
            <Group gap={6} wrap="nowrap">
              <Text size="xs" c={u.error ? 'red' : 'dimmed'}>
                {u.error ? t('exchange.drop.failed') : u.retrying ? t('exchange.drop.retrying') : `${formatSize(u.sent)} / ${formatSize(u.size)}`}
              </Text>
              <ActionIcon variant="subtle" size="sm" color="gray" aria-label={t('exchange.drop.cancel', { name: u.name })} onClick={() => (u.error ? setQueue((q) => q.filter((x) => x.key !== u.key)) : u.abort.abort())}>
                {u.error ? <IconTrash size={14} aria-hidden /> : <IconX size={14} aria-hidden />}
              </ActionIcon>
            </Group>
          </Group>
          <Progress value={u.size ? (u.sent / u.size) * 100 : 100} size="sm" mt={6} color={u.error ? 'red' : u.retrying ? 'yellow' : undefined} aria-label={t('exchange.drop.progress', { name: u.name })} animated={!u.error && !u.done} />
          {!!u.error && (
            <Text size="xs" c="red" mt={4}>
              {message(u.error)}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
