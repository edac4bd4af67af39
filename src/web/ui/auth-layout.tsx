import { Box, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Brand } from './brand';
import { LanguageToggle } from './language-toggle';
import { usePageTitle } from './page-title';

interface AuthLayoutProps {
  /** Heading and tab title. */
  title: string;
  /** Rich heading (e.g. with user-written text in <bdi>) when it differs from the plain title. */
  heading?: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
  /** Links under the card ("back to sign in", "create an organization"). */
  footer?: ReactNode;
  width?: number;
}

/** The frame of every signed-out screen: brand, language switch and one centred card. */
export function AuthLayout({ title, heading, subtitle, children, footer, width = 440 }: AuthLayoutProps) {
  usePageTitle(title);
  return (
    <Box className="kesher-auth-page">
      <Group justify="space-between" px="lg" py="md" component="header">
        <Brand />
        <LanguageToggle />
      </Group>
      <Container component="main" size={width} w="100%" py="xl" style={{ flex: 1 }}>
        <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }}>
          <Stack gap={4} mb="lg">
            <Title order={1} fz="h2">
              {heading ?? title}
            </Title>
            {subtitle ? (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            ) : null}
          </Stack>
          {children}
        </Paper>
        {footer ? (
          <Stack align="center" gap={6} mt="lg">
            {footer}
          </Stack>
        ) : null}
      </Container>
    </Box>
  );
}
