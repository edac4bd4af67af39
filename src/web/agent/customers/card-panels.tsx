import { Anchor, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TCardContact } from '../../../shared/crm/card.schemas';
import { IconPlus } from '../../ui/icons';
import { problemMessage } from '../../ui/problem';
import { useYesNo } from './custom-field-input';
import { IconCallDirection } from './customer-icons';
import classes from './customers.module.css';
import { type Activity, type CustomFieldDef, customersApi, type Deal, type Task } from './customers-api';
import { customValueText, phoneHref, useCustomerFormat } from './customers-format';
import { customersKeys, useUsers } from './customers-queries';

/** A titled box on the card; `wide` ones span the whole row. */
export function Panel({
  title,
  action,
  wide,
  children,
  testId,
}: {
  title: string;
  action?: ReactNode;
  wide?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  const headingId = useId();
  return (
    <Paper
      component="section"
      withBorder
      p="md"
      aria-labelledby={headingId}
      className={wide ? classes.wide : undefined}
      data-panel={testId}
    >
      <Group justify="space-between" mb="sm" gap="xs" wrap="nowrap">
        <Title order={2} fz="h5" id={headingId}>
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

export const PanelEmpty = ({ children }: { children: ReactNode }) => (
  <Text size="sm" c="dimmed" py={4}>
    {children}
  </Text>
);

export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} onClick={onClick}>
      {label}
    </Button>
  );
}

/** Label and value rows ("Company number: 51-538585-4"). */
export function Facts({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <SimpleGrid
      cols={{ base: 1, xs: 2, md: 3 }}
      spacing="sm"
      verticalSpacing="xs"
      component="dl"
      style={{ margin: 0 }}
    >
      {items.map((item) => (
        <div key={item.label} style={{ minWidth: 0 }}>
          <Text component="dt" size="xs" c="dimmed">
            {item.label}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {item.value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

export function PhoneLinks({
  phones,
}: {
  phones: { raw: string; e164: string | null; label?: string | undefined }[];
}) {
  if (!phones.length) return <>—</>;
  return (
    <Stack gap={2}>
      {phones.map((phone) => (
        <span key={`${phone.raw}-${phone.label ?? ''}`}>
          <Anchor href={phoneHref(phone)} size="sm">
            <bdi dir="ltr">{phone.raw}</bdi>
          </Anchor>
          {phone.label ? (
            <Text span size="xs" c="dimmed">
              {' · '}
              <span dir="auto">{phone.label}</span>
            </Text>
          ) : null}
        </span>
      ))}
    </Stack>
  );
}

export function EmailLinks({ emails }: { emails: string[] }) {
  if (!emails.length) return <>—</>;
  return (
    <Stack gap={2}>
      {emails.map((email) => (
        <Anchor key={email} href={`mailto:${email}`} size="sm">
          <bdi>{email}</bdi>
        </Anchor>
      ))}
    </Stack>
  );
}

export function TagList({ tags }: { tags: string[] }) {
  if (!tags.length) return <>—</>;
  return (
    <Group gap={4}>
      {tags.map((tag) => (
        <Badge key={tag} size="sm" variant="outline" color="gray" tt="none">
          <span dir="auto">{tag}</span>
        </Badge>
      ))}
    </Group>
  );
}

export function ContactsList({ contacts }: { contacts: TCardContact[] }) {
  const { t } = useTranslation();
  if (!contacts.length) return <PanelEmpty>{t('customers.card.noContacts')}</PanelEmpty>;
  return (
    <Stack gap="sm">
      {contacts.map((contact) => (
        <div key={contact.id}>
          <Group gap={6} wrap="nowrap">
            <Anchor component={Link} to={`/customers/contacts/${contact.id}`} fw={600} size="sm">
              <span dir="auto">{contact.fullName}</span>
            </Anchor>
          </Group>
          {contact.role || contact.title ? (
            <Text size="xs" c="dimmed">
              <span dir="auto">{[contact.role, contact.title].filter(Boolean).join(' · ')}</span>
            </Text>
          ) : null}
          <Group gap="md" mt={2}>
            {contact.phones[0] ? (
              <Anchor href={phoneHref(contact.phones[0])} size="sm">
                <bdi dir="ltr">{contact.phones[0].raw}</bdi>
              </Anchor>
            ) : null}
            {contact.emails[0] ? (
              <Anchor href={`mailto:${contact.emails[0]}`} size="sm">
                <bdi>{contact.emails[0]}</bdi>
              </Anchor>
            ) : null}
          </Group>
        </div>
      ))}
    </Stack>
  );
}

/** Open tasks; ticking one completes it (POST /tasks/:id/complete). */
export function TasksList({ tasks }: { tasks: Task[] }) {
  const { t, i18n } = useTranslation();
  const format = useCustomerFormat();
  const users = useUsers();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<Set<string>>(new Set());
  const complete = useMutation({
    mutationFn: (task: Task) => customersApi.completeTask(task),
    onMutate: (task) => setDone((ids) => new Set(ids).add(task.id)),
    onSuccess: (task) => {
      notifications.show({ color: 'teal', message: t('customers.tasks.completed') });
      void queryClient.invalidateQueries({ queryKey: customersKeys.all });
      return task;
    },
    onError: (error, task) => {
      setDone((ids) => {
        const next = new Set(ids);
        next.delete(task.id);
        return next;
      });
      notifications.show({ color: 'red', message: problemMessage(t, error, i18n.language) });
    },
  });
  if (!tasks.length) return <PanelEmpty>{t('customers.card.noTasks')}</PanelEmpty>;
  const now = Date.now();
  return (
    <Stack gap="xs">
      {tasks.map((task) => {
        const overdue = task.dueAt !== null && Date.parse(task.dueAt) < now;
        const assignee = users.nameOf(task.assigneeId);
        return (
          <Group key={task.id} gap="sm" wrap="nowrap" align="flex-start">
            <Checkbox
              mt={2}
              checked={done.has(task.id)}
              disabled={done.has(task.id)}
              onChange={() => complete.mutate(task)}
              aria-label={t('customers.tasks.markDone', { title: task.title })}
            />
            <div style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" td={done.has(task.id) ? 'line-through' : undefined}>
                <span dir="auto">{task.title}</span>
              </Text>
              <Group gap={6}>
                {task.dueAt ? (
                  <Text size="xs" c={overdue ? 'red.7' : 'dimmed'} fw={overdue ? 600 : undefined}>
                    {overdue
                      ? t('customers.tasks.overdue', { date: format.dateTime(task.dueAt) })
                      : t('customers.tasks.dueOn', { date: format.dateTime(task.dueAt) })}
                  </Text>
                ) : null}
                {task.priority === 'high' || task.priority === 'urgent' ? (
                  <Badge
                    tt="none"
                    size="xs"
                    color={task.priority === 'urgent' ? 'red' : 'orange'}
                    variant="light"
                  >
                    {t(`customers.tasks.priorities.${task.priority}`)}
                  </Badge>
                ) : null}
                {assignee ? (
                  <Text size="xs" c="dimmed">
                    <span dir="auto">{assignee}</span>
                  </Text>
                ) : null}
              </Group>
            </div>
          </Group>
        );
      })}
    </Stack>
  );
}

export function CallsList({ calls }: { calls: Activity[] }) {
  const { t } = useTranslation();
  const format = useCustomerFormat();
  const users = useUsers();
  if (!calls.length) return <PanelEmpty>{t('customers.card.noCalls')}</PanelEmpty>;
  return (
    <Stack gap="sm">
      {calls.map((call) => {
        const direction = call.direction ?? 'outbound';
        return (
          <div key={call.id}>
            <Group gap={6} wrap="nowrap">
              <IconCallDirection direction={direction} size={16} />
              <Text size="sm" fw={500}>
                {t(`customers.calls.${direction}`)}
              </Text>
              <Text size="xs" c="dimmed">
                {format.dateTime(call.occurredAt)}
                {call.durationSeconds !== null ? (
                  <>
                    {' · '}
                    <bdi dir="ltr">{format.duration(call.durationSeconds)}</bdi>
                  </>
                ) : null}
              </Text>
              {call.outcome ? (
                <Badge
                  tt="none"
                  size="xs"
                  variant="light"
                  color={call.outcome === 'answered' ? 'teal' : 'orange'}
                >
                  {isOutcome(call.outcome) ? t(`customers.calls.outcomes.${call.outcome}`) : call.outcome}
                </Badge>
              ) : null}
            </Group>
            {call.body ? (
              <Text size="sm" dir="auto" className={`${classes.userText} ${classes.clamp}`}>
                {call.body}
              </Text>
            ) : null}
            {users.nameOf(call.authorId) ? (
              <Text size="xs" c="dimmed">
                <span dir="auto">{users.nameOf(call.authorId)}</span>
              </Text>
            ) : null}
          </div>
        );
      })}
    </Stack>
  );
}

const OUTCOMES = ['answered', 'no_answer', 'busy', 'voicemail', 'wrong_number'] as const;
const isOutcome = (value: string): value is (typeof OUTCOMES)[number] =>
  (OUTCOMES as readonly string[]).includes(value);

export function DealsList({ deals }: { deals: Deal[] }) {
  const { t } = useTranslation();
  const format = useCustomerFormat();
  if (!deals.length) return <PanelEmpty>{t('customers.card.noDeals')}</PanelEmpty>;
  return (
    <Stack gap="sm">
      {deals.map((deal) => (
        <Group key={deal.id} justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/deals/${deal.id}`} size="sm" fw={500}>
              <span dir="auto">{deal.name}</span>
            </Anchor>
            <Text size="xs" c="dimmed">
              {deal.expectedCloseDate
                ? t('customers.deals.closesOn', { date: format.day(deal.expectedCloseDate) })
                : t('customers.deals.noCloseDate')}
              {deal.probability !== null ? ` · ${format.number(deal.probability)}%` : ''}
            </Text>
          </div>
          {deal.amount ? (
            <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
              {format.money(deal.amount, deal.currency)}
            </Text>
          ) : null}
        </Group>
      ))}
    </Stack>
  );
}

export function CustomFieldValues({
  defs,
  values,
}: {
  defs: CustomFieldDef[];
  values: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const format = useCustomerFormat();
  const users = useUsers();
  const yesNo = useYesNo();
  if (!defs.length) return <PanelEmpty>{t('customers.card.noCustomFields')}</PanelEmpty>;
  return (
    <Facts
      items={defs.map((def) => {
        const text = customValueText(def, values[def.key], format, users.nameOf, yesNo);
        const value = values[def.key];
        return {
          label: format.fieldLabel(def),
          value:
            def.type === 'url' && typeof value === 'string' ? (
              <Anchor href={value} target="_blank" rel="noopener noreferrer" size="sm">
                <bdi>{value}</bdi>
              </Anchor>
            ) : def.type === 'email' && typeof value === 'string' ? (
              <Anchor href={`mailto:${value}`} size="sm">
                <bdi>{value}</bdi>
              </Anchor>
            ) : def.type === 'phone' && typeof value === 'string' ? (
              <Anchor href={`tel:${value}`} size="sm">
                <bdi dir="ltr">{value}</bdi>
              </Anchor>
            ) : text ? (
              <span dir="auto" className={classes.userText}>
                {text}
              </span>
            ) : (
              <Text span c="dimmed" size="sm">
                —
              </Text>
            ),
        };
      })}
    />
  );
}
