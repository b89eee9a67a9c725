import { Anchor, Badge, Button, Group, Modal, MultiSelect, Paper, ScrollArea, Select, SimpleGrid, Stack, Switch, Table, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ASSET_CATEGORIES, ASSET_TYPES, AssetKind } from '../../../shared/assets.js';
import { CatalogueEntryForm, THREAT_SOURCES, type ThreatDto, type VulnerabilityDto } from '../../../shared/risks.js';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListState } from '../../components/list-state.js';
import { PageHeader } from '../../components/page-header.js';
import { serverFieldErrors } from '../../lib/form-errors.js';
import { useSchemaForm } from '../../lib/form.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useRiskMatrix, useSaveThreat, useSaveVulnerability, useThreats, useUpdateThreat, useUpdateVulnerability, useVulnerabilities } from './api.js';
import { useStepName } from './levels.js';

type Entry = ThreatDto | VulnerabilityDto;
const isThreat = (e: Entry): e is ThreatDto => 'source' in e;

/** What an entry applies to, as short words ("Media · USB memory · Medical"). */
function Applies({ e }: { e: Entry }) {
  const { t } = useTranslation();
  const parts = [...e.assetKinds.map((k) => t(`risks.assetKind.${k}`)), ...e.assetTypes.map((x) => t(`risks.assetType.${x}`))];
  return (
    <Stack gap={2}>
      <Text size="xs">{parts.length ? parts.join(' · ') : t('risks.catalogue.anyAsset')}</Text>
      {e.assetCategories.length > 0 && (
        <Text size="xs" c="dimmed">
          {e.assetCategories.map((c) => t(`risks.assetCategory.${c}`)).join(' · ')}
        </Text>
      )}
    </Stack>
  );
}

/** Adds or edits a threat or a vulnerability. */
function EntryModal({ kind, entry, onClose }: { kind: 'threat' | 'vulnerability'; entry?: Entry; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const matrix = useRiskMatrix().data;
  const step = useStepName(matrix);
  const vulns = useVulnerabilities({}, kind === 'threat').data?.items ?? [];
  const saveThreat = useSaveThreat(entry?.id);
  const saveVuln = useSaveVulnerability(entry?.id);
  const m = kind === 'threat' ? saveThreat : saveVuln;
  const th = entry && isThreat(entry) ? entry : undefined;
  const form = useSchemaForm(CatalogueEntryForm, {
    code: entry?.code ?? '',
    nameJa: entry?.nameJa ?? '',
    nameEn: entry?.nameEn ?? '',
    descriptionJa: entry?.descriptionJa ?? '',
    descriptionEn: entry?.descriptionEn ?? '',
    assetKinds: entry?.assetKinds ?? [],
    assetTypes: entry?.assetTypes ?? [],
    assetCategories: entry?.assetCategories ?? [],
    source: th?.source ?? 'human_error',
    affects: th?.affects ?? ['c'],
    defaultLikelihood: String(th?.defaultLikelihood ?? 3),
    defaultImpact: String(th?.defaultImpact ?? 3),
    vulnerabilityIds: th?.vulnerabilities.map((x) => x.id) ?? [],
  });
  const submit = form.submit(({ source, affects, defaultLikelihood, defaultImpact, vulnerabilityIds, ...common }) => {
    const done = {
      onSuccess: () => {
        notify(t('risks.catalogue.saved'));
        onClose();
      },
      onError: form.showServerError,
    };
    if (kind === 'threat') saveThreat.mutate({ ...common, source, affects, defaultLikelihood, defaultImpact, vulnerabilityIds }, done);
    else saveVuln.mutate(common, done);
  });
  return (
    <Modal opened onClose={onClose} size="xl" title={entry ? t('risks.catalogue.editTitle', { code: entry.code }) : t(`risks.catalogue.new.${kind}`)}>
      <form ref={form.ref} noValidate onSubmit={submit}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('risks.catalogue.code')} required {...form.getInputProps('code')} />
            <TextInput label={t('risks.catalogue.nameJa')} required {...form.getInputProps('nameJa')} />
            <TextInput label={t('risks.catalogue.nameEn')} required {...form.getInputProps('nameEn')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea label={t('risks.catalogue.descriptionJa')} autosize minRows={2} {...form.getInputProps('descriptionJa')} />
            <Textarea label={t('risks.catalogue.descriptionEn')} autosize minRows={2} {...form.getInputProps('descriptionEn')} />
          </SimpleGrid>
          <Text size="sm" fw={600}>
            {t('risks.catalogue.appliesTo')}
          </Text>
          <Text size="xs" c="dimmed" mt={-8}>
            {t('risks.catalogue.appliesHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <MultiSelect label={t('risks.catalogue.kinds')} data={AssetKind.options.map((k) => ({ value: k, label: t(`risks.assetKind.${k}`) }))} {...form.getInputProps('assetKinds')} clearable />
            <MultiSelect label={t('risks.catalogue.types')} data={ASSET_TYPES.map((k) => ({ value: k, label: t(`risks.assetType.${k}`) }))} {...form.getInputProps('assetTypes')} clearable searchable />
            <MultiSelect label={t('risks.catalogue.categories')} data={ASSET_CATEGORIES.map((k) => ({ value: k, label: t(`risks.assetCategory.${k}`) }))} {...form.getInputProps('assetCategories')} clearable />
          </SimpleGrid>
          {kind === 'threat' && (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select label={t('risks.catalogue.source')} data={THREAT_SOURCES.map((s) => ({ value: s, label: t(`risks.threatSource.${s}`) }))} allowDeselect={false} {...form.getInputProps('source')} />
                <MultiSelect label={t('risks.catalogue.affects')} data={(['c', 'i', 'a'] as const).map((p) => ({ value: p, label: t(`risks.cia.${p}`) }))} {...form.getInputProps('affects')} />
                <Select label={t('risks.catalogue.defaultLikelihood')} data={(matrix?.likelihood ?? []).map((s) => ({ value: String(s.value), label: step('likelihood', s.value) }))} allowDeselect={false} {...form.getInputProps('defaultLikelihood')} />
                <Select label={t('risks.catalogue.defaultImpact')} data={(matrix?.impact ?? []).map((s) => ({ value: String(s.value), label: step('impact', s.value) }))} allowDeselect={false} {...form.getInputProps('defaultImpact')} />
              </SimpleGrid>
              <MultiSelect label={t('risks.catalogue.typicalVulnerabilities')} searchable data={vulns.map((x) => ({ value: x.id, label: `${x.code} ${lang === 'ja' ? x.nameJa : x.nameEn}` }))} {...form.getInputProps('vulnerabilityIds')} />
            </>
          )}
          {!serverFieldErrors(m.error, t, Object.keys(form.values)) && <ErrorAlert error={m.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={m.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The threat and vulnerability catalogue, one tab each; the manager and the units' staff edit it. */
export function CataloguePage({ tab }: { tab: 'threats' | 'vulnerabilities' }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const can = useCan();
  const manage = can('risk.manage');
  const [includeRetired, setIncludeRetired] = useState(false);
  const [editing, setEditing] = useState<{ kind: 'threat' | 'vulnerability'; entry?: Entry } | null>(null);
  const threats = useThreats({ includeRetired }, tab === 'threats');
  const vulns = useVulnerabilities({ includeRetired }, tab === 'vulnerabilities');
  const name = (x: { nameJa: string; nameEn: string }) => (lang === 'ja' ? x.nameJa : x.nameEn);
  const desc = (x: Entry) => (lang === 'ja' ? x.descriptionJa : x.descriptionEn);

  const table = (items: Entry[]) => (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <ScrollArea type="auto">
        <Table verticalSpacing="sm" miw={820} aria-label={t(`risks.catalogue.${tab}`)}>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th w={80}>{t('risks.catalogue.code')}</Table.Th>
              <Table.Th>{t('risks.catalogue.name')}</Table.Th>
              <Table.Th w={220}>{t('risks.catalogue.appliesTo')}</Table.Th>
              {tab === 'threats' && <Table.Th w={220}>{t('risks.catalogue.typicalVulnerabilities')}</Table.Th>}
              <Table.Th w={90}>{t('risks.catalogue.risks')}</Table.Th>
              {manage && <Table.Th w={120} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Table.Tr key={e.id} style={{ opacity: e.retired ? 0.6 : 1 }}>
                <Table.Td fz="sm" fw={600}>
                  {e.code}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm" fw={500}>
                      {name(e)}
                    </Text>
                    {isThreat(e) && (
                      <Badge size="xs" variant="light">
                        {t(`risks.threatSource.${e.source}`)}
                      </Badge>
                    )}
                    {e.retired && (
                      <Badge size="xs" color="gray">
                        {t('risks.catalogue.retired')}
                      </Badge>
                    )}
                  </Group>
                  {desc(e) && (
                    <Text size="xs" c="dimmed" mt={2}>
                      {desc(e)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Applies e={e} />
                </Table.Td>
                {tab === 'threats' && isThreat(e) && <Table.Td fz="xs">{e.vulnerabilities.map((v) => `${v.code} ${name(v)}`).join('、')}</Table.Td>}
                <Table.Td fz="sm">
                  {e.riskCount > 0 ? (
                    <Anchor component={Link} to={tab === 'threats' ? `/risks?threatId=${e.id}` : '/risks'} size="sm">
                      {e.riskCount}
                    </Anchor>
                  ) : (
                    0
                  )}
                </Table.Td>
                {manage && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="default" onClick={() => setEditing({ kind: tab === 'threats' ? 'threat' : 'vulnerability', entry: e })}>
                        {t('common.edit')}
                      </Button>
                      <RetireButton kind={tab === 'threats' ? 'threat' : 'vulnerability'} entry={e} />
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Paper>
  );

  return (
    <>
      <PageHeader
        title={t('risks.catalogue.title')}
        description={t('risks.catalogue.description')}
        above={
          <Anchor component={Link} to="/risks" size="sm">
            {t('risks.backToList')}
          </Anchor>
        }
        actions={
          manage && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ kind: tab === 'threats' ? 'threat' : 'vulnerability' })}>
              {t(`risks.catalogue.new.${tab === 'threats' ? 'threat' : 'vulnerability'}`)}
            </Button>
          )
        }
      />
      <Tabs value={tab} onChange={(v) => navigate(`/risks/${v}`)} mb="md">
        <Tabs.List>
          <Tabs.Tab value="threats">{t('risks.catalogue.threats')}</Tabs.Tab>
          <Tabs.Tab value="vulnerabilities">{t('risks.catalogue.vulnerabilities')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Switch label={t('risks.catalogue.showRetired')} checked={includeRetired} onChange={(e) => setIncludeRetired(e.currentTarget.checked)} mb="md" />
      {tab === 'threats' ? (
        <ListState query={threats} empty={{ title: t('risks.catalogue.empty'), description: t('risks.catalogue.emptyHint') }}>
          {(d) => table(d.items)}
        </ListState>
      ) : (
        <ListState query={vulns} empty={{ title: t('risks.catalogue.empty'), description: t('risks.catalogue.emptyHint') }}>
          {(d) => table(d.items)}
        </ListState>
      )}
      {editing && <EntryModal kind={editing.kind} entry={editing.entry} onClose={() => setEditing(null)} />}
    </>
  );
}

/** Retires an entry (out of pickers and proposals; risks keep it), or brings it back. */
function RetireButton({ kind, entry }: { kind: 'threat' | 'vulnerability'; entry: Entry }) {
  const { t } = useTranslation();
  const th = useUpdateThreat(entry.id);
  const vu = useUpdateVulnerability(entry.id);
  const m = kind === 'threat' ? th : vu;
  return (
    <Button size="compact-xs" variant="subtle" color={entry.retired ? undefined : 'red'} loading={m.isPending} onClick={() => m.mutate({ retired: !entry.retired })}>
      {entry.retired ? t('risks.catalogue.restore') : t('risks.catalogue.retire')}
    </Button>
  );
}
