import { Anchor, Badge, Button, Group, Menu, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ActionDto, ActionStatus } from '../../../shared/capa.js';
import { useLang } from '../../lib/use-lang.js';
import { ActionModal, CheckModal, StatusModal } from './action-modals.js';

const STATUS_COLOR: Record<ActionStatus, string> = { open: 'gray', in_progress: 'blue', done: 'teal', verified: 'green', accepted: 'yellow', cancelled: 'gray' };

export function ActionStatusBadge({ status }: { status: ActionStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATUS_COLOR[status]}>
      {t(`capa.status.${status}`)}
    </Badge>
  );
}

type Target = 'in_progress' | 'done' | 'accepted' | 'cancelled' | 'open';

/**
 * Actions with their status, owner, due day (overdue badge) and what the viewer may do: the owner
 * moves theirs along, the desk edits and checks effectiveness, the manager accepts.
 */
export function ActionsTable({ items, showIncident = false, caption }: { items: ActionDto[]; showIncident?: boolean; caption: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [editing, setEditing] = useState<ActionDto | null>(null);
  const [moving, setMoving] = useState<{ a: ActionDto; to: Target } | null>(null);
  const [checking, setChecking] = useState<ActionDto | null>(null);

  const moves = (a: ActionDto): Target[] => {
    const out: Target[] = [];
    if (a.may.progress) {
      if (a.status === 'open') out.push('in_progress', 'done');
      if (a.status === 'in_progress') out.push('done');
      if (a.status === 'done') out.push('in_progress');
    }
    if (a.may.accept) out.push('accepted');
    if (a.may.edit) out.push('cancelled');
    return out;
  };

  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" aria-label={caption}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('capa.fields.action')}</Table.Th>
              {showIncident && <Table.Th>{t('capa.fields.incident')}</Table.Th>}
              <Table.Th>{t('capa.fields.status')}</Table.Th>
              <Table.Th>{t('capa.fields.owner')}</Table.Th>
              <Table.Th>{t('capa.fields.dueOn')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('capa.fields.operations')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((a) => (
              <Table.Tr key={a.id} data-testid={`action-${a.ref}`}>
                <Table.Td>
                  <Stack gap={2}>
                    <Text size="sm" fw={500}>
                      {a.ref} {a.title}
                    </Text>
                    <Group gap={6}>
                      <Badge size="xs" variant="outline" color={a.kind === 'corrective' ? 'orange' : 'indigo'}>
                        {t(`capa.kind.${a.kind}`)}
                      </Badge>
                      {a.risk && (
                        <Anchor component={Link} to={`/risks/${a.risk.id}`} size="xs">
                          {a.risk.ref} {lang === 'ja' ? a.risk.nameJa : a.risk.nameEn}
                        </Anchor>
                      )}
                    </Group>
                    {(a.effectivenessNote || a.closeReason) && (
                      <Text size="xs" c="dimmed">
                        {a.closeReason ?? `${t(a.effectiveness === 'effective' ? 'capa.effective' : 'capa.notEffective')}: ${a.effectivenessNote}`}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                {showIncident && (
                  <Table.Td>
                    <Anchor component={Link} to={`/incidents/${a.incidentId}`} size="sm">
                      {a.incidentRef}
                    </Anchor>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {a.incidentTitle}
                    </Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <ActionStatusBadge status={a.status} />
                </Table.Td>
                <Table.Td fz="sm">{a.owner ? (lang === 'ja' ? a.owner.nameJa : a.owner.nameEn) : '—'}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{a.dueOn}</Text>
                    {a.overdue && (
                      <Badge color="red" size="sm">
                        {t('capa.overdue')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    {a.may.check && (
                      <Button size="xs" onClick={() => setChecking(a)} aria-label={`${t('capa.checkEffectiveness')}: ${a.ref}`}>
                        {t('capa.checkEffectiveness')}
                      </Button>
                    )}
                    {a.may.edit && (
                      <Button size="xs" variant="default" onClick={() => setEditing(a)} aria-label={`${t('common.edit')}: ${a.ref}`}>
                        {t('common.edit')}
                      </Button>
                    )}
                    {moves(a).length > 0 && (
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <Button size="xs" variant="light" rightSection={<IconChevronDown size={14} aria-hidden />} aria-label={`${t('capa.changeStatus')}: ${a.ref}`}>
                            {t('capa.changeStatus')}
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {moves(a).map((to) => (
                            <Menu.Item key={to} onClick={() => setMoving({ a, to })}>
                              {t(`capa.do.${to}`)}
                            </Menu.Item>
                          ))}
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && <ActionModal incidentId={editing.incidentId} action={editing} onClose={() => setEditing(null)} />}
      {moving && <StatusModal action={moving.a} to={moving.to} onClose={() => setMoving(null)} />}
      {checking && <CheckModal action={checking} onClose={() => setChecking(null)} />}
    </>
  );
}
