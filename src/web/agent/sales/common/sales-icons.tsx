import type { ReactNode } from 'react';
import type { IconProps } from '../../../ui/icons';

// Icons the sales screens need beyond src/web/ui/icons.tsx, drawn on the same 24px outline grid.
function SalesIcon({
  size = 20,
  mirrored = false,
  className,
  children,
  ...rest
}: IconProps & { children: ReactNode }) {
  const classes = [mirrored ? 'kesher-mirror' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={classes || undefined}
      {...rest}
    >
      {children}
    </svg>
  );
}

export const IconBoard = (props: IconProps) => (
  <SalesIcon {...props}>
    <rect x="3" y="4" width="5" height="16" rx="1.5" />
    <rect x="10" y="4" width="5" height="11" rx="1.5" />
    <rect x="17" y="4" width="4" height="7" rx="1.5" />
  </SalesIcon>
);
export const IconList = (props: IconProps) => (
  <SalesIcon {...props}>
    <path d="M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01" />
  </SalesIcon>
);
export const IconTarget = (props: IconProps) => (
  <SalesIcon {...props}>
    <circle cx="12" cy="12" r="8.5" />
    <circle cx="12" cy="12" r="4.5" />
    <circle cx="12" cy="12" r="0.8" />
  </SalesIcon>
);
export const IconChecklist = (props: IconProps) => (
  <SalesIcon {...props}>
    <path d="M4 6.5l1.5 1.5 3-3M4 13.5l1.5 1.5 3-3" />
    <path d="M12 7h8M12 14h8M5 20h15" />
  </SalesIcon>
);
export const IconHandshake = (props: IconProps) => (
  <SalesIcon {...props}>
    <path d="M3 11l4-4 4 2 3-2 4 1 3 3" />
    <path d="M7 7l-1 7 4 4 2-1 2 2 2-1 2-4 2-2" />
    <path d="M11 13l2 2M13 11l2 2" />
  </SalesIcon>
);
export const IconArrowsMove = (props: IconProps) => (
  <SalesIcon {...props}>
    <path d="M12 3v18M3 12h18" />
    <path d="M9 6l3-3 3 3M9 18l3 3 3-3M6 9l-3 3 3 3M18 9l3 3-3 3" />
  </SalesIcon>
);
export const IconCalendar = (props: IconProps) => (
  <SalesIcon {...props}>
    <rect x="3.5" y="5" width="17" height="15" rx="2" />
    <path d="M3.5 10h17M8 3v4M16 3v4" />
  </SalesIcon>
);
export const IconForm = (props: IconProps) => (
  <SalesIcon {...props}>
    <rect x="4" y="3" width="16" height="18" rx="2" />
    <path d="M8 8h8M8 12h8M8 16h4" />
  </SalesIcon>
);
export const IconArrowUp = (props: IconProps) => (
  <SalesIcon {...props}>
    <path d="M12 19V5M6 11l6-6 6 6" />
  </SalesIcon>
);
export const IconArrowDown = (props: IconProps) => (
  <SalesIcon {...props}>
    <path d="M12 5v14M6 13l6 6 6-6" />
  </SalesIcon>
);
export const IconConvert = ({ mirrored = true, ...props }: IconProps) => (
  <SalesIcon mirrored={mirrored} {...props}>
    <path d="M4 7h13l-3-3M20 17H7l3 3" />
  </SalesIcon>
);
export const IconEdit = (props: IconProps) => (
  <SalesIcon {...props}>
    <path d="M4 20h4L19 9l-4-4L4 16z" />
    <path d="M13.5 6.5l4 4" />
  </SalesIcon>
);
export const IconBell = (props: IconProps) => (
  <SalesIcon {...props}>
    <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z" />
    <path d="M10 20.5a2 2 0 0 0 4 0" />
  </SalesIcon>
);
export const IconLink = (props: IconProps) => (
  <SalesIcon {...props}>
    <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" />
    <path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
  </SalesIcon>
);
