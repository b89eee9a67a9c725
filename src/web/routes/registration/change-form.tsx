import { Alert, Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { REGISTRATION_CHANGE_KINDS, RegistrationChangeForm, type RegistrationChangeKind } from '../../../shared/registration.js';
import { useOrgOptions } from '../../api/org-options.js';
import { usePeopleList, usePerson } from '../../api/people.js';
import { useSubmitRegistrationChange } from '../../api/registration.js';
import { useSession } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSchemaForm } from '../../lib/form.js';
import { refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';

/**
 * The registration-change form: what changes (move, name, email, join or leave a research group,
 * retirement) and a note. A site coordinator may pick a researcher of their own institution.
 */
export function ChangeFormModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const session = useSession().data;
  const me = session?.person?.id;
  const isCoordinator = !!session?.person?.roles.includes('site_coordinator');
  const form = useSchemaForm(RegistrationChangeForm, { personId: null, change: { kind: 'move' }, note: '' });
  const { personId, change: f } = form.values;
  const kind = f.kind;
  const subjectId = personId ?? me;
  const subject = usePerson(opened ? subjectId : undefined).data;
  const options = useOrgOptions(opened).data;
  const colleagues = usePeopleList({ page: 1, pageSize: 200, sort: 'familyNameKana' }, opened && isCoordinator).data;
  const submit = useSubmitRegistrationChange();
  /** A field of the change (every kind's fields live side by side; only the chosen kind's are sent). */
  const field = (k: string) => form.getInputProps(`change.${k}`);
  const text = (k: string) => {
    const p = field(k);
    return { ...p, value: (p.value as string | undefined) ?? '' };
  };
  const choice = (k: string) => {
    const p = field(k);
    return { ...p, value: (p.value as string | undefined) || null };
  };

  useEffect(() => {
    if (!opened) return;
    submit.reset();
    // The kind chosen last time stays; everything typed goes.
    form.setValues({ personId: null, change: { kind: form.values.change.kind }, note: '' });
    form.clearErrors();
  }, [opened]);
  useEffect(() => {
    // A person with one institution moves from it; the name form starts from the current names.
    if (!subject) return;
    form.setValues((cur) => {
      const c = (cur.change ?? { kind: 'move' }) as Record<string, unknown> & { kind: RegistrationChangeKind };
      return {
        change: {
          ...c,
          fromInstitutionId: c.fromInstitutionId || (subject.institutions.length === 1 ? subject.institutions[0]!.id : ''),
          familyNameJa: c.familyNameJa ?? subject.familyNameJa,
          givenNameJa: c.givenNameJa ?? subject.givenNameJa,
          familyNameKana: c.familyNameKana ?? subject.familyNameKana,
          givenNameKana: c.givenNameKana ?? subject.givenNameKana,
          familyNameEn: c.familyNameEn ?? subject.familyNameEn,
          givenNameEn: c.givenNameEn ?? subject.givenNameEn,
        },
      };
    });
  }, [subject]);

  const myInstitutions = useMemo(() => (subject?.institutions ?? []).map((i) => ({ value: i.id, label: refName(i, lang) })), [subject, lang]);
  const myGroups = useMemo(() => (subject?.researchGroups ?? []).map((g) => ({ value: g.id, label: refName(g, lang) })), [subject, lang]);
  const allInstitutions = (options?.institutions ?? []).map((i) => ({ value: i.id, label: `${refName(i, lang)} (${i.code})` }));
  const otherGroups = (options?.researchGroups ?? []).filter((g) => !subject?.researchGroups.some((x) => x.id === g.id)).map((g) => ({ value: g.id, label: refName(g, lang) }));
  const onSubmit = form.submit((values) =>
    submit.mutate({ personId: values.personId ?? undefined, change: values.change, note: values.note || null }, { onSuccess: onClose, onError: form.showServerError }),
  );

  return (
    <Modal opened={opened} onClose={onClose} title={t('registration.newTitle')} size="lg">
      <form ref={form.ref} noValidate onSubmit={onSubmit}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('registration.formHint')}
          </Text>
          {isCoordinator && (
            <Select
              label={t('registration.onBehalf')}
              description={t('registration.onBehalfHint')}
              placeholder={t('registration.myself')}
              clearable
              searchable
              {...form.getInputProps('personId')}
              data={(colleagues?.items ?? []).filter((p) => p.id !== me).map((p) => ({ value: p.id, label: lang === 'ja' ? `${p.familyNameJa} ${p.givenNameJa}` : `${p.givenNameEn} ${p.familyNameEn}` }))}
            />
          )}
          <Select
            label={t('registration.kindLabel')}
            required
            allowDeselect={false}
            value={kind}
            onChange={(v) => v && form.setFieldValue('change.kind', v as RegistrationChangeKind)}
            data={REGISTRATION_CHANGE_KINDS.map((k) => ({ value: k, label: t(`registration.kind.${k}`) }))}
          />
          {kind === 'move' && (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select label={t('registration.from')} required data={myInstitutions} {...choice('fromInstitutionId')} />
                <Select label={t('registration.to')} required searchable data={allInstitutions} {...choice('toInstitutionId')} />
              </SimpleGrid>
              <TextInput type="date" label={t('registration.effectiveDate')} required {...text('effectiveDate')} />
              {myGroups.length > 0 && <MultiSelect label={t('registration.leaveGroups')} description={t('registration.leaveGroupsHint')} data={myGroups} {...field('leaveResearchGroupIds')} value={(f.leaveResearchGroupIds as string[] | undefined) ?? []} />}
            </>
          )}
          {kind === 'name' && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {(['familyNameJa', 'givenNameJa', 'familyNameKana', 'givenNameKana', 'familyNameEn', 'givenNameEn'] as const).map((k) => (
                <TextInput key={k} label={t(`registration.names.${k}`)} required={k === 'familyNameJa' || k === 'familyNameEn'} {...text(k)} />
              ))}
            </SimpleGrid>
          )}
          {kind === 'email' && <TextInput type="email" label={t('registration.newEmail')} required {...text('email')} />}
          {kind === 'join_group' && <Select label={t('registration.group')} required searchable data={otherGroups} {...choice('researchGroupId')} />}
          {kind === 'leave_group' && (
            <>
              <Select label={t('registration.group')} required data={myGroups} {...choice('researchGroupId')} />
              <Alert color="blue">{t('registration.leaveNotice')}</Alert>
            </>
          )}
          {kind === 'retire' && (
            <>
              <TextInput type="date" label={t('registration.retireDate')} required {...text('effectiveDate')} />
              <Alert color="yellow">{t('registration.retireNotice')}</Alert>
            </>
          )}
          <Textarea label={t('registration.note')} autosize minRows={2} maxLength={2000} {...form.getInputProps('note')} />
          {submit.error && <ErrorAlert error={submit.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={submit.isPending}>
              {t('registration.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
