import { ActionIcon, Badge, Box, Button, Checkbox, Group, Paper, SegmentedControl, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FACTOR_CATEGORIES, MAX_WHYS, type FactorCategory, type RootCauseDto, type RootCauseMethod } from '../../../shared/capa.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { formatTokyo } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { ActionModal } from './action-modals.js';
import { ActionsTable } from './actions-table.js';
import { useIncidentActions, useRootCause, useSaveRootCause } from './api.js';

type Draft = { method: RootCauseMethod; whys: string[]; factors: { category: FactorCategory; text: string }[]; statement: string; completed: boolean };
const draftOf = (rc: RootCauseDto): Draft => ({ method: rc.method, whys: rc.whys.length ? rc.whys : [''], factors: rc.factors, statement: rc.statement, completed: rc.completed });

/** The root-cause analysis (P32-4): five whys, fishbone factors, the statement; read-only for people who do not manage the incident. */
function RootCauseForm({ incidentId, rc, canManage }: { incidentId: string; rc: RootCauseDto; canManage: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const save = useSaveRootCause(incidentId);
  const [v, setV] = useState<Draft>(() => draftOf(rc));
  useEffect(() => setV(draftOf(rc)), [rc]);
  const set = <K extends keyof Draft>(k: K, value: Draft[K]) => setV((s) => ({ ...s, [k]: value }));
  const ro = !canManage;

  const submit = () =>
    save.mutate(
      { method: v.method, whys: v.whys.map((w) => w.trim()).filter(Boolean), factors: v.factors.filter((f) => f.text.trim()).map((f) => ({ ...f, text: f.text.trim() })), statement: v.statement.trim(), completed: v.completed, version: rc.version },
      { onSuccess: () => notify(t('capa.rootCause.saved')) },
    );

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label={t('capa.rootCause.title')}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <SegmentedControl
            aria-label={t('capa.rootCause.method')}
            value={v.method}
            onChange={(x) => set('method', x as RootCauseMethod)}
            disabled={ro}
            data={(['five_whys', 'fishbone', 'free'] as const).map((m) => ({ value: m, label: t(`capa.method.${m}`) }))}
          />
          {rc.completed ? <Badge color="green">{t('capa.rootCause.completed')}</Badge> : <Badge color="gray">{t('capa.rootCause.inProgress')}</Badge>}
        </Group>
        {v.method !== 'free' && (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {t('capa.rootCause.whys')}
            </Text>
            {v.whys.map((w, i) => (
              <Group key={i} gap={6} wrap="nowrap" align="flex-start">
                <TextInput
                  style={{ flex: 1 }}
                  label={t('capa.rootCause.why', { n: i + 1 })}
                  value={w}
                  readOnly={ro}
                  onChange={(e) => {
                    const text = e.currentTarget.value;
                    set('whys', v.whys.map((x, j) => (j === i ? text : x)));
                  }}
                />
                {!ro && v.whys.length > 1 && (
                  <ActionIcon mt={26} variant="subtle" color="gray" aria-label={t('capa.rootCause.removeWhy', { n: i + 1 })} onClick={() => set('whys', v.whys.filter((_, j) => j !== i))}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                )}
              </Group>
            ))}
            {!ro && v.whys.length < MAX_WHYS && (
              <Button size="xs" variant="subtle" w="fit-content" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => set('whys', [...v.whys, ''])}>
                {t('capa.rootCause.addWhy')}
              </Button>
            )}
          </Stack>
        )}
        {v.method !== 'free' && (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {t('capa.rootCause.factors')}
            </Text>
            {v.factors.map((f, i) => (
              <Group key={i} gap={6} wrap="wrap" align="flex-end">
                <Select
                  w={180}
                  label={t('capa.rootCause.category')}
                  data={FACTOR_CATEGORIES.map((c) => ({ value: c, label: t(`capa.factor.${c}`) }))}
                  value={f.category}
                  readOnly={ro}
                  allowDeselect={false}
                  onChange={(x) => x && set('factors', v.factors.map((y, j) => (j === i ? { ...y, category: x as FactorCategory } : y)))}
                />
                <TextInput
                  style={{ flex: 1, minWidth: 200 }}
                  label={t('capa.rootCause.factorText')}
                  value={f.text}
                  readOnly={ro}
                  onChange={(e) => {
                    const text = e.currentTarget.value;
                    set('factors', v.factors.map((y, j) => (j === i ? { ...y, text } : y)));
                  }}
                />
                {!ro && (
                  <ActionIcon mb={6} variant="subtle" color="gray" aria-label={t('capa.rootCause.removeFactor', { n: i + 1 })} onClick={() => set('factors', v.factors.filter((_, j) => j !== i))}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                )}
              </Group>
            ))}
            {!ro && (
              <Button size="xs" variant="subtle" w="fit-content" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => set('factors', [...v.factors, { category: 'process', text: '' }])}>
                {t('capa.rootCause.addFactor')}
              </Button>
            )}
          </Stack>
        )}
        <Textarea label={t('capa.rootCause.statement')} autosize minRows={2} value={v.statement} readOnly={ro} onChange={(e) => set('statement', e.currentTarget.value)} />
        {!ro && (
          <Group justify="space-between" wrap="wrap">
            <Checkbox label={t('capa.rootCause.markCompleted')} checked={v.completed} onChange={(e) => set('completed', e.currentTarget.checked)} />
            <Button type="submit" loading={save.isPending} disabled={v.completed && !v.statement.trim()}>
              {t('capa.rootCause.save')}
            </Button>
          </Group>
        )}
        <ErrorAlert error={save.error} />
        {rc.updatedAt && (
          <Text size="xs" c="dimmed">
            {t('capa.rootCause.lastSaved', { at: formatTokyo(rc.updatedAt), by: rc.updatedBy ? (lang === 'ja' ? rc.updatedBy.nameJa : rc.updatedBy.nameEn) : '—', version: rc.version })}
          </Text>
        )}
      </Stack>
    </form>
  );
}

/** Root-cause analysis and corrective/preventive actions of one incident, shown on the incident's page. */
export function CapaPanel({ incidentId, canManage }: { incidentId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const rc = useRootCause(incidentId);
  const actions = useIncidentActions(incidentId);
  const [adding, setAdding] = useState(false);

  return (
    <Stack gap="lg" data-testid="capa-panel">
      <Paper withBorder p="md" component="section" aria-labelledby="capa-root-cause">
        <Title order={2} fz="lg" mb="sm" id="capa-root-cause">
          {t('capa.rootCause.title')}
        </Title>
        {rc.error ? <ErrorAlert error={rc.error} /> : !rc.data ? <Loading minHeight={80} /> : <RootCauseForm incidentId={incidentId} rc={rc.data} canManage={canManage} />}
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="capa-actions">
        <Group justify="space-between" mb="sm">
          <Title order={2} fz="lg" id="capa-actions">
            {t('capa.actions.title')}
          </Title>
          {canManage && (
            <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setAdding(true)}>
              {t('capa.new')}
            </Button>
          )}
        </Group>
        <Box>
          {actions.error ? (
            <ErrorAlert error={actions.error} />
          ) : !actions.data ? (
            <Loading minHeight={80} />
          ) : actions.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('capa.actions.none')}
            </Text>
          ) : (
            <ActionsTable items={actions.data.items} caption={t('capa.actions.title')} />
          )}
        </Box>
      </Paper>
      {adding && <ActionModal incidentId={incidentId} onClose={() => setAdding(false)} />}
    </Stack>
  );
}
