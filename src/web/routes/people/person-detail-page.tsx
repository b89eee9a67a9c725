import { Anchor, Breadcrumbs, Button, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPencil, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../lib/notify.js';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useOrgOptions, type Ref } from '../../api/org-options.js';
import { usePerson, useSetPersonActive } from '../../api/people.js';
import { useCan, useSession } from '../../api/session.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatTokyo, personName, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { NotFoundPage } from '../errors/not-found-page.js';
import { kanaName } from './person-columns.js';
import { PersonFormModal } from './person-form-modal.js';
import { RoleAssignmentsTable } from './role-assignments-table.js';
import { AccountPanel } from '../accounts/account-panel.js';
import { AccountStatusBadge } from '../accounts/account-ui.js';
import { PersonAcknowledgments } from '../documents/person-acknowledgments.js';

/** One person: names, contact, memberships and roles; edit and (de)activate for registry managers. */
export function PersonDetailPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const session = useSession();
  const { id } = useParams();
  const query = usePerson(id);
  const manage = can('person.manage');
  const org = useOrgOptions();
  const setActive = useSetPersonActive();
  const [editing, edit] = useDisclosure(false);
  const [confirming, confirm] = useDisclosure(false);

  if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundPage />;
  const crumbs = (
    <Breadcrumbs>
      <Anchor component={Link} to="/people" size="sm">
        {t('people.title')}
      </Anchor>
    </Breadcrumbs>
  );
  if (query.error) {
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={query.error} />
      </Stack>
    );
  }
  const p = query.data;
  if (!p) return <Loading />;

  const name = personName(p, lang);
  const list = (refs: Ref[]) => (refs.length ? refs.map((r) => refName(r, lang)).join(lang === 'ja' ? '、' : ', ') : null);
  const toggle = () =>
    setActive.mutate(
      { id: p.id, active: !p.active },
      {
        onSuccess: (saved) => {
          confirm.close();
          notify(t(saved.active ? 'registry.reactivated' : 'registry.deactivated', { name }));
        },
      },
    );

  const actions = manage ? (
    <>
      <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={edit.open}>
        {t('common.edit')}
      </Button>
      {p.active ? (
        // Nobody deactivates themselves (the server refuses it too).
        p.id !== session.data?.person?.id && (
        <Button variant="outline" color="red" leftSection={<IconPlayerPause size={16} aria-hidden />} onClick={confirm.open}>
          {t('common.deactivate')}
        </Button>
        )
      ) : (
        <Button variant="outline" leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={confirm.open}>
          {t('common.reactivate')}
        </Button>
      )}
    </>
  ) : null;

  return (
    <Stack gap="lg">
      <PageHeader title={name} above={crumbs} badge={<StatusBadge active={p.active} />} description={p.email} actions={actions} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="lg">
          <Title order={2} fz="lg" mb="md">
            {t('person.profile')}
          </Title>
          <DetailList
            items={[
              { label: t('person.nameKanji'), value: personName(p, 'ja') },
              { label: t('person.nameKana'), value: kanaName(p) },
              { label: t('person.nameEnglish'), value: personName(p, 'en') },
              { label: t('auth.email'), value: p.email },
              { label: t('person.account'), value: <AccountStatusBadge status={p.accountStatus} /> },
              { label: t('person.note'), value: p.note },
              { label: t('fields.createdAt'), value: formatTokyo(p.createdAt) },
              { label: t('fields.updatedAt'), value: formatTokyo(p.updatedAt) },
              ...(p.deactivatedAt ? [{ label: t('person.deactivatedAt'), value: formatTokyo(p.deactivatedAt) }] : []),
            ]}
          />
        </Paper>
        <Paper withBorder radius="md" p="lg">
          <Title order={2} fz="lg" mb="md">
            {t('person.memberships')}
          </Title>
          <DetailList
            items={[
              { label: t('fields.unit'), value: p.unit ? refName(p.unit, lang) : null },
              { label: t('person.institutions'), value: list(p.institutions) },
              { label: t('person.researchGroups'), value: list(p.researchGroups) },
              { label: t('person.committees'), value: list(p.committees) },
            ]}
          />
          <Title order={2} fz="lg" mt="xl" mb="sm">
            {t('person.roles')}
          </Title>
          <RoleAssignmentsTable person={p} org={org.data} />
        </Paper>
      </SimpleGrid>
      <AccountPanel personId={p.id} />
      <PersonAcknowledgments personId={p.id} />
      {manage && (
        <>
          <PersonFormModal opened={editing} onClose={edit.close} person={p} />
          <ConfirmModal
            opened={confirming}
            onClose={() => {
              confirm.close();
              setActive.reset();
            }}
            title={t(p.active ? 'people.deactivateTitle' : 'people.reactivateTitle')}
            message={t(p.active ? 'people.deactivateBody' : 'people.reactivateBody', { name })}
            confirmLabel={p.active ? t('common.deactivate') : t('common.reactivate')}
            color={p.active ? 'red' : undefined}
            loading={setActive.isPending}
            error={setActive.error}
            onConfirm={toggle}
          />
        </>
      )}
    </Stack>
  );
}
