import { Button, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../shared/roles.js';
import { CreateCourse, type CourseDto } from '../../../shared/training.js';
import { useOrgOptions } from '../../api/org-options.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSchemaForm } from '../../lib/form.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useUpdateCourse } from './api.js';

/** Remounts the settings form when the saved settings change (not on lesson or question edits). */
export const settingsKey = (c: CourseDto) =>
  JSON.stringify([c.code, c.titleJa, c.titleEn, c.descriptionJa, c.descriptionEn, c.audience, c.passMark, c.maxAttempts, c.questionsPerAttempt, c.dueDays, c.recurrence, c.requiredForAccount, c.status]);

/** A course's settings and audience: every field is sent on saving (the form checks them as a new course's). */
export function CourseSettings({ c, readOnly }: { c: CourseDto; readOnly: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const org = useOrgOptions();
  const save = useUpdateCourse(c.id);
  const form = useSchemaForm(CreateCourse, {
    code: c.code,
    titleJa: c.titleJa,
    titleEn: c.titleEn,
    descriptionJa: c.descriptionJa,
    descriptionEn: c.descriptionEn,
    audience: c.audience,
    passMark: c.passMark,
    maxAttempts: c.maxAttempts,
    questionsPerAttempt: c.questionsPerAttempt,
    dueDays: c.dueDays,
    recurrence: c.recurrence,
    requiredForAccount: c.requiredForAccount,
  });
  const opts = (list: { id: string; nameJa: string; nameEn: string }[] | undefined) => (list ?? []).map((r) => ({ value: r.id, label: lang === 'ja' ? r.nameJa : r.nameEn }));
  /** A number field that falls back to `min` when emptied. */
  const count = (k: 'passMark' | 'questionsPerAttempt' | 'dueDays', min: number) => ({ ...form.getInputProps(k), onChange: (v: string | number) => form.setFieldValue(k, Number(v) || min) });
  return (
    <Paper withBorder p="md" radius="md">
      <form ref={form.ref} noValidate onSubmit={form.submit((values) => save.mutate(values, { onSuccess: () => notify(t('training.editor.saved')), onError: form.showServerError }))}>
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="sm">
            <Title order={2} fz="lg">
              {t('training.editor.settings')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('training.fields.titleJa')} {...form.getInputProps('titleJa')} required />
              <TextInput label={t('training.fields.titleEn')} {...form.getInputProps('titleEn')} required />
              <Textarea label={t('training.fields.descriptionJa')} {...form.getInputProps('descriptionJa')} autosize minRows={2} />
              <Textarea label={t('training.fields.descriptionEn')} {...form.getInputProps('descriptionEn')} autosize minRows={2} />
            </SimpleGrid>
            <Text fw={600} size="sm">
              {t('training.fields.audience')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('training.fields.audienceHint')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <MultiSelect label={t('training.fields.roles')} data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} {...form.getInputProps('audience.roles')} clearable />
              <MultiSelect label={t('training.fields.units')} data={opts(org.data?.units)} {...form.getInputProps('audience.unitIds')} searchable clearable />
              <MultiSelect label={t('training.fields.institutions')} data={opts(org.data?.institutions)} {...form.getInputProps('audience.institutionIds')} searchable clearable />
              <MultiSelect label={t('training.fields.researchGroups')} data={opts(org.data?.researchGroups)} {...form.getInputProps('audience.researchGroupIds')} searchable clearable />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <NumberInput label={t('training.fields.passMark')} min={0} max={100} {...count('passMark', 0)} />
              <NumberInput label={t('training.fields.questionsPerAttempt')} min={1} max={100} {...count('questionsPerAttempt', 1)} />
              <NumberInput
                label={t('training.fields.maxAttempts')}
                description={t('training.fields.maxAttemptsHint')}
                min={1}
                max={100}
                {...form.getInputProps('maxAttempts')}
                value={form.values.maxAttempts ?? ''}
                onChange={(v) => form.setFieldValue('maxAttempts', v === '' ? null : Number(v))}
              />
              <NumberInput label={t('training.fields.dueDays')} min={1} max={365} {...count('dueDays', 1)} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('training.fields.recurrence')}
                data={[
                  { value: 'none', label: t('training.recurrence.none') },
                  { value: 'fiscal_year', label: t('training.recurrence.fiscal_year') },
                ]}
                allowDeselect={false}
                disabled={c.status !== 'draft'}
                {...form.getInputProps('recurrence')}
              />
              <Switch mt="lg" label={t('training.fields.requiredForAccount')} description={t('training.fields.requiredForAccountHint')} {...form.getInputProps('requiredForAccount', { type: 'checkbox' })} />
            </SimpleGrid>
            <ErrorAlert error={save.error} />
            {!readOnly && (
              <Group>
                <Button type="submit" loading={save.isPending}>
                  {t('common.save')}
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
    </Paper>
  );
}
