import { Alert, Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REGISTRATION_CHANGE_KINDS, type RegistrationChangeKind, type SubmitRegistrationChangeInput } from '../../../shared/registration.js';
import { useOrgOptions } from '../../api/org-options.js';
import { usePeopleList, usePerson } from '../../api/people.js';
import { useSubmitRegistrationChange } from '../../api/registration.js';
import { useSession } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';

type Fields = Record<string, string>;

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
  const [personId, setPersonId] = useState<string | null>(null);
  const subjectId = personId ?? me;
  const subject = usePerson(opened ? subjectId : undefined).data;
  const options = useOrgOptions(opened).data;
  const colleagues = usePeopleList({ page: 1, pageSize: 200, sort: 'familyNameKana' }, opened && isCoordinator).data;
  const submit = useSubmitRegistrationChange();
  const [kind, setKind] = useState<RegistrationChangeKind>('move');
  const [f, setF] = useState<Fields>({});
  const [leave, setLeave] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const set = (k: string) => (v: string | null) => setF((cur) => ({ ...cur, [k]: v ?? '' }));

  useEffect(() => {
    if (!opened) return;
    submit.reset();
    setF({});
    setLeave([]);
    setNote('');
    setPersonId(null);
  }, [opened]);
  useEffect(() => {
    // A person with one institution moves from it; the name form starts from the current names.
    if (!subject) return;
    setF((cur) => ({
      ...cur,
      fromInstitutionId: cur.fromInstitutionId || (subject.institutions.length === 1 ? subject.institutions[0]!.id : ''),
      familyNameJa: cur.familyNameJa ?? subject.familyNameJa,
      givenNameJa: cur.givenNameJa ?? subject.givenNameJa,
      familyNameKana: cur.familyNameKana ?? subject.familyNameKana,
      givenNameKana: cur.givenNameKana ?? subject.givenNameKana,
      familyNameEn: cur.familyNameEn ?? subject.familyNameEn,
      givenNameEn: cur.givenNameEn ?? subject.givenNameEn,
    }));
  }, [subject]);

  const myInstitutions = useMemo(() => (subject?.institutions ?? []).map((i) => ({ value: i.id, label: refName(i, lang) })), [subject, lang]);
  const myGroups = useMemo(() => (subject?.researchGroups ?? []).map((g) => ({ value: g.id, label: refName(g, lang) })), [subject, lang]);
  const allInstitutions = (options?.institutions ?? []).map((i) => ({ value: i.id, label: `${refName(i, lang)} (${i.code})` }));
  const otherGroups = (options?.researchGroups ?? []).filter((g) => !subject?.researchGroups.some((x) => x.id === g.id)).map((g) => ({ value: g.id, label: refName(g, lang) }));
  const fieldError = (path: string) => {
    const issue = (submit.error as { fieldIssues?: { path: string }[] } | null)?.fieldIssues?.find((i) => i.path.replace(/^body\./, '') === path);
    return issue ? t('registration.invalid') : undefined;
  };

  const body = (): SubmitRegistrationChangeInput => {
    const change = (() => {
      switch (kind) {
        case 'move':
          return { kind, fromInstitutionId: f.fromInstitutionId ?? '', toInstitutionId: f.toInstitutionId ?? '', effectiveDate: f.effectiveDate ?? '', leaveResearchGroupIds: leave };
        case 'name':
          return { kind, familyNameJa: f.familyNameJa ?? '', givenNameJa: f.givenNameJa ?? '', familyNameKana: f.familyNameKana ?? '', givenNameKana: f.givenNameKana ?? '', familyNameEn: f.familyNameEn ?? '', givenNameEn: f.givenNameEn ?? '' };
        case 'email':
          return { kind, email: f.email ?? '' };
        case 'join_group':
        case 'leave_group':
          return { kind, researchGroupId: f.researchGroupId ?? '' };
        case 'retire':
          return { kind, effectiveDate: f.effectiveDate ?? '' };
      }
    })();
    return { personId: personId ?? undefined, change, note: note || null };
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('registration.newTitle')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit.mutate(body(), { onSuccess: onClose });
        }}
      >
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
              value={personId}
              onChange={setPersonId}
              data={(colleagues?.items ?? []).filter((p) => p.id !== me).map((p) => ({ value: p.id, label: lang === 'ja' ? `${p.familyNameJa} ${p.givenNameJa}` : `${p.givenNameEn} ${p.familyNameEn}` }))}
            />
          )}
          <Select
            label={t('registration.kindLabel')}
            required
            allowDeselect={false}
            value={kind}
            onChange={(v) => v && setKind(v as RegistrationChangeKind)}
            data={REGISTRATION_CHANGE_KINDS.map((k) => ({ value: k, label: t(`registration.kind.${k}`) }))}
          />
          {kind === 'move' && (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select label={t('registration.from')} required data={myInstitutions} value={f.fromInstitutionId || null} onChange={set('fromInstitutionId')} error={fieldError('change.fromInstitutionId')} />
                <Select label={t('registration.to')} required searchable data={allInstitutions} value={f.toInstitutionId || null} onChange={set('toInstitutionId')} error={fieldError('change.toInstitutionId')} />
              </SimpleGrid>
              <TextInput type="date" label={t('registration.effectiveDate')} required value={f.effectiveDate ?? ''} onChange={(e) => set('effectiveDate')(e.currentTarget.value)} error={fieldError('change.effectiveDate')} />
              {myGroups.length > 0 && <MultiSelect label={t('registration.leaveGroups')} description={t('registration.leaveGroupsHint')} data={myGroups} value={leave} onChange={setLeave} />}
            </>
          )}
          {kind === 'name' && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {(['familyNameJa', 'givenNameJa', 'familyNameKana', 'givenNameKana', 'familyNameEn', 'givenNameEn'] as const).map((k) => (
                <TextInput key={k} label={t(`registration.names.${k}`)} required={k === 'familyNameJa' || k === 'familyNameEn'} value={f[k] ?? ''} onChange={(e) => set(k)(e.currentTarget.value)} error={fieldError(`change.${k}`)} />
              ))}
            </SimpleGrid>
          )}
          {kind === 'email' && <TextInput type="email" label={t('registration.newEmail')} required value={f.email ?? ''} onChange={(e) => set('email')(e.currentTarget.value)} error={fieldError('change.email')} />}
          {kind === 'join_group' && <Select label={t('registration.group')} required searchable data={otherGroups} value={f.researchGroupId || null} onChange={set('researchGroupId')} error={fieldError('change.researchGroupId')} />}
          {kind === 'leave_group' && (
            <>
              <Select label={t('registration.group')} required data={myGroups} value={f.researchGroupId || null} onChange={set('researchGroupId')} error={fieldError('change.researchGroupId')} />
              <Alert color="blue">{t('registration.leaveNotice')}</Alert>
            </>
          )}
          {kind === 'retire' && (
            <>
              <TextInput type="date" label={t('registration.retireDate')} required value={f.effectiveDate ?? ''} onChange={(e) => set('effectiveDate')(e.currentTarget.value)} error={fieldError('change.effectiveDate')} />
              <Alert color="yellow">{t('registration.retireNotice')}</Alert>
            </>
          )}
          <Textarea label={t('registration.note')} autosize minRows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
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
