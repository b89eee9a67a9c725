import { Alert, Anchor, Button, CloseButton, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import { IconListCheck, IconMap2, IconPlus, IconSearch, IconUserCog } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CONTROL_FAMILIES, CONTROL_STATUSES, type ControlStatus, type ControlSummaryDto, type EvidenceState } from '../../../shared/controls.js';
import { useOrgOptions } from '../../api/org-options.js';
import { useCan } from '../../api/session.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { ListState } from '../../components/list-state.js';
import { PageHeader } from '../../components/page-header.js';
import { refName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useListParams } from '../../lib/use-list-params.js';
import { useAssignOwners, useControls } from './api.js';
import { ControlStatusBadge, EvidenceBadge, FamilyBadge, STATUS_COLOR } from './badges.js';
import { ControlFormModal } from './control-form.js';

const EVIDENCE_STATES: EvidenceState[] = ['valid', 'expiring', 'expired', 'none'];

/** Counts by status, each a button that filters the list by it. */
function StatusSummary({ items, active, onPick }: { items: ControlSummaryDto[]; active: string | undefined; onPick: (s: ControlStatus | null) => void }) {
  const { t } = useTranslation();
  const expired = items.filter((i) => i.evidenceState === 'expired').length;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" mb="md">
      {CONTROL_STATUSES.map((s) => {
        const n = items.filter((i) => i.status === s).length;
        const on = active === s;
        return (
          <UnstyledButton key={s} onClick={() => onPick(on ? null : s)} aria-pressed={on}>
            <Paper withBorder radius="md" p="sm" style={{ borderColor: on ? `var(--mantine-color-${STATUS_COLOR[s]}-6)` : undefined, borderWidth: on ? 2 : undefined }}>
              <Text size="xs" c="dimmed">
                {t(`controls.status.${s}`)}
              </Text>
              <Text fz={22} fw={600} c={n && s === 'implemented' ? 'ok.7' : undefined}>
                {n}
              </Text>
            </Paper>
          </UnstyledButton>
        );
      })}
      <Paper withBorder radius="md" p="sm" bg={expired ? 'red.0' : undefined}>
        <Text size="xs" c={expired ? 'red.7' : 'dimmed'}>
          {t('controls.evidenceExpiredCount')}
        </Text>
        <Text fz={22} fw={600} c={expired ? 'red.7' : undefined}>
          {expired}
        </Text>
      </Paper>
    </SimpleGrid>
  );
}

/** The control catalogue (P32-5): four families, filters, search; the manager and the units' staff add and edit. */
export function CataloguePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const lp = useListParams('code');
  const f = (k: string) => lp.filter(k);
  const params = {
    q: lp.params.q,
    family: f('family') as never,
    status: f('status') as never,
    ownerUnitId: f('owner'),
    applicable: f('applicable') as 'true' | 'false' | undefined,
    evidence: f('evidence') as never,
  };
  const list = useControls(params);
  // The counts above the list cover the whole catalogue, not only the filtered rows.
  const all = useControls({});
  const units = useOrgOptions().data?.units ?? [];
  const [creating, setCreating] = useState(false);
  const assign = useAssignOwners();
  const waiting = (all.data?.items ?? []).filter((c) => !c.ownerUnit && c.defaultOwnerKind).length;

  const sorted = useMemo(() => {
    const items = [...(list.data?.items ?? [])];
    const { sort, dir } = lp.params;
    const key = (c: ControlSummaryDto): string | number =>
      sort === 'title' ? (lang === 'ja' ? c.titleJa : c.titleEn) : sort === 'status' ? CONTROL_STATUSES.indexOf(c.status) : sort === 'risks' ? c.riskCount : sort === 'evidence' ? EVIDENCE_STATES.indexOf(c.evidenceState) : '';
    if (sort && sort !== 'code') items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    if (dir === 'desc') items.reverse();
    return items;
  }, [list.data, lp.params, lang]);

  const columns: Column<ControlSummaryDto>[] = [
    { key: 'code', header: t('controls.code'), sortField: 'code', render: (c) => c.code, width: 90 },
    {
      key: 'title',
      header: t('controls.titleLabel'),
      sortField: 'title',
      render: (c) => (
        <Stack gap={2}>
          <Text size="sm">{lang === 'ja' ? c.titleJa : c.titleEn}</Text>
          <Group gap={6}>
            <FamilyBadge family={c.family} size="xs" />
            <Text size="xs" c="dimmed">
              {c.isoRefs.length ? `ISO/IEC 27002: ${c.isoRefs.join(', ')}` : ''}
            </Text>
          </Group>
        </Stack>
      ),
    },
    {
      key: 'owner',
      header: t('controls.ownerUnit'),
      width: 130,
      render: (c) =>
        c.ownerUnit ? (
          refName(c.ownerUnit, lang)
        ) : (
          <Text span size="sm" c="dimmed">
            {c.defaultOwnerKind ? t('controls.suggested', { unit: t(`controls.ownerKind.${c.defaultOwnerKind}`) }) : t('controls.noOwner')}
          </Text>
        ),
    },
    { key: 'status', header: t('controls.statusLabel'), sortField: 'status', width: 150, render: (c) => <ControlStatusBadge status={c.status} /> },
    { key: 'evidence', header: t('controls.evidence'), sortField: 'evidence', width: 120, render: (c) => <EvidenceBadge state={c.evidenceState} /> },
    {
      key: 'clauses',
      header: t('controls.clauses'),
      width: 170,
      render: (c) => (
        <Tooltip label={c.clauseIds.join(', ')} multiline maw={320}>
          <Text size="xs">{c.clauseIds.filter((x) => x !== 'P32-5').join(', ') || 'P32-5'}</Text>
        </Tooltip>
      ),
    },
    { key: 'risks', header: t('controls.risks'), sortField: 'risks', render: (c) => c.riskCount, width: 70 },
  ];

  const select = (name: string, label: string, data: { value: string; label: string }[], w = 180) => (
    <Select label={label} placeholder={t('controls.any')} data={data} value={f(name) ?? null} onChange={(v) => lp.setFilter(name, v)} clearable w={w} comboboxProps={{ withinPortal: true }} />
  );

  return (
    <Stack gap={0}>
      <PageHeader
        title={t('controls.title')}
        description={t('controls.description')}
        actions={
          <>
            <Button component={Link} to="/controls/soa" variant="default" leftSection={<IconListCheck size={16} aria-hidden />}>
              {t('controls.soaLink')}
            </Button>
            <Button component={Link} to="/clause-map" variant="default" leftSection={<IconMap2 size={16} aria-hidden />}>
              {t('controls.clauseMapLink')}
            </Button>
            {can('control.manage') && (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                {t('controls.new')}
              </Button>
            )}
          </>
        }
      />
      {can('control.manage') && waiting > 0 && (
        <Alert color="mamori" icon={<IconUserCog size={18} aria-hidden />} mb="md" title={t('controls.ownersTitle', { count: waiting })}>
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text size="sm">{t('controls.ownersText')}</Text>
            <Button
              size="xs"
              loading={assign.isPending}
              onClick={() =>
                assign.mutate(undefined, {
                  onSuccess: (r) => notify(r.unresolved.length ? t('controls.ownersPartly', { count: r.assigned }) : t('controls.ownersDone', { count: r.assigned }), { color: r.unresolved.length ? 'yellow' : 'ok' }),
                })
              }
            >
              {t('controls.ownersAssign')}
            </Button>
          </Group>
        </Alert>
      )}
      {all.data && <StatusSummary items={all.data.items} active={f('status')} onPick={(s) => lp.setFilter('status', s)} />}
      <Group gap="md" align="flex-end" mb="md" wrap="wrap">
        <TextInput
          label={t('table.search')}
          placeholder={t('controls.searchPlaceholder')}
          value={lp.search}
          onChange={(e) => lp.setSearch(e.currentTarget.value)}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={lp.search ? <CloseButton size="sm" aria-label={t('table.clearSearch')} onClick={() => lp.setSearch('')} /> : null}
          w={{ base: '100%', sm: 280 }}
          type="search"
        />
        {select('family', t('controls.familyLabel'), CONTROL_FAMILIES.map((x) => ({ value: x, label: t(`controls.family.${x}`) })), 150)}
        {select('status', t('controls.statusLabel'), CONTROL_STATUSES.map((x) => ({ value: x, label: t(`controls.status.${x}`) })), 150)}
        {select('owner', t('controls.ownerUnit'), [{ value: 'none', label: t('controls.noOwner') }, ...units.map((u) => ({ value: u.id, label: refName(u, lang) }))])}
        {select('applicable', t('controls.applicability'), [
          { value: 'true', label: t('controls.applicable') },
          { value: 'false', label: t('controls.notApplicable') },
        ], 130)}
        {select('evidence', t('controls.evidence'), EVIDENCE_STATES.map((x) => ({ value: x, label: t(`controls.evidenceState.${x}`) })), 140)}
      </Group>
      <ListState query={{ error: list.error, data: list.data ? { items: sorted } : undefined }} empty={{ title: t('controls.empty'), description: t('controls.emptyHint') }}>
        {(data) => (
          <>
            <Text size="sm" c="dimmed" mb="xs" aria-live="polite">
              {t('controls.shown', { count: data.items.length })}
            </Text>
            <DataTable caption={t('controls.title')} columns={columns} rows={data.items} sort={lp.params.sort} dir={lp.params.dir} onSort={lp.toggleSort} rowHref={(c) => `/controls/${c.id}`} busy={list.isFetching} />
          </>
        )}
      </ListState>
      <Text size="xs" c="dimmed" mt="md">
        {t('controls.isoNote')}{' '}
        <Anchor component={Link} to="/clause-map" size="xs">
          {t('controls.clauseMapLink')}
        </Anchor>
      </Text>
      {creating && <ControlFormModal opened onClose={() => setCreating(false)} />}
    </Stack>
  );
}
