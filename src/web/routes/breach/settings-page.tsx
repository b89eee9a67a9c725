import { Anchor, Badge, Button, Checkbox, Group, NumberInput, Paper, ScrollArea, Stack, Table } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MANDATORY_CLOCKS, type ClockSetting } from '../../../shared/breach.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { notify } from '../../lib/notify.js';
import { useBreachSettings, useSaveBreachSettings } from './api.js';

/** The reporting clocks' days and which of the group's own recipients apply (the manager). */
export function BreachSettingsPage() {
  const { t } = useTranslation();
  const settings = useBreachSettings();
  const save = useSaveBreachSettings();
  const [rows, setRows] = useState<ClockSetting[]>([]);
  useEffect(() => {
    if (settings.data) setRows(settings.data.clocks);
  }, [settings.data]);
  const set = (i: number, patch: Partial<ClockSetting>) => setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const num = (v: string | number, fallback: number) => (typeof v === 'number' ? v : fallback);
  return (
    <>
      <PageHeader
        title={t('breach.settings.title')}
        description={t('breach.settings.description')}
        above={
          <Anchor component={Link} to="/incidents/deadlines" size="sm">
            {t('breach.settings.back')}
          </Anchor>
        }
      />
      {settings.isPending ? (
        <Loading />
      ) : settings.error ? (
        <ErrorAlert error={settings.error} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ clocks: rows }, { onSuccess: () => notify(t('breach.settings.saved')) });
          }}
        >
          <Stack gap="md">
            <Paper withBorder>
              <ScrollArea type="auto">
                <Table verticalSpacing="sm" miw={720} aria-label={t('breach.settings.title')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('breach.settings.kind')}</Table.Th>
                      <Table.Th>{t('breach.settings.enabled')}</Table.Th>
                      <Table.Th>{t('breach.settings.dueDays')}</Table.Th>
                      <Table.Th>{t('breach.settings.overdueDays')}</Table.Th>
                      <Table.Th>{t('breach.settings.wrongfulDueDays')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r, i) => {
                      const kind = t(`breach.kind.${r.kind}`);
                      const mandatory = MANDATORY_CLOCKS.includes(r.kind);
                      return (
                        <Table.Tr key={r.kind}>
                          <Table.Td>{kind}</Table.Td>
                          <Table.Td>
                            {mandatory ? (
                              <Badge variant="light">{t('breach.settings.mandatory')}</Badge>
                            ) : (
                              <Checkbox aria-label={`${kind}：${t('breach.settings.enabled')}`} checked={r.enabled} onChange={(e) => set(i, { enabled: e.currentTarget.checked })} />
                            )}
                          </Table.Td>
                          <Table.Td>
                            <NumberInput aria-label={`${kind}：${t('breach.settings.dueDays')}`} min={0} max={365} allowDecimal={false} value={r.dueDays} onChange={(v) => set(i, { dueDays: num(v, r.dueDays) })} w={100} />
                          </Table.Td>
                          <Table.Td>
                            <NumberInput aria-label={`${kind}：${t('breach.settings.overdueDays')}`} min={0} max={365} allowDecimal={false} value={r.overdueDays} onChange={(v) => set(i, { overdueDays: num(v, r.overdueDays) })} w={100} />
                          </Table.Td>
                          <Table.Td>
                            {r.kind === 'ppc_final' ? (
                              <NumberInput
                                aria-label={`${kind}：${t('breach.settings.wrongfulDueDays')}`}
                                min={0}
                                max={365}
                                allowDecimal={false}
                                value={r.wrongfulDueDays ?? 60}
                                onChange={(v) => set(i, { wrongfulDueDays: num(v, r.wrongfulDueDays ?? 60) })}
                                w={100}
                              />
                            ) : (
                              '—'
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            </Paper>
            <ErrorAlert error={save.error} />
            <Group>
              <Button type="submit" loading={save.isPending}>
                {t('breach.settings.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </>
  );
}
