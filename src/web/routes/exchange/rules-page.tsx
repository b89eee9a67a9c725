import { ActionIcon, Button, Group, JsonInput, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useExchangeSettings, useSaveSettings } from './api.js';

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
