import { Anchor, Badge, Breadcrumbs, Button, Group, Paper, Radio, SimpleGrid, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { clauseById } from '../../../shared/clauses.js';
import { CONTROL_STATUSES, type ControlDto, type ControlStatus } from '../../../shared/controls.js';
import { useCan } from '../../api/session.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useControl, useDeleteControl, useUpdateControl } from './api.js';
import { ControlStatusBadge, FamilyBadge } from './badges.js';
import { ControlFormModal } from './control-form.js';
import { EvidencePanel } from './evidence-panel.js';

/** Status and applicability changed in place, with the reason for the statement of applicability. */
function StatusEditor({ control }: { control: ControlDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const m = useUpdateControl(control.id);
  const jKey = lang === 'ja' ? 'justificationJa' : 'justificationEn';
  const [justification, setJustification] = useState(control[jKey]);
  const dirty = justification !== control[jKey];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} fz="lg" mb="sm">
        {t('controls.statusTitle')}
      </Title>
      <Stack gap="sm">
        <Radio.Group
          label={t('controls.statusLabel')}
          value={control.applicable ? control.status : 'not_applicable'}
          onChange={(s) => m.mutate({ status: s as ControlStatus }, { onSuccess: () => notify(t('controls.statusChanged', { status: t(`controls.status.${s}`) })) })}
        >
          <Group gap="lg" mt={6}>
            {CONTROL_STATUSES.filter((s) => s !== 'not_applicable').map((s) => (
              <Radio key={s} value={s} label={t(`controls.status.${s}`)} disabled={!control.applicable || m.isPending} />
            ))}
          </Group>
        </Radio.Group>
        <Switch
          label={t('controls.applicableSwitch')}
          checked={control.applicable}
          disabled={m.isPending}
          onChange={(e) => m.mutate({ applicable: e.currentTarget.checked, ...(e.currentTarget.checked ? { status: 'not_started' } : {}) })}
        />
        <Textarea
          label={control.applicable ? t('controls.justificationApplies') : t('controls.justificationExcluded')}
          description={t('controls.justificationHint')}
          autosize
          minRows={2}
          maxLength={2000}
          value={justification}
          onChange={(e) => setJustification(e.currentTarget.value)}
        />
        {m.error ? <ErrorAlert error={m.error} /> : null}
        <Group justify="flex-end">
          <Button disabled={!dirty} loading={m.isPending} onClick={() => m.mutate({ [jKey]: justification }, { onSuccess: () => notify(t('controls.saved')) })}>
            {t('controls.saveJustification')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** One control: what it is, its status and justification, its clauses, laws and risks, and its evidence. */
export function ControlPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const navigate = useNavigate();
  const q = useControl(id);
  const del = useDeleteControl(id ?? '');
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  const c = q.data;
  const manage = can('control.manage');
  const title = lang === 'ja' ? c.titleJa : c.titleEn;
  const other = lang === 'ja' ? c.titleEn : c.titleJa;
  const description = lang === 'ja' ? c.descriptionJa || c.descriptionEn : c.descriptionEn || c.descriptionJa;
  const justification = lang === 'ja' ? c.justificationJa || c.justificationEn : c.justificationEn || c.justificationJa;

  return (
    <Stack gap="md">
      <PageHeader
        above={
          <Breadcrumbs>
            <Anchor component={Link} to="/controls" size="sm">
              {t('controls.title')}
            </Anchor>
            <Text size="sm">{c.code}</Text>
          </Breadcrumbs>
        }
        title={`${c.code} ${title}`}
        badge={
          <Group gap={6}>
            <FamilyBadge family={c.family} />
            <ControlStatusBadge status={c.status} />
          </Group>
        }
        description={other}
        actions={
          manage ? (
            <>
              <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
              <Button variant="default" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(true)}>
                {t('controls.delete')}
              </Button>
            </>
          ) : undefined
        }
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Stack gap="md">
          <Paper withBorder radius="md" p="md">
            <Title order={2} fz="lg" mb="sm">
              {t('controls.about')}
            </Title>
            <Text size="sm" mb="md" style={{ whiteSpace: 'pre-wrap' }}>
              {description || t('controls.noDescription')}
            </Text>
            <DetailList
              items={[
                { label: t('controls.isoRefs'), value: c.isoRefs.join(', ') },
                { label: t('controls.ownerUnit'), value: c.ownerUnit ? refName(c.ownerUnit, lang) : c.defaultOwnerKind ? t('controls.suggested', { unit: t(`controls.ownerKind.${c.defaultOwnerKind}`) }) : '' },
                { label: t('controls.ownerPerson'), value: c.ownerPerson ? (lang === 'ja' ? c.ownerPerson.nameJa : c.ownerPerson.nameEn) : '' },
                { label: t('controls.applicability'), value: c.applicable ? t('controls.applicable') : t('controls.notApplicable') },
                { label: t('controls.justification'), value: justification },
                { label: t('controls.updatedAt'), value: formatTokyo(c.updatedAt) },
                { label: t('controls.origin'), value: c.seeded ? t('controls.seeded') : t('controls.custom') },
              ]}
            />
          </Paper>
          {manage && <StatusEditor key={`${c.updatedAt}-${lang}`} control={c} />}
        </Stack>
        <Stack gap="md">
          <Paper withBorder radius="md" p="md">
            <Title order={2} fz="lg" mb="sm">
              {t('controls.clauses')}
            </Title>
            <Stack gap={6}>
              {c.clauseIds.map((id) => {
                const cl = clauseById(id);
                return (
                  <Group key={id} gap="xs" wrap="nowrap" align="flex-start">
                    <Anchor component={Link} to={`/clause-map#${id}`} size="sm" fw={600} style={{ flexShrink: 0 }}>
                      {id}
                    </Anchor>
                    <Text size="sm">{cl ? (lang === 'ja' ? cl.titleJa : cl.titleEn) : ''}</Text>
                  </Group>
                );
              })}
              {c.clauseIds.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('controls.noClauses')}
                </Text>
              )}
            </Stack>
          </Paper>
          <Paper withBorder radius="md" p="md">
            <Title order={2} fz="lg" mb="sm">
              {t('controls.laws')}
            </Title>
            <Stack gap={4}>
              {c.laws.map((l) => (
                <Anchor key={l.id} component={Link} to={`/laws/${l.id}`} size="sm">
                  {lang === 'ja' ? l.titleJa : l.titleEn}
                </Anchor>
              ))}
              {c.laws.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('controls.noLaws')}
                </Text>
              )}
            </Stack>
          </Paper>
          <Paper withBorder radius="md" p="md">
            <Title order={2} fz="lg" mb="sm">
              {t('controls.risks')}
            </Title>
            <Stack gap={6}>
              {c.risks.map((r) => (
                <Group key={r.id} gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/risks/${r.id}`} size="sm" fw={600} style={{ flexShrink: 0 }}>
                    {r.label}
                  </Anchor>
                  <Text size="sm" style={{ flex: 1 }}>
                    {lang === 'ja' ? r.titleJa : r.titleEn}
                  </Text>
                  {r.level && (
                    <Badge color={r.level.color} variant="light" tt="none">
                      {lang === 'ja' ? r.level.nameJa : r.level.nameEn}
                    </Badge>
                  )}
                </Group>
              ))}
              {c.risks.length === 0 && c.hiddenRiskCount === 0 && (
                <Text size="sm" c="dimmed">
                  {t('controls.noRisks')}
                </Text>
              )}
              {c.hiddenRiskCount > 0 && (
                <Text size="xs" c="dimmed">
                  {t('controls.hiddenRisks', { count: c.hiddenRiskCount })}
                </Text>
              )}
            </Stack>
          </Paper>
        </Stack>
      </SimpleGrid>
      <EvidencePanel control={c} manage={manage} />
      {editing && <ControlFormModal opened control={c} onClose={() => setEditing(false)} />}
      <ConfirmModal
        opened={deleting}
        title={t('controls.deleteTitle', { code: c.code })}
        message={t('controls.deleteText')}
        confirmLabel={t('controls.delete')}
        color="red"
        loading={del.isPending}
        error={del.error}
        onConfirm={() => del.mutate(undefined, { onSuccess: () => navigate('/controls') })}
        onClose={() => setDeleting(false)}
      />
    </Stack>
  );
}
