import { Badge, Button, FileInput, Group, Menu, Modal, Paper, Progress, Stack, Text, Textarea, TextInput, Title, ActionIcon } from '@mantine/core';
import { IconDots, IconDownload, IconFileText, IconPencil, IconPlus, IconSpeakerphone, IconUpload, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DocumentFields, PublishNotice, UpdateContent, WithdrawContent, type ContentItemDto, type ContentList } from '../../../shared/groups.js';
import { downloadDocument, useContentItem, usePublishDocument, usePublishNotice, useUpdateContent, useWithdrawContent } from '../../api/groups.js';
import { saveBlob } from '../../api/client.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { useSchemaForm } from '../../lib/form.js';
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

/** Cancel and the form's action; cancelling is not offered while the request runs. */
function FormButtons({ label, color, busy, disabled, onClose }: { label: string; color?: string; busy: boolean; disabled?: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onClose} disabled={busy}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" color={color} loading={busy} disabled={disabled}>
        {label}
      </Button>
    </Group>
  );
}

type FormProps = { groupId: string; onClose: () => void };

function NoticeForm({ groupId, onClose }: FormProps) {
  const { t } = useTranslation();
  const notice = usePublishNotice();
  const form = useSchemaForm(PublishNotice, { titleJa: '', titleEn: '', bodyJa: '', bodyEn: '' });
  return (
    <form ref={form.ref} noValidate onSubmit={form.submit((body) => notice.mutate({ groupId, body }, { onSuccess: onClose, onError: form.showServerError }))}>
      <Stack gap="sm">
        <TextInput label={t('groupContent.titleJa')} required {...form.getInputProps('titleJa')} />
        <TextInput label={t('groupContent.titleEn')} required {...form.getInputProps('titleEn')} />
        <Textarea label={t('groupContent.bodyJa')} required autosize minRows={3} {...form.getInputProps('bodyJa')} />
        <Textarea label={t('groupContent.bodyEn')} required autosize minRows={3} {...form.getInputProps('bodyEn')} />
        <ErrorAlert error={notice.error} />
        <FormButtons label={t('groupContent.publish')} busy={notice.isPending} onClose={onClose} />
      </Stack>
    </form>
  );
}

/** A document: its titles (checked as the server does) and the file, uploaded with progress. */
function DocumentForm({ groupId, onClose }: FormProps) {
  const { t } = useTranslation();
  const doc = usePublishDocument();
  const form = useSchemaForm(DocumentFields, { titleJa: '', titleEn: '' });
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const submit = form.submit((v) => {
    if (!file) return;
    const body = new FormData();
    body.append('titleJa', v.titleJa);
    body.append('titleEn', v.titleEn);
    body.append('file', file);
    doc.mutate({ groupId, form: body, onProgress: setProgress }, { onSuccess: onClose, onError: form.showServerError });
  });
  return (
    <form ref={form.ref} noValidate onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label={t('groupContent.titleJa')} required {...form.getInputProps('titleJa')} />
        <TextInput label={t('groupContent.titleEn')} required {...form.getInputProps('titleEn')} />
        <FileInput label={t('groupContent.file')} description={t('groupContent.fileHelp')} required value={file} onChange={setFile} accept=".pdf,.docx,.xlsx,.pptx,.txt,.png,.jpg,.jpeg" />
        {doc.isPending && <Progress value={progress * 100} aria-label={t('groupContent.uploading')} />}
        <ErrorAlert error={doc.error} />
        <FormButtons label={t('groupContent.publish')} busy={doc.isPending} disabled={!file} onClose={onClose} />
      </Stack>
    </form>
  );
}

/** Editing an item's titles, and a notice's bodies. */
function EditForm({ groupId, item, onClose }: FormProps & { item: ContentItemDto }) {
  const { t } = useTranslation();
  const update = useUpdateContent();
  const withBody = item.kind === 'notice';
  const form = useSchemaForm(UpdateContent, withBody ? { titleJa: item.titleJa, titleEn: item.titleEn, bodyJa: item.bodyJa, bodyEn: item.bodyEn } : { titleJa: item.titleJa, titleEn: item.titleEn });
  return (
    <form ref={form.ref} noValidate onSubmit={form.submit((body) => update.mutate({ groupId, itemId: item.id, body }, { onSuccess: onClose, onError: form.showServerError }))}>
      <Stack gap="sm">
        <TextInput label={t('groupContent.titleJa')} required {...form.getInputProps('titleJa')} />
        <TextInput label={t('groupContent.titleEn')} required {...form.getInputProps('titleEn')} />
        {withBody && (
          <>
            <Textarea label={t('groupContent.bodyJa')} required autosize minRows={3} {...form.getInputProps('bodyJa')} />
            <Textarea label={t('groupContent.bodyEn')} required autosize minRows={3} {...form.getInputProps('bodyEn')} />
          </>
        )}
        <ErrorAlert error={update.error} />
        <FormButtons label={t('common.save')} busy={update.isPending} onClose={onClose} />
      </Stack>
    </form>
  );
}

function WithdrawForm({ groupId, item, onClose }: FormProps & { item: ContentItemDto }) {
  const { t } = useTranslation();
  const withdraw = useWithdrawContent();
  const form = useSchemaForm(WithdrawContent, { reason: '' });
  return (
    <form ref={form.ref} noValidate onSubmit={form.submit(({ reason }) => withdraw.mutate({ groupId, itemId: item.id, reason }, { onSuccess: onClose, onError: form.showServerError }))}>
      <Stack gap="sm">
        <Text size="sm">{t('groupContent.withdrawHelp')}</Text>
        <Textarea label={t('groupContent.reason')} required autosize minRows={2} {...form.getInputProps('reason')} />
        <ErrorAlert error={withdraw.error} />
        <FormButtons label={t('groupContent.withdraw')} color="red" busy={withdraw.isPending} onClose={onClose} />
      </Stack>
    </form>
  );
}

/** Publish a notice, upload a document, edit titles/bodies, or withdraw with a reason. */
function PublishModal({ groupId, editing, onClose }: { groupId: string; editing: Editing; onClose: () => void }) {
  const { t } = useTranslation();
  const heading = !editing ? '' : editing.mode === 'notice' ? t('groupContent.newNotice') : editing.mode === 'document' ? t('groupContent.newDocument') : editing.mode === 'edit' ? t('groupContent.edit') : t('groupContent.withdraw');
  return (
    <Modal opened={!!editing} onClose={onClose} title={heading} size="lg">
      {editing?.mode === 'notice' && <NoticeForm groupId={groupId} onClose={onClose} />}
      {editing?.mode === 'document' && <DocumentForm groupId={groupId} onClose={onClose} />}
      {editing?.mode === 'edit' && <EditForm key={editing.item.id} groupId={groupId} item={editing.item} onClose={onClose} />}
      {editing?.mode === 'withdraw' && <WithdrawForm key={editing.item.id} groupId={groupId} item={editing.item} onClose={onClose} />}
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
