import type { ReactNode } from 'react';
import type { IconProps } from '../../ui/icons';

// Icons the customer screens need beyond src/web/ui/icons.tsx, drawn the same way (outline, 24px).
function Svg({
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

export const IconPhone = (props: IconProps) => (
  <Svg {...props}>
    <path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2" />
  </Svg>
);
export const IconSms = (props: IconProps) => (
  <Svg {...props}>
    <rect x="6" y="3" width="12" height="18" rx="2" />
    <path d="M10 17.5h4" />
  </Svg>
);
export const IconChat = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 5h16v11H9l-5 4z" />
    <path d="M8 9.5h8M8 12.5h5" />
  </Svg>
);
export const IconWhatsapp = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 20l1.4-4.2A8 8 0 1 1 8.3 18.8z" />
    <path d="M9 9.5c0 3 2.5 5.5 5.5 5.5l1-1.5-2-1-1 1a3.5 3.5 0 0 1-2-2l1-1-1-2z" />
  </Svg>
);
export const IconFax = (props: IconProps) => (
  <Svg {...props}>
    <path d="M7 9V3h10v6" />
    <rect x="3" y="9" width="18" height="8" rx="2" />
    <path d="M7 14h10v7H7z" />
  </Svg>
);
export const IconWalkIn = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 21V4a1 1 0 0 1 1-1h9a1 1 0 0 1 1 1v17" />
    <path d="M2 21h15M11.5 12h.01" />
    <path d="M19 8v9M17 15l2 2 2-2" />
  </Svg>
);
export const IconMeeting = (props: IconProps) => (
  <Svg {...props}>
    <rect x="3" y="5" width="18" height="16" rx="2" />
    <path d="M3 10h18M8 3v4M16 3v4" />
  </Svg>
);
export const IconNote = (props: IconProps) => (
  <Svg {...props}>
    <path d="M5 3h10l4 4v14H5z" />
    <path d="M15 3v4h4M8 12h8M8 16h5" />
  </Svg>
);
export const IconSystem = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="3" />
    <path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1" />
  </Svg>
);
export const IconGlobe = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
  </Svg>
);
export const IconLead = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 5h16l-6 8v6l-4 2v-8z" />
  </Svg>
);
export const IconDeal = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M15 9.5c-.5-1-1.6-1.5-3-1.5-1.7 0-3 .8-3 2s1.3 1.7 3 2 3 .8 3 2-1.3 2-3 2c-1.4 0-2.5-.5-3-1.5M12 6v2M12 16v2" />
  </Svg>
);
export const IconTag = (props: IconProps) => (
  <Svg {...props}>
    <path d="M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9z" />
    <path d="M7.5 7.5h.01" />
  </Svg>
);
export const IconTrash = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
  </Svg>
);
export const IconEdit = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 20h4L19 9l-4-4L4 16z" />
    <path d="M13.5 6.5l4 4" />
  </Svg>
);
export const IconColumns = (props: IconProps) => (
  <Svg {...props}>
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <path d="M9 4v16M15 4v16" />
  </Svg>
);
export const IconFilter = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 6h16M7 12h10M10 18h4" />
  </Svg>
);
export const IconStar = (props: IconProps) => (
  <Svg {...props}>
    <path d="M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.2L12 17.4l-5.5 2.9 1-6.2L3 9.7l6.2-.9z" />
  </Svg>
);
export const IconX = (props: IconProps) => (
  <Svg {...props}>
    <path d="M6 6l12 12M18 6L6 18" />
  </Svg>
);
export const IconSort = ({ sortDir, ...props }: IconProps & { sortDir: 'asc' | 'desc' | null }) => (
  <Svg {...props}>
    {sortDir === 'asc' ? <path d="M12 19V5M6 11l6-6 6 6" /> : null}
    {sortDir === 'desc' ? <path d="M12 5v14M6 13l6 6 6-6" /> : null}
    {sortDir === null ? <path d="M8 9l4-4 4 4M8 15l4 4 4-4" /> : null}
  </Svg>
);
/** Inbound (arrow into the phone) or outbound. Points with the reading direction. */
export const IconCallDirection = ({
  direction,
  ...props
}: IconProps & { direction: 'inbound' | 'outbound' }) => (
  <Svg mirrored {...props}>
    {direction === 'inbound' ? <path d="M17 7L7 17M7 9v8h8" /> : <path d="M7 17L17 7M9 7h8v8" />}
  </Svg>
);
export const IconUpload = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2M7 9l5-5 5 5M12 4v12" />
  </Svg>
);
