import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi, portalKeys, type TBranding } from '../api';
import { hasChosenLocale, setPortalLocale } from '../i18n';
import { FullPageMessage, Loading } from './page-state';

const BrandingContext = createContext<TBranding | null>(null);

const HEX = /^#([0-9a-f]{6})$/i;

/** Dark text on a light brand colour, white on a dark one (WCAG relative luminance). */
const onColour = (hex: string): string => {
  const value = HEX.exec(hex)?.[1] ?? '000000';
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(value.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.4 ? '#111' : '#fff';
};

/**
 * Loads the company's branding for the workspace in the URL: name, logo, primary colour (as the CSS
 * custom property --portal-primary) and, unless the visitor chose one, the default language.
 */
export function BrandingProvider({ workspace, children }: { workspace: string; children: ReactNode }) {
  const { t } = useTranslation('portal');
  const branding = useQuery({
    queryKey: portalKeys.branding(workspace),
    queryFn: () => portalApi.branding(workspace),
    staleTime: 5 * 60_000,
  });
  const data = branding.data;

  useEffect(() => {
    if (!data) return;
    const style = document.documentElement.style;
    if (HEX.test(data.primaryColor)) {
      style.setProperty('--portal-primary', data.primaryColor);
      style.setProperty('--portal-on-primary', onColour(data.primaryColor));
    }
    if (!hasChosenLocale()) void setPortalLocale(data.defaultLocale, false);
  }, [data]);

  if (branding.isPending) return <Loading />;
  if (branding.isError || !data) {
    return (
      <FullPageMessage title={t('shell.unknownWorkspace.title')} body={t('shell.unknownWorkspace.body')} />
    );
  }
  return <BrandingContext.Provider value={data}>{children}</BrandingContext.Provider>;
}

export const useBranding = (): TBranding => {
  const value = useContext(BrandingContext);
  if (!value) throw new Error('useBranding outside <BrandingProvider>');
  return value;
};

/** The name customers see: the portal's own name, else the company's. */
export const usePortalName = (): string => {
  const b = useBranding();
  return b.portalName ?? b.tenant.name;
};

/** Sets the tab title to "<page> · <portal name>". */
export const useDocumentTitle = (page: string) => {
  const name = usePortalName();
  useEffect(() => {
    document.title = page ? `${page} · ${name}` : name;
  }, [page, name]);
};
