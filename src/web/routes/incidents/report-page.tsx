import { Alert, Anchor, Button, Container, FileInput, Group, MultiSelect, NumberInput, Paper, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertOctagon, IconCircleCheck, IconPaperclip } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IncidentKind, type IncidentReceipt, type PersonalInfoAnswer, type ReportIncidentInput } from '../../../shared/incidents.js';
import { useOrgOptions } from '../../api/org-options.js';
import { useRegistryList } from '../../api/registry.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { PageHeader } from '../../components/page-header.js';
import { serverFieldErrors, type FieldErrors } from '../../lib/form-errors.js';
import { tokyoLocalToIso } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { uploadAttachment, useAssetOptions, useReportIncident } from './api.js';

/** Now, as a datetime-local value in Japan time. */
const tokyoNowLocal = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 16);
type Tri = 'yes' | 'no' | 'unknown';
const triToBool = (v: Tri): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);
const FIELDS = ['kind', 'title', 'description', 'occurredAt', 'awareAt', 'location', 'institutionId', 'unitId', 'studyIds', 'assetIds', 'peopleAffected'] as const;

function TriRadio({ label, value, onChange, name }: { label: string; value: Tri; onChange: (v: Tri) => void; name: string }) {
  const { t } = useTranslation();
  return (
    <Radio.Group label={label} value={value} onChange={(v) => onChange(v as Tri)} name={name}>
      <Group gap="lg" mt={6}>
        {(['yes', 'no', 'unknown'] as const).map((v) => (
          <Radio key={v} value={v} label={t(`incidents.tri.${v}`)} />
        ))}
      </Group>
    </Radio.Group>
  );
}

/**
 * Reporting an incident (P32-2.1.1): one short form that works on a phone — only the kind and a
 * title are required; everything else helps. On success, the confirmation with the reference.
 */
export function ReportIncidentPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const report = useReportIncident();
  const org = useOrgOptions().data;
  const studies = useRegistryList('studies', { page: 1, pageSize: 200, sort: 'code', dir: 'asc' }).data?.items ?? [];
  const [assetSearch, setAssetSearch] = useState('');
  const assetOptions = useAssetOptions(assetSearch).data?.items ?? [];
  const [assetLabels, setAssetLabels] = useState<Record<string, string>>({});

  const [kind, setKind] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [occurredAt, setOccurredAt] = useState('');
  const [awareAt, setAwareAt] = useState(tokyoNowLocal);
  const [location, setLocation] = useState('');
  const [institutionId, setInstitutionId] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [studyIds, setStudyIds] = useState<string[]>([]);
  const [assetIds, setAssetIds] = useState<string[]>([]);
  const [personalInfo, setPersonalInfo] = useState<PersonalInfoAnswer>('unknown');
  const [peopleAffected, setPeopleAffected] = useState<number | string>('');
  const [specialCare, setSpecialCare] = useState<Tri>('unknown');
  const [encrypted, setEncrypted] = useState<Tri>('unknown');
  const [keySafe, setKeySafe] = useState<Tri>('unknown');
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ receipt: IncidentReceipt; attachFailed: boolean } | null>(null);
  const name = (r: { nameJa: string; nameEn: string }) => (lang === 'ja' ? r.nameJa : r.nameEn);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!kind) local.kind = t('validation.required');
    if (!title.trim()) local.title = t('validation.required');
    setErrors(local);
    if (Object.keys(local).length) return;
    const body: ReportIncidentInput = {
      kind: kind as IncidentKind,
      title: title.trim(),
      description: description.trim(),
      occurredAt: occurredAt ? tokyoLocalToIso(occurredAt) : null,
      awareAt: awareAt ? tokyoLocalToIso(awareAt) : undefined,
      location: location.trim(),
      ...(institutionId ? { institutionId } : {}),
      ...(unitId ? { unitId } : {}),
      studyIds,
      assetIds,
      personalInfo,
      peopleAffected: personalInfo === 'yes' && peopleAffected !== '' ? Number(peopleAffected) : null,
      specialCare: personalInfo === 'yes' ? triToBool(specialCare) : null,
      encrypted: personalInfo === 'no' ? null : triToBool(encrypted),
      keySafe: personalInfo === 'no' ? null : triToBool(keySafe),
    };
    setBusy(true);
    try {
      const receipt = await report.mutateAsync(body);
      let attachFailed = false;
      for (const f of files) {
        try {
          await uploadAttachment(receipt.id, f, () => undefined).promise;
        } catch {
          attachFailed = true;
        }
      }
      setDone({ receipt, attachFailed });
      window.scrollTo({ top: 0 });
    } catch (err) {
      setErrors(serverFieldErrors(err, t, FIELDS) ?? {});
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Container size="sm" px={0}>
        <PageHeader title={t('incidents.done.title')} />
        <Paper withBorder radius="md" p="lg">
          <Stack gap="md" align="flex-start">
            <Group gap="sm">
              <IconCircleCheck size={32} color="var(--mantine-color-green-8)" aria-hidden />
              <div>
                <Text size="sm" c="dimmed">
                  {t('incidents.done.ref')}
                </Text>
                <Text fz={30} fw={700} data-testid="incident-ref">
                  {done.receipt.ref}
                </Text>
              </div>
            </Group>
            <Text>{t('incidents.done.body')}</Text>
            {done.attachFailed && <Alert color="orange">{t('incidents.done.attachFailed')}</Alert>}
            <Group>
              <Button component={Link} to={`/incidents/${done.receipt.id}`}>
                {t('incidents.done.open')}
              </Button>
              <Anchor component="button" type="button" onClick={() => window.location.assign('/incidents/report')}>
                {t('incidents.done.another')}
              </Anchor>
            </Group>
          </Stack>
        </Paper>
      </Container>
    );
  }

  return (
    <Container size="sm" px={0}>
      <PageHeader title={t('incidents.report')} description={t('incidents.hints.quick')} />
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {report.error && !serverFieldErrors(report.error, t, FIELDS) && <ErrorAlert error={report.error} />}
          <Select
            label={t('incidents.fields.kind')}
            data={IncidentKind.options.filter((k) => k !== 'credential_loss').map((k) => ({ value: k, label: t(`incidents.kind.${k}`) }))}
            value={kind}
            onChange={setKind}
            required
            error={errors.kind}
            size="md"
          />
          <TextInput label={t('incidents.fields.title')} placeholder={t('incidents.hints.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={errors.title} maxLength={200} size="md" />
          <Textarea label={t('incidents.fields.description')} description={t('incidents.hints.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={3} error={errors.description} size="md" />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput type="datetime-local" label={t('incidents.fields.awareAt')} description={t('incidents.hints.awareAt')} value={awareAt} onChange={(e) => setAwareAt(e.currentTarget.value)} error={errors.awareAt} miw={220} />
            <TextInput type="datetime-local" label={t('incidents.fields.occurredAt')} description={t('incidents.hints.occurredAt')} value={occurredAt} onChange={(e) => setOccurredAt(e.currentTarget.value)} error={errors.occurredAt} miw={220} />
          </Group>
          <TextInput label={t('incidents.fields.location')} placeholder={t('incidents.hints.location')} value={location} onChange={(e) => setLocation(e.currentTarget.value)} error={errors.location} />
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label={t('incidents.fields.institution')}
              placeholder={t('incidents.hints.myInstitution')}
              data={(org?.institutions ?? []).map((i) => ({ value: i.id, label: name(i) }))}
              value={institutionId}
              onChange={setInstitutionId}
              clearable
              searchable
              error={errors.institutionId}
              miw={220}
            />
            <Select
              label={t('incidents.fields.unit')}
              placeholder={t('incidents.hints.myUnit')}
              data={(org?.units ?? []).map((u) => ({ value: u.id, label: name(u) }))}
              value={unitId}
              onChange={setUnitId}
              clearable
              searchable
              error={errors.unitId}
              miw={220}
            />
          </Group>
          <MultiSelect
            label={t('incidents.fields.studies')}
            data={studies.map((s) => ({ value: s.id, label: `${s.code} ${lang === 'ja' ? s.titleJa : s.titleEn}` }))}
            value={studyIds}
            onChange={setStudyIds}
            searchable
            clearable
            error={errors.studyIds}
          />
          <MultiSelect
            label={t('incidents.fields.assets')}
            placeholder={t('incidents.hints.assets')}
            data={[
              ...assetOptions.map((a) => ({ value: a.id, label: `${a.ref} ${a.name}` })),
              ...assetIds.filter((id) => !assetOptions.some((a) => a.id === id)).map((id) => ({ value: id, label: assetLabels[id] ?? id })),
            ]}
            value={assetIds}
            onChange={(ids) => {
              setAssetLabels((prev) => ({ ...prev, ...Object.fromEntries(assetOptions.filter((a) => ids.includes(a.id)).map((a) => [a.id, `${a.ref} ${a.name}`])) }));
              setAssetIds(ids);
            }}
            searchable
            searchValue={assetSearch}
            onSearchChange={setAssetSearch}
            filter={({ options }) => options}
            clearable
            error={errors.assetIds}
          />
          <Paper withBorder radius="md" p="md">
            <Stack gap="sm">
              <Radio.Group label={t('incidents.fields.personalInfo')} value={personalInfo} onChange={(v) => setPersonalInfo(v as PersonalInfoAnswer)} name="personalInfo">
                <Group gap="lg" mt={6}>
                  {(['yes', 'no', 'unknown'] as const).map((v) => (
                    <Radio key={v} value={v} label={t(`incidents.tri.${v}`)} />
                  ))}
                </Group>
              </Radio.Group>
              {personalInfo === 'yes' && (
                <>
                  <NumberInput label={t('incidents.fields.peopleAffected')} value={peopleAffected} onChange={setPeopleAffected} min={0} max={100_000_000} allowDecimal={false} error={errors.peopleAffected} w={{ base: '100%', xs: 200 }} />
                  <TriRadio name="specialCare" label={t('incidents.fields.specialCare')} value={specialCare} onChange={setSpecialCare} />
                </>
              )}
              {personalInfo !== 'no' && (
                <>
                  <TriRadio name="encrypted" label={t('incidents.fields.encrypted')} value={encrypted} onChange={setEncrypted} />
                  {encrypted === 'yes' && <TriRadio name="keySafe" label={t('incidents.fields.keySafe')} value={keySafe} onChange={setKeySafe} />}
                </>
              )}
            </Stack>
          </Paper>
          <FileInput label={t('incidents.fields.attachments')} description={t('incidents.hints.attachments')} multiple value={files} onChange={setFiles} clearable leftSection={<IconPaperclip size={16} aria-hidden />} />
          <Button type="submit" size="lg" color="red" loading={busy} leftSection={<IconAlertOctagon size={20} aria-hidden />} fullWidth>
            {t('incidents.submit')}
          </Button>
        </Stack>
      </form>
    </Container>
  );
}
