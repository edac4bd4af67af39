export { customFieldsRoutes } from './custom-fields.routes.js';
export {
  type CustomFieldEntity,
  type CustomFields,
  checkCustomFields,
  createCustomFields,
  listDefs,
  mergeCustomFields,
} from './custom-fields.service.js';
export { customFieldDefs } from './custom-fields.table.js';
