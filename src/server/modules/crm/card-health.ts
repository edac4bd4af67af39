import type { THealth, THealthReason, THealthRules } from '../../../shared/crm/card.schemas.js';

/** What the health light is computed from, gathered by the card in a few indexed queries. */
export type HealthFacts = {
  overdueTasks: number;
  /** Latest customer-facing contact (calls, emails, meetings… not internal notes); null = never. */
  lastContactAt: Date | null;
  /** When the account was created: "days since contact" counts from here if there was none. */
  createdAt: Date;
  openUrgentTickets: number;
  overdueDeals: number;
  status: 'active' | 'inactive';
};

const DAY_MS = 86_400_000;

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many.replace('{n}', String(n)));

/**
 * The light and its reasons: red if any rule says red, else yellow if any says yellow, else green.
 * Reasons come worst first, each in English and Hebrew.
 */
export const evaluateHealth = (rules: THealthRules, f: HealthFacts, now: Date): THealth => {
  const reasons: THealthReason[] = [];
  const add = (r: THealthReason) => reasons.push(r);

  const t = rules.overdueTasks;
  if (t.enabled && f.overdueTasks >= t.yellowAt) {
    add({
      code: 'overdue_tasks',
      severity: f.overdueTasks >= t.redAt ? 'red' : 'yellow',
      message: plural(f.overdueTasks, '1 overdue task', '{n} overdue tasks'),
      messageHe: plural(f.overdueTasks, 'משימה אחת באיחור', '{n} משימות באיחור'),
    });
  }

  const c = rules.daysSinceContact;
  if (c.enabled) {
    const since = f.lastContactAt ?? f.createdAt;
    const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
    if (days > c.yellowAfterDays) {
      add({
        code: 'no_recent_contact',
        severity: days > c.redAfterDays ? 'red' : 'yellow',
        message: f.lastContactAt
          ? `No contact for ${days} days`
          : `No contact since the customer was added ${days} days ago`,
        messageHe: f.lastContactAt
          ? `אין קשר כבר ${days} ימים`
          : `לא היה קשר מאז שהלקוח נוסף לפני ${days} ימים`,
      });
    }
  }

  const u = rules.urgentTickets;
  if (u.enabled && f.openUrgentTickets >= u.redAt) {
    add({
      code: 'urgent_tickets',
      severity: 'red',
      message: plural(f.openUrgentTickets, '1 open urgent ticket', '{n} open urgent tickets'),
      messageHe: plural(f.openUrgentTickets, 'פנייה דחופה אחת פתוחה', '{n} פניות דחופות פתוחות'),
    });
  }

  const d = rules.overdueDeals;
  if (d.enabled && f.overdueDeals >= d.yellowAt) {
    add({
      code: 'overdue_deals',
      severity: 'yellow',
      message: plural(
        f.overdueDeals,
        '1 deal past its expected close date',
        '{n} deals past their expected close date',
      ),
      messageHe: plural(
        f.overdueDeals,
        'עסקה אחת עברה את תאריך הסגירה הצפוי',
        '{n} עסקאות עברו את תאריך הסגירה הצפוי',
      ),
    });
  }

  if (rules.inactiveStatus.enabled && f.status === 'inactive') {
    add({
      code: 'inactive',
      severity: 'yellow',
      message: 'The customer is marked inactive',
      messageHe: 'הלקוח מסומן כלא פעיל',
    });
  }

  reasons.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'red' ? -1 : 1));
  const light = reasons.some((r) => r.severity === 'red') ? 'red' : reasons.length ? 'yellow' : 'green';
  return { light, reasons };
};
