// Automatic assignment when a ticket enters a team: round-robin over the available members, or
// to the available member with the fewest open tickets (from the badge counters). Members who
// are away, deactivated or removed are skipped; nobody available → the ticket stays unassigned.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { users } from '../auth/index.js';
import { agentAvailability, teamMembers, teams } from './teams.table.js';
import { activeCountsOf } from './ticket-counters.js';

/** The members who take automatic assignments now, in a stable order (by user id). */
export const availableMembers = async (tx: Tx, teamId: string): Promise<string[]> =>
  (
    await tx
      .select({ userId: teamMembers.userId })
      .from(teamMembers)
      .innerJoin(users, and(eq(users.id, teamMembers.userId), eq(users.active, true)))
      .leftJoin(agentAvailability, eq(agentAvailability.userId, teamMembers.userId))
      .where(and(eq(teamMembers.teamId, teamId), sql`${agentAvailability.status} is distinct from 'away'`))
      .orderBy(asc(teamMembers.userId))
  ).map((r) => r.userId);

/** Who comes after `last` in `ordered` (wrapping round); the first when `last` is unknown. */
export const nextAfter = (ordered: string[], last: string | null): string | undefined => {
  if (!last) return ordered[0];
  return ordered.find((id) => id > last) ?? ordered[0];
};

/**
 * Picks the assignee for a ticket entering `teamId` by the team's mode, or null (manual mode, or
 * nobody available). Locks the team row so concurrent assignments take turns.
 */
export const pickAssignee = async (tx: Tx, tenantId: string, teamId: string): Promise<string | null> => {
  const [team] = await tx.select().from(teams).where(eq(teams.id, teamId)).limit(1).for('update');
  if (!team || team.deletedAt || team.assignmentMode === 'manual') return null;
  const members = await availableMembers(tx, teamId);
  if (members.length === 0) return null;
  let chosen: string | undefined;
  switch (team.assignmentMode) {
    case 'round_robin':
      chosen = nextAfter(members, team.lastAssignedUserId);
      break;
    case 'least_open': {
      const counts = await activeCountsOf(tx, tenantId, members);
      const least = Math.min(...members.map((m) => counts.get(m) ?? 0));
      // Ties go round-robin, so equally loaded agents take turns.
      const tied = members.filter((m) => (counts.get(m) ?? 0) === least);
      chosen = nextAfter(tied, team.lastAssignedUserId);
      break;
    }
  }
  if (!chosen) return null;
  await tx.update(teams).set({ lastAssignedUserId: chosen }).where(eq(teams.id, teamId));
  return chosen;
};
