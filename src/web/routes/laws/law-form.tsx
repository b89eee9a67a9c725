import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LAW_KINDS, type LawDto, type LawKind, type LawStatus } from '../../../shared/laws.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { serverFieldErrors } from '../../lib/form-errors.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useCreateLaw, useLaws, useUpdateLaw } from './api.js';

const FIELDS = ['titleJa', 'titleEn', 'shortNameJa', 'shortNameEn', 'kind', 'issuerJa', 'issuerEn', 'referenceNumber', 'lastRevisedOn', 'verifiedOn', 'url', 'summaryJa', 'summaryEn', 'status', 'replacedById'] as const;

/** Adds a law or norm, or edits every field of one. */
export function LawFormModal({ opened, onClose, law }: { opened: boolean; onClose: () => void; law?: LawDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const create = useCreateLaw();
  const update = useUpdateLaw(law?.id ?? '');
  const others = (useLaws({}).data?.items ?? []).filter((l) => l.id !== law?.id);
  const [v, setV] = useState({
    titleJa: law?.titleJa ?? '',
    titleEn: law?.titleEn ?? '',
    shortNameJa: law?.shortNameJa ?? '',
    shortNameEn: law?.shortNameEn ?? '',
    kind: (law?.kind ?? 'law') as LawKind,
    issuerJa: law?.issuerJa ?? '',
    issuerEn: law?.issuerEn ?? '',
    referenceNumber: law?.referenceNumber ?? '',
    lastRevisedOn: law?.lastRevisedOn ?? '',
    verifiedOn: law?.verifiedOn ?? '',
    url: law?.url ?? '',
    summaryJa: law?.summaryJa ?? '',
    summaryEn: law?.summaryEn ?? '',
    status: (law?.status ?? 'in_force') as LawStatus,
    replacedById: law?.replacedBy?.id ?? null,
  });
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((s) => ({ ...s, [k]: value }));
  const m = law ? update : create;
  const fieldErrors = serverFieldErrors(m.error, t, FIELDS) ?? {};
  const err = (k: string) => fieldErrors[k];

  const submit = () => {
    // Empty optional fields are sent as null (cleared), never as "".
    const body = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' && x.trim() === '' && k !== 'titleJa' && k !== 'titleEn' ? null : x])) as typeof v;
    if (law) {
      update.mutate(body, {
        onSuccess: () => {
          notify(t('laws.saved'));
          onClose();
        },
      });
    } else {
      create.mutate(body, {
        onSuccess: (l) => {
          notify(t('laws.created'));
          onClose();
          navigate(`/laws/${l.id}`);
        },
      });
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={law ? t('laws.editTitle') : t('laws.newTitle')} size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('laws.fields.titleJa')} required value={v.titleJa} onChange={(e) => set('titleJa', e.currentTarget.value)} error={err('titleJa')} />
            <TextInput label={t('laws.fields.titleEn')} required value={v.titleEn} onChange={(e) => set('titleEn', e.currentTarget.value)} error={err('titleEn')} />
            <TextInput label={t('laws.fields.shortNameJa')} value={v.shortNameJa} onChange={(e) => set('shortNameJa', e.currentTarget.value)} />
            <TextInput label={t('laws.fields.shortNameEn')} value={v.shortNameEn} onChange={(e) => set('shortNameEn', e.currentTarget.value)} />
            <Select label={t('laws.fields.kind')} data={LAW_KINDS.map((k) => ({ value: k, label: t(`laws.kind.${k}`) }))} value={v.kind} onChange={(x) => x && set('kind', x as LawKind)} allowDeselect={false} />
            <Select
              label={t('laws.fields.status')}
              data={(['in_force', 'superseded'] as const).map((s) => ({ value: s, label: t(`laws.status.${s}`) }))}
              value={v.status}
              onChange={(x) => x && set('status', x as LawStatus)}
              allowDeselect={false}
            />
            <TextInput label={t('laws.fields.issuerJa')} value={v.issuerJa} onChange={(e) => set('issuerJa', e.currentTarget.value)} />
            <TextInput label={t('laws.fields.issuerEn')} value={v.issuerEn} onChange={(e) => set('issuerEn', e.currentTarget.value)} />
            <TextInput label={t('laws.fields.referenceNumber')} placeholder="平成15年法律第57号" value={v.referenceNumber} onChange={(e) => set('referenceNumber', e.currentTarget.value)} />
            <TextInput label={t('laws.fields.url')} placeholder="https://" value={v.url} onChange={(e) => set('url', e.currentTarget.value)} error={err('url')} />
            <TextInput
              label={t('laws.fields.lastRevisedOn')}
              description={t('laws.partialDateHint')}
              placeholder="2024-10"
              value={v.lastRevisedOn}
              onChange={(e) => set('lastRevisedOn', e.currentTarget.value)}
              error={err('lastRevisedOn')}
            />
            <TextInput label={t('laws.fields.verifiedOn')} description={t('laws.verifiedHint')} type="date" value={v.verifiedOn} onChange={(e) => set('verifiedOn', e.currentTarget.value)} error={err('verifiedOn')} />
          </SimpleGrid>
          <Select
            label={t('laws.fields.replacedBy')}
            data={others.map((l) => ({ value: l.id, label: lang === 'ja' ? l.titleJa : l.titleEn }))}
            value={v.replacedById}
            onChange={(x) => set('replacedById', x)}
            clearable
            searchable
          />
          <Textarea label={t('laws.fields.summaryJa')} description={t('laws.summaryHint')} autosize minRows={3} value={v.summaryJa} onChange={(e) => set('summaryJa', e.currentTarget.value)} />
          <Textarea label={t('laws.fields.summaryEn')} autosize minRows={3} value={v.summaryEn} onChange={(e) => set('summaryEn', e.currentTarget.value)} />
          {!Object.keys(fieldErrors).length && <ErrorAlert error={m.error} />}
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
