import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Text, Textarea, TextInput, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AcceptRisk, AssessRiskForm, EditRiskForm, levelOf, SettableRiskStatus, RISK_TREATMENTS, type RiskDto, type RiskMatrixDto } from '../../../shared/risks.js';
import { usePeopleList } from '../../api/people.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { personName } from '../../lib/format.js';
import { serverFieldErrors } from '../../lib/form-errors.js';
import { useSchemaForm } from '../../lib/form.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useAcceptRisk, useAssessRisk, useThreats, useUpdateRisk, useVulnerabilities } from './api.js';
import { LevelBadge, useStepName } from './levels.js';

const SETTABLE = SettableRiskStatus.options;

/** Likelihood and impact pickers with the level they give, live. */
function CellPicker({ matrix, label, l, i, optional, lError }: { matrix: RiskMatrixDto; label: string; l: SelectProps; i: SelectProps; optional?: boolean; lError?: ReactNode }) {
  const { t } = useTranslation();
  const step = useStepName(matrix);
  const level = l.value && i.value ? levelOf(matrix, Number(l.value), Number(i.value)) : null;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        {level && <LevelBadge matrix={matrix} level={level} />}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('risks.likelihood')} data={matrix.likelihood.map((s) => ({ value: String(s.value), label: step('likelihood', s.value) }))} clearable={optional} allowDeselect={optional} {...l} error={lError ?? l.error} />
        <Select label={t('risks.impact')} data={matrix.impact.map((s) => ({ value: String(s.value), label: step('impact', s.value) }))} clearable={optional} allowDeselect={optional} {...i} />
      </SimpleGrid>
    </Stack>
  );
}

/** A new assessment: inherent values, the treatment and its plan, the residual values after it. */
export function AssessForm({ risk, matrix }: { risk: RiskDto; matrix: RiskMatrixDto }) {
  const { t } = useTranslation();
  const assess = useAssessRisk(risk.id);
  const form = useSchemaForm(AssessRiskForm, {
    inherentLikelihood: String(risk.inherent.likelihood) as string | null,
    inherentImpact: String(risk.inherent.impact) as string | null,
    treatment: risk.treatment,
    treatmentPlan: '',
    residualLikelihood: risk.residual ? String(risk.residual.likelihood) : null,
    residualImpact: risk.residual ? String(risk.residual.impact) : null,
    note: '',
  });
  const v = form.values;
  const residualHalf = (v.residualLikelihood === null) !== (v.residualImpact === null);
  return (
    <form
      ref={form.ref}
      noValidate
      onSubmit={form.submit((values) =>
        assess.mutate(values, {
          onSuccess: () => {
            notify(t('risks.assessed'));
            form.setValues({ note: '', treatmentPlan: '' });
          },
          onError: form.showServerError,
        }),
      )}
    >
      <Stack gap="sm">
        <CellPicker matrix={matrix} label={t('risks.inherent')} l={form.getInputProps('inherentLikelihood')} i={form.getInputProps('inherentImpact')} />
        <Select
          label={t('risks.fields.treatment')}
          data={RISK_TREATMENTS.map((x) => ({ value: x, label: `${t(`risks.treatment.${x}`)} — ${t(`risks.treatmentHint.${x}`)}` }))}
          clearable
          placeholder={t('risks.undecided')}
          {...form.getInputProps('treatment')}
        />
        <Textarea label={t('risks.fields.treatmentPlan')} description={risk.treatmentPlan ? t('risks.planKeep') : undefined} placeholder={risk.treatmentPlan ?? ''} autosize minRows={2} {...form.getInputProps('treatmentPlan')} />
        <CellPicker matrix={matrix} label={t('risks.residual')} l={form.getInputProps('residualLikelihood')} i={form.getInputProps('residualImpact')} optional lError={residualHalf ? t('risks.residualPair') : undefined} />
        <TextInput label={t('risks.fields.note')} {...form.getInputProps('note')} />
        {!serverFieldErrors(assess.error, t, Object.keys(v)) && <ErrorAlert error={assess.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={assess.isPending} disabled={!v.inherentLikelihood || !v.inherentImpact || residualHalf}>
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
  const form = useSchemaForm(AcceptRisk, { rationale: '', expiresOn: '' });
  return (
    <form
      ref={form.ref}
      noValidate
      onSubmit={form.submit((values) =>
        accept.mutate(values, {
          onSuccess: () => {
            notify(t('risks.acceptedDone'));
            form.reset();
          },
          onError: form.showServerError,
        }),
      )}
    >
      <Stack gap="sm">
        <Textarea label={t('risks.fields.rationale')} required autosize minRows={2} {...form.getInputProps('rationale')} />
        <TextInput label={t('risks.fields.expiresOn')} description={t('risks.expiresHint')} required type="date" {...form.getInputProps('expiresOn')} w={220} />
        {!serverFieldErrors(accept.error, t, Object.keys(form.values)) && <ErrorAlert error={accept.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={accept.isPending} disabled={!form.values.rationale.trim() || !form.values.expiresOn}>
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
  const form = useSchemaForm(EditRiskForm, {
    title: risk.title ?? '',
    description: risk.description ?? '',
    ownerPersonId: risk.owner?.id ?? null,
    dueDate: risk.dueDate ?? '',
    nextReviewDate: risk.nextReviewDate ?? '',
    status: risk.status === 'accepted' ? null : risk.status,
    threatId: risk.threat.id,
    vulnerabilityIds: risk.vulnerabilities.map((x) => x.id),
  });
  const ownerData = [
    ...(risk.owner && !people.some((p) => p.id === risk.owner!.id) ? [{ value: risk.owner.id, label: name(risk.owner) }] : []),
    ...people.map((p) => ({ value: p.id, label: `${personName(p, lang)} (${p.email})` })),
  ];
  return (
    <Modal opened onClose={onClose} title={t('risks.editTitle', { ref: risk.ref })} size="lg">
      <form
        ref={form.ref}
        noValidate
        onSubmit={form.submit(({ status, ...values }) =>
          update.mutate(
            { ...values, ...(status && status !== risk.status ? { status } : {}) },
            {
              onSuccess: () => {
                notify(t('risks.saved'));
                onClose();
              },
              onError: form.showServerError,
            },
          ),
        )}
      >
        <Stack gap="sm">
          <TextInput label={t('risks.fields.title')} description={t('risks.titleHint')} {...form.getInputProps('title')} />
          <Select label={t('risks.fields.threat')} searchable data={threats.map((x) => ({ value: x.id, label: `${x.code} ${name(x)}` }))} allowDeselect={false} {...form.getInputProps('threatId')} />
          <MultiSelect label={t('risks.fields.vulnerabilities')} searchable data={vulns.map((x) => ({ value: x.id, label: `${x.code} ${name(x)}` }))} {...form.getInputProps('vulnerabilityIds')} />
          <Textarea label={t('risks.fields.description')} autosize minRows={2} {...form.getInputProps('description')} />
          <Select
            label={t('risks.fields.owner')}
            placeholder={t('common.searchToSelect')}
            searchable
            clearable
            searchValue={personSearch}
            onSearchChange={setPersonSearch}
            data={ownerData}
            filter={({ options }) => options}
            {...form.getInputProps('ownerPersonId')}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('risks.fields.dueDate')} type="date" {...form.getInputProps('dueDate')} />
            <TextInput label={t('risks.fields.nextReviewDate')} type="date" {...form.getInputProps('nextReviewDate')} />
            <Select
              label={t('risks.fields.status')}
              description={risk.status === 'accepted' ? t('risks.statusAcceptedHint') : undefined}
              placeholder={risk.status === 'accepted' ? t('risks.status.accepted') : undefined}
              data={SETTABLE.map((s) => ({ value: s, label: t(`risks.status.${s}`) }))}
              clearable={risk.status === 'accepted'}
              {...form.getInputProps('status')}
            />
          </SimpleGrid>
          {!serverFieldErrors(update.error, t, Object.keys(form.values)) && <ErrorAlert error={update.error} />}
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
