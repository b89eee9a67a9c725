import { Button, Group, Modal, Stack } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../lib/notify.js';
import { useOrgOptions } from '../../api/org-options.js';
import { useSaveRegistryItem, type RegistryDtos, type RegistryName } from '../../api/registry.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { focusFirstInvalid } from '../../lib/focus-invalid.js';
import { serverFieldErrors, zodFieldErrors, type FieldErrors } from '../../lib/form-errors.js';
import { useLang } from '../../lib/use-lang.js';
import { FormField } from './form-field.js';
import type { FormFieldDef, FormValues, RegistryConfig } from './registry-types.js';

interface RegistryFormModalProps<N extends RegistryName> {
  config: RegistryConfig<N>;
  opened: boolean;
  onClose: () => void;
  /** The entry to edit; without it the form creates a new one. */
  item?: RegistryDtos[N];
  onSaved?: (item: RegistryDtos[N]) => void;
}

function initialValues(fields: FormFieldDef[], item: object | undefined): FormValues {
  const src = (item ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    fields.map((f) => {
      const v = src[f.name];
      return [f.name, typeof v === 'string' ? v : f.kind === 'text' ? '' : null];
    }),
  );
}

/** The body to send: trimmed text, null for a cleared nullable select; on edit, only what changed. */
function toBody(fields: FormFieldDef[], values: FormValues, initial: FormValues, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    let out: unknown = v;
    if (f.kind === 'text') out = (v ?? '').trim();
    else if (v === null) out = f.nullable ? null : undefined;
    if (editing && (out ?? null) === (initial[f.name] ?? null)) continue;
    if (out !== undefined) body[f.name] = out;
  }
  return body;
}

/** Create or edit a registry entry, validated by the shared schema before it is sent. */
export function RegistryFormModal<N extends RegistryName>({ config, opened, onClose, item, onSaved }: RegistryFormModalProps<N>) {
  const { t } = useTranslation();
  const lang = useLang();
  const org = useOrgOptions(opened);
  const save = useSaveRegistryItem(config.name);
  const editing = !!item;
  const [initial, setInitial] = useState<FormValues>(() => initialValues(config.fields, item));
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const ctx = { t, lang, org: org.data };
  const entity = t(`${config.i18n}.singular`);

  useEffect(() => {
    if (!opened) return;
    const init = initialValues(config.fields, item);
    setInitial(init);
    setValues(init);
    setErrors({});
    save.reset();
    // reset when the modal opens (or opens on another entry), never on a refetch of the same
    // entry: that would also reset the running save and drop its callbacks
  }, [opened, item?.id]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body = toBody(config.fields, values, initial, editing);
    const full = toBody(config.fields, values, initial, false);
    // validate the whole form even on edit, so every field shows its problem at once
    const parsed = (editing ? config.updateSchema : config.createSchema).safeParse(full);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error, t));
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    if (editing && Object.keys(body).length === 0) {
      onClose();
      return;
    }
    save.mutate(
      { id: item?.id, body },
      {
        onSuccess: (saved) => {
          notify(t('registry.saved', { name: config.displayName(saved, lang) }));
          onClose();
          onSaved?.(saved);
        },
        onError: (err) => {
          setErrors(serverFieldErrors(err, t, config.fields.map((f) => f.name)) ?? {});
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  const fieldErrorShown = Object.values(errors).some(Boolean);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? t('registry.editTitle', { entity }) : t('registry.createTitle', { entity })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={onSubmit} noValidate ref={formRef}>
        <Stack gap="md">
          {!fieldErrorShown && <ErrorAlert error={save.error} />}
          {config.fields.map((f, i) => (
            <FormField
              key={f.name}
              field={f}
              ctx={ctx}
              value={values[f.name] ?? null}
              error={errors[f.name]}
              autoFocus={i === 0}
              onChange={(v) => {
                setValues((prev) => ({ ...prev, [f.name]: v }));
                setErrors((prev) => (prev[f.name] ? { ...prev, [f.name]: '' } : prev));
              }}
            />
          ))}
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
