import { ActionIcon, Anchor, Badge, Button, FileButton, Group, Select, Stack, Text } from '@mantine/core';
import { IconDownload, IconPaperclip, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IncidentLinkKind, type IncidentDto } from '../../../shared/incidents.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useLang } from '../../lib/use-lang.js';
import { attachmentUrl, uploadAttachment, useAddInvestigator, useAddLink, useRemoveAttachment, useRemoveInvestigator, useRemoveLink } from './api.js';
import { Section } from './incident-section.js';
import { RecordPicker } from './pickers.js';

/** Links to studies, assets, risks, laws, institutions and people; the desk adds and removes them. */
export function LinksSection({ inc }: { inc: IncidentDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const add = useAddLink(inc.id);
  const remove = useRemoveLink(inc.id);
  const [kind, setKind] = useState<IncidentLinkKind>('asset');
  const [target, setTarget] = useState<string | null>(null);
  return (
    <Section title={t('incidents.fields.links')}>
      <Stack gap={6} mb={inc.canManage ? 'sm' : 0}>
        {inc.links.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('incidents.detail.noLinks')}
          </Text>
        )}
        {inc.links.map((l) => (
          <Group key={`${l.kind}:${l.targetId}`} justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap">
              <Badge variant="light" color="gray" autoContrast>
                {t(`incidents.linkKind.${l.kind}`)}
              </Badge>
              {l.kind === 'asset' || l.kind === 'risk' ? (
                <Anchor component={Link} to={`/${l.kind}s/${l.targetId}`} size="sm">
                  {lang === 'ja' ? l.labelJa : l.labelEn}
                </Anchor>
              ) : (
                <Text size="sm">{lang === 'ja' ? l.labelJa : l.labelEn}</Text>
              )}
            </Group>
            {inc.canManage && (
              <ActionIcon variant="subtle" color="gray" aria-label={`${t('incidents.detail.remove')}: ${lang === 'ja' ? l.labelJa : l.labelEn}`} onClick={() => remove.mutate({ kind: l.kind, targetId: l.targetId })}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
      {inc.canManage && (
        <Stack gap="xs">
          <Group grow wrap="wrap" align="flex-end">
            <Select
              label={t('incidents.detail.linkKind')}
              data={IncidentLinkKind.options.map((k) => ({ value: k, label: t(`incidents.linkKind.${k}`) }))}
              value={kind}
              onChange={(v) => {
                setKind((v ?? 'asset') as IncidentLinkKind);
                setTarget(null);
              }}
              allowDeselect={false}
              miw={140}
            />
            <div style={{ minWidth: 200 }}>
              <RecordPicker key={kind} kind={kind} label={t('incidents.detail.linkTarget')} value={target} onChange={setTarget} />
            </div>
            <Button variant="light" disabled={!target} loading={add.isPending} onClick={() => target && add.mutate({ kind, targetId: target }, { onSuccess: () => setTarget(null) })} style={{ flexGrow: 0 }}>
              {t('incidents.detail.addLink')}
            </Button>
          </Group>
          <ErrorAlert error={add.error ?? remove.error} />
        </Stack>
      )}
    </Section>
  );
}

/** The people investigating the incident. */
export function InvestigatorsSection({ inc }: { inc: IncidentDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const add = useAddInvestigator(inc.id);
  const remove = useRemoveInvestigator(inc.id);
  const [person, setPerson] = useState<string | null>(null);
  return (
    <Section title={t('incidents.fields.investigators')}>
      <Stack gap={6} mb={inc.canManage ? 'sm' : 0}>
        {inc.investigators.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('incidents.detail.noInvestigators')}
          </Text>
        )}
        {inc.investigators.map((p) => (
          <Group key={p.id} justify="space-between" wrap="nowrap">
            <Text size="sm">{lang === 'ja' ? p.nameJa : p.nameEn}</Text>
            {inc.canManage && (
              <ActionIcon variant="subtle" color="gray" aria-label={`${t('incidents.detail.remove')}: ${lang === 'ja' ? p.nameJa : p.nameEn}`} onClick={() => remove.mutate(p.id)}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
      {inc.canManage && (
        <Group align="flex-end" wrap="wrap" gap="xs">
          <div style={{ flex: 1, minWidth: 200 }}>
            <RecordPicker kind="person" label={t('incidents.detail.person')} value={person} onChange={setPerson} />
          </div>
          <Button variant="light" disabled={!person} loading={add.isPending} onClick={() => person && add.mutate(person, { onSuccess: () => setPerson(null) })}>
            {t('incidents.detail.addInvestigator')}
          </Button>
          <ErrorAlert error={add.error ?? remove.error} />
        </Group>
      )}
    </Section>
  );
}

/** The incident's sealed files: contributors upload, anyone who sees it downloads, the desk removes. */
export function AttachmentsSection({ inc }: { inc: IncidentDto }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const remove = useRemoveAttachment(inc.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await uploadAttachment(inc.id, file, () => undefined).promise;
      qc.setQueryData(['incidents', 'one', inc.id], r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section
      title={t('incidents.fields.attachments')}
      actions={
        inc.canContribute && (
          <FileButton onChange={send}>
            {(props) => (
              <Button {...props} size="xs" variant="light" loading={busy} leftSection={<IconPaperclip size={14} aria-hidden />}>
                {t('incidents.detail.upload')}
              </Button>
            )}
          </FileButton>
        )
      }
    >
      <ErrorAlert error={error ?? remove.error} />
      <Stack gap={6}>
        {inc.attachments.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('incidents.detail.noAttachments')}
          </Text>
        )}
        {inc.attachments.map((a) => (
          <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
            <Anchor href={attachmentUrl(inc.id, a.id)} size="sm" download={a.fileName} style={{ overflowWrap: 'anywhere' }}>
              <IconDownload size={14} aria-hidden /> {a.fileName} ({Math.ceil(a.size / 1024)} KB)
            </Anchor>
            {inc.canManage && (
              <ActionIcon variant="subtle" color="gray" aria-label={`${t('incidents.detail.remove')}: ${a.fileName}`} onClick={() => remove.mutate(a.id)}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
    </Section>
  );
}
