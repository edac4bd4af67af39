export { searchRoutes } from './search.routes.js';
export {
  buildSearchSql,
  createSearch,
  type ParsedSearch,
  parseSearchQuery,
  type Search,
} from './search.service.js';
export { searchDocuments } from './search.table.js';
export {
  indexSearchDocument,
  removeSearchDocument,
  type SearchDocumentInput,
  type SearchEntity,
} from './search-index.js';
