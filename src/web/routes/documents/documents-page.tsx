import { Anchor, Badge, Button, Checkbox, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CreateDocument, DocumentKind, GuidelineFamily, type VersionStatus } from '../../../shared/documents.js';
import { useCan } from '../../api/session.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { useSchemaForm } from '../../lib/form.js';
import { useLang } from '../../lib/use-lang.js';
import { useCreateDocument, useDocuments } from './api.js';

export const STATUS_COLORS: Record<VersionStatus, string> = { draft: 'gray.7', review: 'yellow.4', approved: 'blue.8', published: 'teal.9', superseded: 'dark.5' };

export function VersionStatusBadge({ status }: { status: VersionStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="filled" autoContrast>
      {t(`documents.status.${status}`)}
    </Badge>
  );
}

export function KindBadge({ kind, family }: { kind: DocumentKind; family: GuidelineFamily | null }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="outline">{t(`documents.kind.${kind}`)}</Badge>
      {family && (
        <Badge variant="outline" color="grape.9">
          {t(`documents.family.${family}`)}
        </Badge>
      )}
    </Group>
  );
}

function NewDocumentModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateDocument();
  const form = useSchemaForm(CreateDocument, { code: '', titleJa: '', titleEn: '', kind: 'guideline', family: 'operational', requiresAck: true });
  // Only a guideline has a family; the one chosen comes back if the kind goes back to guideline.
  const lastFamily = useRef<GuidelineFamily>('operational');
  const setKind = (kind: DocumentKind) => form.setValues({ kind, family: kind === 'guideline' ? lastFamily.current : null });
  return (
    <Modal opened={opened} onClose={onClose} title={t('documents.library.newTitle')}>
      <form ref={form.ref} noValidate onSubmit={form.submit((body) => create.mutate(body, { onSuccess: (d) => navigate(`/documents/${d.id}`), onError: form.showServerError }))}>
        <Stack gap="sm">
          <TextInput label={t('documents.fields.code')} required {...form.getInputProps('code')} />
          <TextInput label={t('documents.fields.titleJa')} required {...form.getInputProps('titleJa')} />
          <TextInput label={t('documents.fields.titleEn')} required {...form.getInputProps('titleEn')} />
          <Select
            label={t('documents.fields.kind')}
            data={DocumentKind.options.map((k) => ({ value: k, label: t(`documents.kind.${k}`) }))}
            {...form.getInputProps('kind')}
            onChange={(v) => setKind((v as DocumentKind | null) ?? 'guideline')}
            allowDeselect={false}
          />
          {form.values.kind === 'guideline' && (
            <Select
              label={t('documents.fields.family')}
              data={GuidelineFamily.options.map((f) => ({ value: f, label: t(`documents.family.${f}`) }))}
              {...form.getInputProps('family')}
              onChange={(v) => {
                lastFamily.current = (v as GuidelineFamily | null) ?? 'operational';
                form.setFieldValue('family', lastFamily.current);
              }}
              allowDeselect={false}
            />
          )}
          <Checkbox label={t('documents.fields.requiresAck')} {...form.getInputProps('requiresAck', { type: 'checkbox' })} />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('documents.library.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The policy library (P32-2.2, P32-5, P32-6): every document the person may read. */
export function DocumentsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const [kind, setKind] = useState<DocumentKind | null>(null);
  const q = useDocuments({ kind: kind ?? undefined });
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <PageHeader
        title={t('documents.library.title')}
        description={t('documents.library.description')}
        actions={
          can('document.manage') && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
              {t('documents.library.new')}
            </Button>
          )
        }
      />
      <Stack gap="md">
        <Select
          label={t('documents.fields.kind')}
          placeholder={t('documents.library.allKinds')}
          data={DocumentKind.options.map((k) => ({ value: k, label: t(`documents.kind.${k}`) }))}
          value={kind}
          onChange={(v) => setKind(v as DocumentKind | null)}
          clearable
          maw={260}
        />
        {q.isPending ? (
          <Loading />
        ) : q.error ? (
          <ErrorAlert error={q.error} />
        ) : !q.data.items.length ? (
          <EmptyList title={t('documents.library.empty')} description={t('documents.library.emptyText')} />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('documents.fields.code')}</Table.Th>
                  <Table.Th>{t('documents.fields.title')}</Table.Th>
                  <Table.Th>{t('documents.fields.kind')}</Table.Th>
                  <Table.Th>{t('documents.fields.currentVersion')}</Table.Th>
                  <Table.Th>{t('documents.fields.status')}</Table.Th>
                  <Table.Th>{t('documents.fields.nextReviewOn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.items.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>{d.code}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor component={Link} to={`/documents/${d.id}`}>
                          {lang === 'ja' ? d.titleJa : d.titleEn}
                        </Anchor>
                        {d.ackPending && (
                          <Badge color="red.9" variant="filled">
                            {t('documents.library.ackPending')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <KindBadge kind={d.kind} family={d.family} />
                    </Table.Td>
                    <Table.Td>{d.current ? d.current.version : '—'}</Table.Td>
                    <Table.Td>{d.retired ? <Badge color="gray.7" variant="filled">{t('documents.library.retired')}</Badge> : d.latest ? <VersionStatusBadge status={d.latest.status} /> : '—'}</Table.Td>
                    <Table.Td>
                      {d.nextReviewOn ? (
                        <Text size="sm" c={d.reviewOverdue ? 'red.8' : undefined}>
                          {d.nextReviewOn}
                          {d.reviewOverdue ? ` (${t('documents.library.reviewOverdue')})` : ''}
                        </Text>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <NewDocumentModal opened={opened} onClose={close} />
    </>
  );
}
