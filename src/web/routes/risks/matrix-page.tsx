import { ActionIcon, Alert, Anchor, Box, Button, ColorInput, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconMinus, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { matrixIssues, MATRIX_MAX_STEPS, type MatrixLevel, type MatrixStep, type RiskMatrixDto } from '../../../shared/risks.js';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useRiskMatrix, useUpdateMatrix } from './api.js';
import { textOn } from './levels.js';

type Draft = Pick<RiskMatrixDto, 'likelihood' | 'impact' | 'levels' | 'cells'>;

/** Editing the names of one scale, adding or removing its top step. */
function ScaleEditor({ axis, steps, readOnly, onChange }: { axis: 'likelihood' | 'impact'; steps: MatrixStep[]; readOnly: boolean; onChange: (s: MatrixStep[]) => void }) {
  const { t } = useTranslation();
  const edit = (i: number, patch: Partial<MatrixStep>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="md">
          {t(`risks.${axis}`)}
        </Title>
        {!readOnly && (
          <Group gap={4}>
            <Tooltip label={t('risks.matrix.removeStep')}>
              <ActionIcon variant="default" aria-label={t('risks.matrix.removeStep')} disabled={steps.length <= 2} onClick={() => onChange(steps.slice(0, -1))}>
                <IconMinus size={14} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('risks.matrix.addStep')}>
              <ActionIcon variant="default" aria-label={t('risks.matrix.addStep')} disabled={steps.length >= MATRIX_MAX_STEPS} onClick={() => onChange([...steps, { value: steps.length + 1, nameJa: `${steps.length + 1}`, nameEn: `${steps.length + 1}` }])}>
                <IconPlus size={14} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Group>
        )}
      </Group>
      <Stack gap="xs">
        {steps.map((s, i) => (
          <Group key={s.value} gap="xs" wrap="nowrap" align="flex-start">
            <Text w={20} pt={6} fw={600} size="sm">
              {s.value}
            </Text>
            <TextInput aria-label={`${t(`risks.${axis}`)} ${s.value} ${t('risks.matrix.nameJa')}`} placeholder={t('risks.matrix.nameJa')} value={s.nameJa} onChange={(e) => edit(i, { nameJa: e.currentTarget.value })} readOnly={readOnly} style={{ flex: 1 }} />
            <TextInput aria-label={`${t(`risks.${axis}`)} ${s.value} ${t('risks.matrix.nameEn')}`} placeholder={t('risks.matrix.nameEn')} value={s.nameEn} onChange={(e) => edit(i, { nameEn: e.currentTarget.value })} readOnly={readOnly} style={{ flex: 1 }} />
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * The risk matrix (P32-4): the likelihood and impact scales, the levels and the level of every
 * cell — data the manager changes. Saving recomputes the level of every risk.
 */
export function MatrixPage() {
  const can = useCan();
  const q = useRiskMatrix();
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  return <MatrixEditor key={q.data.version} matrix={q.data} readOnly={!can('risk.configure')} />;
}

function MatrixEditor({ matrix, readOnly }: { matrix: RiskMatrixDto; readOnly: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const save = useUpdateMatrix();
  const [d, setD] = useState<Draft>({ likelihood: matrix.likelihood, impact: matrix.impact, levels: matrix.levels, cells: matrix.cells });
  const name = (x: { nameJa: string; nameEn: string }) => (lang === 'ja' ? x.nameJa : x.nameEn);
  const lowest = [...d.levels].sort((a, b) => a.rank - b.rank)[0]?.key ?? '';
  /** Resizing keeps the cells that remain and fills new ones with the lowest level. */
  const resize = (likelihood: MatrixStep[], impact: MatrixStep[]): string[][] => likelihood.map((_, li) => impact.map((_, ii) => d.cells[li]?.[ii] ?? lowest));
  const issues = matrixIssues(d);
  const setCell = (li: number, ii: number, key: string) => setD({ ...d, cells: d.cells.map((row, a) => (a === li ? row.map((c, b) => (b === ii ? key : c)) : row)) });
  const editLevel = (i: number, patch: Partial<MatrixLevel>) => setD({ ...d, levels: d.levels.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const color = (key: string) => d.levels.find((l) => l.key === key)?.color ?? '#dee2e6';
  const changed = JSON.stringify(d) !== JSON.stringify({ likelihood: matrix.likelihood, impact: matrix.impact, levels: matrix.levels, cells: matrix.cells });

  return (
    <>
      <PageHeader
        title={t('risks.matrix.title')}
        description={t('risks.matrix.description')}
        above={
          <Anchor component={Link} to="/risks" size="sm">
            {t('risks.backToList')}
          </Anchor>
        }
        actions={
          !readOnly && (
            <Button
              disabled={!changed || issues.length > 0}
              loading={save.isPending}
              onClick={() => save.mutate({ ...d, version: matrix.version }, { onSuccess: (r) => notify(t('risks.matrix.saved', { count: r.recomputed })) })}
            >
              {t('risks.matrix.save')}
            </Button>
          )
        }
      />
      <Stack gap="lg">
        {readOnly && (
          <Alert color="gray" variant="light">
            {t('risks.matrix.readOnly')}
          </Alert>
        )}
        <ErrorAlert error={save.error} />
        {issues.length > 0 && (
          <Alert color="orange" variant="light" title={t('risks.matrix.issues')}>
            {issues.map((i) => (
              <Text key={i.path.join('.')} size="sm">
                {i.path.join('.')}: {i.message}
              </Text>
            ))}
          </Alert>
        )}
        <Paper withBorder radius="md" p="md">
          <Title order={2} fz="md" mb="sm">
            {t('risks.matrix.cells')}
          </Title>
          <Box style={{ overflowX: 'auto' }}>
            <Table withTableBorder withColumnBorders aria-label={t('risks.matrix.cells')} style={{ width: 'auto' }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <Text size="xs" c="dimmed">
                      {t('risks.likelihood')} ＼ {t('risks.impact')}
                    </Text>
                  </Table.Th>
                  {d.impact.map((s) => (
                    <Table.Th key={s.value} ta="center">
                      <Text size="xs">
                        {s.value} {name(s)}
                      </Text>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...d.likelihood].reverse().map((s) => {
                  const li = s.value - 1;
                  return (
                    <Table.Tr key={s.value}>
                      <Table.Th>
                        <Text size="xs">
                          {s.value} {name(s)}
                        </Text>
                      </Table.Th>
                      {d.impact.map((x) => {
                        const key = d.cells[li]?.[x.value - 1] ?? '';
                        return (
                          <Table.Td key={x.value} p={4} style={{ background: color(key), minWidth: 120 }}>
                            <Select
                              size="xs"
                              aria-label={`${t('risks.likelihood')} ${s.value} × ${t('risks.impact')} ${x.value}`}
                              data={d.levels.map((l) => ({ value: l.key, label: name(l) }))}
                              value={key}
                              onChange={(v) => v && setCell(li, x.value - 1, v)}
                              allowDeselect={false}
                              readOnly={readOnly}
                              styles={{ input: { background: 'transparent', color: textOn(color(key)), fontWeight: 600, border: 'none' } }}
                            />
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Box>
        </Paper>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <ScaleEditor axis="likelihood" steps={d.likelihood} readOnly={readOnly} onChange={(likelihood) => setD({ ...d, likelihood, cells: resize(likelihood, d.impact) })} />
          <ScaleEditor axis="impact" steps={d.impact} readOnly={readOnly} onChange={(impact) => setD({ ...d, impact, cells: resize(d.likelihood, impact) })} />
        </SimpleGrid>
        <Paper withBorder radius="md" p="md">
          <Title order={2} fz="md" mb="xs">
            {t('risks.matrix.levels')}
          </Title>
          <Text size="xs" c="dimmed" mb="sm">
            {t('risks.matrix.levelsHint')}
          </Text>
          <Stack gap="xs">
            {d.levels.map((l, i) => (
              <Group key={i} gap="xs" wrap="nowrap">
                <Text w={20} fw={600} size="sm">
                  {l.rank}
                </Text>
                <TextInput aria-label={`${t('risks.matrix.key')} ${l.rank}`} value={l.key} readOnly w={110} />
                <TextInput aria-label={`${t('risks.matrix.nameJa')} ${l.rank}`} value={l.nameJa} onChange={(e) => editLevel(i, { nameJa: e.currentTarget.value })} readOnly={readOnly} style={{ flex: 1 }} />
                <TextInput aria-label={`${t('risks.matrix.nameEn')} ${l.rank}`} value={l.nameEn} onChange={(e) => editLevel(i, { nameEn: e.currentTarget.value })} readOnly={readOnly} style={{ flex: 1 }} />
                <ColorInput aria-label={`${t('risks.matrix.color')} ${l.rank}`} value={l.color} onChange={(c) => editLevel(i, { color: c })} format="hex" readOnly={readOnly} w={160} />
              </Group>
            ))}
          </Stack>
        </Paper>
      </Stack>
    </>
  );
}
