import { Badge, Button, FileInput, Group, Menu, Modal, Paper, Progress, Stack, Text, Textarea, TextInput, Title, ActionIcon } from '@mantine/core';
import { IconDots, IconDownload, IconFileText, IconPencil, IconPlus, IconSpeakerphone, IconUpload, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContentItemDto, ContentList } from '../../../shared/groups.js';
import { downloadDocument, useContentItem, usePublishDocument, usePublishNotice, useUpdateContent, useWithdrawContent } from '../../api/groups.js';
import { saveBlob } from '../../api/client.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { formatTokyo } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';

const title = (i: ContentItemDto, lang: 'ja' | 'en') => (lang === 'ja' ? i.titleJa : i.titleEn);
const body = (i: ContentItemDto, lang: 'ja' | 'en') => (lang === 'ja' ? i.bodyJa : i.bodyEn);
const kb = (n: number | null) => (n === null ? '' : n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** Opens one notice (reading it is audited). */
function ReadModal({ groupId, itemId, onClose }: { groupId: string; itemId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const item = useContentItem(groupId, itemId);
  return (
    <Modal opened={!!itemId} onClose={onClose} title={item.data ? title(item.data, lang) : t('groupContent.notice')} size="lg">
      {item.error ? (
        <ErrorAlert error={item.error} />
      ) : !item.data ? (
        <Loading minHeight={80} />
      ) : (
        <Stack gap="sm">
          <Text size="xs" c="dimmed">
            {t('groupContent.publishedLine', { date: formatTokyo(item.data.publishedAt), name: item.data.publishedByName ?? t('groupContent.system') })}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="notice-body">
            {body(item.data, lang)}
          </Text>
        </Stack>
      )}
    </Modal>
  );
}

type Editing = { mode: 'notice' } | { mode: 'document' } | { mode: 'edit'; item: ContentItemDto } | { mode: 'withdraw'; item: ContentItemDto } | null;

/** Publish a notice, upload a document, edit titles/bodies, or withdraw with a reason. */
function PublishModal({ groupId, editing, onClose }: { groupId: string; editing: Editing; onClose: () => void }) {
  const { t } = useTranslation();
  const notice = usePublishNotice();
  const doc = usePublishDocument();
  const update = useUpdateContent();
  const withdraw = useWithdrawContent();
  const item = editing && 'item' in editing ? editing.item : null;
  const [v, setV] = useState({ titleJa: '', titleEn: '', bodyJa: '', bodyEn: '', reason: '' });
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const [opened, setOpened] = useState<Editing>(null);
  if (editing !== opened) {
    setOpened(editing);
    setV({ titleJa: item?.titleJa ?? '', titleEn: item?.titleEn ?? '', bodyJa: item?.bodyJa ?? '', bodyEn: item?.bodyEn ?? '', reason: '' });
    setFile(null);
    setProgress(0);
    for (const m of [notice, doc, update, withdraw]) m.reset();
  }
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });
  const busy = notice.isPending || doc.isPending || update.isPending || withdraw.isPending;
  const error = notice.error ?? doc.error ?? update.error ?? withdraw.error;
  const done = { onSuccess: onClose };
  const submit = () => {
    if (!editing) return;
    if (editing.mode === 'notice') notice.mutate({ groupId, body: { titleJa: v.titleJa, titleEn: v.titleEn, bodyJa: v.bodyJa, bodyEn: v.bodyEn } }, done);
    if (editing.mode === 'edit') {
      const b = editing.item.kind === 'notice' ? { titleJa: v.titleJa, titleEn: v.titleEn, bodyJa: v.bodyJa, bodyEn: v.bodyEn } : { titleJa: v.titleJa, titleEn: v.titleEn };
      update.mutate({ groupId, itemId: editing.item.id, body: b }, done);
    }
    if (editing.mode === 'withdraw') withdraw.mutate({ groupId, itemId: editing.item.id, reason: v.reason }, done);
    if (editing.mode === 'document' && file) {
      const form = new FormData();
      form.append('titleJa', v.titleJa);
      form.append('titleEn', v.titleEn);
      form.append('file', file);
      doc.mutate({ groupId, form, onProgress: setProgress }, done);
    }
  };
  const heading = !editing ? '' : editing.mode === 'notice' ? t('groupContent.newNotice') : editing.mode === 'document' ? t('groupContent.newDocument') : editing.mode === 'edit' ? t('groupContent.edit') : t('groupContent.withdraw');
  const withBody = editing?.mode === 'notice' || (editing?.mode === 'edit' && editing.item.kind === 'notice');
  return (
    <Modal opened={!!editing} onClose={onClose} title={heading} size="lg">
      <Stack gap="sm">
        {editing?.mode === 'withdraw' ? (
          <>
            <Text size="sm">{t('groupContent.withdrawHelp')}</Text>
            <Textarea label={t('groupContent.reason')} required value={v.reason} onChange={set('reason')} autosize minRows={2} />
          </>
        ) : (
          <>
            <TextInput label={t('groupContent.titleJa')} required value={v.titleJa} onChange={set('titleJa')} />
            <TextInput label={t('groupContent.titleEn')} required value={v.titleEn} onChange={set('titleEn')} />
            {withBody && (
              <>
                <Textarea label={t('groupContent.bodyJa')} required value={v.bodyJa} onChange={set('bodyJa')} autosize minRows={3} />
                <Textarea label={t('groupContent.bodyEn')} required value={v.bodyEn} onChange={set('bodyEn')} autosize minRows={3} />
              </>
            )}
            {editing?.mode === 'document' && (
              <>
                <FileInput label={t('groupContent.file')} description={t('groupContent.fileHelp')} required value={file} onChange={setFile} accept=".pdf,.docx,.xlsx,.pptx,.txt,.png,.jpg,.jpeg" />
                {doc.isPending && <Progress value={progress * 100} aria-label={t('groupContent.uploading')} />}
              </>
            )}
          </>
        )}
        <ErrorAlert error={error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button color={editing?.mode === 'withdraw' ? 'red' : undefined} loading={busy} onClick={submit} disabled={editing?.mode === 'document' && !file}>
            {editing?.mode === 'withdraw' ? t('groupContent.withdraw') : editing?.mode === 'edit' ? t('common.save') : t('groupContent.publish')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** A research group's member-only notices and documents: the same view for members, publishers and group sessions. */
export function ContentView({ data }: { data: ContentList }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [reading, setReading] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const groupId = data.group.id;
  const notices = data.items.filter((i) => i.kind === 'notice');
  const documents = data.items.filter((i) => i.kind === 'document');

  const actions = (i: ContentItemDto) =>
    data.canPublish &&
    !i.withdrawnAt && (
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t('groupContent.actions')}>
            <IconDots size={18} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing({ mode: 'edit', item: i })}>
            {t('groupContent.edit')}
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setEditing({ mode: 'withdraw', item: i })}>
            {t('groupContent.withdraw')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    );

  const row = (i: ContentItemDto, main: React.ReactNode) => (
    <Paper key={i.id} withBorder radius="sm" p="sm" style={i.withdrawnAt ? { opacity: 0.6 } : undefined}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          {main}
          <Text size="xs" c="dimmed">
            {formatTokyo(i.publishedAt)}
            {i.withdrawnAt && (
              <Badge ml="xs" size="xs" color="red" variant="light">
                {t('groupContent.withdrawn')}: {i.withdrawReason}
              </Badge>
            )}
          </Text>
        </Stack>
        {actions(i)}
      </Group>
    </Paper>
  );

  return (
    <Stack gap="lg">
      {data.canPublish && (
        <Group gap="sm">
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ mode: 'notice' })}>
            {t('groupContent.newNotice')}
          </Button>
          <Button variant="default" leftSection={<IconUpload size={16} aria-hidden />} onClick={() => setEditing({ mode: 'document' })}>
            {t('groupContent.newDocument')}
          </Button>
        </Group>
      )}
      <Stack gap="sm">
        <Title order={2} fz={18}>
          <IconSpeakerphone size={18} aria-hidden style={{ verticalAlign: '-3px', marginRight: 6 }} />
          {t('groupContent.notices')}
        </Title>
        {notices.length === 0 ? (
          <Paper withBorder radius="md" p="md">
            <EmptyList title={t('groupContent.noNotices')} description={t('groupContent.noNoticesHint')} />
          </Paper>
        ) : (
          notices.map((i) =>
            row(
              i,
              <Button variant="subtle" px={0} h="auto" justify="flex-start" onClick={() => setReading(i.id)} style={{ whiteSpace: 'normal', textAlign: 'left' }}>
                {title(i, lang)}
              </Button>,
            ),
          )
        )}
      </Stack>
      <Stack gap="sm">
        <Title order={2} fz={18}>
          <IconFileText size={18} aria-hidden style={{ verticalAlign: '-3px', marginRight: 6 }} />
          {t('groupContent.documents')}
        </Title>
        {documents.length === 0 ? (
          <Paper withBorder radius="md" p="md">
            <EmptyList title={t('groupContent.noDocuments')} description={t('groupContent.noDocumentsHint')} />
          </Paper>
        ) : (
          documents.map((i) =>
            row(
              i,
              <Group gap="sm" wrap="wrap">
                <Text fw={500}>{title(i, lang)}</Text>
                <Text size="sm" c="dimmed">
                  {i.fileName} · {kb(i.size)}
                </Text>
                {!i.withdrawnAt && (
                  <Button
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconDownload size={14} aria-hidden />}
                    onClick={() => {
                      setDownloadError(null);
                      downloadDocument(groupId, i.id)
                        .then((d) => saveBlob(d.blob, d.fileName ?? i.fileName ?? 'document'))
                        .catch(setDownloadError);
                    }}
                  >
                    {t('groupContent.download')}
                  </Button>
                )}
              </Group>,
            ),
          )
        )}
        <ErrorAlert error={downloadError} />
      </Stack>
      <ReadModal groupId={groupId} itemId={reading} onClose={() => setReading(null)} />
      <PublishModal groupId={groupId} editing={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}
