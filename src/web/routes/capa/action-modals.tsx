import { Button, Group, Modal, NumberInput, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionDto, ActionKind } from '../../../shared/capa.js';
import { usePeopleList } from '../../api/people.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { serverFieldErrors } from '../../lib/form-errors.js';
import { personName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useRisks } from '../risks/api.js';
import { useCheckAction, useCreateAction, useUpdateAction } from './api.js';

/** Picks an active person by name (the owner of an action). */
function OwnerSelect({ value, onChange, error, initial }: { value: string | null; onChange: (v: string | null) => void; error?: string; initial?: { id: string; nameJa: string; nameEn: string } | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const people = usePeopleList({ page: 1, pageSize: 20, q: q || undefined, sort: 'familyNameKana', dir: 'asc' }).data?.items ?? [];
  const data = [
    ...(initial && !people.some((p) => p.id === initial.id) ? [{ value: initial.id, label: lang === 'ja' ? initial.nameJa : initial.nameEn }] : []),
    ...people.filter((p) => p.active).map((p) => ({ value: p.id, label: `${personName(p, lang)}（${p.email}）` })),
  ];
  return (
    <Select
      label={t('capa.fields.owner')}
      required
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value}
      onChange={onChange}
      nothingFoundMessage={t('common.nothingFound')}
      filter={({ options }) => options}
      error={error}
    />
  );
}

/** Adds an action to an incident, or edits one (the desk): kind, title, owner, due day, and the risk it changes. */
export function ActionModal({ incidentId, action, onClose }: { incidentId: string; action?: ActionDto; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const create = useCreateAction(incidentId);
  const update = useUpdateAction();
  const m = action ? update : create;
  const risks = useRisks({ pageSize: 200, sort: 'level', dir: 'desc' }).data?.items ?? [];
  const [v, setV] = useState({
    kind: (action?.kind ?? 'corrective') as ActionKind,
    title: action?.title ?? '',
    description: action?.description ?? '',
    ownerId: action?.owner?.id ?? (null as string | null),
    dueOn: action?.dueOn ?? '',
    riskId: action?.risk?.id ?? (null as string | null),
    residualLikelihood: action?.riskChange?.residualLikelihood ?? (null as number | null),
    residualImpact: action?.riskChange?.residualImpact ?? (null as number | null),
  });
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((s) => ({ ...s, [k]: value }));
  const errors = serverFieldErrors(m.error, t, ['title', 'ownerId', 'dueOn', 'riskId', 'riskChange', 'description']) ?? {};
  const riskData = [
    ...(action?.risk && !risks.some((r) => r.id === action.risk!.id) ? [{ value: action.risk.id, label: `${action.risk.ref} ${lang === 'ja' ? action.risk.nameJa : action.risk.nameEn}` }] : []),
    ...risks.map((r) => ({ value: r.id, label: `${r.ref} ${r.title ?? (lang === 'ja' ? r.threat.nameJa : r.threat.nameEn)}` })),
  ];

  const submit = () => {
    const riskChange = v.riskId && v.residualLikelihood && v.residualImpact ? { residualLikelihood: v.residualLikelihood, residualImpact: v.residualImpact } : null;
    const body = { kind: v.kind, title: v.title.trim(), description: v.description.trim(), ownerId: v.ownerId ?? '', dueOn: v.dueOn, riskId: v.riskId, riskChange };
    const onSuccess = (a: ActionDto) => {
      notify(t(action ? 'capa.saved' : 'capa.created', { ref: a.ref }));
      onClose();
    };
    if (action) update.mutate({ id: action.id, version: action.version, ...body }, { onSuccess });
    else create.mutate(body, { onSuccess });
  };

  return (
    <Modal opened onClose={onClose} title={action ? t('capa.editTitle', { ref: action.ref }) : t('capa.newTitle')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Radio.Group label={t('capa.fields.kind')} value={v.kind} onChange={(x) => set('kind', x as ActionKind)}>
            <Group mt={4}>
              <Radio value="corrective" label={t('capa.kind.corrective')} />
              <Radio value="preventive" label={t('capa.kind.preventive')} />
            </Group>
          </Radio.Group>
          <TextInput label={t('capa.fields.title')} required value={v.title} onChange={(e) => set('title', e.currentTarget.value)} error={errors.title} />
          <Textarea label={t('capa.fields.description')} autosize minRows={2} value={v.description} onChange={(e) => set('description', e.currentTarget.value)} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <OwnerSelect value={v.ownerId} onChange={(x) => set('ownerId', x)} error={errors.ownerId} initial={action?.owner} />
            <TextInput label={t('capa.fields.dueOn')} type="date" required value={v.dueOn} onChange={(e) => set('dueOn', e.currentTarget.value)} error={errors.dueOn} />
          </SimpleGrid>
          <Select label={t('capa.fields.risk')} description={t('capa.riskHint')} searchable clearable data={riskData} value={v.riskId} onChange={(x) => set('riskId', x)} error={errors.riskId} />
          {v.riskId && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput label={t('capa.fields.residualLikelihood')} min={1} max={10} value={v.residualLikelihood ?? ''} onChange={(x) => set('residualLikelihood', typeof x === 'number' ? x : null)} error={errors['riskChange.residualLikelihood']} />
              <NumberInput label={t('capa.fields.residualImpact')} min={1} max={10} value={v.residualImpact ?? ''} onChange={(x) => set('residualImpact', typeof x === 'number' ? x : null)} error={errors['riskChange.residualImpact']} />
            </SimpleGrid>
          )}
          {v.riskId && (
            <Text size="xs" c="dimmed">
              {v.residualLikelihood && v.residualImpact ? t('capa.riskChangeResidual') : t('capa.riskChangeReview')}
            </Text>
          )}
          {!Object.keys(errors).length && <ErrorAlert error={m.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={m.isPending} disabled={!v.title.trim() || !v.ownerId || !v.dueOn}>
              {action ? t('common.save') : t('capa.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Moves an action along (its owner or the desk), or closes it: accepted (the manager) / cancelled, with a reason. */
export function StatusModal({ action, to, onClose }: { action: ActionDto; to: 'in_progress' | 'done' | 'accepted' | 'cancelled' | 'open'; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateAction();
  const [text, setText] = useState('');
  const needsReason = to === 'accepted' || to === 'cancelled';
  const errors = serverFieldErrors(update.error, t, ['reason', 'note']) ?? {};
  const submit = () =>
    update.mutate(
      { id: action.id, version: action.version, status: to, ...(needsReason ? { reason: text.trim() } : text.trim() ? { note: text.trim() } : {}) },
      {
        onSuccess: (a) => {
          notify(t('capa.statusChanged', { ref: a.ref, status: t(`capa.status.${a.status}`) }));
          onClose();
        },
      },
    );
  return (
    <Modal opened onClose={onClose} title={`${action.ref} → ${t(`capa.status.${to}`)}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Textarea label={needsReason ? t('capa.fields.reason') : t('capa.fields.note')} required={needsReason} autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} error={errors.reason ?? errors.note} />
          {!Object.keys(errors).length && <ErrorAlert error={update.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} disabled={needsReason && !text.trim()}>
              {t(`capa.do.${to}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The effectiveness check of a done action (the desk, never its owner). */
export function CheckModal({ action, onClose }: { action: ActionDto; onClose: () => void }) {
  const { t } = useTranslation();
  const check = useCheckAction();
  const [effective, setEffective] = useState<'yes' | 'no'>('yes');
  const [note, setNote] = useState('');
  const submit = () =>
    check.mutate(
      { id: action.id, version: action.version, effective: effective === 'yes', note: note.trim() },
      {
        onSuccess: (a) => {
          notify(t('capa.checked', { ref: a.ref }));
          onClose();
        },
      },
    );
  return (
    <Modal opened onClose={onClose} title={t('capa.checkTitle', { ref: action.ref })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{action.title}</Text>
          <Radio.Group label={t('capa.fields.effectiveness')} value={effective} onChange={(x) => setEffective(x as 'yes' | 'no')}>
            <Stack gap={6} mt={4}>
              <Radio value="yes" label={t('capa.effective')} />
              <Radio value="no" label={t('capa.notEffective')} />
            </Stack>
          </Radio.Group>
          {effective === 'yes' && action.risk && (
            <Text size="xs" c="dimmed">
              {t('capa.riskWillChange', { ref: action.risk.ref })}
            </Text>
          )}
          <Textarea label={t('capa.fields.checkNote')} required autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <ErrorAlert error={check.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={check.isPending} disabled={!note.trim()}>
              {t('capa.recordCheck')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
