import { ActionIcon, Anchor, Badge, Button, Group, JsonInput, Modal, Paper, SegmentedControl, Stack, Switch, Table, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ExceptionStatus } from '../../../shared/exchange.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { ListState } from '../../components/list-state.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useDecideException, useExceptions, useExchangeSettings, useHolds, useReleaseHold, useSaveSettings, useSetHold, useWaivers } from './api.js';
import { PersonLabel, StateBadge } from './parts.js';

/** Approve or reject an exception request; a reason is required either way. */
function DecideModal({ target, onClose }: { target: { id: string; decision: 'approve' | 'reject' } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const decide = useDecideException();
  const [reason, setReason] = useState('');
  return (
    <Modal opened={!!target} onClose={onClose} title={target ? t(`exchange.exceptions.${target.decision}`) : ''}>
      {target && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            decide.mutate({ id: target.id, decision: target.decision, reason }, { onSuccess: () => (setReason(''), onClose()) });
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t(`exchange.exceptions.${target.decision}Text`)}</Text>
            <Textarea label={t('exchange.field.reason')} required minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
            <ErrorAlert error={decide.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color={target.decision === 'approve' ? 'ok' : 'red'} loading={decide.isPending} disabled={!reason.trim()}>
                {t(`exchange.exceptions.${target.decision}`)}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function ExceptionList() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ExceptionStatus>('pending');
  const [page, setPage] = useState(1);
  const list = useExceptions(status, page);
  const [target, setTarget] = useState<{ id: string; decision: 'approve' | 'reject' } | null>(null);
  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label={t('exchange.findings.status')}
        value={status}
        onChange={(v) => {
          setStatus(v as ExceptionStatus);
          setPage(1);
        }}
        data={(['pending', 'approved', 'rejected', 'cancelled'] as const).map((s) => ({ value: s, label: t(`exchange.exceptions.status.${s}`) }))}
        style={{ alignSelf: 'flex-start' }}
      />
      <ListState query={list} empty={{ title: t('exchange.exceptions.empty'), description: t('exchange.exceptions.emptyHint') }}>
        {(data) => (
          <>
            <Paper withBorder radius="md">
              <Table.ScrollContainer minWidth={720}>
                <Table verticalSpacing="sm" aria-label={t('exchange.exceptions.title')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('exchange.field.purpose')}</Table.Th>
                      <Table.Th>{t('exchange.exceptions.requestedBy')}</Table.Th>
                      <Table.Th>{t('exchange.field.reason')}</Table.Th>
                      <Table.Th>{t('exchange.exceptions.findings')}</Table.Th>
                      <Table.Th>{status === 'pending' ? '' : t('exchange.exceptions.decision')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((e) => (
                      <Table.Tr key={e.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/exchange/transfers/${e.transferId}`}>
                            {e.transfer.purpose}
                          </Anchor>
                          <Group gap={4} mt={2}>
                            <StateBadge state={e.transfer.state} />
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <PersonLabel p={e.requestedBy} />
                          <Text size="xs" c="dimmed">
                            {formatTokyo(e.createdAt)}
                          </Text>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{e.requestReason}</Table.Td>
                        <Table.Td>{e.findings}</Table.Td>
                        <Table.Td>
                          {e.status === 'pending' ? (
                            <Group gap={4} wrap="nowrap">
                              <Button size="xs" color="ok" onClick={() => setTarget({ id: e.id, decision: 'approve' })}>
                                {t('exchange.exceptions.approve')}
                              </Button>
                              <Button size="xs" variant="light" color="red" onClick={() => setTarget({ id: e.id, decision: 'reject' })}>
                                {t('exchange.exceptions.reject')}
                              </Button>
                            </Group>
                          ) : (
                            <Text size="sm">{e.decisionReason}</Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
            <ListPagination page={page} pageSize={data.pageSize} total={data.total} onChange={setPage} />
          </>
        )}
      </ListState>
      <DecideModal target={target} onClose={() => setTarget(null)} />
    </Stack>
  );
}

function WaiverTable() {
  const { t } = useTranslation();
  const lang = useLang();
  const [page, setPage] = useState(1);
  const list = useWaivers(page);
  return (
    <ListState query={list} empty={{ title: t('exchange.waivers.empty'), description: t('exchange.waivers.emptyHint') }}>
      {(data) => (
        <>
          <Paper withBorder radius="md">
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" aria-label={t('exchange.waivers.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('exchange.waivers.when')}</Table.Th>
                    <Table.Th>{t('exchange.field.sender')}</Table.Th>
                    <Table.Th>{t('exchange.file.name')}</Table.Th>
                    <Table.Th>{t('exchange.findings.column')}</Table.Th>
                    <Table.Th>{t('exchange.field.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((w) => (
                    <Table.Tr key={w.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/exchange/transfers/${w.transferId}`}>
                          {formatTokyo(w.at)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <PersonLabel p={w.sender} />
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{w.fileName}</Table.Td>
                      <Table.Td>
                        {w.sheet ? `${w.sheet} / ` : ''}
                        {w.column}
                        <Text size="xs" c="dimmed">
                          {t('exchange.custody.findings', { count: w.findings })}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>
                        {w.reason}
                        <Text size="xs" c="dimmed">
                          {refName(w.by, lang)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          <ListPagination page={page} pageSize={data.pageSize} total={data.total} onChange={setPage} />
        </>
      )}
    </ListState>
  );
}

/** The data center's queue: exception requests to decide, and every waiver senders made. */
export function ExceptionsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <PageHeader title={t('exchange.exceptions.title')} description={t('exchange.exceptions.description')} />
      <Tabs defaultValue="exceptions" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="exceptions">{t('exchange.exceptions.tab')}</Tabs.Tab>
          <Tabs.Tab value="waivers">{t('exchange.waivers.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="exceptions">
          <ExceptionList />
        </Tabs.Panel>
        <Tabs.Panel value="waivers">
          <WaiverTable />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Retention holds: while one is active, expired and withdrawn transfers are not purged. */
export function HoldsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [active, setActive] = useState(true);
  const list = useHolds(active);
  const set = useSetHold();
  const release = useReleaseHold();
  const [open, setOpen] = useState(false);
  const [transferId, setTransferId] = useState('');
  const [reason, setReason] = useState('');
  const [releasing, setReleasing] = useState<string | null>(null);
  const [releaseReason, setReleaseReason] = useState('');
  return (
    <Stack gap={0}>
      <PageHeader
        title={t('exchange.holds.title')}
        description={t('exchange.holds.description')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen(true)}>
            {t('exchange.holds.new')}
          </Button>
        }
      />
      <SegmentedControl
        mb="md"
        aria-label={t('exchange.findings.status')}
        value={active ? 'active' : 'released'}
        onChange={(v) => setActive(v === 'active')}
        data={[
          { value: 'active', label: t('exchange.holds.active') },
          { value: 'released', label: t('exchange.holds.released') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <ListState query={list} empty={{ title: t('exchange.holds.empty'), description: t('exchange.holds.emptyHint') }}>
        {(data) => (
          <Paper withBorder radius="md">
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" aria-label={t('exchange.holds.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('exchange.holds.scope')}</Table.Th>
                    <Table.Th>{t('exchange.field.reason')}</Table.Th>
                    <Table.Th>{t('exchange.holds.setBy')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((h) => (
                    <Table.Tr key={h.id}>
                      <Table.Td>
                        {h.transfer ? (
                          <Anchor component={Link} to={`/exchange/transfers/${h.transfer.id}`}>
                            {h.transfer.purpose}
                          </Anchor>
                        ) : (
                          <Badge color="red" variant="filled">{t('exchange.holds.all')}</Badge>
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{h.reason}</Table.Td>
                      <Table.Td>
                        {h.setBy ? refName(h.setBy, lang) : ''}
                        <Text size="xs" c="dimmed">
                          {formatTokyo(h.setAt)}
                        </Text>
                        {h.releasedAt && (
                          <Text size="xs" c="dimmed">
                            {t('exchange.holds.releasedLine', { at: formatTokyo(h.releasedAt), who: h.releasedBy ? refName(h.releasedBy, lang) : '', reason: h.releaseReason ?? '' })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {!h.releasedAt && (
                          <Button size="xs" variant="light" onClick={() => setReleasing(h.id)}>
                            {t('exchange.holds.release')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </ListState>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('exchange.holds.new')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            set.mutate({ transferId: transferId.trim() || null, reason }, { onSuccess: () => (setOpen(false), setReason(''), setTransferId('')) });
          }}
        >
          <Stack gap="sm">
            <TextInput label={t('exchange.holds.transferId')} description={t('exchange.holds.transferIdHint')} value={transferId} onChange={(e) => setTransferId(e.currentTarget.value)} />
            <Textarea label={t('exchange.field.reason')} required minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <ErrorAlert error={set.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={set.isPending} disabled={!reason.trim()}>
                {t('exchange.holds.set')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={!!releasing} onClose={() => setReleasing(null)} title={t('exchange.holds.release')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (releasing) release.mutate({ id: releasing, reason: releaseReason }, { onSuccess: () => (setReleasing(null), setReleaseReason('')) });
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('exchange.holds.releaseText')}</Text>
            <Textarea label={t('exchange.field.reason')} required minRows={2} value={releaseReason} onChange={(e) => setReleaseReason(e.currentTarget.value)} />
            <ErrorAlert error={release.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setReleasing(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={release.isPending} disabled={!releaseReason.trim()}>
                {t('exchange.holds.release')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

type Rules = Record<string, unknown> & { mrn?: { patterns?: MrnRow[] } };
interface MrnRow {
  id: string;
  label: string;
  pattern: string;
  headers: string[];
  anyColumn: boolean;
}
const DETECTORS = ['myNumber', 'insurerNumber', 'phone', 'postalCode', 'address', 'birthDate', 'email', 'name', 'initials', 'mrn'] as const;

/** The tripwire's rules: detectors on/off, per-institution MRN patterns, the whole configuration as JSON, and the special-care approval. */
export function RulesPage() {
  const { t } = useTranslation();
  const q = useExchangeSettings();
  const save = useSaveSettings();
  const [rules, setRules] = useState<Rules | null>(null);
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [specialCare, setSpecialCare] = useState(true);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (q.data && rules === null) {
      setRules(q.data.rules as Rules);
      setJson(JSON.stringify(q.data.rules, null, 2));
      setSpecialCare(q.data.specialCareApproval);
    }
  }, [q.data, rules]);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data || !rules) return <Loading />;
  const change = (next: Rules) => {
    setRules(next);
    setJson(JSON.stringify(next, null, 2));
    setJsonError(null);
  };
  const detector = (k: string) => (rules[k] ?? {}) as { enabled?: boolean };
  const patterns: MrnRow[] = rules.mrn?.patterns ?? [];
  const setPatterns = (p: MrnRow[]) => change({ ...rules, mrn: { ...(rules.mrn ?? {}), patterns: p } });
  return (
    <Stack gap="md" maw={960}>
      <PageHeader
        title={t('exchange.rules.title')}
        description={t('exchange.rules.description', { version: q.data.version, at: q.data.changedAt ? formatTokyo(q.data.changedAt) : t('exchange.rules.builtIn') })}
      />
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('exchange.rules.policy')}
          </Title>
          <Switch label={t('exchange.rules.specialCare')} description={t('exchange.rules.specialCareHint')} checked={specialCare} onChange={(e) => setSpecialCare(e.currentTarget.checked)} />
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('exchange.rules.detectors')}
          </Title>
          <Group gap="lg">
            {DETECTORS.map((k) => (
              <Switch key={k} label={t(`exchange.rules.detector.${k}`)} checked={detector(k).enabled !== false} onChange={(e) => change({ ...rules, [k]: { ...detector(k), enabled: e.currentTarget.checked } })} />
            ))}
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} fz="lg">
              {t('exchange.rules.mrn')}
            </Title>
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setPatterns([...patterns, { id: `inst-${patterns.length + 1}`, label: '', pattern: '^\\d{8}$', headers: [], anyColumn: false }])}>
              {t('exchange.rules.addPattern')}
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            {t('exchange.rules.mrnHint')}
          </Text>
          {patterns.map((p, i) => (
            <Group key={i} align="flex-end" gap="xs" wrap="wrap">
              <TextInput label={t('exchange.rules.patternId')} w={120} value={p.id} onChange={(e) => setPatterns(patterns.map((x, j) => (j === i ? { ...x, id: e.currentTarget.value } : x)))} />
              <TextInput label={t('exchange.rules.patternLabel')} w={200} value={p.label} onChange={(e) => setPatterns(patterns.map((x, j) => (j === i ? { ...x, label: e.currentTarget.value } : x)))} />
              <TextInput label={t('exchange.rules.pattern')} ff="monospace" w={200} value={p.pattern} onChange={(e) => setPatterns(patterns.map((x, j) => (j === i ? { ...x, pattern: e.currentTarget.value } : x)))} />
              <TextInput
                label={t('exchange.rules.headers')}
                w={200}
                value={(p.headers ?? []).join(', ')}
                onChange={(e) =>
                  setPatterns(
                    patterns.map((x, j) =>
                      j === i
                        ? {
                            ...x,
                            headers: e.currentTarget.value
                              .split(',')
                              .map((s) => s.trim())
                              .filter(Boolean),
                          }
                        : x,
                    ),
                  )
                }
              />
              <ActionIcon variant="subtle" color="red" aria-label={t('exchange.rules.removePattern')} onClick={() => setPatterns(patterns.filter((_, j) => j !== i))} mb={4}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('exchange.rules.json')}
          </Title>
          <JsonInput
            aria-label={t('exchange.rules.json')}
            autosize
            minRows={8}
            maxRows={24}
            value={json}
            error={jsonError}
            onChange={(v) => {
              setJson(v);
              try {
                setRules(JSON.parse(v) as Rules);
                setJsonError(null);
              } catch {
                setJsonError(t('exchange.rules.jsonInvalid'));
              }
            }}
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          />
          <Group>
            <Button size="xs" variant="default" onClick={() => change(q.data.defaults as Rules)}>
              {t('exchange.rules.reset')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <TextInput label={t('exchange.rules.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={1000} />
      <ErrorAlert error={save.error} />
      <Group justify="flex-end">
        <Button
          loading={save.isPending}
          disabled={!!jsonError}
          onClick={() =>
            save.mutate(
              { rules, specialCareApproval: specialCare, note: note || null },
              {
                onSuccess: (s) => {
                  change(s.rules as Rules);
                  setNote('');
                  notify(t('exchange.rules.saved', { version: s.version }));
                },
              },
            )
          }
        >
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}
