import { Anchor, Badge, Button, Card, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { IconBook } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CreateVersion, type DiffRow, type DiffSegment, type DocLanguage, type DocumentDto, type VersionDto } from '../../../shared/documents.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { Markdown } from '../../components/markdown.js';
import { PageHeader } from '../../components/page-header.js';
import { useSchemaForm } from '../../lib/form.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { useCreateVersion, useDiff, useDocument } from './api.js';
import { ApprovalOfRecord, ApproveBlockedNotice } from './committee-approval.js';
import { VersionActions } from './version-actions.js';
import { KindBadge, VersionStatusBadge } from './documents-page.js';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function VersionCard({ doc, v }: { doc: DocumentDto; v: VersionDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={3} fz="md">
              {t('documents.version.label', { version: v.version })}
            </Title>
            <VersionStatusBadge status={v.status} />
            {v.historical && <Badge variant="outline">{t('documents.version.historical')}</Badge>}
          </Group>
          <VersionActions doc={doc} v={v} />
        </Group>
        <ApproveBlockedNotice doc={doc} v={v} />
        {v.changeNote && <Text size="sm">{v.changeNote}</Text>}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <Field label={t('documents.fields.createdBy')}>
            {refName(v.createdBy, lang) || '—'} {formatTokyo(v.createdAt)}
          </Field>
          <Field label={t('documents.fields.approvedBy')}>
            <ApprovalOfRecord v={v} />
          </Field>
          <Field label={t('documents.fields.committeeApprovedOn')}>{v.committeeApprovedOn ?? '—'}</Field>
          <Field label={t('documents.fields.effectiveFrom')}>{v.effectiveFrom ?? '—'}</Field>
          <Field label={t('documents.fields.publishedAt')}>{v.publishedAt ? `${refName(v.publishedBy, lang)} ${formatTokyo(v.publishedAt)}` : '—'}</Field>
          <Field label={t('documents.fields.supersededAt')}>{v.supersededAt ? formatTokyo(v.supersededAt) : '—'}</Field>
          {v.acks && <Field label={t('documents.fields.acks')}>{t('documents.version.acks', { done: v.acks.done, total: v.acks.assigned })}</Field>}
        </SimpleGrid>
        {v.reviewComment && (
          <Paper withBorder p="xs" bg="red.0">
            <Text size="sm">
              {t('documents.fields.reviewComment')}: {v.reviewComment} {v.rejectedBy ? `(${refName(v.rejectedBy, lang)} ${formatTokyo(v.rejectedAt)})` : ''}
            </Text>
          </Paper>
        )}
      </Stack>
    </Card>
  );
}

function BodyEditor({ label, value, input }: { label: string; value: string; input: GetInputPropsReturnType }) {
  const { t } = useTranslation();
  return (
    <Tabs defaultValue="edit" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="edit">{label}</Tabs.Tab>
        <Tabs.Tab value="preview">{t('documents.newVersion.preview')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="edit" pt="xs">
        <Textarea aria-label={label} {...input} autosize minRows={8} maxRows={24} ff="monospace" />
      </Tabs.Panel>
      <Tabs.Panel value="preview" pt="xs">
        <Paper withBorder p="md">
          <Markdown source={value} />
        </Paper>
      </Tabs.Panel>
    </Tabs>
  );
}

function NewVersionForm({ doc, onDone }: { doc: DocumentDto; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateVersion(doc.id);
  const latest = doc.versions[0];
  const form = useSchemaForm(CreateVersion, { version: '', changeNote: '', bodyJa: latest?.bodyJa ?? '', bodyEn: latest?.bodyEn ?? '' });
  return (
    <Paper withBorder p="md">
      <form ref={form.ref} noValidate onSubmit={form.submit((body) => create.mutate(body, { onSuccess: onDone, onError: form.showServerError }))}>
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('documents.newVersion.title')}
          </Title>
          <TextInput label={t('documents.fields.version')} description={t('documents.newVersion.versionHint')} required maw={200} {...form.getInputProps('version')} />
          <Textarea label={t('documents.fields.changeNote')} autosize minRows={2} {...form.getInputProps('changeNote')} />
          <BodyEditor label={t('documents.fields.bodyJa')} value={form.values.bodyJa ?? ''} input={form.getInputProps('bodyJa')} />
          <BodyEditor label={t('documents.fields.bodyEn')} value={form.values.bodyEn ?? ''} input={form.getInputProps('bodyEn')} />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('documents.newVersion.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function Segments({ segs }: { segs: DiffSegment[] | null }) {
  if (!segs) return null;
  return (
    <>
      {segs.map((s, i) =>
        s.mark === 'ins' ? (
          <ins key={i} style={{ background: 'var(--mantine-color-green-1)', textDecoration: 'none' }}>
            {s.text}
          </ins>
        ) : s.mark === 'del' ? (
          <del key={i} style={{ background: 'var(--mantine-color-red-1)' }}>
            {s.text}
          </del>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

const ROW_BG: Record<DiffRow['kind'], string | undefined> = { equal: undefined, insert: 'green.0', delete: 'red.0', change: 'yellow.0' };

function DiffView({ doc }: { doc: DocumentDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const options = doc.versions.map((v) => ({ value: v.id, label: `${v.version} (${t(`documents.status.${v.status}`)})` }));
  // The reader's choice, else the two newest versions (also after a version is added on this page).
  const [chosenFrom, setFrom] = useState<string | null>(null);
  const [chosenTo, setTo] = useState<string | null>(null);
  const from = chosenFrom ?? doc.versions[1]?.id ?? null;
  const to = chosenTo ?? doc.versions[0]?.id ?? null;
  const [dl, setDl] = useState<DocLanguage>(lang);
  const q = useDiff(to, from);
  if (doc.versions.length < 2) return null;
  const rows = q.data ? q.data[dl] : [];
  return (
    <Stack gap="sm">
      <Title order={2} fz="lg">
        {t('documents.diff.title')}
      </Title>
      <Group align="flex-end">
        <Select label={t('documents.diff.from')} data={options} value={from} onChange={setFrom} allowDeselect={false} />
        <Select label={t('documents.diff.to')} data={options} value={to} onChange={setTo} allowDeselect={false} />
        <SegmentedControl
          aria-label={t('documents.reader.language')}
          data={[
            { value: 'ja', label: '日本語' },
            { value: 'en', label: 'English' },
          ]}
          value={dl}
          onChange={(v) => setDl(v as DocLanguage)}
        />
      </Group>
      {from === to ? (
        <Text size="sm" c="dimmed">
          {t('documents.diff.same')}
        </Text>
      ) : q.isPending ? (
        <Loading minHeight={80} />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : rows.every((r) => r.kind === 'equal') ? (
        <Text size="sm" c="dimmed">
          {t('documents.diff.noChange')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table withColumnBorders fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="50%">{q.data.from.version}</Table.Th>
                <Table.Th w="50%">{q.data.to.version}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={i} bg={ROW_BG[r.kind]}>
                  <Table.Td>
                    <Segments segs={r.left} />
                  </Table.Td>
                  <Table.Td>
                    <Segments segs={r.right} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** One document: its metadata, versions and their approval, a new version, and a diff (P32-5, P32-8). */
export function DocumentPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { id } = useParams();
  const q = useDocument(id);
  const [editing, setEditing] = useState(false);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const doc = q.data;
  const open = doc.versions.some((v) => v.status === 'draft' || v.status === 'review' || v.status === 'approved');
  return (
    <>
      <PageHeader
        title={`${doc.code} ${lang === 'ja' ? doc.titleJa : doc.titleEn}`}
        above={
          <Anchor component={Link} to="/documents" size="sm">
            {t('documents.library.title')}
          </Anchor>
        }
        badge={<KindBadge kind={doc.kind} family={doc.family} />}
        actions={
          <Group gap="xs">
            {doc.current && (
              <Button component={Link} to={`/documents/${doc.id}/read`} leftSection={<IconBook size={16} aria-hidden />} color={doc.ackPending ? 'red' : undefined}>
                {doc.ackPending ? t('documents.reader.readAndAck') : t('documents.reader.read')}
              </Button>
            )}
            {doc.can.manage && !open && !editing && (
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('documents.newVersion.button')}
              </Button>
            )}
          </Group>
        }
      />
      <Stack gap="xl">
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Field label={t('documents.fields.titleJa')}>{doc.titleJa}</Field>
            <Field label={t('documents.fields.titleEn')}>{doc.titleEn}</Field>
            <Field label={t('documents.fields.currentVersion')}>{doc.current ? `${doc.current.version} (${doc.current.effectiveFrom ?? '—'})` : '—'}</Field>
            <Field label={t('documents.fields.owner')}>{[refName(doc.owner, lang), refName(doc.ownerUnit, lang)].filter(Boolean).join(' / ') || '—'}</Field>
            <Field label={t('documents.fields.requiresAck')}>{doc.requiresAck ? t('documents.ack.yes', { days: doc.ackDueDays }) : t('documents.ack.no')}</Field>
            <Field label={t('documents.fields.nextReviewOn')}>
              {doc.nextReviewOn ?? '—'} {t('documents.review.every', { months: doc.reviewIntervalMonths })}
            </Field>
          </SimpleGrid>
        </Paper>
        {editing && <NewVersionForm doc={doc} onDone={() => setEditing(false)} />}
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('documents.version.title')}
          </Title>
          {doc.versions.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('documents.version.none')}
            </Text>
          ) : (
            doc.versions.map((v) => <VersionCard key={v.id} doc={doc} v={v} />)
          )}
        </Stack>
        <DiffView doc={doc} />
      </Stack>
    </>
  );
}
