import { Alert, Anchor, Button, FileInput, Group, Modal, Progress, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconFileText, IconInfoCircle, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMITTEE_MINUTES_MAX_BYTES, type DocumentDto, type VersionDto } from '../../../shared/documents.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { DOCUMENTS_KEY, minutesUrl, recordCommitteeApproval } from './api.js';

/** Today in Japan (YYYY-MM-DD): the latest day the committee can have decided on. */
const tokyoToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * Why the caller cannot approve a version under review, shown in place of the approve button —
 * before any form — with the way forward when there is one.
 */
export function ApproveBlockedNotice({ doc, v }: { doc: DocumentDto; v: VersionDto }) {
  const { t } = useTranslation();
  if (v.status !== 'review' || v.mayApprove || !v.approveBlockedBy) return null;
  if (!doc.can.manage && !doc.can.approve) return null;
  const key = v.approveBlockedBy === 'AUTHOR_CANNOT_APPROVE' && v.mayRecordCommitteeApproval ? 'AUTHOR_SOLE_APPROVER' : v.approveBlockedBy;
  return (
    <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} aria-hidden />} title={t('documents.approveBlocked.title')} data-testid="approve-blocked">
      <Text size="sm">{t(`documents.approveBlocked.${key}`)}</Text>
    </Alert>
  );
}

/** "Record the steering committee's approval": the decision date, the minutes (uploaded with progress) and a note. */
export function CommitteeApprovalButton({ v }: { v: VersionDto }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [decidedOn, setDecidedOn] = useState('');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<(() => void) | null>(null);
  if (!v.mayRecordCommitteeApproval) return null;
  const today = tokyoToday();
  const tooBig = !!file && file.size > COMMITTEE_MINUTES_MAX_BYTES;
  const future = !!decidedOn && decidedOn > today;
  const close = () => {
    abort.current?.();
    setOpened(false);
    setError(null);
  };
  const start = () => {
    if (!file || tooBig || future || !decidedOn) return;
    setError(null);
    setProgress(0);
    const h = recordCommitteeApproval(v.id, decidedOn, note.trim(), file, setProgress);
    abort.current = h.abort;
    h.promise
      .then(() => {
        setOpened(false);
        setFile(null);
        setNote('');
        setDecidedOn('');
        void qc.invalidateQueries({ queryKey: DOCUMENTS_KEY });
      })
      .catch((e: unknown) => {
        if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e);
      })
      .finally(() => {
        setProgress(null);
        abort.current = null;
      });
  };
  return (
    <>
      <Button size="xs" onClick={() => setOpened(true)}>
        {t('documents.committee.record')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('documents.committee.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            start();
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('documents.committee.intro')}</Text>
            <TextInput
              type="date"
              label={t('documents.committee.decidedOn')}
              description={t('documents.committee.decidedOnHint')}
              value={decidedOn}
              max={today}
              onChange={(e) => setDecidedOn(e.currentTarget.value)}
              error={future ? t('documents.committee.future') : undefined}
              required
            />
            <FileInput
              label={t('documents.committee.minutes')}
              description={t('documents.committee.minutesHint')}
              placeholder={t('documents.committee.pick')}
              accept=".pdf,.docx,.png,.jpg,.jpeg,application/pdf"
              value={file}
              onChange={setFile}
              clearable
              clearButtonProps={{ 'aria-label': t('common.clear') }}
              required
              error={tooBig ? t('documents.committee.tooBig') : undefined}
            />
            <Textarea label={t('documents.committee.note')} description={t('documents.committee.noteHint')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={2000} autosize minRows={2} />
            {progress !== null && <Progress value={progress * 100} animated aria-label={t('documents.committee.uploading')} />}
            {error ? <ErrorAlert error={error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" leftSection={<IconUpload size={16} aria-hidden />} disabled={!file || tooBig || future || !decidedOn} loading={progress !== null}>
                {t('documents.committee.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Who approved a version: a person, or the steering committee (recorded by the manager, with the minutes). */
export function ApprovalOfRecord({ v }: { v: VersionDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const c = v.committeeApproval;
  if (!c) return <>{v.approvedBy ? `${refName(v.approvedBy, lang)} ${formatTokyo(v.approvedAt)}` : '—'}</>;
  return (
    <Stack gap={2} data-testid="committee-approval">
      <Text size="sm" fw={500}>
        {t('documents.committee.approvedBy', { date: c.decidedOn })}
      </Text>
      <Text size="xs" c="dimmed">
        {t('documents.committee.recordedBy', { name: refName(c.recordedBy, lang) || '—', at: formatTokyo(c.recordedAt) })}
      </Text>
      {c.note && <Text size="xs">{c.note}</Text>}
      <Anchor href={minutesUrl(v.id)} download={c.minutes.fileName} size="sm" style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
        <IconFileText size={14} aria-hidden />
        {t('documents.committee.minutesLink', { name: c.minutes.fileName })}
      </Anchor>
    </Stack>
  );
}
