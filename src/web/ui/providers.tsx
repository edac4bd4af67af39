import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './global.css';

import { DirectionProvider, MantineProvider, useDirection } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n';
import { directionOf, toLocale } from './locale';
import { theme } from './theme';

/** Keeps Mantine's direction in step with the UI language (the html attributes follow i18n). */
function DirectionSync() {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  useEffect(() => {
    setDirection(directionOf(toLocale(i18n.language)));
  }, [i18n.language, setDirection]);
  return null;
}

function EndSideNotifications() {
  const { dir } = useDirection();
  return <Notifications position={dir === 'rtl' ? 'bottom-left' : 'bottom-right'} limit={4} />;
}

/** Everything a Kesher web app sits in: theme, direction, notifications and the query cache. */
export function UiProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <DirectionProvider initialDirection={directionOf(currentLocale())}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <DirectionSync />
        <EndSideNotifications />
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  );
}
