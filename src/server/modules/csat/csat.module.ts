import { type CsatDeps, createCsat } from './csat.service.js';
import { createCsatPages } from './csat-page.js';

/** Wires the satisfaction-survey use cases and the public page once per app. */
export const createCsatModule = (deps: CsatDeps) => {
  const csat = createCsat(deps);
  return { csat, pages: createCsatPages(csat) };
};

export type CsatModule = ReturnType<typeof createCsatModule>;
