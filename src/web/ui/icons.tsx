import type { ReactNode, SVGProps } from 'react';

// A small local icon set (outline, 24px grid): no icon package, no network.
export interface IconProps extends Omit<SVGProps<SVGSVGElement>, 'children'> {
  size?: number | string;
  /** Flip horizontally in right-to-left layouts (for icons that point a direction). */
  mirrored?: boolean;
}

function SvgIcon({
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

export const IconSearch = (props: IconProps) => (
  <SvgIcon {...props}>
    <circle cx="10.5" cy="10.5" r="6.5" />
    <path d="M20 20l-4.8-4.8" />
  </SvgIcon>
);
export const IconUsers = (props: IconProps) => (
  <SvgIcon {...props}>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M3 20v-1.5A4.5 4.5 0 0 1 7.5 14h3a4.5 4.5 0 0 1 4.5 4.5V20" />
    <path d="M16 4.3a3.5 3.5 0 0 1 0 7.4" />
    <path d="M21 20v-1.5a4.5 4.5 0 0 0-3-4.2" />
  </SvgIcon>
);
export const IconBuilding = (props: IconProps) => (
  <SvgIcon {...props}>
    <path d="M3 21h18" />
    <path d="M5 21V6l8-3v18" />
    <path d="M19 21V10l-6-2" />
    <path d="M9 8v.01M9 11v.01M9 14v.01M9 17v.01" />
  </SvgIcon>
);
export const IconTicket = (props: IconProps) => (
  <SvgIcon {...props}>
    <path d="M5 5h14a2 2 0 0 1 2 2v3a2 2 0 0 0 0 4v3a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-3a2 2 0 0 0 0-4V7a2 2 0 0 1 2-2z" />
    <path d="M15 5v2M15 11v2M15 17v2" />
  </SvgIcon>
);
export const IconWindow = (props: IconProps) => (
  <SvgIcon {...props}>
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <path d="M3 9h18M6.5 6.5h.01M9.5 6.5h.01" />
  </SvgIcon>
);
export const IconChart = (props: IconProps) => (
  <SvgIcon {...props}>
    <path d="M4 4v16h16" />
    <path d="M8 15l3.5-4 3 2.5L20 7" />
  </SvgIcon>
);
export const IconSettings = (props: IconProps) => (
  <SvgIcon {...props}>
    <path d="M4 6h8M16 6h4M4 12h2M10 12h10M4 18h10M18 18h2" />
    <circle cx="14" cy="6" r="2" />
    <circle cx="8" cy="12" r="2" />
    <circle cx="16" cy="18" r="2" />
  </SvgIcon>
);
export const IconUser = (props: IconProps) => (
  <SvgIcon {...props}>
    <circle cx="12" cy="8" r="4" />
    <path d="M5 21v-1.5A5.5 5.5 0 0 1 10.5 14h3a5.5 5.5 0 0 1 5.5 5.5V21" />
  </SvgIcon>
);
export const IconLogout = ({ mirrored = true, ...props }: IconProps) => (
  <SvgIcon mirrored={mirrored} {...props}>
    <path d="M14 8V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2-2v-2" />
    <path d="M9 12h12M18 9l3 3-3 3" />
  </SvgIcon>
);
export const IconLanguage = (props: IconProps) => (
  <SvgIcon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M3.6 9h16.8M3.6 15h16.8" />
    <path d="M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
  </SvgIcon>
);
export const IconKey = (props: IconProps) => (
  <SvgIcon {...props}>
    <circle cx="8" cy="15" r="4" />
    <path d="M10.8 12.2L19 4M17 6l2.5 2.5M14.5 8.5l2 2" />
  </SvgIcon>
);
export const IconShield = (props: IconProps) => (
  <SvgIcon {...props}>
    <path d="M12 3l8 3v6c0 4.8-3.4 8-8 9-4.6-1-8-4.2-8-9V6z" />
    <path d="M9 12l2 2 4-4" />
  </SvgIcon>
);
export const IconCopy = (props: IconProps) => (
  <SvgIcon {...props}>
    <rect x="8" y="8" width="12" height="12" rx="2" />
    <path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" />
  </SvgIcon>
);
export const IconCheck = (props: IconProps) => (
  <SvgIcon {...props}>
    <path d="M5 12.5l4.5 4.5L19 7.5" />
  </SvgIcon>
);
export const IconAlert = (props: IconProps) => (
  <SvgIcon {...props}>
    <path d="M12 9v4M12 16.5h.01" />
    <path d="M10.3 3.9L2 18a2 2 0 0 0 1.7 3h16.6a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
  </SvgIcon>
);
export const IconInfo = (props: IconProps) => (
  <SvgIcon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5M12 8h.01" />
  </SvgIcon>
);
export const IconDownload = (props: IconProps) => (
  <SvgIcon {...props}>
    <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2M7 11l5 5 5-5M12 4v12" />
  </SvgIcon>
);
export const IconPlus = (props: IconProps) => (
  <SvgIcon {...props}>
    <path d="M12 5v14M5 12h14" />
  </SvgIcon>
);
export const IconMail = (props: IconProps) => (
  <SvgIcon {...props}>
    <rect x="3" y="5" width="18" height="14" rx="2" />
    <path d="M3.5 7l8.5 6 8.5-6" />
  </SvgIcon>
);
export const IconInbox = (props: IconProps) => (
  <SvgIcon {...props}>
    <rect x="4" y="4" width="16" height="16" rx="2" />
    <path d="M4 13h3.5l2 3h5l2-3H20" />
  </SvgIcon>
);
export const IconChevron = ({ mirrored = true, ...props }: IconProps) => (
  <SvgIcon mirrored={mirrored} {...props}>
    <path d="M9 6l6 6-6 6" />
  </SvgIcon>
);
export const IconCompass = (props: IconProps) => (
  <SvgIcon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M15.5 8.5l-2 5-5 2 2-5z" />
  </SvgIcon>
);
