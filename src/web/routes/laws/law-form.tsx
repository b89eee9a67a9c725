import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LAW_KINDS, LawForm, type LawDto } from '../../../shared/laws.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSchemaForm } from '../../lib/form.js';
import { serverFieldErrors } from '../../lib/form-errors.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useCreateLaw, useLaws, useUpdateLaw } from './api.js';

/** Adds a law or norm, or edits every field of one. */
export function LawFormModal({ opened, onClose, law }: { opened: boolean; onClose: () => void; law?: LawDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const create = useCreateLaw();
  const update = useUpdateLaw(law?.id ?? '');
  const others = (useLaws({}).data?.items ?? []).filter((l) => l.id !== law?.id);
  const form = useSchemaForm(LawForm, {
    titleJa: law?.titleJa ?? '',
    titleEn: law?.titleEn ?? '',
    shortNameJa: law?.shortNameJa ?? '',
    shortNameEn: law?.shortNameEn ?? '',
    kind: law?.kind ?? 'law',
    issuerJa: law?.issuerJa ?? '',
    issuerEn: law?.issuerEn ?? '',
    referenceNumber: law?.referenceNumber ?? '',
    lastRevisedOn: law?.lastRevisedOn ?? '',
    verifiedOn: law?.verifiedOn ?? '',
    url: law?.url ?? '',
    summaryJa: law?.summaryJa ?? '',
    summaryEn: law?.summaryEn ?? '',
    status: law?.status ?? 'in_force',
    replacedById: law?.replacedBy?.id ?? null,
  });
  const m = law ? update : create;
  // A refusal that names fields is shown on them; any other as an alert.
  const onFields = !!serverFieldErrors(m.error, t, Object.keys(form.values));

  // Empty optional fields are sent as null (cleared), never as "" (the form schema does it).
  const submit = form.submit((body) => {
    if (law) {
      update.mutate(body, {
        onSuccess: () => {
          notify(t('laws.saved'));
          onClose();
        },
        onError: form.showServerError,
      });
    } else {
      create.mutate(body, {
        onSuccess: (l) => {
          notify(t('laws.created'));
          onClose();
          navigate(`/laws/${l.id}`);
        },
        onError: form.showServerError,
      });
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={law ? t('laws.editTitle') : t('laws.newTitle')} size="xl">
      <form ref={form.ref} noValidate onSubmit={submit}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('laws.fields.titleJa')} required {...form.getInputProps('titleJa')} />
            <TextInput label={t('laws.fields.titleEn')} required {...form.getInputProps('titleEn')} />
            <TextInput label={t('laws.fields.shortNameJa')} {...form.getInputProps('shortNameJa')} />
            <TextInput label={t('laws.fields.shortNameEn')} {...form.getInputProps('shortNameEn')} />
            <Select label={t('laws.fields.kind')} data={LAW_KINDS.map((k) => ({ value: k, label: t(`laws.kind.${k}`) }))} {...form.getInputProps('kind')} allowDeselect={false} />
            <Select
              label={t('laws.fields.status')}
              data={(['in_force', 'superseded'] as const).map((s) => ({ value: s, label: t(`laws.status.${s}`) }))}
              {...form.getInputProps('status')}
              allowDeselect={false}
            />
            <TextInput label={t('laws.fields.issuerJa')} {...form.getInputProps('issuerJa')} />
            <TextInput label={t('laws.fields.issuerEn')} {...form.getInputProps('issuerEn')} />
            <TextInput label={t('laws.fields.referenceNumber')} placeholder="平成15年法律第57号" {...form.getInputProps('referenceNumber')} />
            <TextInput label={t('laws.fields.url')} placeholder="https://" {...form.getInputProps('url')} />
            <TextInput
              label={t('laws.fields.lastRevisedOn')}
              description={t('laws.partialDateHint')}
              placeholder="2024-10"
              {...form.getInputProps('lastRevisedOn')}
            />
            <TextInput label={t('laws.fields.verifiedOn')} description={t('laws.verifiedHint')} type="date" {...form.getInputProps('verifiedOn')} />
          </SimpleGrid>
          <Select
            label={t('laws.fields.replacedBy')}
            data={others.map((l) => ({ value: l.id, label: lang === 'ja' ? l.titleJa : l.titleEn }))}
            {...form.getInputProps('replacedById')}
            clearable
            searchable
          />
          <Textarea label={t('laws.fields.summaryJa')} description={t('laws.summaryHint')} autosize minRows={3} {...form.getInputProps('summaryJa')} />
          <Textarea label={t('laws.fields.summaryEn')} autosize minRows={3} {...form.getInputProps('summaryEn')} />
          {!onFields && <ErrorAlert error={m.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={m.isPending}>
              {law ? t('common.save') : t('laws.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
