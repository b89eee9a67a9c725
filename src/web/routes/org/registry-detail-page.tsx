import { Anchor, Breadcrumbs, Button, Paper, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPencil, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../lib/notify.js';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useOrgOptions } from '../../api/org-options.js';
import { useRegistryItem, useSetRegistryItemActive, type RegistryName } from '../../api/registry.js';
import { useCan } from '../../api/session.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useLang } from '../../lib/use-lang.js';
import { NotFoundPage } from '../errors/not-found-page.js';
import { RegistryFormModal } from './registry-form-modal.js';
import type { RegistryConfig } from './registry-types.js';

/** One registry entry: its fields, and edit / deactivate / reactivate for those who manage the registry. */
export function RegistryDetailPage<N extends RegistryName>({ config }: { config: RegistryConfig<N> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const { id } = useParams();
  const query = useRegistryItem(config.name, id);
  const org = useOrgOptions(config.name === 'studies');
  const setActive = useSetRegistryItemActive(config.name);
  const [editing, edit] = useDisclosure(false);
  const [confirming, confirm] = useDisclosure(false);
  const manage = can('org.manage');

  if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundPage />;

  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to={config.path} size="sm">
        {t(`${config.i18n}.title`)}
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
  const item = query.data;
  if (!item) return <Loading />;

  const name = config.displayName(item, lang);
  const entity = t(`${config.i18n}.singular`);
  const ctx = { t, lang, org: org.data };
  const toggle = () =>
    setActive.mutate(
      { id: item.id, active: !item.active },
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
      {item.active ? (
        <Button variant="outline" color="red" leftSection={<IconPlayerPause size={16} aria-hidden />} onClick={confirm.open}>
          {t('common.deactivate')}
        </Button>
      ) : (
        <Button variant="outline" leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={confirm.open}>
          {t('common.reactivate')}
        </Button>
      )}
    </>
  ) : null;

  return (
    <Stack gap={0}>
      <PageHeader title={name} above={crumbs} badge={<StatusBadge active={item.active} />} actions={actions} />
      <Paper withBorder radius="md" p="lg" maw={880}>
        <DetailList items={config.details(item, ctx)} />
      </Paper>
      {manage && (
        <>
          <RegistryFormModal config={config} opened={editing} onClose={edit.close} item={item} />
          <ConfirmModal
            opened={confirming}
            onClose={() => {
              confirm.close();
              setActive.reset();
            }}
            title={t(item.active ? 'registry.deactivateTitle' : 'registry.reactivateTitle', { entity })}
            message={t(item.active ? 'registry.deactivateBody' : 'registry.reactivateBody', { name })}
            confirmLabel={item.active ? t('common.deactivate') : t('common.reactivate')}
            color={item.active ? 'red' : undefined}
            loading={setActive.isPending}
            error={setActive.error}
            onConfirm={toggle}
          />
        </>
      )}
    </Stack>
  );
}
