import { Anchor, Breadcrumbs, Button, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  ALLOWED_CLASSIFICATIONS,
  ASSET_CATEGORIES,
  ASSET_TYPES_BY_KIND,
  AssetKind,
  AssetLocation,
  DEFAULT_CIA_MAX,
  DisposalMethod,
  assetIssues,
  defaultClassification,
  importanceOf,
  type AssetCategory,
  type AssetDto,
  type AssetType,
  type Classification,
  type CreateAssetInput,
} from '../../../shared/assets.js';
import { ApiError } from '../../api/client.js';
import { useOrgOptions } from '../../api/org-options.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { OptionalLabel } from '../../components/optional-label.js';
import { PageHeader } from '../../components/page-header.js';
import { focusFirstInvalid } from '../../lib/focus-invalid.js';
import { refName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { NotFoundPage } from '../errors/not-found-page.js';
import { useAsset, useAssetSearch, useAssetSettings, useCreateAsset, useLawOptions, usePeopleSearch, useStudyOptions, useUpdateAsset } from './api.js';

/** The form's values: what the inputs hold (empty string = not set). */
interface Values {
  kind: AssetKind;
  type: AssetType;
  name: string;
  description: string;
  category: AssetCategory;
  classification: Classification;
  confidentiality: number;
  integrity: number;
  availability: number;
  ownerUnitId: string;
  ownerPersonId: string;
  custodianPersonId: string;
  location: AssetLocation;
  locationInstitutionId: string;
  locationDetail: string;
  institutionId: string;
  researchGroupId: string;
  retentionUntil: string;
  disposalMethod: string;
  rtoHours: number | '';
  rpoHours: number | '';
  backupMethod: string;
  lastRestoreTestOn: string;
  note: string;
  parentId: string;
  studyIds: string[];
  lawIds: string[];
}

const EMPTY: Values = {
  kind: 'information',
  type: 'data_set',
  name: '',
  description: '',
  category: 'personal',
  classification: 'confidential',
  confidentiality: 3,
  integrity: 2,
  availability: 2,
  ownerUnitId: '',
  ownerPersonId: '',
  custodianPersonId: '',
  location: 'data_center',
  locationInstitutionId: '',
  locationDetail: '',
  institutionId: '',
  researchGroupId: '',
  retentionUntil: '',
  disposalMethod: '',
  rtoHours: '',
  rpoHours: '',
  backupMethod: '',
  lastRestoreTestOn: '',
  note: '',
  parentId: '',
  studyIds: [],
  lawIds: [],
};

function fromDto(a: AssetDto): Values {
  return {
    ...EMPTY,
    kind: a.kind,
    type: a.type,
    name: a.name,
    description: a.description,
    category: a.category,
    classification: a.classification,
    confidentiality: a.confidentiality,
    integrity: a.integrity,
    availability: a.availability,
    ownerUnitId: a.ownerUnit.id,
    ownerPersonId: a.ownerPerson?.id ?? '',
    custodianPersonId: a.custodian?.id ?? '',
    location: a.location,
    locationInstitutionId: a.locationInstitution?.id ?? '',
    locationDetail: a.locationDetail ?? '',
    institutionId: a.institution?.id ?? '',
    researchGroupId: a.researchGroup?.id ?? '',
    retentionUntil: a.retentionUntil ?? '',
    disposalMethod: a.disposalMethod ?? '',
    rtoHours: a.rtoHours ?? '',
    rpoHours: a.rpoHours ?? '',
    backupMethod: a.backupMethod ?? '',
    lastRestoreTestOn: a.lastRestoreTestOn ?? '',
    note: a.note ?? '',
  };
}

const NULLABLE = ['ownerPersonId', 'custodianPersonId', 'locationInstitutionId', 'locationDetail', 'institutionId', 'researchGroupId', 'retentionUntil', 'disposalMethod', 'rtoHours', 'rpoHours', 'backupMethod', 'lastRestoreTestOn', 'note'] as const;

/** The request body: empty optional fields as null; on edit only what changed. */
function toBody(v: Values, initial: Values | null): Record<string, unknown> {
  const system = v.kind === 'system';
  const out: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(v) as [keyof Values, Values[keyof Values]][]) {
    if (initial && ['parentId', 'studyIds', 'lawIds'].includes(k)) continue;
    let val: unknown = typeof raw === 'string' ? raw.trim() : raw;
    if ((NULLABLE as readonly string[]).includes(k) && val === '') val = null;
    if (!system && ['rtoHours', 'rpoHours', 'backupMethod', 'lastRestoreTestOn'].includes(k)) val = null;
    if (v.location !== 'institution' && k === 'locationInstitutionId') val = null;
    if (k === 'parentId') val = val || undefined;
    if (initial && JSON.stringify(val) === JSON.stringify((initial[k] === '' && (NULLABLE as readonly string[]).includes(k) ? null : initial[k]) ?? null)) continue;
    if (val !== undefined) out[k] = val;
  }
  return out;
}

function Section({ title, children, description }: { title: string; children: ReactNode; description?: string }) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={2} fz="md" mb={description ? 4 : 'md'}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      )}
      <Stack gap="md">{children}</Stack>
    </Paper>
  );
}

/** A searchable person picker (people the actor may list). */
function PersonPicker({ label, value, initialLabel, onChange, error }: { label: ReactNode; value: string; initialLabel?: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [q, setQ] = useState('');
  const [dq] = useDebouncedValue(q, 250);
  const found = usePeopleSearch(dq, true);
  const data = (found.data?.items ?? []).map((p) => ({ value: p.id, label: `${lang === 'ja' ? `${p.familyNameJa} ${p.givenNameJa}` : `${p.givenNameEn} ${p.familyNameEn}`} <${p.email}>` }));
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label: initialLabel ?? value });
  return (
    <Select
      label={label}
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      searchable
      searchValue={q}
      onSearchChange={setQ}
      filter={({ options }) => options}
      clearable
      placeholder={t('assets.form.searchPerson')}
      nothingFoundMessage={t('common.nothingFound')}
      error={error}
    />
  );
}

/** Register a new asset (/assets/new) or edit one (/assets/:id/edit). Fields follow the kind (continuity only for systems). */
export function AssetFormPage() {
  const { id } = useParams();
  const existing = useAsset(id);
  if (id && existing.error instanceof ApiError && existing.error.status === 404) return <NotFoundPage />;
  if (id && existing.error) return <ErrorAlert error={existing.error} />;
  if (id && !existing.data) return <Loading />;
  return <AssetForm key={existing.data?.id ?? 'new'} asset={existing.data} />;
}

function AssetForm({ asset }: { asset?: AssetDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const org = useOrgOptions();
  const settings = useAssetSettings();
  const ciaMax = settings.data?.ciaMax ?? DEFAULT_CIA_MAX;
  const initial = useMemo(() => (asset ? fromDto(asset) : null), [asset]);
  const [v, setV] = useState<Values>(initial ?? EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const create = useCreateAsset();
  const update = useUpdateAsset();
  const save = asset ? update : create;
  const studies = useStudyOptions(!asset);
  const laws = useLawOptions(!asset);
  const [parentQ, setParentQ] = useState('');
  const [dParentQ] = useDebouncedValue(parentQ, 250);
  const parents = useAssetSearch(dParentQ, !asset);

  // a first unit by default: the data center when there is one
  useEffect(() => {
    if (!asset && !v.ownerUnitId && org.data?.units.length) {
      const dc = org.data.units.find((u) => u.kind === 'data_center') ?? org.data.units[0]!;
      setV((p) => ({ ...p, ownerUnitId: dc.id }));
    }
  }, [org.data, asset, v.ownerUnitId]);

  const set = <K extends keyof Values>(k: K) => (val: Values[K]) => {
    setV((p) => {
      const next = { ...p, [k]: val };
      if (k === 'kind') next.type = ASSET_TYPES_BY_KIND[val as AssetKind][0];
      if (k === 'category' && !ALLOWED_CLASSIFICATIONS[val as AssetCategory].includes(next.classification)) next.classification = defaultClassification(val as AssetCategory);
      return next;
    });
    setErrors((e) => (e[k] ? { ...e, [k]: '' } : e));
  };
  const err = (k: string) => errors[k] || undefined;
  const opt = (group: string, values: readonly string[]) => values.map((x) => ({ value: x, label: t(`assets.${group}.${x}`) }));
  const label = (key: string, required = false) => (required ? t(key) : <OptionalLabel>{t(key)}</OptionalLabel>);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!v.name.trim()) local.name = t('validation.required');
    if (!v.ownerUnitId) local.ownerUnitId = t('validation.select');
    for (const i of assetIssues(
      { ...v, rtoHours: v.kind === 'system' && v.rtoHours !== '' ? v.rtoHours : null, rpoHours: v.kind === 'system' && v.rpoHours !== '' ? v.rpoHours : null, backupMethod: v.kind === 'system' ? v.backupMethod : null, lastRestoreTestOn: v.kind === 'system' ? v.lastRestoreTestOn : null },
      ciaMax,
    ))
      local[i.path] ??= t(`assets.issue.${i.reason}`, { max: ciaMax });
    if (Object.keys(local).length) {
      setErrors(local);
      focusFirstInvalid(formRef.current);
      return;
    }
    const body = toBody(v, initial);
    if (asset && Object.keys(body).length === 0) {
      navigate(`/assets/${asset.id}`);
      return;
    }
    const done = (saved: AssetDto) => {
      notify(t('assets.form.saved', { ref: saved.ref }));
      navigate(`/assets/${saved.id}`);
    };
    const onError = (error: unknown) => {
      if (error instanceof ApiError && (error.status === 400 || error.status === 422)) {
        const out: Record<string, string> = {};
        for (const i of error.fieldIssues) out[i.path.replace(/^body\./, '').split('.')[0]!] ??= error.code === 'CLASSIFICATION_INCONSISTENT' ? t('assets.issue.classification_inconsistent') : t('validation.server', { message: i.message });
        setErrors(out);
        focusFirstInvalid(formRef.current);
      }
    };
    if (asset) update.mutate({ id: asset.id, body: { ...body, version: asset.version } as never }, { onSuccess: done, onError });
    else create.mutate(body as unknown as CreateAssetInput, { onSuccess: done, onError });
  };

  const units = (org.data?.units ?? []).map((u) => ({ value: u.id, label: refName(u, lang) }));
  const institutions = (org.data?.institutions ?? []).map((u) => ({ value: u.id, label: refName(u, lang) }));
  const groups = (org.data?.researchGroups ?? []).map((u) => ({ value: u.id, label: refName(u, lang) }));
  const ciaControl = (k: 'confidentiality' | 'integrity' | 'availability') => (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={`cia-${k}`}>
        {t(`assets.fields.${k}`)}
      </Text>
      <SegmentedControl
        aria-labelledby={`cia-${k}`}
        value={String(v[k])}
        onChange={(x) => set(k)(Number(x))}
        data={Array.from({ length: ciaMax }, (_, i) => String(i + 1))}
        fullWidth
      />
      {err(k) && (
        <Text size="xs" c="red" role="alert">
          {err(k)}
        </Text>
      )}
    </Stack>
  );
  const title = asset ? t('assets.form.editTitle', { name: asset.name }) : t('assets.form.createTitle');
  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to="/assets" size="sm">
        {t('assets.title')}
      </Anchor>
      {asset && (
        <Anchor component={Link} to={`/assets/${asset.id}`} size="sm">
          {asset.ref}
        </Anchor>
      )}
    </Breadcrumbs>
  );

  return (
    <Stack gap={0} maw={960}>
      <PageHeader title={title} above={crumbs} />
      <form onSubmit={onSubmit} noValidate ref={formRef}>
        <Stack gap="md">
          {save.error && !(save.error instanceof ApiError && Object.values(errors).some(Boolean)) && <ErrorAlert error={save.error} />}
          <Section title={t('assets.sections.basics')}>
            <TextInput label={t('assets.fields.name')} required value={v.name} onChange={(e) => set('name')(e.currentTarget.value)} error={err('name')} maxLength={300} autoFocus={!asset} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label={t('assets.fields.kind')} required data={opt('kind', AssetKind.options)} value={v.kind} onChange={(x) => x && set('kind')(x as AssetKind)} allowDeselect={false} />
              <Select label={t('assets.fields.type')} required data={opt('type', ASSET_TYPES_BY_KIND[v.kind])} value={v.type} onChange={(x) => x && set('type')(x as AssetType)} allowDeselect={false} error={err('type')} />
            </SimpleGrid>
            <Textarea label={label('assets.fields.description')} value={v.description} onChange={(e) => set('description')(e.currentTarget.value)} autosize minRows={2} maxLength={5000} />
          </Section>

          <Section title={t('assets.sections.classification')} description={t('assets.hints.classification')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label={t('assets.fields.category')} required data={opt('category', ASSET_CATEGORIES)} value={v.category} onChange={(x) => x && set('category')(x as AssetCategory)} allowDeselect={false} />
              <Select
                label={t('assets.fields.classification')}
                required
                data={opt('classification', ALLOWED_CLASSIFICATIONS[v.category])}
                value={v.classification}
                onChange={(x) => x && set('classification')(x as Classification)}
                allowDeselect={false}
                error={err('classification')}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {ciaControl('confidentiality')}
              {ciaControl('integrity')}
              {ciaControl('availability')}
            </SimpleGrid>
            <Text size="sm">
              {t('assets.fields.importance')}: <strong>{importanceOf(v.confidentiality, v.integrity, v.availability)}</strong>{' '}
              <Text span size="xs" c="dimmed">
                {t('assets.hints.cia', { max: ciaMax })}
              </Text>
            </Text>
          </Section>

          <Section title={t('assets.sections.ownership')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label={t('assets.fields.ownerUnit')} required data={units} value={v.ownerUnitId || null} onChange={(x) => set('ownerUnitId')(x ?? '')} error={err('ownerUnitId')} allowDeselect={false} />
              <PersonPicker label={label('assets.fields.ownerPerson')} value={v.ownerPersonId} initialLabel={asset?.ownerPerson ? (lang === 'ja' ? asset.ownerPerson.nameJa : asset.ownerPerson.nameEn) : undefined} onChange={set('ownerPersonId')} error={err('ownerPersonId')} />
              <PersonPicker label={label('assets.fields.custodian')} value={v.custodianPersonId} initialLabel={asset?.custodian ? (lang === 'ja' ? asset.custodian.nameJa : asset.custodian.nameEn) : undefined} onChange={set('custodianPersonId')} error={err('custodianPersonId')} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label={t('assets.fields.location')} required data={opt('location', AssetLocation.options)} value={v.location} onChange={(x) => x && set('location')(x as AssetLocation)} allowDeselect={false} />
              {v.location === 'institution' && (
                <Select
                  label={t('assets.fields.locationInstitution')}
                  required
                  data={institutions}
                  value={v.locationInstitutionId || null}
                  onChange={(x) => set('locationInstitutionId')(x ?? '')}
                  searchable
                  nothingFoundMessage={t('common.nothingFound')}
                  placeholder={t('common.searchToSelect')}
                  error={err('locationInstitutionId')}
                />
              )}
              {(v.location === 'external_service' || v.location === 'other') && (
                <TextInput
                  label={v.location === 'external_service' ? t('assets.fields.serviceName') : label('assets.fields.locationDetail')}
                  required={v.location === 'external_service'}
                  value={v.locationDetail}
                  onChange={(e) => set('locationDetail')(e.currentTarget.value)}
                  error={err('locationDetail')}
                  maxLength={300}
                />
              )}
            </SimpleGrid>
          </Section>

          <Section title={t('assets.sections.scope')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={label('assets.fields.institution')}
                description={t('assets.hints.institution')}
                data={institutions}
                value={v.institutionId || null}
                onChange={(x) => set('institutionId')(x ?? '')}
                searchable
                clearable
                nothingFoundMessage={t('common.nothingFound')}
                placeholder={t('common.searchToSelect')}
                error={err('institutionId')}
              />
              <Select
                label={label('assets.fields.researchGroup')}
                description={t('assets.hints.researchGroup')}
                data={groups}
                value={v.researchGroupId || null}
                onChange={(x) => set('researchGroupId')(x ?? '')}
                clearable
                placeholder={t('common.select')}
                error={err('researchGroupId')}
              />
            </SimpleGrid>
          </Section>

          {!asset && (
            <Section title={t('assets.sections.links')}>
              <MultiSelect
                label={label('assets.fields.studies')}
                data={(studies.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.code} ${lang === 'ja' ? s.titleJa : s.titleEn}` }))}
                value={v.studyIds}
                onChange={set('studyIds')}
                searchable
                clearable
                nothingFoundMessage={t('common.nothingFound')}
              />
              <MultiSelect
                label={label('assets.fields.laws')}
                data={(laws.data?.items ?? []).map((l) => ({ value: l.id, label: lang === 'ja' ? l.titleJa : l.titleEn }))}
                value={v.lawIds}
                onChange={set('lawIds')}
                searchable
                clearable
                nothingFoundMessage={t('common.nothingFound')}
              />
              <Select
                label={label('assets.fields.parent')}
                data={(parents.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.ref} ${a.name}` }))}
                value={v.parentId || null}
                onChange={(x) => set('parentId')(x ?? '')}
                searchable
                searchValue={parentQ}
                onSearchChange={setParentQ}
                filter={({ options }) => options}
                clearable
                placeholder={t('assets.form.searchAsset')}
                nothingFoundMessage={t('common.nothingFound')}
              />
            </Section>
          )}

          <Section title={t('assets.sections.retention')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput type="date" label={label('assets.fields.retentionUntil')} description={t('assets.hints.retentionUntil')} value={v.retentionUntil} onChange={(e) => set('retentionUntil')(e.currentTarget.value)} error={err('retentionUntil')} />
              <Select label={label('assets.fields.disposalMethod')} data={opt('disposalMethod', DisposalMethod.options)} value={v.disposalMethod || null} onChange={(x) => set('disposalMethod')(x ?? '')} clearable placeholder={t('common.select')} />
            </SimpleGrid>
          </Section>

          {v.kind === 'system' && (
            <Section title={t('assets.sections.continuity')} description={t('assets.hints.continuity')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NumberInput label={label('assets.fields.rtoHours')} value={v.rtoHours} onChange={(x) => set('rtoHours')(typeof x === 'number' ? x : '')} min={0} max={100000} error={err('rtoHours')} />
                <NumberInput label={label('assets.fields.rpoHours')} value={v.rpoHours} onChange={(x) => set('rpoHours')(typeof x === 'number' ? x : '')} min={0} max={100000} error={err('rpoHours')} />
                <TextInput type="date" label={label('assets.fields.lastRestoreTestOn')} value={v.lastRestoreTestOn} onChange={(e) => set('lastRestoreTestOn')(e.currentTarget.value)} error={err('lastRestoreTestOn')} />
              </SimpleGrid>
              <Textarea label={label('assets.fields.backupMethod')} value={v.backupMethod} onChange={(e) => set('backupMethod')(e.currentTarget.value)} autosize minRows={2} maxLength={1000} />
            </Section>
          )}

          <Section title={t('assets.fields.note')}>
            <Textarea aria-label={t('assets.fields.note')} value={v.note} onChange={(e) => set('note')(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
          </Section>

          <Group justify="flex-end" gap="sm">
            <Button variant="default" component={Link} to={asset ? `/assets/${asset.id}` : '/assets'}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {asset ? t('common.save') : t('assets.register')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
