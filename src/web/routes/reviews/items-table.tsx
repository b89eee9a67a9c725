import { Badge, Button, Checkbox, Group, Modal, Paper, Stack, Table, Text, Textarea, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewItemDto } from '../../../shared/reviews.js';
import { useBulkConfirm, useDecideItem } from '../../api/reviews.js';
import { useSession } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';

const COLOR: Record<ReviewItemDto['status'], string> = { open: 'mamori', confirmed: 'ok', removed: 'red', not_reviewed: 'gray' };

/** The review rows: confirm or remove each, or confirm several at once. */
export function ItemsTable({ items, decidable, showCampaign = false }: { items: ReviewItemDto[]; decidable: boolean; showCampaign?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useSession().data?.person?.id;
  const decide = useDecideItem();
  const bulk = useBulkConfirm();
  const [selected, setSelected] = useState<string[]>([]);
  const [removing, setRemoving] = useState<ReviewItemDto | null>(null);
  const [reason, setReason] = useState('');
  const selectable = items.filter((i) => decidable && i.status === 'open' && i.personId !== me);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const allOn = selectable.length > 0 && selectable.every((i) => selected.includes(i.id));

  return (
    <Stack gap="sm">
      {decidable && (
        <Group>
          <Button variant="light" disabled={selected.length === 0} loading={bulk.isPending} onClick={() => bulk.mutate(selected, { onSuccess: () => setSelected([]) })}>
            {t('reviews.bulkConfirm', { count: selected.length })}
          </Button>
          {bulk.error && <ErrorAlert error={bulk.error} />}
          {decide.error && <ErrorAlert error={decide.error} />}
        </Group>
      )}
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="xs" aria-label={t('reviews.itemsLabel')}>
            <Table.Thead>
              <Table.Tr>
                {decidable && (
                  <Table.Th w={40}>
                    <Checkbox aria-label={t('reviews.selectAll')} checked={allOn} disabled={selectable.length === 0} onChange={() => setSelected(allOn ? [] : selectable.map((i) => i.id))} />
                  </Table.Th>
                )}
                {showCampaign && <Table.Th>{t('reviews.campaign')}</Table.Th>}
                <Table.Th>{t('reviews.institution')}</Table.Th>
                <Table.Th>{t('reviews.person')}</Table.Th>
                <Table.Th>{t('reviews.role')}</Table.Th>
                <Table.Th style={{ minWidth: 150 }}>{t('reviews.result')}</Table.Th>
                <Table.Th>{t('reviews.decidedBy')}</Table.Th>
                {decidable && <Table.Th>{t('reviews.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => {
                const mayDecide = decidable && i.status === 'open' && i.personId !== me;
                return (
                  <Table.Tr key={i.id} data-testid="review-row">
                    {decidable && (
                      <Table.Td>
                        <Checkbox aria-label={t('reviews.select', { name: lang === 'ja' ? i.personNameJa : i.personNameEn })} checked={selected.includes(i.id)} disabled={!mayDecide} onChange={() => toggle(i.id)} />
                      </Table.Td>
                    )}
                    {showCampaign && (
                      <Table.Td>
                        {i.campaignName}
                        <Text size="xs" c="dimmed">
                          {t('reviews.due', { date: i.dueDate })}
                        </Text>
                      </Table.Td>
                    )}
                    <Table.Td>
                      {i.institution ? refName(i.institution, lang) : t('reviews.central')}
                      {i.flagged && (
                        <Tooltip label={t('reviews.flaggedHint')}>
                          <Badge ml={6} color="red" variant="outline" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
                            {t('reviews.flagged')}
                          </Badge>
                        </Tooltip>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {lang === 'ja' ? i.personNameJa : i.personNameEn}
                      <Text size="xs" c="dimmed">
                        {i.personEmail}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {t(`roles.${i.role}`)}
                      {i.researchGroup && (
                        <Text size="xs" c="dimmed">
                          {refName(i.researchGroup, lang)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={COLOR[i.status]} variant="light">
                        {t(`reviews.status.${i.status}`)}
                      </Badge>
                      {i.escalated && (
                        <Badge ml={6} color="red" variant="outline">
                          {t('reviews.escalated')}
                        </Badge>
                      )}
                      {i.reason && (
                        <Text size="xs" c="dimmed">
                          {i.reason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{i.decidedBy ?? ''}</Text>
                      <Text size="xs" c="dimmed">
                        {formatTokyo(i.decidedAt)}
                      </Text>
                    </Table.Td>
                    {decidable && (
                      <Table.Td>
                        {mayDecide && (
                          <Group gap={6} wrap="nowrap">
                            <Button size="xs" variant="light" color="ok" loading={decide.isPending && decide.variables?.id === i.id} onClick={() => decide.mutate({ id: i.id, decision: 'confirm' })}>
                              {t('reviews.confirm')}
                            </Button>
                            <Button
                              size="xs"
                              variant="light"
                              color="red"
                              onClick={() => {
                                setReason('');
                                setRemoving(i);
                              }}
                            >
                              {t('reviews.remove')}
                            </Button>
                          </Group>
                        )}
                        {decidable && i.status === 'open' && i.personId === me && (
                          <Text size="xs" c="dimmed">
                            {t('reviews.notOwn')}
                          </Text>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Modal opened={!!removing} onClose={() => setRemoving(null)} title={t('reviews.removeTitle')}>
        {removing && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              decide.mutate({ id: removing.id, decision: 'remove', reason }, { onSuccess: () => setRemoving(null) });
            }}
          >
            <Stack gap="sm">
              <Text size="sm">
                {t('reviews.removeText', { name: lang === 'ja' ? removing.personNameJa : removing.personNameEn, role: t(`roles.${removing.role}`), institution: removing.institution ? refName(removing.institution, lang) : t('reviews.central') })}
              </Text>
              <Textarea label={t('reviews.reason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={1000} autosize minRows={2} />
              {decide.error && <ErrorAlert error={decide.error} />}
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setRemoving(null)}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" color="red" disabled={!reason.trim()} loading={decide.isPending}>
                  {t('reviews.removeConfirm')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </Stack>
  );
}
