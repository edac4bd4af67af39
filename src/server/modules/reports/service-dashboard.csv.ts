// The service dashboard as CSV: one `section,key,value,…` record per figure, so a spreadsheet can
// pivot it. UTF-8 with a BOM (Excel shows Hebrew names only then).
import type { TServiceDashboard } from '../../../shared/reports.schemas.js';
import { type CsvValue, csvLine, UTF8_BOM } from '../../platform/files/csv-write.js';

export const dashboardCsv = (d: TServiceDashboard): string => {
  const lines: CsvValue[][] = [['section', 'key', 'value', 'extra1', 'extra2']];
  lines.push(['period', 'from', d.from], ['period', 'to', d.to], ['period', 'teamId', d.teamId]);
  lines.push(['open', 'total', d.open.total]);
  for (const s of d.open.byStatus) lines.push(['open_by_status', s.status, s.count]);
  for (const p of d.open.byPriority) lines.push(['open_by_priority', p.priority, p.count]);
  lines.push(['breached', 'count', d.breached.count], ['at_risk', 'count', d.atRisk.count]);
  for (const t of d.breached.items)
    lines.push(['breached_ticket', t.number, t.subject, t.assigneeName, t.dueAt]);
  for (const t of d.atRisk.items)
    lines.push(['at_risk_ticket', t.number, t.subject, t.assigneeName, t.dueAt]);
  for (const a of d.agents) lines.push(['agent_open', a.name, a.open, a.userId]);
  for (const [section, v] of [
    ['first_response', d.firstResponse],
    ['resolution', d.resolution],
  ] as const) {
    lines.push([
      `${section}_business_minutes`,
      'median',
      v.businessMinutes.median,
      'p90',
      v.businessMinutes.p90,
    ]);
    lines.push([`${section}_business_minutes`, 'count', v.businessMinutes.count]);
    lines.push([`${section}_wall_minutes`, 'median', v.wallMinutes.median, 'p90', v.wallMinutes.p90]);
    lines.push([`${section}_wall_minutes`, 'count', v.wallMinutes.count]);
  }
  for (const [target, c] of Object.entries(d.slaCompliance))
    lines.push(['sla_compliance', target, c.percent, c.met, c.breached]);
  lines.push(['csat', 'count', d.csat.count], ['csat', 'average', d.csat.average]);
  lines.push(['csat', 'satisfied_percent', d.csat.satisfiedPercent]);
  for (const t of d.trend) lines.push(['trend', t.date, t.created, t.solved]);
  return UTF8_BOM + lines.map(csvLine).join('');
};
