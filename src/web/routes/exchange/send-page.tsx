import { Alert, Badge, Button, CloseButton, Combobox, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuilding, IconFile, IconInfoCircle, IconSend, IconUser } from '@tabler/icons-react';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Classification, DataCategory, type PersonRef } from '../../../shared/exchange.js';
import type { VaultFileDto } from '../../../shared/exchange-vault.js';
import { exchangeApi } from '../../../shared/api/exchange.js';
import { ApiError, call } from '../../api/client.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { PageHeader } from '../../components/page-header.js';
import { refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { useCreateTransfer, useDirectory, useExchangeOptions } from './api.js';
import { FileDrop, formatSize, PersonLabel, type UploadQueueState } from './parts.js';

export type Picked = { kind: 'person'; ref: PersonRef } | { kind: 'unit'; id: string; nameJa: string; nameEn: string; members: number };

/** Search people and units by name, code or email; picked ones show as removable chips. */
export function RecipientPicker({ value, onChange, error }: { value: Picked[]; onChange: (v: Picked[]) => void; error?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const found = useDirectory(debounced);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const picked = new Set(value.map((v) => (v.kind === 'person' ? v.ref.id : v.id)));
  const people = (found.data?.people ?? []).filter((p) => !picked.has(p.id));
  const units = (found.data?.units ?? []).filter((u) => !picked.has(u.id));
  const add = (key: string) => {
    const [kind, id] = key.split(':');
    if (kind === 'p') {
      const p = people.find((x) => x.id === id);
      if (p) onChange([...value, { kind: 'person', ref: p }]);
    } else {
      const u = units.find((x) => x.id === id);
      if (u) onChange([...value, { kind: 'unit', id: u.id, nameJa: u.nameJa, nameEn: u.nameEn, members: u.members }]);
    }
    setQ('');
    combobox.closeDropdown();
  };
  return (
    <Stack gap={6}>
      <Combobox store={combobox} onOptionSubmit={add} withinPortal>
        <Combobox.Target>
          <TextInput
            label={t('exchange.field.recipients')}
            description={t('exchange.send.recipientsHint')}
            placeholder={t('exchange.send.searchPlaceholder')}
            value={q}
            error={error}
            withAsterisk
            data-testid="recipient-search"
            onChange={(e) => {
              setQ(e.currentTarget.value);
              combobox.openDropdown();
              combobox.updateSelectedOptionIndex();
            }}
            onFocus={() => combobox.openDropdown()}
            onBlur={() => combobox.closeDropdown()}
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={!debounced.trim()}>
          <Combobox.Options mah={280} style={{ overflowY: 'auto' }}>
            {units.length > 0 && (
              <Combobox.Group label={t('exchange.send.units')}>
                {units.map((u) => (
                  <Combobox.Option key={u.id} value={`u:${u.id}`}>
                    <Group gap={6} wrap="nowrap">
                      <IconBuilding size={14} aria-hidden />
                      <span>{refName(u, lang)}</span>
                      <Text span size="xs" c="dimmed">
                        {t('exchange.people', { count: u.members })}
                      </Text>
                    </Group>
                  </Combobox.Option>
                ))}
              </Combobox.Group>
            )}
            {people.length > 0 && (
              <Combobox.Group label={t('exchange.send.people')}>
                {people.map((p) => (
                  <Combobox.Option key={p.id} value={`p:${p.id}`}>
                    <Group gap={6} wrap="nowrap">
                      <IconUser size={14} aria-hidden />
                      <PersonLabel p={p} />
                    </Group>
                  </Combobox.Option>
                ))}
              </Combobox.Group>
            )}
            {found.data && !units.length && !people.length && <Combobox.Empty>{t('common.nothingFound')}</Combobox.Empty>}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      {value.length > 0 && (
        <Group gap={6} aria-label={t('exchange.send.picked')} role="list">
          {value.map((v) => {
            const id = v.kind === 'person' ? v.ref.id : v.id;
            return (
              <Badge
                key={id}
                role="listitem"
                size="lg"
                variant="light"
                leftSection={v.kind === 'person' ? <IconUser size={12} aria-hidden /> : <IconBuilding size={12} aria-hidden />}
                rightSection={<CloseButton size="xs" aria-label={t('exchange.send.removeRecipient')} onClick={() => onChange(value.filter((x) => (x.kind === 'person' ? x.ref.id : x.id) !== id))} />}
                style={{ textTransform: 'none' }}
              >
                {v.kind === 'person' ? refName(v.ref, lang) : `${refName(v, lang)} (${t('exchange.people', { count: v.members })})`}
              </Badge>
            );
          })}
        </Group>
      )}
    </Stack>
  );
}

/**
 * Send: addressees, purpose, study, classification and expiry; files uploaded as they are dropped.
 * "Send" creates the transfer, attaches the files and asks for release; the transfer page then
 * shows where it stands (available, waiting for approval, or stopped by the tripwire).
 *
 * Send waits for every chosen file: it is disabled, with the reason beside it, while an upload runs
 * or has failed; the release names the uploads it expects, so the server refuses it if one is
 * missing. One press makes one transfer: a second press while sending does nothing, and a retry
 * after an error goes on with the transfer already created.
 */
export function SendPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const options = useExchangeOptions();
  const create = useCreateTransfer();
  const [recipients, setRecipients] = useState<Picked[]>([]);
  const [purpose, setPurpose] = useState('');
  const [studyId, setStudyId] = useState<string | null>(null);
  const [classification, setClassification] = useState<string>('confidential');
  const [dataCategory, setDataCategory] = useState<string | null>(null);
  const [expiryDays, setExpiryDays] = useState<number>(14);
  const [message, setMessage] = useState('');
  const [files, setFiles] = useState<VaultFileDto[]>([]);
  const [busy, setBusy] = useState(false);
  const [queue, setQueue] = useState<UploadQueueState>({ uploading: 0, failed: 0, sent: 0, total: 0 });
  const onQueueChange = useCallback((q: UploadQueueState) => setQueue(q), []);
  // Refs, not state: a double click reaches submit twice before the first render with busy=true.
  const sending = useRef(false);
  const created = useRef<{ id: string; attached: Set<string> } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tried, setTried] = useState(false);
  const max = options.data?.expiryMaxDays ?? 90;

  const uploadsUnfinished = queue.uploading > 0 || queue.failed > 0;
  const submit = async () => {
    setTried(true);
    if (sending.current || uploadsUnfinished) return;
    if (!recipients.length || !purpose.trim() || !dataCategory || !files.length) return;
    sending.current = true;
    setBusy(true);
    setError(null);
    try {
      created.current ??= { id: (await create.mutateAsync({
        recipients: { personIds: recipients.flatMap((r) => (r.kind === 'person' ? [r.ref.id] : [])), unitIds: recipients.flatMap((r) => (r.kind === 'unit' ? [r.id] : [])) },
        purpose,
        studyId,
        classification: classification as Classification,
        dataCategory: dataCategory as DataCategory,
        expiryDays,
        message: message || null,
      })).id, attached: new Set() };
      const transfer = created.current;
      for (const f of files) {
        if (transfer.attached.has(f.id)) continue;
        await call(exchangeApi.attach, { params: { id: transfer.id }, body: { uploadId: f.id } });
        transfer.attached.add(f.id);
      }
      try {
        await call(exchangeApi.release, { params: { id: transfer.id }, body: { uploadIds: files.map((f) => f.id) } });
      } catch (e) {
        // Stopped by the tripwire (or waiting for something): the transfer page explains what to do.
        if (!(e instanceof ApiError && (e.code === 'TRIPWIRE_BLOCKED' || e.code === 'TRANSFER_STATE'))) throw e;
      }
      navigate(`/exchange/transfers/${transfer.id}`);
    } catch (e) {
      setError(e);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <Stack gap="md" maw={880}>
      <PageHeader title={t('exchange.send.title')} description={t('exchange.send.description')} />
      <Alert variant="light" icon={<IconInfoCircle aria-hidden />}>
        {t('exchange.send.rule')}
      </Alert>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <Paper withBorder radius="md" p="md">
            <Stack gap="sm">
              <RecipientPicker value={recipients} onChange={setRecipients} error={tried && !recipients.length ? t('exchange.send.needRecipient') : undefined} />
              <TextInput label={t('exchange.field.purpose')} description={t('exchange.send.purposeHint')} required maxLength={500} value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} error={tried && !purpose.trim() ? t('validation.required') : undefined} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select
                  label={t('exchange.field.study')}
                  placeholder={t('exchange.send.noStudy')}
                  searchable
                  clearable
                  data={(options.data?.studies ?? []).map((s) => ({ value: s.id, label: `${s.code} ${lang === 'ja' ? s.titleJa : s.titleEn}` }))}
                  value={studyId}
                  onChange={setStudyId}
                />
                <NumberInput label={t('exchange.field.expiryDays')} description={t('exchange.send.expiryHint', { max })} min={1} max={max} value={expiryDays} onChange={(v) => setExpiryDays(typeof v === 'number' ? v : 14)} />
                <Select
                  label={t('exchange.field.classification')}
                  required
                  allowDeselect={false}
                  data={Classification.options.map((c) => ({ value: c, label: t(`exchange.classification.${c}`) }))}
                  value={classification}
                  onChange={(v) => setClassification(v ?? 'confidential')}
                />
                <Select
                  label={t('exchange.field.dataCategory')}
                  required
                  data={DataCategory.options.map((c) => ({ value: c, label: t(`exchange.dataCategory.${c}`) }))}
                  value={dataCategory}
                  onChange={setDataCategory}
                  error={tried && !dataCategory ? t('validation.select') : undefined}
                  description={dataCategory === 'special_care' && options.data?.specialCareApproval ? t('exchange.send.specialCareHint') : undefined}
                />
              </SimpleGrid>
              <Textarea label={t('exchange.field.message')} description={t('exchange.send.messageHint')} autosize minRows={2} maxRows={8} maxLength={4000} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
            </Stack>
          </Paper>
          <Paper withBorder radius="md" p="md">
            <Stack gap="sm">
              <Text fw={500}>{t('exchange.field.files')}</Text>
              <FileDrop onUploaded={(f) => setFiles((fs) => [...fs, f])} onQueueChange={onQueueChange} />
              {files.map((f) => (
                <Group key={f.id} justify="space-between" wrap="nowrap" data-testid="uploaded-file">
                  <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                    <IconFile size={16} aria-hidden />
                    <Text size="sm" truncate>
                      {f.fileName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatSize(f.size)}
                    </Text>
                  </Group>
                  <CloseButton size="sm" aria-label={t('exchange.send.removeFile', { name: f.fileName })} onClick={() => setFiles((fs) => fs.filter((x) => x.id !== f.id))} />
                </Group>
              ))}
              {tried && !files.length && (
                <Text size="sm" c="red">
                  {t('exchange.send.needFile')}
                </Text>
              )}
            </Stack>
          </Paper>
          <ErrorAlert error={error} />
          <Group justify="flex-end" wrap="nowrap">
            {uploadsUnfinished && (
              <Text id="send-blocked-reason" size="sm" c={queue.failed ? 'red' : 'dimmed'} role="status" data-testid="send-blocked-reason">
                {queue.failed ? t('exchange.send.uploadFailed', { count: queue.failed }) : t('exchange.send.uploading', { sent: formatSize(queue.sent), total: formatSize(queue.total), count: queue.uploading })}
              </Text>
            )}
            <Button
              type="submit"
              leftSection={<IconSend size={16} aria-hidden />}
              loading={busy}
              disabled={uploadsUnfinished}
              aria-describedby={uploadsUnfinished ? 'send-blocked-reason' : undefined}
              data-testid="send-submit"
            >
              {t('exchange.send.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
