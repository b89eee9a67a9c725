import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { levelOf, RISK_TREATMENTS, type RiskDto, type RiskMatrixDto, type RiskTreatment } from '../../../shared/risks.js';
import { usePeopleList } from '../../api/people.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { personName } from '../../lib/format.js';
import { serverFieldErrors } from '../../lib/form-errors.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useAcceptRisk, useAssessRisk, useThreats, useUpdateRisk, useVulnerabilities } from './api.js';
import { LevelBadge, useStepName } from './levels.js';

const SETTABLE = ['open', 'in_treatment', 'needs_review', 'closed'] as const;

/** Likelihood and impact pickers with the level they give, live. */
function CellPicker({ matrix, label, l, i, onL, onI, optional, error }: { matrix: RiskMatrixDto; label: string; l: string | null; i: string | null; onL: (v: string | null) => void; onI: (v: string | null) => void; optional?: boolean; error?: string }) {
  const { t } = useTranslation();
  const step = useStepName(matrix);
  const level = l && i ? levelOf(matrix, Number(l), Number(i)) : null;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        {level && <LevelBadge matrix={matrix} level={level} />}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('risks.likelihood')} data={matrix.likelihood.map((s) => ({ value: String(s.value), label: step('likelihood', s.value) }))} value={l} onChange={onL} clearable={optional} allowDeselect={optional} error={error} />
        <Select label={t('risks.impact')} data={matrix.impact.map((s) => ({ value: String(s.value), label: step('impact', s.value) }))} value={i} onChange={onI} clearable={optional} allowDeselect={optional} />
      </SimpleGrid>
    </Stack>
  );
}

/** A new assessment: inherent values, the treatment and its plan, the residual values after it. */
export function AssessForm({ risk, matrix }: { risk: RiskDto; matrix: RiskMatrixDto }) {
  const { t } = useTranslation();
  const assess = useAssessRisk(risk.id);
  const [v, setV] = useState({
    il: String(risk.inherent.likelihood) as string | null,
    ii: String(risk.inherent.impact) as string | null,
    treatment: risk.treatment as RiskTreatment | null,
    plan: '',
    rl: risk.residual ? String(risk.residual.likelihood) : (null as string | null),
    ri: risk.residual ? String(risk.residual.impact) : (null as string | null),
    note: '',
  });
  const errors = serverFieldErrors(assess.error, t, ['inherentLikelihood', 'inherentImpact', 'residualLikelihood', 'residualImpact', 'treatment']) ?? {};
  const residualHalf = (v.rl === null) !== (v.ri === null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        assess.mutate(
          {
            inherentLikelihood: Number(v.il),
            inherentImpact: Number(v.ii),
            treatment: v.treatment,
            treatmentPlan: v.plan.trim() ? v.plan.trim() : undefined,
            residualLikelihood: v.rl ? Number(v.rl) : null,
            residualImpact: v.ri ? Number(v.ri) : null,
            note: v.note.trim() || null,
          },
          {
            onSuccess: () => {
              notify(t('risks.assessed'));
              setV((s) => ({ ...s, note: '', plan: '' }));
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <CellPicker matrix={matrix} label={t('risks.inherent')} l={v.il} i={v.ii} onL={(x) => setV({ ...v, il: x })} onI={(x) => setV({ ...v, ii: x })} error={errors.inherentLikelihood} />
        <Select
          label={t('risks.fields.treatment')}
          data={RISK_TREATMENTS.map((x) => ({ value: x, label: `${t(`risks.treatment.${x}`)} — ${t(`risks.treatmentHint.${x}`)}` }))}
          value={v.treatment}
          onChange={(x) => setV({ ...v, treatment: x as RiskTreatment | null })}
          clearable
          placeholder={t('risks.undecided')}
        />
        <Textarea label={t('risks.fields.treatmentPlan')} description={risk.treatmentPlan ? t('risks.planKeep') : undefined} placeholder={risk.treatmentPlan ?? ''} autosize minRows={2} value={v.plan} onChange={(e) => setV({ ...v, plan: e.currentTarget.value })} />
        <CellPicker matrix={matrix} label={t('risks.residual')} l={v.rl} i={v.ri} onL={(x) => setV({ ...v, rl: x })} onI={(x) => setV({ ...v, ri: x })} optional error={residualHalf ? t('risks.residualPair') : errors.residualLikelihood} />
        <TextInput label={t('risks.fields.note')} value={v.note} onChange={(e) => setV({ ...v, note: e.currentTarget.value })} />
        {!Object.keys(errors).length && <ErrorAlert error={assess.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={assess.isPending} disabled={!v.il || !v.ii || residualHalf}>
            {t('risks.saveAssessment')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The information security manager accepts the risk, with a reason, until a day. */
export function AcceptForm({ risk }: { risk: RiskDto }) {
  const { t } = useTranslation();
  const accept = useAcceptRisk(risk.id);
  const [rationale, setRationale] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const errors = serverFieldErrors(accept.error, t, ['rationale', 'expiresOn']) ?? {};
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        accept.mutate(
          { rationale: rationale.trim(), expiresOn },
          {
            onSuccess: () => {
              notify(t('risks.acceptedDone'));
              setRationale('');
              setExpiresOn('');
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <Textarea label={t('risks.fields.rationale')} required autosize minRows={2} value={rationale} onChange={(e) => setRationale(e.currentTarget.value)} error={errors.rationale} />
        <TextInput label={t('risks.fields.expiresOn')} description={t('risks.expiresHint')} required type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.currentTarget.value)} error={errors.expiresOn} w={220} />
        {!Object.keys(errors).length && <ErrorAlert error={accept.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={accept.isPending} disabled={!rationale.trim() || !expiresOn}>
            {risk.acceptance ? t('risks.acceptAgain') : t('risks.accept')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Edits what describes the risk (not its assessment): title, owner, dates, status, threat, vulnerabilities. */
export function EditRiskModal({ risk, onClose }: { risk: RiskDto; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const update = useUpdateRisk(risk.id);
  const threats = useThreats().data?.items ?? [];
  const vulns = useVulnerabilities().data?.items ?? [];
  const [personSearch, setPersonSearch] = useState('');
  const [q] = useDebouncedValue(personSearch, 300);
  const people = usePeopleList({ page: 1, pageSize: 20, q: q || undefined, sort: 'familyNameKana', dir: 'asc' }).data?.items ?? [];
  const name = (x: { nameJa: string; nameEn: string }) => (lang === 'ja' ? x.nameJa : x.nameEn);
  const [v, setV] = useState({
    title: risk.title ?? '',
    description: risk.description ?? '',
    ownerPersonId: risk.owner?.id ?? null,
    dueDate: risk.dueDate ?? '',
    nextReviewDate: risk.nextReviewDate ?? '',
    status: risk.status === 'accepted' ? null : risk.status,
    threatId: risk.threat.id,
    vulnerabilityIds: risk.vulnerabilities.map((x) => x.id),
  });
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((s) => ({ ...s, [k]: value }));
  const ownerData = [
    ...(risk.owner && !people.some((p) => p.id === risk.owner!.id) ? [{ value: risk.owner.id, label: name(risk.owner) }] : []),
    ...people.map((p) => ({ value: p.id, label: `${personName(p, lang)} (${p.email})` })),
  ];
  const errors = serverFieldErrors(update.error, t, ['title', 'ownerPersonId', 'dueDate', 'nextReviewDate', 'threatId', 'vulnerabilityIds']) ?? {};
  return (
    <Modal opened onClose={onClose} title={t('risks.editTitle', { ref: risk.ref })} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate(
            {
              title: v.title.trim() || null,
              description: v.description.trim() || null,
              ownerPersonId: v.ownerPersonId,
              dueDate: v.dueDate || null,
              nextReviewDate: v.nextReviewDate || null,
              ...(v.status && v.status !== risk.status ? { status: v.status as (typeof SETTABLE)[number] } : {}),
              threatId: v.threatId,
              vulnerabilityIds: v.vulnerabilityIds,
            },
            {
              onSuccess: () => {
                notify(t('risks.saved'));
                onClose();
              },
            },
          );
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('risks.fields.title')} description={t('risks.titleHint')} value={v.title} onChange={(e) => set('title', e.currentTarget.value)} error={errors.title} />
          <Select label={t('risks.fields.threat')} searchable data={threats.map((x) => ({ value: x.id, label: `${x.code} ${name(x)}` }))} value={v.threatId} onChange={(x) => x && set('threatId', x)} allowDeselect={false} error={errors.threatId} />
          <MultiSelect label={t('risks.fields.vulnerabilities')} searchable data={vulns.map((x) => ({ value: x.id, label: `${x.code} ${name(x)}` }))} value={v.vulnerabilityIds} onChange={(x) => set('vulnerabilityIds', x)} />
          <Textarea label={t('risks.fields.description')} autosize minRows={2} value={v.description} onChange={(e) => set('description', e.currentTarget.value)} />
          <Select
            label={t('risks.fields.owner')}
            placeholder={t('common.searchToSelect')}
            searchable
            clearable
            searchValue={personSearch}
            onSearchChange={setPersonSearch}
            data={ownerData}
            value={v.ownerPersonId}
            onChange={(x) => set('ownerPersonId', x)}
            filter={({ options }) => options}
            error={errors.ownerPersonId}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('risks.fields.dueDate')} type="date" value={v.dueDate} onChange={(e) => set('dueDate', e.currentTarget.value)} error={errors.dueDate} />
            <TextInput label={t('risks.fields.nextReviewDate')} type="date" value={v.nextReviewDate} onChange={(e) => set('nextReviewDate', e.currentTarget.value)} error={errors.nextReviewDate} />
            <Select
              label={t('risks.fields.status')}
              description={risk.status === 'accepted' ? t('risks.statusAcceptedHint') : undefined}
              placeholder={risk.status === 'accepted' ? t('risks.status.accepted') : undefined}
              data={SETTABLE.map((s) => ({ value: s, label: t(`risks.status.${s}`) }))}
              value={v.status}
              onChange={(x) => set('status', x as typeof v.status)}
              clearable={risk.status === 'accepted'}
            />
          </SimpleGrid>
          {!Object.keys(errors).length && <ErrorAlert error={update.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
