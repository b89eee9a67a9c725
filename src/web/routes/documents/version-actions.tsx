import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApproveVersion, PublishVersion, RejectVersion, type DocumentDto, type VersionDto } from '../../../shared/documents.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSchemaForm } from '../../lib/form.js';
import { useVersionAction } from './api.js';
import { CommitteeApprovalButton } from './committee-approval.js';

/** The buttons of a dialog's form: cancel, and the action. */
function DialogButtons({ label, color, loading, onCancel }: { label: string; color?: string; loading: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" color={color} loading={loading}>
        {label}
      </Button>
    </Group>
  );
}

type Act = ReturnType<typeof useVersionAction>;

/** Approve: for the policy, the day the steering committee approved it. */
function ApproveForm({ v, act, onDone }: { v: VersionDto; act: Act; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useSchemaForm(ApproveVersion, { committeeApprovedOn: null });
  return (
    <form ref={form.ref} noValidate onSubmit={form.submit((body) => act.mutate({ id: v.id, action: 'approve', body }, { onSuccess: onDone, onError: form.showServerError }))}>
      <Stack gap="sm">
        <TextInput
          type="date"
          label={t('documents.fields.committeeApprovedOn')}
          description={t('documents.actions.committeeHint')}
          {...form.getInputProps('committeeApprovedOn')}
          value={form.values.committeeApprovedOn ?? ''}
          onChange={(e) => form.setFieldValue('committeeApprovedOn', e.currentTarget.value || null)}
        />
        <ErrorAlert error={act.error} />
        <DialogButtons label={t('documents.actions.approve')} loading={act.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** Reject: the comment the author sees. */
function RejectForm({ v, act, onDone }: { v: VersionDto; act: Act; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useSchemaForm(RejectVersion, { comment: '' });
  return (
    <form ref={form.ref} noValidate onSubmit={form.submit((body) => act.mutate({ id: v.id, action: 'reject', body }, { onSuccess: onDone, onError: form.showServerError }))}>
      <Stack gap="sm">
        <Textarea label={t('documents.fields.reviewComment')} required autosize minRows={3} {...form.getInputProps('comment')} />
        <ErrorAlert error={act.error} />
        <DialogButtons label={t('documents.actions.reject')} color="red" loading={act.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** Publish: in force from a day (today when left empty). */
function PublishForm({ v, act, onDone }: { v: VersionDto; act: Act; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useSchemaForm(PublishVersion, { effectiveFrom: undefined });
  return (
    <form ref={form.ref} noValidate onSubmit={form.submit((body) => act.mutate({ id: v.id, action: 'publish', body }, { onSuccess: onDone, onError: form.showServerError }))}>
      <Stack gap="sm">
        <TextInput
          type="date"
          label={t('documents.fields.effectiveFrom')}
          description={t('documents.actions.effectiveHint')}
          {...form.getInputProps('effectiveFrom')}
          value={form.values.effectiveFrom ?? ''}
          onChange={(e) => form.setFieldValue('effectiveFrom', e.currentTarget.value || undefined)}
        />
        <ErrorAlert error={act.error} />
        <DialogButtons label={t('documents.actions.publish')} loading={act.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** What the caller may do with a version now: submit, approve, record the committee's approval, reject, publish. */
export function VersionActions({ doc, v }: { doc: DocumentDto; v: VersionDto }) {
  const { t } = useTranslation();
  const act = useVersionAction();
  const [modal, setModal] = useState<'approve' | 'reject' | 'publish' | null>(null);
  const close = () => setModal(null);
  const buttons = [];
  if (doc.can.manage && v.status === 'draft')
    buttons.push(
      <Button key="submit" size="xs" loading={act.isPending} onClick={() => act.mutate({ id: v.id, action: 'submit' })}>
        {t('documents.actions.submit')}
      </Button>,
    );
  // Approve is offered only to someone the server will accept; the others see why (ApproveBlockedNotice).
  if (v.mayApprove)
    buttons.push(
      <Button key="approve" size="xs" onClick={() => setModal('approve')}>
        {t('documents.actions.approve')}
      </Button>,
    );
  if (v.mayRecordCommitteeApproval) buttons.push(<CommitteeApprovalButton key="committee" v={v} />);
  if (doc.can.approve && v.status === 'review')
    buttons.push(
      <Button key="reject" size="xs" color="red" variant="light" onClick={() => setModal('reject')}>
        {t('documents.actions.reject')}
      </Button>,
    );
  if (doc.can.publish && v.status === 'approved')
    buttons.push(
      <Button key="publish" size="xs" onClick={() => setModal('publish')}>
        {t('documents.actions.publish')}
      </Button>,
    );
  if (!buttons.length) return null;
  return (
    <Stack gap="xs">
      <Group gap="xs">{buttons}</Group>
      {!modal && <ErrorAlert error={act.error} />}
      <Modal opened={modal !== null} onClose={close} title={modal ? t(`documents.actions.${modal}`) : ''} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {modal === 'approve' && <ApproveForm v={v} act={act} onDone={close} />}
        {modal === 'reject' && <RejectForm v={v} act={act} onDone={close} />}
        {modal === 'publish' && <PublishForm v={v} act={act} onDone={close} />}
      </Modal>
    </Stack>
  );
}
