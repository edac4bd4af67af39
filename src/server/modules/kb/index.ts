export { createKbModule, type KbModule } from './kb.module.js';
export { kbPortalRoutes, kbPublicRoutes, kbRoutes } from './kb.routes.js';
export { kbArticles, kbArticleTranslations, kbArticleVotes, kbCategories } from './kb.table.js';
