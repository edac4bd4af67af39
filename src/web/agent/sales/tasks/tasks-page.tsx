import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../ui/api-types';
import { useFormat } from '../../../ui/format';
import { IconPlus, IconSearch } from '../../../ui/icons';
import { PageHeader } from '../../../ui/page-header';
import { problemMessage } from '../../../ui/problem';
import { useSession } from '../../shell/session';
import { QueryError } from '../common/query-error';
import { IconBell } from '../common/sales-icons';
import { SortTh } from '../common/sort-th';
import { SpacerRow, useWindowedRows } from '../common/windowed-rows';
import { salesApi, type Task, type TaskListQuery, type TaskPriority } from '../sales-api';
import { salesKeys, useUserDirectory } from '../sales-queries';
import { primaryLink, RecordLink } from './record-link';
import { TaskForm } from './task-form';

const ROW_HEIGHT = 57;
const COLUMNS = 6;
const PRIORITY_COLOR: Record<TaskPriority, string> = {
  low: 'gray',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};
type Due = '' | 'overdue' | 'today' | 'week';
type StatusFilter = 'open' | 'done' | 'all';
type Editing = { mode: 'new' } | { mode: 'edit'; task: Task } | null;

/** /tasks — my open tasks by default; filter by due date and status, tick to complete. */
export function TasksPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const format = useFormat();
  const directory = useUserDirectory();
  const queryClient = useQueryClient();
  const [mine, setMine] = useState(true);
  const [due, setDue] = useState<Due>('');
  const [status, setStatus] = useState<StatusFilter>('open');
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const [sort, setSort] = useState<string | undefined>('dueAt');
  const [editing, setEditing] = useState<Editing>(null);
  // "N" starts a new task (not while typing, and never over an open edit)
  useHotkeys([['n', () => setEditing((current) => current ?? { mode: 'new' }), { usePhysicalKeys: true }]]);

  const query: TaskListQuery = {
    mine,
    due: due || undefined,
    status: status === 'all' ? undefined : status,
    q: q || undefined,
    sort,
  };
  const listKey = salesKeys.taskList(query);
  const tasks = useInfiniteQuery({
    queryKey: listKey,
    queryFn: ({ pageParam }) => salesApi.listTasks({ ...query, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  const windowed = useWindowedRows<HTMLTableSectionElement>(rows.length, ROW_HEIGHT);

  const toggle = useMutation({
    mutationFn: (task: Task) =>
      task.status === 'done' ? salesApi.reopenTask(task) : salesApi.completeTask(task),
    onMutate: async (task) => {
      // tick at once; the row stays until the list refetches, so an accidental click can be undone
      await queryClient.cancelQueries({ queryKey: listKey });
      const previous = queryClient.getQueryData<InfiniteData<Page<Task>>>(listKey);
      queryClient.setQueryData<InfiniteData<Page<Task>>>(
        listKey,
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((item) =>
                item.id === task.id ? { ...item, status: task.status === 'done' ? 'open' : 'done' } : item,
              ),
            })),
          },
      );
      return { previous };
    },
    onSuccess: (saved) => {
      queryClient.setQueryData<InfiniteData<Page<Task>>>(
        listKey,
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((item) => (item.id === saved.id ? saved : item)),
            })),
          },
      );
    },
    onError: (error, _task, context) => {
      if (context?.previous) queryClient.setQueryData(listKey, context.previous);
      notifications.show({ color: 'red', message: problemMessage(t, error, i18n.language) });
    },
  });

  const now = Date.now();
  const filtered = Boolean(q || due || status !== 'open' || !mine);

  return (
    <>
      <PageHeader
        title={t('sales.tasks.title')}
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing({ mode: 'new' })}
            aria-keyshortcuts="N"
          >
            {t('sales.tasks.new')}
          </Button>
        }
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <SegmentedControl
            aria-label={t('sales.tasks.filters.whose')}
            value={mine ? 'mine' : 'all'}
            onChange={(value) => setMine(value === 'mine')}
            data={[
              { value: 'mine', label: t('sales.tasks.filters.mine') },
              { value: 'all', label: t('sales.tasks.filters.everyone') },
            ]}
          />
          <SegmentedControl
            aria-label={t('sales.tasks.filters.due')}
            value={due || 'any'}
            onChange={(value) => setDue(value === 'any' ? '' : (value as Due))}
            data={[
              { value: 'any', label: t('sales.tasks.due.any') },
              { value: 'overdue', label: t('sales.tasks.due.overdue') },
              { value: 'today', label: t('sales.tasks.due.today') },
              { value: 'week', label: t('sales.tasks.due.week') },
            ]}
          />
          <NativeSelect
            label={t('sales.tasks.filters.status')}
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as StatusFilter)}
            data={[
              { value: 'open', label: t('sales.taskStatus.open') },
              { value: 'done', label: t('sales.taskStatus.done') },
              { value: 'all', label: t('sales.common.all') },
            ]}
          />
          <TextInput
            label={t('sales.tasks.filters.search')}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            leftSection={<IconSearch size={16} />}
            dir="auto"
            w={{ base: '100%', sm: 220 }}
          />
        </Group>
        {tasks.isError && !tasks.data ? (
          <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />
        ) : (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={48}>
                      <VisuallyHidden>{t('sales.tasks.columns.done')}</VisuallyHidden>
                    </Table.Th>
                    <Table.Th>{t('sales.tasks.columns.title')}</Table.Th>
                    <SortTh sortKey="dueAt" sort={sort} onSort={setSort}>
                      {t('sales.tasks.columns.due')}
                    </SortTh>
                    <SortTh sortKey="priority" sort={sort} onSort={setSort} firstDescending>
                      {t('sales.tasks.columns.priority')}
                    </SortTh>
                    <Table.Th>{t('sales.tasks.columns.assignee')}</Table.Th>
                    <Table.Th>{t('sales.tasks.columns.link')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody ref={windowed.ref}>
                  {tasks.isPending
                    ? [0, 1, 2].map((n) => (
                        <Table.Tr key={n}>
                          <Table.Td colSpan={COLUMNS}>
                            <Skeleton h={18} />
                          </Table.Td>
                        </Table.Tr>
                      ))
                    : null}
                  {!tasks.isPending && rows.length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={COLUMNS}>
                        <Stack align="center" gap={4} py="lg">
                          <Text fw={600}>
                            {filtered ? t('sales.tasks.empty.filtered') : t('sales.tasks.empty.title')}
                          </Text>
                          {filtered ? null : (
                            <Text c="dimmed" size="sm">
                              {t('sales.tasks.empty.body')}
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                  <SpacerRow height={windowed.before} colSpan={COLUMNS} />
                  {rows.slice(windowed.start, windowed.end).map((task) => {
                    const done = task.status === 'done';
                    const overdue = !done && task.dueAt !== null && Date.parse(task.dueAt) < now;
                    const link = primaryLink(task);
                    return (
                      <Table.Tr key={task.id} style={{ blockSize: ROW_HEIGHT }}>
                        <Table.Td>
                          <Checkbox
                            checked={done}
                            onChange={() => toggle.mutate(task)}
                            aria-label={
                              done
                                ? t('sales.tasks.reopen', { title: task.title })
                                : t('sales.tasks.complete', { title: task.title })
                            }
                          />
                        </Table.Td>
                        <Table.Td miw={220} maw={360}>
                          <UnstyledButton
                            onClick={() => setEditing({ mode: 'edit', task })}
                            aria-label={t('sales.tasks.editLabel', { title: task.title })}
                          >
                            <Text
                              size="sm"
                              fw={600}
                              td={done ? 'line-through' : undefined}
                              c={done ? 'dimmed' : undefined}
                              lineClamp={1}
                            >
                              <span dir="auto">{task.title}</span>
                            </Text>
                          </UnstyledButton>
                          {task.description ? (
                            <Text size="xs" c="dimmed" lineClamp={1}>
                              <span dir="auto">{task.description}</span>
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td>
                          {task.dueAt ? (
                            <Group gap={4} wrap="nowrap">
                              <Text
                                size="sm"
                                c={overdue ? 'red.7' : undefined}
                                fw={overdue ? 600 : undefined}
                                style={{ whiteSpace: 'nowrap' }}
                              >
                                {format.dateTime(task.dueAt)}
                              </Text>
                              {task.reminderAt ? (
                                <Tooltip
                                  label={t('sales.tasks.reminderAt', {
                                    time: format.dateTime(task.reminderAt),
                                  })}
                                >
                                  <span
                                    role="img"
                                    aria-label={t('sales.tasks.reminderAt', {
                                      time: format.dateTime(task.reminderAt),
                                    })}
                                    style={{ display: 'inline-flex' }}
                                  >
                                    <IconBell size={14} />
                                  </span>
                                </Tooltip>
                              ) : null}
                              {overdue ? (
                                <Badge size="xs" color="red" variant="light">
                                  {t('sales.tasks.due.overdue')}
                                </Badge>
                              ) : null}
                            </Group>
                          ) : (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={PRIORITY_COLOR[task.priority]}>
                            {t(`sales.taskPriority.${task.priority}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" truncate>
                            <span dir="auto">{directory.nameOf(task.assigneeId) ?? '—'}</span>
                          </Text>
                        </Table.Td>
                        <Table.Td maw={240}>
                          {link ? <RecordLink type={link.type} id={link.id} /> : '—'}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                  <SpacerRow height={windowed.after} colSpan={COLUMNS} />
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        {tasks.hasNextPage ? (
          <Group justify="center">
            <Button
              variant="light"
              loading={tasks.isFetchingNextPage}
              onClick={() => void tasks.fetchNextPage()}
            >
              {t('common.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === 'edit' ? t('sales.tasks.editTitle') : t('sales.tasks.new')}
        size="lg"
      >
        {editing ? (
          <TaskForm
            key={editing.mode === 'edit' ? `${editing.task.id}:${editing.task.version}` : 'new'}
            task={editing.mode === 'edit' ? editing.task : undefined}
            currentUserId={session.user.id}
            onCancel={() => setEditing(null)}
            onReload={(current) => setEditing({ mode: 'edit', task: current })}
            onSaved={() => {
              setEditing(null);
              notifications.show({ color: 'teal', message: t('sales.common.saved') });
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}
