export { searchDocuments } from './search.table.js';
export {
  indexSearchDocument,
  removeSearchDocument,
  type SearchDocumentInput,
  type SearchEntity,
} from './search-index.js';
