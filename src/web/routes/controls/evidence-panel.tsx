import { ActionIcon, Anchor, Button, FileInput, Group, Modal, Paper, Progress, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconDownload, IconPencil, IconTrash, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVIDENCE_MAX_BYTES, EvidenceForm, type ControlDto, type EvidenceDto } from '../../../shared/controls.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { formatTokyo } from '../../lib/format.js';
import { useSchemaForm } from '../../lib/form.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { CONTROLS_KEY, evidenceUrl, uploadEvidence, useDeleteEvidence, useUpdateEvidence } from './api.js';
import { EvidenceBadge } from './badges.js';

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** Upload form: a file (10 MB at most), what it shows, and until when it is good. */
function UploadForm({ controlId }: { controlId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  // The file is picked, not typed: it stays outside the form's values (the multipart request carries it).
  const [file, setFile] = useState<File | null>(null);
  const form = useSchemaForm(EvidenceForm, { description: '', validUntil: '' });
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<(() => void) | null>(null);
  const tooBig = !!file && file.size > EVIDENCE_MAX_BYTES;

  const start = (fields: EvidenceForm) => {
    if (!file || tooBig) return;
    setError(null);
    setProgress(0);
    const h = uploadEvidence(controlId, file, fields.description, fields.validUntil, setProgress);
    abort.current = h.abort;
    h.promise
      .then((e) => {
        notify(t('controls.evidenceUploaded', { name: e.fileName }));
        setFile(null);
        form.reset();
        void qc.invalidateQueries({ queryKey: CONTROLS_KEY });
      })
      .catch((e: unknown) => {
        if (!(e instanceof DOMException && e.name === 'AbortError') && !form.showServerError(e)) setError(e);
      })
      .finally(() => {
        setProgress(null);
        abort.current = null;
      });
  };

  return (
    <form ref={form.ref} noValidate onSubmit={form.submit(start)}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <FileInput
            label={t('controls.evidenceFile')}
            description={t('controls.evidenceFileHint')}
            placeholder={t('controls.evidencePick')}
            value={file}
            onChange={setFile}
            clearable
            required
            error={tooBig ? t('controls.evidenceTooBig') : undefined}
          />
          <TextInput label={t('controls.evidenceDescription')} description={t('controls.evidenceDescriptionHint')} maxLength={1000} {...form.getInputProps('description')} />
          <TextInput type="date" label={t('controls.validUntil')} description={t('controls.validUntilHint')} {...form.getInputProps('validUntil')} />
        </SimpleGrid>
        {progress !== null && <Progress value={progress * 100} animated aria-label={t('controls.uploading')} />}
        {error ? <ErrorAlert error={error} /> : null}
        <Group justify="flex-end">
          {progress !== null && (
            <Button variant="default" onClick={() => abort.current?.()}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" leftSection={<IconUpload size={16} aria-hidden />} disabled={!file || tooBig} loading={progress !== null}>
            {t('controls.evidenceUpload')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditEvidenceModal({ controlId, evidence, onClose }: { controlId: string; evidence: EvidenceDto; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useUpdateEvidence(controlId);
  const form = useSchemaForm(EvidenceForm, { description: evidence.description, validUntil: evidence.validUntil ?? '' });
  return (
    <Modal opened onClose={onClose} title={t('controls.evidenceEdit', { name: evidence.fileName })}>
      <form ref={form.ref} noValidate onSubmit={form.submit((values) => m.mutate({ id: evidence.id, ...values }, { onSuccess: onClose, onError: form.showServerError }))}>
        <Stack gap="sm">
          <TextInput label={t('controls.evidenceDescription')} maxLength={1000} {...form.getInputProps('description')} />
          <TextInput type="date" label={t('controls.validUntil')} description={t('controls.validUntilHint')} {...form.getInputProps('validUntil')} />
          {m.error ? <ErrorAlert error={m.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={m.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The control's evidence: what proves it works, until when; expired items in red. */
export function EvidencePanel({ control, manage }: { control: ControlDto; manage: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [editing, setEditing] = useState<EvidenceDto | null>(null);
  const [deleting, setDeleting] = useState<EvidenceDto | null>(null);
  const del = useDeleteEvidence(control.id);
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="lg">
          {t('controls.evidence')}
        </Title>
        <EvidenceBadge state={control.evidenceState} />
      </Group>
      {control.evidence.length === 0 ? (
        <Text size="sm" c="dimmed" mb="md">
          {t('controls.evidenceEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720} mb="md">
          <Table verticalSpacing="xs" aria-label={t('controls.evidence')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('controls.evidenceFile')}</Table.Th>
                <Table.Th>{t('controls.evidenceDescription')}</Table.Th>
                <Table.Th>{t('controls.validUntil')}</Table.Th>
                <Table.Th>{t('controls.uploaded')}</Table.Th>
                {manage && <Table.Th w={90}>{t('controls.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {control.evidence.map((e) => {
                const expired = e.state === 'expired';
                return (
                  <Table.Tr key={e.id} bg={expired ? 'red.0' : undefined} data-state={e.state}>
                    <Table.Td>
                      <Anchor href={evidenceUrl(control.id, e.id)} download={e.fileName} size="sm" style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
                        <IconDownload size={14} aria-hidden />
                        {e.fileName}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {size(e.size)} ·{' '}
                        <Tooltip label={`SHA-256 ${e.sha256}`}>
                          <span>SHA-256 {e.sha256.slice(0, 12)}…</span>
                        </Tooltip>
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.description || '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" c={expired ? 'red.7' : undefined} fw={expired ? 600 : undefined}>
                          {e.validUntil ?? t('controls.noExpiry')}
                        </Text>
                        <EvidenceBadge state={e.state} />
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.uploadedBy ? (lang === 'ja' ? e.uploadedBy.nameJa : e.uploadedBy.nameEn) : t('controls.system')}</Text>
                      <Text size="xs" c="dimmed">
                        {formatTokyo(e.uploadedAt)}
                      </Text>
                    </Table.Td>
                    {manage && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <ActionIcon variant="subtle" aria-label={t('controls.evidenceEdit', { name: e.fileName })} onClick={() => setEditing(e)}>
                            <IconPencil size={16} aria-hidden />
                          </ActionIcon>
                          <ActionIcon variant="subtle" color="red" aria-label={t('controls.evidenceDelete', { name: e.fileName })} onClick={() => setDeleting(e)}>
                            <IconTrash size={16} aria-hidden />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {manage && <UploadForm controlId={control.id} />}
      {editing && <EditEvidenceModal controlId={control.id} evidence={editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={!!deleting}
        title={t('controls.evidenceDelete', { name: deleting?.fileName ?? '' })}
        message={t('controls.evidenceDeleteText')}
        confirmLabel={t('controls.delete')}
        color="red"
        loading={del.isPending}
        error={del.error}
        onConfirm={() => deleting && del.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        onClose={() => setDeleting(null)}
      />
    </Paper>
  );
}
