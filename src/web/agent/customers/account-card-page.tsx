import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Center,
  Group,
  Loader,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TCardLayout } from '../../../shared/crm/card.schemas';
import { isApiError } from '../../ui/api-client';
import { IconCheck } from '../../ui/icons';
import { usePageTitle } from '../../ui/page-title';
import { problemMessage } from '../../ui/problem';
import { NotFoundPage } from '../pages/not-found-page';
import { OpenTicketsList } from '../tickets/open-tickets-list';
import { AccountFormModal } from './account-form';
import {
  AddButton,
  CallsList,
  ContactsList,
  CustomFieldValues,
  DealsList,
  EmailLinks,
  Facts,
  Panel,
  PanelEmpty,
  PhoneLinks,
  TagList,
  TasksList,
} from './card-panels';
import { ContactFormModal } from './contact-form';
import { IconDeal, IconEdit, IconNote, IconPhone } from './customer-icons';
import classes from './customers.module.css';
import { type CustomerCard, customersApi } from './customers-api';
import { isKnownTier, TIER_COLOR, useCustomerFormat } from './customers-format';
import { customersKeys, useUsers } from './customers-queries';
import { HealthDot, HealthSummary } from './health-light';
import { type QuickAction, QuickActionModal } from './quick-actions';
import { TimelinePanel } from './timeline-panel';

type PanelId = TCardLayout['panels'][number]['id'];

/** /customers/accounts/:id — the customer card. */
export function AccountCardPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const card = useQuery({ queryKey: customersKeys.card(id), queryFn: () => customersApi.card(id) });

  if (card.data) return <CardView card={card.data} updatedAt={card.dataUpdatedAt} />;
  if (card.isPending) {
    return (
      <Center py={96}>
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (isApiError(card.error) && card.error.status === 404) return <NotFoundPage />;
  return (
    <Alert color="red" variant="light" title={problemMessage(t, card.error, i18n.language)}>
      <Button size="xs" variant="light" color="red" onClick={() => void card.refetch()}>
        {t('common.retry')}
      </Button>
    </Alert>
  );
}

function CardView({ card, updatedAt }: { card: CustomerCard; updatedAt: number }) {
  const { t } = useTranslation();
  const format = useCustomerFormat();
  const users = useUsers();
  const { account } = card;
  const [action, setAction] = useState<QuickAction | null>(null);
  const [editing, setEditing] = useState(false);
  const [addingContact, setAddingContact] = useState(false);
  usePageTitle(account.name);

  const address = [account.address.street, account.address.city, account.address.zip, account.address.country]
    .filter(Boolean)
    .join(', ');
  const refs = Object.entries(account.externalRefs);

  const panels: Record<PanelId, () => ReactNode> = {
    header: () => (
      <Panel key="header" title={t('customers.card.panels.header')} wide testId="header">
        <Facts
          items={[
            { label: t('customers.fields.number'), value: <bdi>{account.number}</bdi> },
            { label: t('customers.fields.kind'), value: t(`customers.kind.${account.kind}`) },
            {
              label:
                account.kind === 'private'
                  ? t('customers.fields.idNumber')
                  : t('customers.fields.companyNumber'),
              value: account.companyNumber ? <bdi dir="ltr">{account.companyNumber}</bdi> : '—',
            },
            { label: t('customers.fields.phones'), value: <PhoneLinks phones={account.phones} /> },
            { label: t('customers.fields.emails'), value: <EmailLinks emails={account.emails} /> },
            ...(account.fax
              ? [{ label: t('customers.fields.fax'), value: <bdi dir="ltr">{account.fax}</bdi> }]
              : []),
            ...(account.website
              ? [
                  {
                    label: t('customers.fields.website'),
                    value: (
                      <Anchor href={account.website} target="_blank" rel="noopener noreferrer" size="sm">
                        <bdi>{account.website}</bdi>
                      </Anchor>
                    ),
                  },
                ]
              : []),
            ...(address
              ? [{ label: t('customers.form.sections.address'), value: <span dir="auto">{address}</span> }]
              : []),
            {
              label: t('customers.fields.owner'),
              value: <span dir="auto">{users.nameOf(account.ownerId) ?? t('customers.common.noOwner')}</span>,
            },
            { label: t('customers.fields.tags'), value: <TagList tags={account.tags} /> },
            ...(refs.length
              ? [
                  {
                    label: t('customers.form.sections.externalRefs'),
                    value: (
                      <Stack gap={0}>
                        {refs.map(([system, value]) => (
                          <bdi key={system} dir="ltr">
                            {system}: {value}
                          </bdi>
                        ))}
                      </Stack>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Panel>
    ),
    health: () => (
      <Panel key="health" title={t('customers.card.panels.health')} testId="health">
        <HealthSummary health={card.health} />
      </Panel>
    ),
    contacts: () => (
      <Panel
        key="contacts"
        title={t('customers.card.panels.contacts')}
        testId="contacts"
        action={<AddButton label={t('customers.card.addContact')} onClick={() => setAddingContact(true)} />}
      >
        <ContactsList contacts={card.contacts} />
      </Panel>
    ),
    openTasks: () => (
      <Panel
        key="openTasks"
        title={t('customers.card.panels.openTasks')}
        testId="openTasks"
        action={<AddButton label={t('customers.quick.addTask')} onClick={() => setAction('task')} />}
      >
        <TasksList tasks={card.openTasks} />
      </Panel>
    ),
    lastCalls: () => (
      <Panel
        key="lastCalls"
        title={t('customers.card.panels.lastCalls')}
        testId="lastCalls"
        action={<AddButton label={t('customers.quick.logCall')} onClick={() => setAction('call')} />}
      >
        <CallsList calls={card.lastCalls} />
      </Panel>
    ),
    openDeals: () => (
      <Panel
        key="openDeals"
        title={t('customers.card.panels.openDeals')}
        testId="openDeals"
        action={<AddButton label={t('customers.quick.newDeal')} onClick={() => setAction('deal')} />}
      >
        <DealsList deals={card.openDeals} />
      </Panel>
    ),
    openTickets: () => (
      <Panel key="openTickets" title={t('customers.card.panels.openTickets')} testId="openTickets">
        <OpenTicketsList
          items={card.openTickets}
          empty={<PanelEmpty>{t('customers.card.noTickets')}</PanelEmpty>}
        />
      </Panel>
    ),
    customFields: () => (
      <Panel key="customFields" title={t('customers.card.panels.customFields')} testId="customFields">
        <CustomFieldValues
          defs={card.customFieldDefs.filter((d) => !d.archived)}
          values={account.customFields}
        />
      </Panel>
    ),
    timeline: () => (
      <Panel key="timeline" title={t('customers.card.panels.timeline')} wide testId="timeline">
        <TimelinePanel scope="account" id={account.id} initial={card.timeline} initialUpdatedAt={updatedAt} />
      </Panel>
    ),
  };

  return (
    <>
      <Stack gap="md">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/customers" size="sm">
            {t('nav.customers')}
          </Anchor>
          <Text size="sm" c="dimmed">
            {t('customers.tabs.accounts')}
          </Text>
        </Breadcrumbs>
        <Stack gap="sm">
          <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
            <Group gap="sm" wrap="nowrap">
              <HealthDot light={card.health.light} size={16} />
              <Title order={1} fz="h2" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <span dir="auto">{account.name}</span>
              </Title>
            </Group>
            <Group gap={6}>
              <Badge
                tt="none"
                variant="light"
                color={isKnownTier(account.tier) ? TIER_COLOR[account.tier] : 'gray'}
              >
                {format.tier(account.tier)}
              </Badge>
              <Badge tt="none" variant="dot" color={account.status === 'active' ? 'teal' : 'gray'}>
                {t(`customers.status.${account.status}`)}
              </Badge>
              <Text size="sm" c="dimmed">
                {t('customers.card.numberLine', { number: account.number })}
              </Text>
            </Group>
          </Stack>
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPhone size={16} />} onClick={() => setAction('call')}>
              {t('customers.quick.logCall')}
            </Button>
            <Button variant="default" leftSection={<IconNote size={16} />} onClick={() => setAction('note')}>
              {t('customers.quick.addNote')}
            </Button>
            <Button variant="default" leftSection={<IconCheck size={16} />} onClick={() => setAction('task')}>
              {t('customers.quick.addTask')}
            </Button>
            <Button variant="default" leftSection={<IconDeal size={16} />} onClick={() => setAction('deal')}>
              {t('customers.quick.newDeal')}
            </Button>
            <Button leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
              {t('customers.actions.edit')}
            </Button>
          </Group>
        </Stack>

        <div className={classes.panelGrid}>
          {card.layout.panels.filter((panel) => panel.visible).map((panel) => panels[panel.id]())}
        </div>
      </Stack>

      <QuickActionModal
        action={action}
        onClose={() => setAction(null)}
        links={{ accountId: account.id }}
        contacts={card.contacts.map((c) => ({ id: c.id, name: c.fullName }))}
      />
      <AccountFormModal opened={editing} onClose={() => setEditing(false)} account={account} />
      <ContactFormModal
        opened={addingContact}
        onClose={() => setAddingContact(false)}
        presetAccount={{ id: account.id, name: account.name }}
      />
    </>
  );
}
