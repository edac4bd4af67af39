import { Anchor, Badge, Group, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import type { Account, Contact, CustomFieldDef, ListEntity } from './customers-api';
import { type CustomerFormat, customValueText, isKnownTier, phoneHref, TIER_COLOR } from './customers-format';
import type { TableColumn } from './virtual-table';

type Row = Account | Contact;

/** Standard columns per entity, in their default order; `name` is always shown. */
export const STANDARD_COLUMNS: Record<ListEntity, readonly string[]> = {
  account: ['name', 'number', 'phone', 'email', 'owner', 'tier', 'status', 'tags'],
  contact: ['name', 'number', 'account', 'title', 'phone', 'email', 'owner', 'tags'],
};

export const cfColumnKey = (key: string) => `cf.${key}`;

interface ColumnContext {
  t: TFunction;
  format: CustomerFormat;
  defs: CustomFieldDef[];
  userName: (id: string | null | undefined) => string | null;
}

const isAccount = (row: Row): row is Account => 'kind' in row;
export const rowName = (row: Row) => (isAccount(row) ? row.name : row.fullName);
export const rowPath = (row: Row) =>
  isAccount(row) ? `/customers/accounts/${row.id}` : `/customers/contacts/${row.id}`;

const Dimmed = ({ children }: { children: string }) => (
  <Text span size="sm" c="dimmed">
    {children}
  </Text>
);

/** Every column the entity's list can show, standard ones first, then one per custom field. */
export const buildColumns = (entity: ListEntity, ctx: ColumnContext): Map<string, TableColumn<Row>> => {
  const { t, format } = ctx;
  const columns: TableColumn<Row>[] = [
    {
      key: 'name',
      header: t('customers.columns.name'),
      width: 240,
      sortKey: 'name',
      render: (row) => (
        <Anchor component={Link} to={rowPath(row)} size="sm" fw={500}>
          <span dir="auto">{rowName(row)}</span>
        </Anchor>
      ),
    },
    {
      key: 'number',
      header: t('customers.columns.number'),
      width: 84,
      sortKey: 'number',
      render: (row) => <bdi>{row.number}</bdi>,
    },
    ...(entity === 'contact'
      ? [
          {
            key: 'account',
            header: t('customers.columns.account'),
            width: 200,
            render: (row: Row) => {
              if (isAccount(row)) return null;
              const primary = row.accounts.find((a) => a.isPrimary) ?? row.accounts[0];
              if (!primary) return <Dimmed>—</Dimmed>;
              return (
                <Anchor component={Link} to={`/customers/accounts/${primary.accountId}`} size="sm">
                  <span dir="auto">{primary.name}</span>
                  {row.accounts.length > 1 ? <Dimmed>{` +${row.accounts.length - 1}`}</Dimmed> : null}
                </Anchor>
              );
            },
          },
          {
            key: 'title',
            header: t('customers.columns.title'),
            width: 160,
            render: (row: Row) => (isAccount(row) ? null : <span dir="auto">{row.title ?? ''}</span>),
          },
        ]
      : []),
    {
      key: 'phone',
      header: t('customers.columns.phone'),
      width: 150,
      render: (row) => {
        const phone = row.phones[0];
        return phone ? (
          <Anchor href={phoneHref(phone)} size="sm" c="inherit">
            <bdi dir="ltr">{phone.raw}</bdi>
          </Anchor>
        ) : null;
      },
    },
    {
      key: 'email',
      header: t('customers.columns.email'),
      width: 210,
      render: (row) => {
        const email = row.emails[0];
        return email ? (
          <Anchor href={`mailto:${email}`} size="sm" c="inherit">
            <bdi>{email}</bdi>
          </Anchor>
        ) : null;
      },
    },
    {
      key: 'owner',
      header: t('customers.columns.owner'),
      width: 130,
      render: (row) => <span dir="auto">{ctx.userName(row.ownerId) ?? ''}</span>,
    },
    ...(entity === 'account'
      ? [
          {
            key: 'tier',
            header: t('customers.columns.tier'),
            width: 100,
            render: (row: Row) =>
              isAccount(row) ? (
                <Badge
                  tt="none"
                  variant="light"
                  color={isKnownTier(row.tier) ? TIER_COLOR[row.tier] : 'gray'}
                >
                  {format.tier(row.tier)}
                </Badge>
              ) : null,
          },
          {
            key: 'status',
            header: t('customers.columns.status'),
            width: 104,
            render: (row: Row) =>
              isAccount(row) ? (
                <Badge tt="none" variant="dot" color={row.status === 'active' ? 'teal' : 'gray'}>
                  {t(`customers.status.${row.status}`)}
                </Badge>
              ) : null,
          },
        ]
      : []),
    {
      key: 'tags',
      header: t('customers.columns.tags'),
      width: 170,
      render: (row) => (
        <Group gap={4} wrap="nowrap">
          {row.tags.slice(0, 3).map((tag) => (
            <Badge key={tag} size="sm" variant="outline" color="gray" tt="none">
              <span dir="auto">{tag}</span>
            </Badge>
          ))}
          {row.tags.length > 3 ? <Dimmed>{`+${row.tags.length - 3}`}</Dimmed> : null}
        </Group>
      ),
    },
    ...ctx.defs.map((def) => ({
      key: cfColumnKey(def.key),
      header: format.fieldLabel(def),
      width: def.type === 'long_text' ? 240 : 160,
      sortKey: cfColumnKey(def.key),
      render: (row: Row) => (
        <span dir="auto">
          {customValueText(
            def,
            row.customFields[def.key],
            format,
            (id) => ctx.userName(id),
            (yes) => (yes ? t('customers.common.yes') : t('customers.common.no')),
          )}
        </span>
      ),
    })),
  ];
  return new Map(columns.map((column) => [column.key, column]));
};
