import { Button, Divider, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../lib/notify.js';
import type { PersonDto } from '../../../shared/org.js';
import { useOrgOptions, type Ref } from '../../api/org-options.js';
import { useSavePerson } from '../../api/people.js';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { OptionalLabel } from '../../components/optional-label.js';
import { personName, refName } from '../../lib/format.js';
import { focusFirstInvalid } from '../../lib/focus-invalid.js';
import { serverFieldErrors, type FieldErrors } from '../../lib/form-errors.js';
import { useLang } from '../../lib/use-lang.js';
import { ALL_FIELDS, changedFields, initialPersonValues, toPersonBody, validatePerson, type PersonFormValues } from './person-form-state.js';
import { RoleEditor } from './role-editor.js';

interface PersonFormModalProps {
  opened: boolean;
  onClose: () => void;
  person?: PersonDto;
  onSaved?: (person: PersonDto) => void;
}

/** Create or edit a person: names, email, memberships and role assignments. */
export function PersonFormModal({ opened, onClose, person, onSaved }: PersonFormModalProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const org = useOrgOptions(opened);
  const save = useSavePerson();
  const editing = !!person;
  const [values, setValues] = useState<PersonFormValues>(() => initialPersonValues(person));
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!opened) return;
    setValues(initialPersonValues(person));
    setErrors({});
    save.reset();
    // reset when the modal opens (or opens on another person), never on a refetch of the same
    // person: that would also reset the running save and drop its callbacks
  }, [opened, person?.id]);

  const set = <K extends keyof PersonFormValues>(key: K, value: PersonFormValues[K]) => {
    setValues((prev) => ({ ...prev, [key]: value }));
    // an edited field's message goes (for roles, all row messages: rows may have moved)
    setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => k !== key && !(key === 'roles' && k.startsWith('roles.')))));
  };
  const text = (key: 'familyNameJa' | 'givenNameJa' | 'familyNameKana' | 'givenNameKana' | 'familyNameEn' | 'givenNameEn' | 'email', required = false) => ({
    value: values[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(key, e.currentTarget.value),
    error: errors[key],
    required,
    label: required ? t(`person.${key}`) : <OptionalLabel>{t(`person.${key}`)}</OptionalLabel>,
  });
  // memberships may point at entries deactivated since; keep them selectable so nothing is dropped silently
  const refs = (items: Ref[] | undefined, current: Ref[] = []) => {
    const all = new Map<string, Ref>();
    for (const r of [...(items ?? []), ...current]) all.set(r.id, r);
    return [...all.values()].map((r) => ({ value: r.id, label: `${r.code} — ${refName(r, lang)}` }));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = validatePerson(values, editing, t);
    setErrors(found);
    if (Object.keys(found).length) {
      focusFirstInvalid(formRef.current);
      return;
    }
    const body = toPersonBody(values);
    const payload = editing ? changedFields(body, toPersonBody(initialPersonValues(person))) : body;
    if (editing && Object.keys(payload).length === 0) {
      onClose();
      return;
    }
    save.mutate(
      { id: person?.id, body: payload },
      {
        onSuccess: (saved) => {
          notify(t('registry.saved', { name: personName(saved, lang) }));
          onClose();
          onSaved?.(saved);
        },
        onError: (err) => {
          setErrors(serverFieldErrors(err, t, ALL_FIELDS) ?? {});
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  const entity = t('people.singular');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? t('registry.editTitle', { entity }) : t('registry.createTitle', { entity })}
      size="xl"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={onSubmit} noValidate ref={formRef}>
        <Stack gap="md">
          {!Object.values(errors).some(Boolean) && <ErrorAlert error={save.error} />}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput {...text('familyNameJa', true)} lang="ja" data-autofocus />
            <TextInput {...text('givenNameJa')} lang="ja" />
            <TextInput {...text('familyNameKana')} lang="ja" />
            <TextInput {...text('givenNameKana')} lang="ja" />
            <TextInput {...text('familyNameEn', true)} lang="en" />
            <TextInput {...text('givenNameEn')} lang="en" />
          </SimpleGrid>
          <TextInput {...text('email', true)} type="email" autoComplete="off" />
          <Divider />
          <Title order={3} fz="md">
            {t('person.memberships')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={<OptionalLabel>{t('fields.unit')}</OptionalLabel>}
              data={refs(org.data?.units, person?.unit ? [person.unit] : [])}
              value={values.unitId}
              onChange={(v) => set('unitId', v)}
              error={errors.unitId}
              clearable
              searchable
              nothingFoundMessage={t('common.nothingFound')}
              clearButtonProps={{ 'aria-label': t('common.clear') }}
            />
            <MultiSelect
              label={<OptionalLabel>{t('person.institutions')}</OptionalLabel>}
              data={refs(org.data?.institutions, person?.institutions)}
              value={values.institutionIds}
              onChange={(v) => set('institutionIds', v)}
              error={errors.institutionIds}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
              clearButtonProps={{ 'aria-label': t('common.clear') }}
            />
            <MultiSelect
              label={<OptionalLabel>{t('person.researchGroups')}</OptionalLabel>}
              data={refs(org.data?.researchGroups, person?.researchGroups)}
              value={values.researchGroupIds}
              onChange={(v) => set('researchGroupIds', v)}
              error={errors.researchGroupIds}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
              clearButtonProps={{ 'aria-label': t('common.clear') }}
            />
            <MultiSelect
              label={<OptionalLabel>{t('person.committees')}</OptionalLabel>}
              data={refs(org.data?.committees, person?.committees)}
              value={values.committeeIds}
              onChange={(v) => set('committeeIds', v)}
              error={errors.committeeIds}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
              clearButtonProps={{ 'aria-label': t('common.clear') }}
            />
          </SimpleGrid>
          <Divider />
          <Title order={3} fz="md">
            {t('person.roles')}
          </Title>
          <RoleEditor
            rows={values.roles}
            onChange={(rows) => set('roles', rows)}
            org={org.data}
            errors={errors}
            canGrantPrivileged={can('role.grant_privileged')}
            current={
              person && {
                institutions: person.institutions,
                researchGroups: person.researchGroups,
                committees: person.committees,
                units: person.unit ? [person.unit] : [],
              }
            }
          />
          <Textarea label={<OptionalLabel>{t('person.note')}</OptionalLabel>} value={values.note} onChange={(e) => set('note', e.currentTarget.value)} error={errors.note} autosize minRows={2} maxLength={1000} />
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
