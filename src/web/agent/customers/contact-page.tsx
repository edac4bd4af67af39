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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../ui/api-client';
import { IconCheck } from '../../ui/icons';
import { usePageTitle } from '../../ui/page-title';
import { problemMessage } from '../../ui/problem';
import { NotFoundPage } from '../pages/not-found-page';
import { PortalAccessPanel } from '../portal-admin/portal-access-panel';
import {
  AddButton,
  CallsList,
  CustomFieldValues,
  DealsList,
  EmailLinks,
  Facts,
  Panel,
  PhoneLinks,
  TagList,
  TasksList,
} from './card-panels';
import { CONSENT_CHANNELS } from './contact-constants';
import { ContactFormModal } from './contact-form';
import { IconDeal, IconEdit, IconNote, IconPhone } from './customer-icons';
import classes from './customers.module.css';
import { type Contact, customersApi } from './customers-api';
import { useCustomerFormat } from './customers-format';
import { customersKeys, useCustomFieldDefs, useUsers } from './customers-queries';
import { type QuickAction, QuickActionModal } from './quick-actions';
import { TimelinePanel } from './timeline-panel';

/** /customers/contacts/:id — a person: details, accounts, consents, tasks, calls, deals, timeline. */
export function ContactPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const contact = useQuery({
    queryKey: customersKeys.contact(id),
    queryFn: () => customersApi.getContact(id),
  });
  if (contact.data) return <ContactView contact={contact.data} />;
  if (contact.isPending) {
    return (
      <Center py={96}>
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (isApiError(contact.error) && contact.error.status === 404) return <NotFoundPage />;
  return (
    <Alert color="red" variant="light" title={problemMessage(t, contact.error, i18n.language)}>
      <Button size="xs" variant="light" color="red" onClick={() => void contact.refetch()}>
        {t('common.retry')}
      </Button>
    </Alert>
  );
}

function ContactView({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const format = useCustomerFormat();
  const users = useUsers();
  const { defs } = useCustomFieldDefs('contact');
  const [action, setAction] = useState<QuickAction | null>(null);
  const [editing, setEditing] = useState(false);
  usePageTitle(contact.fullName);

  const tasks = useQuery({
    queryKey: customersKeys.contactTasks(contact.id),
    queryFn: () => customersApi.openTasks({ contactId: contact.id }),
  });
  const calls = useQuery({
    queryKey: customersKeys.contactCalls(contact.id),
    queryFn: () => customersApi.calls({ contactId: contact.id }),
  });
  const deals = useQuery({
    queryKey: customersKeys.contactDeals(contact.id),
    queryFn: () => customersApi.openDeals({ contactId: contact.id }),
  });
  const primary = contact.accounts.find((a) => a.isPrimary) ?? contact.accounts[0];
  const links = { contactId: contact.id, accountId: primary?.accountId };
  const consents = CONSENT_CHANNELS.filter((channel) => contact.consents[channel]?.granted);

  const loading = <Loader size="sm" aria-label={t('common.loading')} />;

  return (
    <>
      <Stack gap="md">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/customers?tab=contacts" size="sm">
            {t('nav.customers')}
          </Anchor>
          <Text size="sm" c="dimmed">
            {t('customers.tabs.contacts')}
          </Text>
        </Breadcrumbs>
        <Stack gap="sm">
          <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
            <Title order={1} fz="h2" style={{ overflowWrap: 'anywhere' }}>
              <span dir="auto">{contact.fullName}</span>
            </Title>
            <Group gap={6}>
              {contact.title ? (
                <Text size="sm" dir="auto">
                  {contact.title}
                </Text>
              ) : null}
              {contact.accounts.map((account) => (
                <Badge
                  key={account.accountId}
                  component={Link}
                  to={`/customers/accounts/${account.accountId}`}
                  variant={account.isPrimary ? 'light' : 'outline'}
                  tt="none"
                  style={{ cursor: 'pointer' }}
                >
                  <span dir="auto">{account.name}</span>
                  {account.role ? (
                    <>
                      {' · '}
                      <span dir="auto">{account.role}</span>
                    </>
                  ) : null}
                </Badge>
              ))}
              <Text size="sm" c="dimmed">
                {t('customers.card.numberLine', { number: contact.number })}
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
          <Panel title={t('customers.card.panels.details')} wide testId="header">
            <Facts
              items={[
                { label: t('customers.fields.phones'), value: <PhoneLinks phones={contact.phones} /> },
                { label: t('customers.fields.emails'), value: <EmailLinks emails={contact.emails} /> },
                ...(contact.fax
                  ? [{ label: t('customers.fields.fax'), value: <bdi dir="ltr">{contact.fax}</bdi> }]
                  : []),
                ...(contact.birthday
                  ? [{ label: t('customers.fields.birthday'), value: format.day(contact.birthday) }]
                  : []),
                {
                  label: t('customers.fields.preferredLanguage'),
                  value: contact.preferredLanguage
                    ? t(`customers.languages.${contact.preferredLanguage}`)
                    : '—',
                },
                {
                  label: t('customers.fields.preferredChannel'),
                  value: contact.preferredChannel
                    ? t(`customers.consentChannels.${contact.preferredChannel}`)
                    : '—',
                },
                {
                  label: t('customers.form.sections.consent'),
                  value: consents.length ? (
                    <Stack gap={0}>
                      {consents.map((channel) => {
                        const consent = contact.consents[channel];
                        return (
                          <span key={channel}>
                            {t(`customers.consentChannels.${channel}`)}
                            {consent ? (
                              <Text span size="xs" c="dimmed">
                                {' · '}
                                <span dir="auto">{consent.source}</span>
                                {' · '}
                                {format.date(consent.at)}
                              </Text>
                            ) : null}
                          </span>
                        );
                      })}
                    </Stack>
                  ) : (
                    t('customers.consent.none')
                  ),
                },
                {
                  label: t('customers.fields.owner'),
                  value: (
                    <span dir="auto">{users.nameOf(contact.ownerId) ?? t('customers.common.noOwner')}</span>
                  ),
                },
                { label: t('customers.fields.tags'), value: <TagList tags={contact.tags} /> },
                ...(contact.lastContactedAt
                  ? [
                      {
                        label: t('customers.fields.lastContacted'),
                        value: format.dateTime(contact.lastContactedAt),
                      },
                    ]
                  : []),
              ]}
            />
          </Panel>
          <Panel title={t('customers.card.panels.customFields')} testId="customFields">
            <CustomFieldValues defs={defs} values={contact.customFields} />
          </Panel>
          <Panel
            title={t('customers.card.panels.openTasks')}
            testId="openTasks"
            action={<AddButton label={t('customers.quick.addTask')} onClick={() => setAction('task')} />}
          >
            {tasks.data ? <TasksList tasks={tasks.data.items} /> : loading}
          </Panel>
          <Panel
            title={t('customers.card.panels.lastCalls')}
            testId="lastCalls"
            action={<AddButton label={t('customers.quick.logCall')} onClick={() => setAction('call')} />}
          >
            {calls.data ? <CallsList calls={calls.data.items} /> : loading}
          </Panel>
          <Panel
            title={t('customers.card.panels.openDeals')}
            testId="openDeals"
            action={<AddButton label={t('customers.quick.newDeal')} onClick={() => setAction('deal')} />}
          >
            {deals.data ? <DealsList deals={deals.data.items} /> : loading}
          </Panel>
          <PortalAccessPanel contact={contact} />
          <Panel title={t('customers.card.panels.timeline')} wide testId="timeline">
            <TimelinePanel scope="contact" id={contact.id} />
          </Panel>
        </div>
      </Stack>

      <QuickActionModal action={action} onClose={() => setAction(null)} links={links} />
      <ContactFormModal opened={editing} onClose={() => setEditing(false)} contact={contact} />
    </>
  );
}
