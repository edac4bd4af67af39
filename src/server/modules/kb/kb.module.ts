import type { KbDeps } from './kb.deps.js';
import { createKbArticles } from './kb-articles.service.js';
import { createKbCategories } from './kb-categories.service.js';
import { createKbPublic, portalReader } from './kb-public.service.js';
import { createKbReader } from './kb-reader.service.js';

/** Wires the knowledge-base use cases once per app. */
export const createKbModule = (deps: KbDeps) => {
  const reader = createKbReader(deps);
  return {
    categories: createKbCategories(deps),
    articles: createKbArticles(deps),
    reader,
    /** Readers' use cases for a portal contact's context. */
    portalReader,
    public: createKbPublic(deps, reader),
  };
};

export type KbModule = ReturnType<typeof createKbModule>;
