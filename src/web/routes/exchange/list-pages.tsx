import { Button, Stack } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListPagination } from '../../components/list-pagination.js';
import { ListState } from '../../components/list-state.js';
import { PageHeader } from '../../components/page-header.js';
import { useApprovals, useTransfers } from './api.js';
import { TransferTable } from './parts.js';

function SendButton() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/exchange/send" leftSection={<IconSend size={16} aria-hidden />}>
      {t('exchange.send.title')}
    </Button>
  );
}

/** Transfers addressed to me (by name or through my unit), newest first. */
export function InboxPage() {
  return <BoxPage box="inbox" />;
}

/** Transfers I sent: their state and who downloaded. */
export function OutboxPage() {
  return <BoxPage box="outbox" />;
}

function BoxPage({ box }: { box: 'inbox' | 'outbox' }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useTransfers(box, page);
  return (
    <Stack gap={0}>
      <PageHeader title={t(`exchange.${box}.title`)} description={t(`exchange.${box}.description`)} actions={<SendButton />} />
      <ListState query={list} empty={{ title: t(`exchange.${box}.empty`), description: t(`exchange.${box}.emptyHint`) }}>
        {(data) => (
          <>
            <TransferTable items={data.items} box={box} />
            <ListPagination page={page} pageSize={data.pageSize} total={data.total} onChange={setPage} />
          </>
        )}
      </ListState>
    </Stack>
  );
}

/** Special-care transfers from my unit or institution waiting for a second approval. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const list = useApprovals();
  return (
    <Stack gap={0}>
      <PageHeader title={t('exchange.queue.title')} description={t('exchange.queue.description')} />
      <ListState query={list} empty={{ title: t('exchange.queue.empty'), description: t('exchange.queue.emptyHint') }}>
        {(data) => <TransferTable items={data.items} box="queue" />}
      </ListState>
    </Stack>
  );
}
