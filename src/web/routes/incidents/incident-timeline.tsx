import { Button, Group, Select, Stack, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ManualEventType, type IncidentDto } from '../../../shared/incidents.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { tokyoLocalToIso } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { useAddEvent } from './api.js';
import { Section, when } from './incident-section.js';

const tokyoNowLocal = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 16);

/** The incident's timeline, and the form its contributors add entries with. */
export function TimelineSection({ inc }: { inc: IncidentDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const add = useAddEvent(inc.id);
  const [type, setType] = useState<string | null>('note');
  const [at, setAt] = useState(tokyoNowLocal);
  const [text, setText] = useState('');
  const who = (p: { nameJa: string; nameEn: string } | null) => (p ? (lang === 'ja' ? p.nameJa : p.nameEn) : '');
  const describe = (e: IncidentDto['events'][number]) => {
    const d = e.data as Record<string, string | null>;
    if (e.type === 'status_changed') return `${t(`incidents.status.${d.from}`)} → ${t(`incidents.status.${d.to}`)}${e.text ? `：${e.text}` : ''}`;
    if (e.type === 'severity_changed') return `${d.from ? t(`incidents.severity.${d.from}`) : '—'} → ${d.to ? t(`incidents.severity.${d.to}`) : '—'}`;
    if (e.type === 'reported') return d.ref ?? '';
    if (e.type === 'link_added' || e.type === 'link_removed') {
      const l = inc.links.find((x) => x.kind === d.kind && x.targetId === d.targetId);
      return `${t(`incidents.linkKind.${d.kind}`)} ${l ? (lang === 'ja' ? l.labelJa : l.labelEn) : ''}`;
    }
    return e.text;
  };
  return (
    <Section title={t('incidents.detail.timeline')}>
      <Timeline bulletSize={14} lineWidth={2} mb="md">
        {inc.events.map((e) => (
          <Timeline.Item key={e.id} title={<Text size="sm" fw={600}>{t(`incidents.event.${e.type}`)}</Text>}>
            <Text size="xs" c="dimmed">
              {when(e.at)} {who(e.actor)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {describe(e)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {inc.canContribute && (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            if (!type || !text.trim()) return;
            add.mutate({ type: type as (typeof ManualEventType.options)[number], at: tokyoLocalToIso(at) ?? new Date().toISOString(), text: text.trim() }, { onSuccess: () => setText('') });
          }}
        >
          <Stack gap="xs">
            <Title order={3} size="h6">
              {t('incidents.detail.addEntry')}
            </Title>
            <Group grow wrap="wrap" align="flex-start">
              <Select label={t('incidents.detail.entryType')} data={ManualEventType.options.map((v) => ({ value: v, label: t(`incidents.event.${v}`) }))} value={type} onChange={setType} allowDeselect={false} miw={160} />
              <TextInput type="datetime-local" label={t('incidents.detail.entryAt')} value={at} onChange={(e) => setAt(e.currentTarget.value)} miw={200} />
            </Group>
            <Textarea label={t('incidents.detail.entryText')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} required />
            <ErrorAlert error={add.error} />
            <Group justify="flex-end">
              <Button type="submit" loading={add.isPending} disabled={!text.trim()}>
                {t('incidents.detail.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}
