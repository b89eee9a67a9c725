import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { levelOf, NewRiskForm } from '../../../shared/risks.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { serverFieldErrors } from '../../lib/form-errors.js';
import { useSchemaForm } from '../../lib/form.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useAssetSearch, useCreateRisk, useRiskMatrix, useThreats, useVulnerabilities } from './api.js';
import { LevelBadge, useStepName } from './levels.js';

/** Registers a risk: which assets, which threat through which weaknesses, and how likely and how bad. */
export function NewRiskModal({ onClose, assetId }: { onClose: () => void; assetId?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const create = useCreateRisk();
  const matrix = useRiskMatrix().data;
  const step = useStepName(matrix);
  const threats = useThreats().data?.items ?? [];
  const vulns = useVulnerabilities().data?.items ?? [];
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const assets = useAssetSearch(q, true).data?.items ?? [];
  const [picked, setPicked] = useState<{ value: string; label: string }[]>([]);
  const form = useSchemaForm(NewRiskForm, {
    assetIds: assetId ? [assetId] : [],
    threatId: null,
    vulnerabilityIds: [],
    title: '',
    description: '',
    inherentLikelihood: '3',
    inherentImpact: '3',
    nextReviewDate: '',
  });
  const v = form.values;
  const name = (x: { nameJa: string; nameEn: string }) => (lang === 'ja' ? x.nameJa : x.nameEn);
  const assetData = [...picked, ...assets.filter((a) => !picked.some((p) => p.value === a.id)).map((a) => ({ value: a.id, label: `${a.ref} ${a.name}` }))];
  const level = matrix ? levelOf(matrix, Number(v.inherentLikelihood), Number(v.inherentImpact)) : null;

  return (
    <Modal opened onClose={onClose} title={t('risks.newTitle')} size="lg">
      <form
        ref={form.ref}
        noValidate
        onSubmit={form.submit((values) =>
          create.mutate(values, {
            onSuccess: (r) => {
              notify(t('risks.created', { ref: r.ref }));
              onClose();
              navigate(`/risks/${r.id}`);
            },
            onError: form.showServerError,
          }),
        )}
      >
        <Stack gap="sm">
          {!assetId && (
            <MultiSelect
              label={t('risks.fields.assets')}
              placeholder={t('common.searchToSelect')}
              required
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              data={assetData}
              {...form.getInputProps('assetIds')}
              onChange={(ids) => {
                setPicked(assetData.filter((d) => ids.includes(d.value)));
                form.setFieldValue('assetIds', ids);
              }}
              nothingFoundMessage={t('common.nothingFound')}
              filter={({ options }) => options}
            />
          )}
          <Select
            label={t('risks.fields.threat')}
            required
            searchable
            data={threats.map((x) => ({ value: x.id, label: `${x.code} ${name(x)}` }))}
            {...form.getInputProps('threatId')}
            onChange={(id) => {
              const th = threats.find((x) => x.id === id);
              form.setValues((s) => ({
                threatId: id,
                vulnerabilityIds: s.vulnerabilityIds?.length ? s.vulnerabilityIds : (th?.vulnerabilities.map((x) => x.id) ?? []),
                inherentLikelihood: th ? String(th.defaultLikelihood) : s.inherentLikelihood,
                inherentImpact: th ? String(th.defaultImpact) : s.inherentImpact,
              }));
            }}
          />
          <MultiSelect label={t('risks.fields.vulnerabilities')} searchable data={vulns.map((x) => ({ value: x.id, label: `${x.code} ${name(x)}` }))} {...form.getInputProps('vulnerabilityIds')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label={t('risks.likelihood')} data={(matrix?.likelihood ?? []).map((s) => ({ value: String(s.value), label: step('likelihood', s.value) }))} allowDeselect={false} {...form.getInputProps('inherentLikelihood')} />
            <Select label={t('risks.impact')} data={(matrix?.impact ?? []).map((s) => ({ value: String(s.value), label: step('impact', s.value) }))} allowDeselect={false} {...form.getInputProps('inherentImpact')} />
          </SimpleGrid>
          {level && (
            <Group gap="xs">
              {t('risks.inherent')}: <LevelBadge matrix={matrix} level={level} />
            </Group>
          )}
          <TextInput label={t('risks.fields.title')} description={t('risks.titleHint')} {...form.getInputProps('title')} />
          <Textarea label={t('risks.fields.description')} autosize minRows={2} {...form.getInputProps('description')} />
          <TextInput label={t('risks.fields.nextReviewDate')} type="date" {...form.getInputProps('nextReviewDate')} w={200} />
          {!serverFieldErrors(create.error, t, Object.keys(v)) && <ErrorAlert error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!v.assetIds?.length || !v.threatId}>
              {t('risks.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
