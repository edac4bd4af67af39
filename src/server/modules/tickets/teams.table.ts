import { sql } from 'drizzle-orm';
import { foreignKey, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { TEAM_ASSIGNMENT_MODES, TICKET_STATUSES } from '../../../shared/tickets.schemas.js';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';

/** A group of agents; new tickets for it are assigned by hand, round-robin or to the least loaded. */
export const teams = pgTable(
  'teams',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    assignmentMode: text('assignment_mode', { enum: TEAM_ASSIGNMENT_MODES }).notNull().default('manual'),
    // Escalations notify the team's manager.
    managerId: uuid('manager_id'),
    // Round-robin continues after this member.
    lastAssignedUserId: uuid('last_assigned_user_id'),
    version: version(),
    ...timestamps(),
    deletedAt: tstz('deleted_at'),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('teams_tenant_name_key').on(t.tenantId, t.name).where(sql`deleted_at is null`),
  ],
);
export type TeamRow = typeof teams.$inferSelect;

export const teamMembers = pgTable(
  'team_members',
  {
    tenantId: tenantId(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.teamId, t.userId] }),
    index('team_members_user_idx').on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** Whether an agent takes automatic assignments now. No row: available. */
export const agentAvailability = pgTable(
  'agent_availability',
  {
    tenantId: tenantId(),
    userId: uuid('user_id').notNull(),
    status: text('status', { enum: ['available', 'away'] }).notNull(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] })],
);

/** A canned reply with placeholders ({{requester.firstName}}, {{ticket.number}}, {{agent.name}}). */
export const macros = pgTable(
  'macros',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    bodyHtml: text('body_html').notNull(),
    visibility: text('visibility', { enum: ['public', 'internal'] })
      .notNull()
      .default('public'),
    statusAfter: text('status_after', { enum: TICKET_STATUSES }),
    addTags: text('add_tags').array().notNull().default([]),
    version: version(),
    ...timestamps(),
    deletedAt: tstz('deleted_at'),
  },
  (t) => [tenantPk(t), index('macros_tenant_name_idx').on(t.tenantId, t.name).where(sql`deleted_at is null`)],
);
export type MacroRow = typeof macros.$inferSelect;
