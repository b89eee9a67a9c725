import { Anchor, Button, Group } from '@mantine/core';
import { IconArrowLeft, IconList } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ImportPage } from '../../imports/import-page.js';

/**
 * Moving a spreadsheet register into Mamori: the asset import (CSV or Excel, all or nothing),
 * reached from the asset list. Every row is checked as the register's form checks it.
 */
export function AssetImportPage() {
  const { t } = useTranslation();
  return (
    <ImportPage
      kinds={['assets']}
      title={t('assetImport.title')}
      description={t('assetImport.description')}
      above={
        <Anchor component={Link} to="/assets" size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            {t('assetImport.back')}
          </Group>
        </Anchor>
      }
      after={() => (
        <Group>
          <Button component={Link} to="/assets?sort=updatedAt&dir=desc" variant="light" leftSection={<IconList size={16} aria-hidden />}>
            {t('assetImport.showList')}
          </Button>
        </Group>
      )}
    />
  );
}
