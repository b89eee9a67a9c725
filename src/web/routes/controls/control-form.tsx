import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CLAUSES } from '../../../shared/clauses.js';
import { CONTROL_FAMILIES, CONTROL_STATUSES, type ControlDto, type ControlFamily, type ControlStatus } from '../../../shared/controls.js';
import { useOrgOptions } from '../../api/org-options.js';
import { usePeopleList } from '../../api/people.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { personName, refName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useCreateControl, useLawOptions, useUpdateControl } from './api.js';

const ISO = /^[5-8]\.\d{1,2}$/;

/** Clause choices in the policy's order, labelled with our short titles. */
export function useClauseOptions() {
  const lang = useLang();
  return CLAUSES.map((c) => ({ value: c.id, label: `${c.id} ${lang === 'ja' ? c.titleJa : c.titleEn}` }));
}

/** Creates a control, or edits every field of one. */
export function ControlFormModal({ opened, onClose, control }: { opened: boolean; onClose: () => void; control?: ControlDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const create = useCreateControl();
  const update = useUpdateControl(control?.id ?? '');
  const units = useOrgOptions(opened).data?.units ?? [];
  const laws = useLawOptions(opened).data?.items ?? [];
  const clauseOptions = useClauseOptions();
  const [v, setV] = useState({
    code: control?.code ?? '',
    family: (control?.family ?? 'technical') as ControlFamily,
    titleJa: control?.titleJa ?? '',
    titleEn: control?.titleEn ?? '',
    descriptionJa: control?.descriptionJa ?? '',
    descriptionEn: control?.descriptionEn ?? '',
    isoRefs: control?.isoRefs ?? [],
    ownerUnitId: control?.ownerUnit?.id ?? null,
    ownerPersonId: control?.ownerPerson?.id ?? null,
    status: (control?.status ?? 'not_started') as ControlStatus,
    applicable: control?.applicable ?? true,
    justificationJa: control?.justificationJa ?? '',
    justificationEn: control?.justificationEn ?? '',
    clauseIds: control?.clauseIds ?? ['P32-5'],
    lawIds: control?.laws.map((l) => l.id) ?? [],
  });
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((s) => ({ ...s, [k]: value }));
  const [personSearch, setPersonSearch] = useState('');
  const [q] = useDebouncedValue(personSearch, 300);
  const people = usePeopleList({ page: 1, pageSize: 20, q: q || undefined, sort: 'familyNameKana', dir: 'asc' }, opened).data?.items ?? [];
  const personData = [
    ...(control?.ownerPerson && !people.some((p) => p.id === control.ownerPerson!.id) ? [{ value: control.ownerPerson.id, label: lang === 'ja' ? control.ownerPerson.nameJa : control.ownerPerson.nameEn }] : []),
    ...people.map((p) => ({ value: p.id, label: `${personName(p, lang)} (${p.email})` })),
  ];
  const badIso = v.isoRefs.filter((x) => !ISO.test(x));
  const m = control ? update : create;

  const submit = () => {
    const body = { ...v, code: v.code.trim() || undefined };
    if (control) {
      update.mutate(body, {
        onSuccess: () => {
          notify(t('controls.saved'));
          onClose();
        },
      });
    } else {
      create.mutate(body, {
        onSuccess: (c) => {
          notify(t('controls.created', { code: c.code }));
          onClose();
          navigate(`/controls/${c.id}`);
        },
      });
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={control ? t('controls.editTitle', { code: control.code }) : t('controls.newTitle')} size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select label={t('controls.familyLabel')} required data={CONTROL_FAMILIES.map((f) => ({ value: f, label: t(`controls.family.${f}`) }))} value={v.family} onChange={(x) => x && set('family', x as ControlFamily)} allowDeselect={false} />
            <TextInput label={t('controls.code')} description={control ? undefined : t('controls.codeHint')} maxLength={20} value={v.code} onChange={(e) => set('code', e.currentTarget.value)} required={!!control} />
            <TagsInput
              label={t('controls.isoRefs')}
              description={t('controls.isoRefsHint')}
              value={v.isoRefs}
              onChange={(x) => set('isoRefs', x)}
              error={badIso.length ? t('controls.isoRefsInvalid', { refs: badIso.join(', ') }) : undefined}
              maxTags={20}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('controls.titleJa')} required maxLength={200} value={v.titleJa} onChange={(e) => set('titleJa', e.currentTarget.value)} />
            <TextInput label={t('controls.titleEn')} required maxLength={200} value={v.titleEn} onChange={(e) => set('titleEn', e.currentTarget.value)} />
            <Textarea label={t('controls.descriptionJa')} autosize minRows={3} maxRows={8} maxLength={4000} value={v.descriptionJa} onChange={(e) => set('descriptionJa', e.currentTarget.value)} />
            <Textarea label={t('controls.descriptionEn')} autosize minRows={3} maxRows={8} maxLength={4000} value={v.descriptionEn} onChange={(e) => set('descriptionEn', e.currentTarget.value)} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('controls.ownerUnit')}
              data={units.map((u) => ({ value: u.id, label: refName(u, lang) }))}
              value={v.ownerUnitId}
              onChange={(x) => set('ownerUnitId', x)}
              clearable
              placeholder={t('controls.noOwner')}
            />
            <Select
              label={t('controls.ownerPerson')}
              description={t('controls.ownerPersonHint')}
              data={personData}
              value={v.ownerPersonId}
              onChange={(x) => set('ownerPersonId', x)}
              searchable
              searchValue={personSearch}
              onSearchChange={setPersonSearch}
              clearable
              filter={({ options }) => options}
              nothingFoundMessage={t('controls.nobody')}
            />
            <Select
              label={t('controls.statusLabel')}
              data={CONTROL_STATUSES.filter((s) => s !== 'not_applicable' || !v.applicable).map((s) => ({ value: s, label: t(`controls.status.${s}`) }))}
              value={v.applicable ? v.status : 'not_applicable'}
              onChange={(x) => x && set('status', x as ControlStatus)}
              disabled={!v.applicable}
              allowDeselect={false}
            />
          </SimpleGrid>
          <Switch label={t('controls.applicableSwitch')} description={t('controls.applicableHint')} checked={v.applicable} onChange={(e) => setV((s) => ({ ...s, applicable: e.currentTarget.checked, status: e.currentTarget.checked ? (s.status === 'not_applicable' ? 'not_started' : s.status) : 'not_applicable' }))} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea label={t('controls.justificationJa')} autosize minRows={2} maxRows={6} maxLength={2000} value={v.justificationJa} onChange={(e) => set('justificationJa', e.currentTarget.value)} />
            <Textarea label={t('controls.justificationEn')} autosize minRows={2} maxRows={6} maxLength={2000} value={v.justificationEn} onChange={(e) => set('justificationEn', e.currentTarget.value)} />
          </SimpleGrid>
          <MultiSelect label={t('controls.clauses')} data={clauseOptions} value={v.clauseIds} onChange={(x) => set('clauseIds', x)} searchable clearable maxValues={40} />
          <MultiSelect
            label={t('controls.laws')}
            data={laws.map((l) => ({ value: l.id, label: lang === 'ja' ? l.titleJa : l.titleEn }))}
            value={v.lawIds}
            onChange={(x) => set('lawIds', x)}
            searchable
            clearable
          />
          {m.error && <ErrorAlert error={m.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={m.isPending} disabled={badIso.length > 0}>
              {control ? t('common.save') : t('controls.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
