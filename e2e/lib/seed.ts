import type { BrowserContext } from 'playwright-core';
import type { Lang } from './i18n.js';

export type Owner = {
  orgName: string;
  slug: string;
  name: string;
  email: string;
  password: string;
  locale: Lang;
};

export const OWNER: Owner = {
  orgName: 'גליל לוגיסטיקה',
  slug: 'galil',
  name: 'דנה כהן',
  email: 'dana@galil.example',
  password: 'Correct-Horse-Galil-42',
  locale: 'he',
};

/**
 * Creates the server's first organization through the API with the context's own request client,
 * so the context is signed in as its owner afterwards (the session cookie lands in its jar).
 */
export const signupOwner = async (context: BrowserContext, owner: Owner = OWNER): Promise<Owner> => {
  const res = await context.request.post('/api/v1/signup', {
    data: {
      organization: { name: owner.orgName, slug: owner.slug },
      owner: { name: owner.name, email: owner.email, password: owner.password },
      locale: owner.locale,
    },
  });
  if (!res.ok()) throw new Error(`signup failed: ${res.status()} ${await res.text()}`);
  return owner;
};
