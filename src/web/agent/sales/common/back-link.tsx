import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { IconChevron } from '../../../ui/icons';
import '../sales.css';

/** "← Deals": back to a list; the arrow points to the reading direction's start. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Anchor
      component={Link}
      to={to}
      size="sm"
      mb="xs"
      style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
    >
      <IconChevron size={16} mirrored={false} className="kesher-back-icon" />
      {label}
    </Anchor>
  );
}
