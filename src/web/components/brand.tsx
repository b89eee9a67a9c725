import { Box, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The product mark: shield icon, 守り and Mamori. Only inline elements, so it may sit inside a heading. */
export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const { t } = useTranslation();
  const big = size === 'lg';
  const icon = big ? 44 : 30;
  return (
    <Box component="span" style={{ display: 'inline-flex', alignItems: 'center', gap: big ? 12 : 8 }}>
      <Box
        component="span"
        aria-hidden
        bg="mamori.6"
        c="white"
        style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: icon, height: icon, borderRadius: 8 }}
      >
        <IconShieldCheck size={big ? 26 : 18} stroke={1.8} />
      </Box>
      <Box component="span" style={{ display: 'inline-flex', alignItems: 'baseline', gap: 6, whiteSpace: 'nowrap' }}>
        <Text span fw={700} fz={big ? 26 : 18} lh={1.1} c="mamori.8">
          {t('app.nameJa')}
        </Text>{' '}
        {/* on narrow screens the header keeps only 守り */}
        <Text span fw={600} fz={big ? 20 : 15} lh={1.1} c="gray.8" visibleFrom={big ? undefined : 'xs'}>
          {t('app.nameEn')}
        </Text>
      </Box>
    </Box>
  );
}
