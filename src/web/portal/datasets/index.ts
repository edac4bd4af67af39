// The portal's data tables: routed by the portal app at /portal/:workspace/data and …/data/:key.
export { DatasetTablePage } from './dataset-table-page';
export { DatasetsListPage } from './datasets-list-page';
