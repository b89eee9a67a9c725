import { Alert, Anchor, Group, Stack } from '@mantine/core';
import { IconArrowLeft, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useGroupContent } from '../../api/groups.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { ContentView } from './content-view.js';
import { MyGroupIdsCard } from './my-group-ids-card.js';

/** "Group IDs" in the personal menu: my research groups and their IDs (P32-2.1.3d, e). */
export function GroupIdsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <PageHeader title={t('groups.title')} description={t('groups.description')} />
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} aria-hidden />} mb="md">
        {t('groups.rules')}
      </Alert>
      <MyGroupIdsCard withHeading={false} />
    </Stack>
  );
}

/** A research group's member-only content, read with one's personal account. */
export function GroupContentPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { groupId } = useParams();
  const content = useGroupContent(groupId);
  const name = content.data ? refName(content.data.group, lang) : '';
  return (
    <Stack gap={0}>
      <PageHeader
        title={content.data ? t('groupContent.title', { group: name }) : t('groupContent.titlePlain')}
        description={t('groupContent.description')}
        above={
          <Anchor component={Link} to="/group-ids" size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} aria-hidden />
              {t('groups.title')}
            </Group>
          </Anchor>
        }
      />
      {content.error ? <ErrorAlert error={content.error} /> : !content.data ? <Loading /> : <ContentView data={content.data} />}
    </Stack>
  );
}
