import type {
  TConnectorConfig,
  TConnectorCredentials,
  TCsvUrlConfig,
  THttpCredentials,
  TJsonHttpConfig,
  TPriorityConnectorConfig,
  TPriorityCredentials,
} from '../../../shared/connectors.schemas.js';
import { assertUnreachable } from '../../platform/http/actor.js';
import type { CallBudget } from './call-budget.js';
import type { ConnectorRow } from './erp-sync.table.js';
import { readCsvUrl, readJsonHttp } from './generic-sources.js';
import { readPriority } from './priority-client.js';

export type ReadOpts = {
  budget: CallBudget;
  since?: Date | undefined;
  limit?: number | undefined;
};

/** The pages of a connector's source, whatever its kind. */
export const readSource = (
  kind: ConnectorRow['kind'],
  config: TConnectorConfig,
  credentials: TConnectorCredentials | undefined,
  o: ReadOpts,
): AsyncGenerator<Array<Record<string, unknown>>> => {
  switch (kind) {
    case 'priority':
      return readPriority(config as TPriorityConnectorConfig, {
        ...o,
        credentials: credentials as TPriorityCredentials,
      });
    case 'json_http':
      return readJsonHttp(config as TJsonHttpConfig, {
        ...o,
        credentials: credentials as THttpCredentials | undefined,
      });
    case 'csv_url':
      return readCsvUrl(config as TCsvUrlConfig, {
        ...o,
        credentials: credentials as THttpCredentials | undefined,
      });
    default:
      return assertUnreachable(kind);
  }
};

/** Incremental runs need a source that can say what changed: only Priority's $since here. */
export const supportsIncremental = (kind: ConnectorRow['kind']) => kind === 'priority';
