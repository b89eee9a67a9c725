import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../lib/use-page-title.js';
import { Brand } from './brand.js';
import { LanguageSwitch } from './language-switch.js';

interface AuthCardProps {
  /** The form's heading (h2); the product name is the page's h1. */
  heading: string;
  children: ReactNode;
  width?: number;
}

/** The centred card used by sign-in and first-run setup. */
export function AuthCard({ heading, children, width = 420 }: AuthCardProps) {
  const { t } = useTranslation();
  usePageTitle(heading);
  return (
    <Box mih="100vh" bg="gray.0" style={{ display: 'flex', flexDirection: 'column' }}>
      <Box component="header" p="md" style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <LanguageSwitch />
      </Box>
      <Center component="main" style={{ flex: 1 }} px="md" pb={64}>
        <Stack w="100%" maw={width} gap="lg">
          <Stack gap={6} align="center">
            <Title order={1} style={{ fontSize: 'inherit' }}>
              <Brand size="lg" />
            </Title>
            <Text c="dimmed" size="sm" ta="center">
              {t('app.tagline')}
            </Text>
          </Stack>
          <Paper withBorder shadow="sm" p="xl" radius="md">
            <Title order={2} fz={20} mb="md">
              {heading}
            </Title>
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
