import type { ReactNode } from 'react';
import type { IconProps } from '../../../ui/icons';

// Icons these screens need beyond src/web/ui/icons.tsx, drawn the same way (outline, 24px grid).
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

export const IconGrip = (props: IconProps) => (
  <Svg {...props}>
    <path d="M9 5h.01M15 5h.01M9 12h.01M15 12h.01M9 19h.01M15 19h.01" strokeWidth={3} />
  </Svg>
);
export const IconArrowUp = (props: IconProps) => (
  <Svg {...props}>
    <path d="M12 19V5M6 11l6-6 6 6" />
  </Svg>
);
export const IconArrowDown = (props: IconProps) => (
  <Svg {...props}>
    <path d="M12 5v14M6 13l6 6 6-6" />
  </Svg>
);
export const IconPencil = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 20h4L19 9l-4-4L4 16z" />
    <path d="M13.5 6.5l4 4" />
  </Svg>
);
export const IconTrash = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 7h16M10 11v6M14 11v6" />
    <path d="M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />
  </Svg>
);
export const IconArchive = (props: IconProps) => (
  <Svg {...props}>
    <rect x="3" y="4" width="18" height="4" rx="1" />
    <path d="M5 8v10a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8M10 12h4" />
  </Svg>
);
export const IconRestore = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 12a8 8 0 1 0 2.3-5.6L4 8.7" />
    <path d="M4 4v4.7h4.7" />
  </Svg>
);
export const IconUpload = (props: IconProps) => (
  <Svg {...props}>
    <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2M7 9l5-5 5 5M12 4v12" />
  </Svg>
);
export const IconSpreadsheet = (props: IconProps) => (
  <Svg {...props}>
    <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
    <path d="M14 3v5h5M8 12h8M8 16h8M12 12v7" />
  </Svg>
);
export const IconFields = (props: IconProps) => (
  <Svg {...props}>
    <rect x="3" y="4" width="18" height="6" rx="1.5" />
    <rect x="3" y="14" width="18" height="6" rx="1.5" />
    <path d="M7 7h5M7 17h3" />
  </Svg>
);
export const IconLayout = (props: IconProps) => (
  <Svg {...props}>
    <rect x="3" y="3" width="18" height="18" rx="2" />
    <path d="M3 9h18M10 9v12" />
  </Svg>
);
export const IconHeartbeat = (props: IconProps) => (
  <Svg {...props}>
    <path d="M3 12h4l2-5 4 10 2-5h6" />
  </Svg>
);
export const IconPipeline = (props: IconProps) => (
  <Svg {...props}>
    <rect x="3" y="4" width="5" height="16" rx="1" />
    <rect x="10" y="4" width="5" height="11" rx="1" />
    <rect x="17" y="4" width="4" height="6" rx="1" />
  </Svg>
);
