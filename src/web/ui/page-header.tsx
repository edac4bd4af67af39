import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from './page-title';

interface PageHeaderProps {
  title: string;
  description?: string;
  actions?: ReactNode;
  /** Heading level: 1 for a screen, 2 for a section inside one. */
  order?: 1 | 2;
  /** `document.title` to set; by default the title of an h1, none for an h2. `null`: leave it. */
  documentTitle?: string | null;
}

/** A screen's (or section's) heading row, with optional actions at the inline end. */
export function PageHeader({ title, description, actions, order = 1, documentTitle }: PageHeaderProps) {
  const tabTitle = documentTitle === undefined ? (order === 1 ? title : null) : documentTitle;
  return (
    <Group justify="space-between" align="flex-start" mb="lg" gap="md">
      {tabTitle ? <DocumentTitle title={tabTitle} /> : null}
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Title order={order} fz={order === 1 ? 'h2' : 'h3'}>
          {title}
        </Title>
        {description ? (
          <Text c="dimmed" size="sm" maw={720}>
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  );
}

function DocumentTitle({ title }: { title: string }) {
  usePageTitle(title);
  return null;
}
