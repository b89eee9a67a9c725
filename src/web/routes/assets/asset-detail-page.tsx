import { ActionIcon, Alert, Anchor, Badge, Breadcrumbs, Button, Group, Modal, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Timeline, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconEye, IconPencil, IconTrashX, IconX } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DisposalMethod, type AssetDto, type AssetHistoryEntryDto } from '../../../shared/assets.js';
import { ApiError } from '../../api/client.js';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { NotFoundPage } from '../errors/not-found-page.js';
import { AssetRisksPanel } from '../risks/asset-risks-panel.js';
import { useAsset, useAssetHistory, useAssetSearch, useDisposeAsset, useLawOptions, useLink, useSetParent, useStudyOptions } from './api.js';
import { AssetStatusBadge, ClassificationBadge, todayTokyo } from './asset-bits.js';

function Card({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={2} fz="md">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

/** One asset: every fact, links, disposal, its risks (from the risk register) and its history. */
export function AssetDetailPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { id } = useParams();
  const query = useAsset(id);
  const [disposing, dispose] = useDisclosure(false);
  if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundPage />;
  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to="/assets" size="sm">
        {t('assets.title')}
      </Anchor>
    </Breadcrumbs>
  );
  if (query.error)
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={query.error} />
      </Stack>
    );
  const a = query.data;
  if (!a) return <Loading />;
  const active = a.status === 'active';
  const person = (p: { nameJa: string; nameEn: string } | null) => (p ? (lang === 'ja' ? p.nameJa : p.nameEn) : null);
  const overdue = active && !!a.retentionUntil && a.retentionUntil <= todayTokyo();

  const actions =
    a.canManage && active ? (
      <>
        <Button component={Link} to={`/assets/${a.id}/edit`} variant="default" leftSection={<IconPencil size={16} aria-hidden />}>
          {t('assets.detail.edit')}
        </Button>
        <Button variant="outline" color="red" leftSection={<IconTrashX size={16} aria-hidden />} onClick={dispose.open}>
          {t('assets.detail.dispose')}
        </Button>
      </>
    ) : null;

  return (
    <Stack gap={0}>
      <PageHeader
        title={`${a.ref} ${a.name}`}
        above={crumbs}
        badge={
          <Group gap="xs">
            <ClassificationBadge value={a.classification} />
            <AssetStatusBadge status={a.status} />
          </Group>
        }
        actions={actions}
      />
      <Stack gap="md" maw={1100}>
        {a.classification === 'confidential' && (
          <Alert variant="light" color="blue" icon={<IconEye aria-hidden />}>
            {t('assets.detail.confidentialNotice')}
          </Alert>
        )}
        {a.disposal && (
          <Alert variant="light" color="gray" title={t('assets.detail.disposedNotice', { date: a.disposal.disposedOn })}>
            <DetailList
              items={[
                { label: t('assets.fields.disposalMethod'), value: t(`assets.disposalMethod.${a.disposal.method}`) },
                { label: t('assets.detail.performedBy'), value: a.disposal.performedBy },
                { label: t('assets.detail.certificateNote'), value: a.disposal.certificateNote },
                { label: t('assets.detail.recordedBy'), value: `${person(a.disposal.recordedBy) ?? ''} (${formatTokyo(a.disposal.recordedAt)})` },
              ]}
            />
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <Card title={t('assets.sections.basics')}>
            <DetailList
              items={[
                { label: t('assets.fields.kind'), value: `${t(`assets.kind.${a.kind}`)} / ${t(`assets.type.${a.type}`)}` },
                { label: t('assets.fields.description'), value: a.description ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{a.description}</Text> : null },
                { label: t('assets.fields.category'), value: t(`assets.category.${a.category}`) },
                { label: t('assets.fields.classification'), value: <ClassificationBadge value={a.classification} /> },
                { label: t('assets.fields.cia'), value: `${a.confidentiality} / ${a.integrity} / ${a.availability}` },
                { label: t('assets.fields.importance'), value: <Text fw={700}>{a.importance}</Text> },
                { label: t('assets.fields.note'), value: a.note },
              ]}
            />
          </Card>
          <Card title={t('assets.sections.ownership')}>
            <DetailList
              items={[
                { label: t('assets.fields.ownerUnit'), value: refName(a.ownerUnit, lang) },
                { label: t('assets.fields.ownerPerson'), value: person(a.ownerPerson) },
                { label: t('assets.fields.custodian'), value: person(a.custodian) },
                { label: t('assets.fields.location'), value: a.locationInstitution ? `${t('assets.location.institution')}: ${refName(a.locationInstitution, lang)}` : t(`assets.location.${a.location}`) },
                { label: t('assets.fields.locationDetail'), value: a.locationDetail },
                { label: t('assets.fields.institution'), value: refName(a.institution, lang) },
                { label: t('assets.fields.researchGroup'), value: refName(a.researchGroup, lang) },
                {
                  label: t('assets.fields.retentionUntil'),
                  value: a.retentionUntil ? (
                    <Group gap="xs">
                      <span>{a.retentionUntil}</span>
                      {overdue && (
                        <Badge color="red" variant="light">
                          {t('assets.retentionOverdue')}
                        </Badge>
                      )}
                    </Group>
                  ) : null,
                },
                { label: t('assets.fields.disposalMethod'), value: a.disposalMethod ? t(`assets.disposalMethod.${a.disposalMethod}`) : null },
                { label: t('assets.fields.updatedAt'), value: `${formatTokyo(a.updatedAt)}（${t('assets.history.version', { v: a.version })}）` },
              ]}
            />
          </Card>
        </SimpleGrid>
        {a.kind === 'system' && (
          <Card title={t('assets.sections.continuity')}>
            <DetailList
              items={[
                { label: t('assets.fields.rtoHours'), value: a.rtoHours ?? null },
                { label: t('assets.fields.rpoHours'), value: a.rpoHours ?? null },
                { label: t('assets.fields.backupMethod'), value: a.backupMethod },
                { label: t('assets.fields.lastRestoreTestOn'), value: a.lastRestoreTestOn },
              ]}
            />
          </Card>
        )}
        <Links asset={a} />
        <Card title={t('assets.sections.risks')}>
          <AssetRisksPanel assetId={a.id} />
        </Card>
        <Card title={t('assets.sections.history')}>
          <History id={a.id} />
        </Card>
      </Stack>
      {a.canManage && active && <DisposeModal asset={a} opened={disposing} onClose={dispose.close} />}
    </Stack>
  );
}

/** Studies, laws, the asset holding it and the assets it holds; editable for those who manage it. */
function Links({ asset: a }: { asset: AssetDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const edit = a.canManage && a.status === 'active';
  const link = useLink();
  const setParent = useSetParent();
  const studies = useStudyOptions(edit);
  const laws = useLawOptions(edit);
  const [pq, setPq] = useState('');
  const [dpq] = useDebouncedValue(pq, 250);
  const parents = useAssetSearch(dpq, edit);
  const chip = (key: string, label: string, onRemove?: () => void, to?: string) => (
    <Badge key={key} variant="light" color="gray" size="lg" radius="sm" tt="none" fw={500} rightSection={
      onRemove ? (
        <ActionIcon size="xs" variant="transparent" color="gray" aria-label={t('assets.detail.remove', { name: label })} onClick={onRemove}>
          <IconX size={12} aria-hidden />
        </ActionIcon>
      ) : undefined
    }>
      {to ? (
        <Anchor component={Link} to={to} size="sm">
          {label}
        </Anchor>
      ) : (
        label
      )}
    </Badge>
  );
  const none = (
    <Text size="sm" c="dimmed">
      {t('assets.detail.noLinks')}
    </Text>
  );
  const row = (label: string, body: ReactNode, picker?: ReactNode) => (
    <Stack gap={6}>
      <Text size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Group gap="xs">{body}</Group>
      {picker}
    </Stack>
  );
  return (
    <Card title={t('assets.sections.links')}>
      <Stack gap="md">
        <ErrorAlert error={link.error ?? setParent.error} />
        {row(
          t('assets.fields.studies'),
          a.studies.length ? a.studies.map((s) => chip(s.id, `${s.code} ${lang === 'ja' ? s.titleJa : s.titleEn}`, edit ? () => link.mutate({ id: a.id, what: 'studies', otherId: s.id, link: false }) : undefined)) : none,
          edit && (
            <Select
              aria-label={t('assets.detail.addStudy')}
              placeholder={t('assets.detail.addStudy')}
              data={(studies.data?.items ?? []).filter((s) => !a.studies.some((x) => x.id === s.id)).map((s) => ({ value: s.id, label: `${s.code} ${lang === 'ja' ? s.titleJa : s.titleEn}` }))}
              value={null}
              onChange={(x) => x && link.mutate({ id: a.id, what: 'studies', otherId: x, link: true })}
              searchable
              maw={420}
              nothingFoundMessage={t('common.nothingFound')}
            />
          ),
        )}
        {row(
          t('assets.fields.laws'),
          a.laws.length ? a.laws.map((l) => chip(l.id, lang === 'ja' ? l.titleJa : l.titleEn, edit ? () => link.mutate({ id: a.id, what: 'laws', otherId: l.id, link: false }) : undefined, `/laws/${l.id}`)) : none,
          edit && (
            <Select
              aria-label={t('assets.detail.addLaw')}
              placeholder={t('assets.detail.addLaw')}
              data={(laws.data?.items ?? []).filter((l) => !a.laws.some((x) => x.id === l.id)).map((l) => ({ value: l.id, label: lang === 'ja' ? l.titleJa : l.titleEn }))}
              value={null}
              onChange={(x) => x && link.mutate({ id: a.id, what: 'laws', otherId: x, link: true })}
              searchable
              maw={420}
              nothingFoundMessage={t('common.nothingFound')}
            />
          ),
        )}
        {row(
          t('assets.fields.parent'),
          a.parent ? chip(a.parent.id, `${a.parent.ref} ${a.parent.name}`, edit ? () => setParent.mutate({ id: a.id, parentId: null }) : undefined, `/assets/${a.parent.id}`) : none,
          edit && (
            <Select
              aria-label={t('assets.detail.setParent')}
              placeholder={t('assets.detail.setParent')}
              data={(parents.data?.items ?? []).filter((p) => p.id !== a.id).map((p) => ({ value: p.id, label: `${p.ref} ${p.name}` }))}
              value={null}
              onChange={(x) => x && setParent.mutate({ id: a.id, parentId: x })}
              searchable
              searchValue={pq}
              onSearchChange={setPq}
              filter={({ options }) => options}
              maw={420}
              nothingFoundMessage={t('common.nothingFound')}
            />
          ),
        )}
        {row(t('assets.fields.children'), a.children.length ? a.children.map((c) => chip(c.id, `${c.ref} ${c.name}`, undefined, `/assets/${c.id}`)) : none)}
      </Stack>
    </Card>
  );
}

/** The change history as a timeline, newest first, each field before → after. */
function History({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const q = useAssetHistory(id);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  if (!q.data.items.length) return <Text c="dimmed">{t('assets.history.empty')}</Text>;
  const fieldLabel = (f: string) => (i18n.exists(`assets.fields.${f}`) ? t(`assets.fields.${f}`) : i18n.exists(`assets.history.${f}`) ? t(`assets.history.${f}`) : f);
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    const enumKey = { kind: 'kind', type: 'type', category: 'category', classification: 'classification', location: 'location', disposalMethod: 'disposalMethod', status: 'status' }[field];
    if (enumKey && typeof v === 'string') return t(`assets.${enumKey}.${v}`);
    if (Array.isArray(v)) return v.join(', ');
    const s = String(v);
    return s.length > 120 ? `${s.slice(0, 120)}…` : s;
  };
  return (
    <Timeline bulletSize={14} lineWidth={2}>
      {q.data.items.map((h: AssetHistoryEntryDto) => (
        <Timeline.Item
          key={h.id}
          title={
            <Group gap="xs">
              <Text fw={700} size="sm">
                {t(`assets.history.action.${h.action}`)}
              </Text>
              <Text size="xs" c="dimmed">
                {formatTokyo(h.at)} · {h.actor ? (lang === 'ja' ? h.actor.nameJa : h.actor.nameEn) : t('assets.history.system')} · {t('assets.history.version', { v: h.version })}
              </Text>
            </Group>
          }
        >
          <Stack gap={2} mt={4}>
            {h.changes.slice(0, h.action === 'created' ? 8 : 50).map((c) => (
              <Text size="xs" key={c.field}>
                <Text span fw={600} size="xs">
                  {fieldLabel(c.field)}
                </Text>
                {': '}
                {h.action !== 'created' && (
                  <>
                    <Text span size="xs" c="dimmed" td="line-through">
                      {show(c.field, c.before)}
                    </Text>
                    {' → '}
                  </>
                )}
                {show(c.field, c.after)}
              </Text>
            ))}
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function DisposeModal({ asset, opened, onClose }: { asset: AssetDto; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dispose = useDisposeAsset();
  const [disposedOn, setDisposedOn] = useState(todayTokyo());
  const [method, setMethod] = useState<string | null>(asset.disposalMethod);
  const [performedBy, setPerformedBy] = useState('');
  const [certificateNote, setCertificateNote] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!method || !disposedOn) {
      setMissing(true);
      return;
    }
    dispose.mutate(
      { id: asset.id, body: { disposedOn, method: method as DisposalMethod, performedBy: performedBy || null, certificateNote: certificateNote || null, version: asset.version } },
      {
        onSuccess: () => {
          notify(t('assets.detail.disposed'));
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('assets.detail.disposeTitle', { name: asset.name })} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('assets.detail.disposeIntro')}</Text>
          <ErrorAlert error={dispose.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput type="date" label={t('assets.detail.disposedOn')} required value={disposedOn} onChange={(e) => setDisposedOn(e.currentTarget.value)} error={missing && !disposedOn ? t('validation.required') : undefined} />
            <Select
              label={t('assets.fields.disposalMethod')}
              required
              data={DisposalMethod.options.map((m) => ({ value: m, label: t(`assets.disposalMethod.${m}`) }))}
              value={method}
              onChange={setMethod}
              error={missing && !method ? t('validation.select') : undefined}
            />
          </SimpleGrid>
          <TextInput label={t('assets.detail.performedBy')} value={performedBy} onChange={(e) => setPerformedBy(e.currentTarget.value)} maxLength={300} />
          <Textarea label={t('assets.detail.certificateNote')} value={certificateNote} onChange={(e) => setCertificateNote(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={dispose.isPending}>
              {t('assets.detail.dispose')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
