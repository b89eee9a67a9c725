import { Button } from '@mantine/core';
import { IconDeviceDesktopOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEndAllSessions } from '../../api/security.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { notify } from '../../lib/notify.js';

/** Ends everyone's sessions but the caller's (the manager and administrators), after a confirmation. */
export function EndAllSessionsButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const end = useEndAllSessions();
  const close = () => {
    setOpen(false);
    end.reset();
  };
  return (
    <>
      <Button variant="outline" color="red" leftSection={<IconDeviceDesktopOff size={16} aria-hidden />} onClick={() => setOpen(true)}>
        {t('accounts.endAll')}
      </Button>
      <ConfirmModal
        opened={open}
        onClose={close}
        title={t('accounts.endAll')}
        message={t('accounts.confirm.endAllSessions')}
        confirmLabel={t('accounts.endAll')}
        loading={end.isPending}
        error={end.error}
        onConfirm={() => end.mutate(undefined, { onSuccess: (r) => (close(), notify(t('accounts.done.sessionsEnded', { count: r.ended }))) })}
      />
    </>
  );
}
