import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TBusinessCalendar, THolidayInput, TSlot, TWeeklyHours } from '../../../shared/sla.schemas';
import { FormAlert } from '../../ui/form-alert';
import { IconPlus } from '../../ui/icons';
import { intlTag, toLocale } from '../../ui/locale';
import { PageHeader } from '../../ui/page-header';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { deskApi, deskKeys } from './desk-api';
import { NoAccess, useCanManage, zonedToIso } from './desk-common';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DEFAULT_WEEK: TWeeklyHours = {
  sun: [['08:00', '17:00']],
  mon: [['08:00', '17:00']],
  tue: [['08:00', '17:00']],
  wed: [['08:00', '17:00']],
  thu: [['08:00', '17:00']],
  fri: [],
  sat: [],
};
const TIMEZONES = ['Asia/Jerusalem', 'UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York'];

/** /settings/business-hours — calendars, weekly slots, holidays, Israeli holiday import, due-time preview. */
export function BusinessHoursPage() {
  const { t } = useTranslation();
  const canManage = useCanManage();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: deskKeys.calendars, queryFn: deskApi.listCalendars });
  const [selected, setSelected] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const currentId = selected ?? items.find((c) => c.isDefault)?.id ?? items[0]?.id ?? null;

  const create = useMutation({
    mutationFn: () =>
      deskApi.createCalendar({
        name: t('desk.calendars.newName'),
        timezone: 'Asia/Jerusalem',
        weeklyHours: DEFAULT_WEEK,
        holidays: [],
        isDefault: false,
      }),
    onSuccess: (cal) => {
      void queryClient.invalidateQueries({ queryKey: deskKeys.calendars });
      setSelected(cal.id);
    },
  });

  return (
    <>
      <PageHeader
        order={2}
        title={t('desk.calendars.title')}
        description={t('desk.calendars.description')}
        documentTitle={t('desk.calendars.title')}
        actions={
          canManage ? (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => create.mutate()}
              loading={create.isPending}
            >
              {t('desk.calendars.new')}
            </Button>
          ) : null
        }
      />
      {!canManage ? <NoAccess /> : null}
      {list.isPending ? <Skeleton h={300} /> : null}
      {list.isError ? <FormAlert message={problemMessage(t, list.error, '')} /> : null}
      {items.length > 1 ? (
        <Group gap="xs" mb="md" role="tablist" aria-label={t('desk.calendars.list')}>
          {items.map((c) => (
            <Button
              key={c.id}
              role="tab"
              aria-selected={c.id === currentId}
              variant={c.id === currentId ? 'filled' : 'default'}
              size="xs"
              onClick={() => setSelected(c.id)}
            >
              <span dir="auto">{c.name}</span>
              {c.isDefault ? ` · ${t('desk.common.default')}` : ''}
            </Button>
          ))}
        </Group>
      ) : null}
      {currentId ? <CalendarEditor key={currentId} id={currentId} canManage={canManage} /> : null}
    </>
  );
}

interface Draft {
  name: string;
  timezone: string;
  weeklyHours: TWeeklyHours;
  holidays: THolidayInput[];
}

const toDraft = (cal: TBusinessCalendar): Draft => ({
  name: cal.name,
  timezone: cal.timezone,
  weeklyHours: structuredClone(cal.weeklyHours),
  holidays: (cal.holidays ?? []).map((h) => ({
    date: h.date,
    name: h.name,
    nameHe: h.nameHe,
    kind: h.kind,
    hours: h.hours,
  })),
});

function CalendarEditor({ id, canManage }: { id: string; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const cal = useQuery({ queryKey: deskKeys.calendar(id), queryFn: () => deskApi.getCalendar(id) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    if (cal.data && !dirty) setDraft(toDraft(cal.data));
  }, [cal.data, dirty]);

  const edit = (fn: (d: Draft) => void) =>
    setDraft((d) => {
      if (!d) return d;
      const next = structuredClone(d);
      fn(next);
      setDirty(true);
      return next;
    });

  const save = useMutation({
    mutationFn: (d: Draft) =>
      deskApi.updateCalendar(
        id,
        { name: d.name, timezone: d.timezone, weeklyHours: d.weeklyHours, holidays: d.holidays },
        cal.data?.version,
      ),
    onSuccess: (saved) => {
      setErrors({});
      setFormError(null);
      setDirty(false);
      queryClient.setQueryData(deskKeys.calendar(id), saved);
      void queryClient.invalidateQueries({ queryKey: deskKeys.calendars });
      notifications.show({ message: t('desk.common.saved'), color: 'green' });
    },
    onError: (error) => {
      setErrors(fieldErrors(error));
      setFormError(problemMessage(t, error, i18n.language));
    },
  });

  const makeDefault = useMutation({
    mutationFn: () => deskApi.updateCalendar(id, { isDefault: true }, cal.data?.version),
    onSuccess: (saved) => {
      queryClient.setQueryData(deskKeys.calendar(id), saved);
      void queryClient.invalidateQueries({ queryKey: deskKeys.calendars });
    },
    onError: (error) => setFormError(problemMessage(t, error, i18n.language)),
  });

  if (cal.isPending || !draft) return <Skeleton h={300} />;
  if (cal.isError) return <FormAlert message={problemMessage(t, cal.error, i18n.language)} />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (canManage) save.mutate(draft);
  };

  return (
    <Stack gap="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg">
          <FormAlert message={formError} />
          <Group align="flex-end" gap="md" wrap="wrap">
            <TextInput
              label={t('desk.common.name')}
              value={draft.name}
              onChange={(e) => {
                const v = e.currentTarget.value;
                edit((d) => {
                  d.name = v;
                });
              }}
              error={errors.name}
              disabled={!canManage}
              dir="auto"
              required
            />
            <Select
              label={t('desk.calendars.timezone')}
              data={TIMEZONES.includes(draft.timezone) ? TIMEZONES : [draft.timezone, ...TIMEZONES]}
              value={draft.timezone}
              onChange={(v) =>
                v &&
                edit((d) => {
                  d.timezone = v;
                })
              }
              error={errors.timezone}
              disabled={!canManage}
              searchable
              allowDeselect={false}
            />
            {cal.data?.isDefault ? (
              <Badge variant="light" size="lg">
                {t('desk.common.default')}
              </Badge>
            ) : canManage ? (
              <Button variant="default" onClick={() => makeDefault.mutate()} loading={makeDefault.isPending}>
                {t('desk.calendars.makeDefault')}
              </Button>
            ) : null}
          </Group>

          <WeeklyGrid draft={draft} edit={edit} errors={errors} disabled={!canManage} />
          <HolidaysTable draft={draft} edit={edit} errors={errors} disabled={!canManage} />

          {canManage ? (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={!dirty}>
                {t('desk.common.save')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
      {canManage ? (
        <ImportHolidays
          id={id}
          onImported={() => {
            setDirty(false);
          }}
        />
      ) : null}
      <PreviewBox id={id} timezone={cal.data?.timezone ?? draft.timezone} dirty={dirty} />
    </Stack>
  );
}

type EditFn = (fn: (d: Draft) => void) => void;

function WeeklyGrid({
  draft,
  edit,
  errors,
  disabled,
}: {
  draft: Draft;
  edit: EditFn;
  errors: Record<string, string>;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const setSlot = (day: (typeof WEEKDAYS)[number], i: number, k: 0 | 1, value: string) =>
    edit((d) => {
      const slot = d.weeklyHours[day][i];
      if (slot) slot[k] = value;
    });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="weekly-title">
      <Title order={3} fz="md" id="weekly-title" mb="sm">
        {t('desk.calendars.weekly')}
      </Title>
      {errors.weeklyHours ? <FormAlert message={errors.weeklyHours} /> : null}
      <Stack gap="xs">
        {WEEKDAYS.map((day) => {
          const dayName = t(`desk.days.${day}`);
          const slots = draft.weeklyHours[day];
          return (
            <Group key={day} align="flex-start" gap="sm" wrap="nowrap" className="desk-week-row">
              <Text fw={500} w={80} pt={6} style={{ flexShrink: 0 }}>
                {dayName}
              </Text>
              <Stack gap={6} style={{ flex: 1 }}>
                {slots.length === 0 ? (
                  <Text c="dimmed" size="sm" pt={6}>
                    {t('desk.calendars.closed')}
                  </Text>
                ) : null}
                {slots.map((slot: TSlot, i: number) => {
                  const n = i + 1;
                  const err = errors[`weeklyHours.${day}.${i}`];
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: slots have no identity but their place in the day
                    <Group key={`${day}-${i}`} gap="xs" wrap="wrap" align="flex-start">
                      <TextInput
                        type="time"
                        aria-label={t('desk.calendars.slotStart', { day: dayName, n })}
                        value={slot[0]}
                        onChange={(e) => setSlot(day, i, 0, e.currentTarget.value)}
                        error={Boolean(err)}
                        disabled={disabled}
                        w={120}
                        dir="ltr"
                      />
                      <Text pt={6} aria-hidden>
                        –
                      </Text>
                      <TextInput
                        type="time"
                        aria-label={t('desk.calendars.slotEnd', { day: dayName, n })}
                        value={slot[1] === '24:00' ? '23:59' : slot[1]}
                        onChange={(e) => setSlot(day, i, 1, e.currentTarget.value)}
                        error={Boolean(err)}
                        disabled={disabled}
                        w={120}
                        dir="ltr"
                      />
                      {!disabled ? (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          mt={4}
                          aria-label={t('desk.calendars.removeSlot', { day: dayName, n })}
                          onClick={() =>
                            edit((d) => {
                              d.weeklyHours[day].splice(i, 1);
                            })
                          }
                        >
                          ×
                        </ActionIcon>
                      ) : null}
                      {err ? (
                        <Text c="red" size="xs" role="alert" w="100%">
                          {err}
                        </Text>
                      ) : null}
                    </Group>
                  );
                })}
              </Stack>
              {!disabled ? (
                <ActionIcon
                  variant="light"
                  mt={4}
                  aria-label={t('desk.calendars.addSlot', { day: dayName })}
                  onClick={() =>
                    edit((d) => {
                      const last = d.weeklyHours[day].at(-1);
                      d.weeklyHours[day].push(
                        last ? [last[1], last[1] < '17:00' ? '17:00' : '23:59'] : ['08:00', '17:00'],
                      );
                    })
                  }
                >
                  <IconPlus size={16} />
                </ActionIcon>
              ) : null}
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}

function HolidaysTable({
  draft,
  edit,
  errors,
  disabled,
}: {
  draft: Draft;
  edit: EditFn;
  errors: Record<string, string>;
  disabled: boolean;
}) {
  const { t, i18n } = useTranslation();
  const he = toLocale(i18n.language) === 'he';
  const rows = draft.holidays.map((h, i) => ({ h, i })).sort((a, b) => a.h.date.localeCompare(b.h.date));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="holidays-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} fz="md" id="holidays-title">
          {t('desk.calendars.holidays')}
        </Title>
        {!disabled ? (
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              edit((d) => {
                d.holidays.push({ date: '', name: '', kind: 'closed', hours: null });
              })
            }
          >
            {t('desk.calendars.addHoliday')}
          </Button>
        ) : null}
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('desk.calendars.noHolidays')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560} mah={420}>
          <Table striped stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desk.calendars.holidayDate')}</Table.Th>
                <Table.Th>{t('desk.calendars.holidayName')}</Table.Th>
                <Table.Th>{t('desk.calendars.holidayKind')}</Table.Th>
                <Table.Th>{t('desk.calendars.holidayHours')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ h, i }) => {
                const label = (he ? h.nameHe : null) || h.name || h.date;
                const hours = h.hours?.[0] ?? ['08:00', '13:00'];
                return (
                  <Table.Tr key={i}>
                    <Table.Td>
                      <TextInput
                        type="date"
                        size="xs"
                        aria-label={`${t('desk.calendars.holidayDate')} ${label}`}
                        value={h.date}
                        onChange={(e) => {
                          const v = e.currentTarget.value;
                          edit((d) => {
                            const row = d.holidays[i];
                            if (row) row.date = v;
                          });
                        }}
                        error={errors[`holidays.${i}.date`]}
                        disabled={disabled}
                        dir="ltr"
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={`${t('desk.calendars.holidayName')} ${label}`}
                        value={(he ? h.nameHe : null) || h.name}
                        onChange={(e) => {
                          const v = e.currentTarget.value;
                          edit((d) => {
                            const row = d.holidays[i];
                            if (!row) return;
                            if (he && row.nameHe) row.nameHe = v;
                            else row.name = v;
                          });
                        }}
                        error={errors[`holidays.${i}.name`]}
                        disabled={disabled}
                        dir="auto"
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        aria-label={`${t('desk.calendars.holidayKind')} ${label}`}
                        data={[
                          { value: 'closed', label: t('desk.calendars.kindClosed') },
                          { value: 'short', label: t('desk.calendars.kindShort') },
                        ]}
                        value={h.kind}
                        allowDeselect={false}
                        onChange={(v) =>
                          v &&
                          edit((d) => {
                            const row = d.holidays[i];
                            if (!row) return;
                            row.kind = v as 'closed' | 'short';
                            row.hours = v === 'short' ? [['08:00', '13:00']] : null;
                          })
                        }
                        disabled={disabled}
                        w={130}
                      />
                    </Table.Td>
                    <Table.Td>
                      {h.kind === 'short' ? (
                        <Group gap={4} wrap="nowrap">
                          <TextInput
                            type="time"
                            size="xs"
                            aria-label={`${t('desk.calendars.holidayHours')} ${label} 1`}
                            value={hours[0]}
                            onChange={(e) => {
                              const v = e.currentTarget.value;
                              edit((d) => {
                                const row = d.holidays[i];
                                if (row) row.hours = [[v, hours[1]]];
                              });
                            }}
                            error={errors[`holidays.${i}.hours.0`] ?? errors[`holidays.${i}.hours`]}
                            disabled={disabled}
                            dir="ltr"
                          />
                          <TextInput
                            type="time"
                            size="xs"
                            aria-label={`${t('desk.calendars.holidayHours')} ${label} 2`}
                            value={hours[1]}
                            onChange={(e) => {
                              const v = e.currentTarget.value;
                              edit((d) => {
                                const row = d.holidays[i];
                                if (row) row.hours = [[hours[0], v]];
                              });
                            }}
                            disabled={disabled}
                            dir="ltr"
                          />
                        </Group>
                      ) : (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {!disabled ? (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('desk.calendars.removeHoliday', { name: label })}
                          onClick={() =>
                            edit((d) => {
                              d.holidays.splice(i, 1);
                            })
                          }
                        >
                          ×
                        </ActionIcon>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function ImportHolidays({ id, onImported }: { id: string; onImported: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: () => deskApi.importHolidays(id, year),
    onSuccess: async (r) => {
      setError(null);
      onImported();
      await queryClient.invalidateQueries({ queryKey: deskKeys.calendar(id) });
      notifications.show({
        color: 'green',
        message: t('desk.calendars.imported', {
          year: r.year,
          added: r.added,
          updated: r.updated,
          kept: r.keptManual,
        }),
      });
    },
    onError: (e) => setError(problemMessage(t, e, i18n.language)),
  });
  return (
    <Paper withBorder p="md">
      <Group align="flex-end" gap="sm">
        <NumberInput
          label={t('desk.calendars.importYear')}
          value={year}
          onChange={(v) => setYear(Number(v) || new Date().getFullYear())}
          min={2000}
          max={2100}
          w={120}
          thousandSeparator={false}
        />
        <Button onClick={() => run.mutate()} loading={run.isPending} variant="light">
          {t('desk.calendars.importIsraeli', { year })}
        </Button>
      </Group>
      <FormAlert message={error} />
    </Paper>
  );
}

function PreviewBox({ id, timezone, dirty }: { id: string; timezone: string; dirty: boolean }) {
  const { t, i18n } = useTranslation();
  const tag = intlTag(toLocale(i18n.language));
  const [start, setStart] = useState('');
  const [minutes, setMinutes] = useState<number | string>(60);
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: () => {
      const iso = zonedToIso(start, timezone);
      if (!iso) throw new Error('start');
      return deskApi.previewCalendar(id, iso, Number(minutes) || 0);
    },
    onSuccess: () => setError(null),
    onError: (e) =>
      setError(
        e instanceof Error && e.message === 'start'
          ? t('validation.required')
          : problemMessage(t, e, i18n.language),
      ),
  });
  const fmt = useMemo(
    () =>
      new Intl.DateTimeFormat(tag, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: timezone,
      }),
    [tag, timezone],
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="preview-title">
      <Title order={3} fz="md" id="preview-title">
        {t('desk.calendars.preview')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('desk.calendars.previewHelp')}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            type="datetime-local"
            label={t('desk.calendars.previewStart', { tz: timezone })}
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            dir="ltr"
            required
          />
          <NumberInput
            label={t('desk.calendars.previewMinutes')}
            value={minutes}
            onChange={setMinutes}
            min={0}
            max={1_000_000}
            w={140}
          />
          <Button type="submit" loading={run.isPending} variant="default">
            {t('desk.calendars.previewRun')}
          </Button>
        </Group>
      </form>
      {dirty ? (
        <Text size="xs" c="orange" mt="xs">
          {t('desk.calendars.saveFirst')}
        </Text>
      ) : null}
      <FormAlert message={error} />
      <div aria-live="polite">
        {run.data ? (
          <Text mt="sm" fw={600} data-testid="preview-result">
            {t('desk.calendars.previewResult', { due: fmt.format(new Date(run.data.due)) })}
          </Text>
        ) : null}
      </div>
    </Paper>
  );
}
