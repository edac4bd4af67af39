import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { TCreateTeam, TTeam, TUpdateTeam } from '../../../shared/tickets.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { users } from '../auth/index.js';
import { agentAvailability, type TeamRow, teamMembers, teams } from './teams.table.js';
import { requireUser, requireUsers } from './ticket-refs.js';
import type { TicketsDeps } from './tickets.deps.js';
import { expectedVersion } from './tickets.service.js';

const teamNotFound = () => new AppError('NOT_FOUND', { userMessage: 'Team not found.' });

const getTeamOrThrow = async (tx: Tx, id: string) => {
  const [row] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.id, id), isNull(teams.deletedAt)))
    .limit(1);
  if (!row) throw teamNotFound();
  return row;
};

const toTeams = async (tx: Tx, rows: TeamRow[]): Promise<TTeam[]> => {
  const ids = rows.map((r) => r.id);
  const members = ids.length
    ? await tx
        .select({
          teamId: teamMembers.teamId,
          userId: teamMembers.userId,
          name: users.name,
          status: agentAvailability.status,
        })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .leftJoin(agentAvailability, eq(agentAvailability.userId, teamMembers.userId))
        .where(inArray(teamMembers.teamId, ids))
        .orderBy(asc(users.name))
    : [];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    assignmentMode: r.assignmentMode,
    managerId: r.managerId,
    members: members
      .filter((m) => m.teamId === r.id)
      .map((m) => ({ userId: m.userId, name: m.name, available: m.status !== 'away' })),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
};

const nameTaken = () =>
  validationError([{ path: 'name', message: 'Another team has this name' }], 'Team names must be unique.');

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err.code === '23505' || err.cause?.code === '23505';
};

export const createTeams = (deps: TicketsDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  const setMembers = async (tx: Tx, tenantId: string, teamId: string, userIds: string[]) => {
    const unique = await requireUsers(tx, userIds, 'userIds');
    await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
    if (unique.length) {
      await tx.insert(teamMembers).values(unique.map((userId) => ({ tenantId, teamId, userId })));
    }
  };

  return {
    list: (ctx: TenantCtx) =>
      inTx(ctx, async (tx) => ({
        items: await toTeams(
          tx,
          await tx.select().from(teams).where(isNull(teams.deletedAt)).orderBy(asc(teams.name)),
        ),
      })),

    get: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => (await toTeams(tx, [await getTeamOrThrow(tx, id)]))[0] as TTeam),

    create: (ctx: TenantCtx, input: TCreateTeam) =>
      inTx(ctx, async (tx) => {
        if (input.managerId) await requireUser(tx, input.managerId, 'managerId');
        const now = deps.clock.now();
        const [dup] = await tx
          .select({ id: teams.id })
          .from(teams)
          .where(and(eq(teams.name, input.name), isNull(teams.deletedAt)))
          .limit(1);
        if (dup) throw nameTaken();
        const [row] = await tx
          .insert(teams)
          .values({
            tenantId: ctx.tenantId,
            name: input.name,
            assignmentMode: input.assignmentMode,
            managerId: input.managerId ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!row) throw new Error('team insert returned nothing');
        await setMembers(tx, ctx.tenantId, row.id, input.memberIds);
        await recordAudit(tx, auditFromCtx(ctx, 'team.created', { kind: 'team', id: row.id }));
        return (await toTeams(tx, [row]))[0] as TTeam;
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateTeam, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        const current = await getTeamOrThrow(tx, id);
        if (current.version !== expected) {
          throw new AppError('VERSION_CONFLICT', {
            userMessage: 'Someone else changed this team since you opened it.',
            extra: { current: (await toTeams(tx, [current]))[0] },
          });
        }
        if (input.managerId) await requireUser(tx, input.managerId, 'managerId');
        const { version: _v, ...fields } = input;
        try {
          const [row] = await tx
            .update(teams)
            .set({ ...fields, version: current.version + 1, updatedAt: deps.clock.now() })
            .where(and(eq(teams.id, id), eq(teams.version, current.version)))
            .returning();
          if (!row) throw teamNotFound();
          await recordAudit(
            tx,
            auditFromCtx(ctx, 'team.updated', { kind: 'team', id }, { fields: Object.keys(fields) }),
          );
          return (await toTeams(tx, [row]))[0] as TTeam;
        } catch (e) {
          if (isUniqueViolation(e)) throw nameTaken();
          throw e;
        }
      }),

    /** Replaces the members; tickets already assigned stay with whoever has them. */
    setMembers: (ctx: TenantCtx, id: string, userIds: string[]) =>
      inTx(ctx, async (tx) => {
        const team = await getTeamOrThrow(tx, id);
        await setMembers(tx, ctx.tenantId, id, userIds);
        await recordAudit(tx, auditFromCtx(ctx, 'team.members_set', { kind: 'team', id }, { userIds }));
        return (await toTeams(tx, [team]))[0] as TTeam;
      }),

    /** Moves the team to the trash; its tickets keep their team id (shown as a deleted team). */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const team = await getTeamOrThrow(tx, id);
        await tx
          .update(teams)
          .set({ deletedAt: deps.clock.now(), version: team.version + 1 })
          .where(eq(teams.id, id));
        await recordAudit(tx, auditFromCtx(ctx, 'team.deleted', { kind: 'team', id }));
      }),

    getAvailability: (ctx: TenantCtx, userId: string) =>
      inTx(ctx, async (tx) => {
        const [row] = await tx
          .select()
          .from(agentAvailability)
          .where(eq(agentAvailability.userId, userId))
          .limit(1);
        return { status: row?.status ?? 'available', updatedAt: row?.updatedAt.toISOString() ?? null };
      }),

    /** An agent away takes no automatic assignments (tickets they have stay theirs). */
    setAvailability: (ctx: TenantCtx, userId: string, status: 'available' | 'away') =>
      inTx(ctx, async (tx) => {
        const now = deps.clock.now();
        await tx
          .insert(agentAvailability)
          .values({ tenantId: ctx.tenantId, userId, status, updatedAt: now })
          .onConflictDoUpdate({
            target: [agentAvailability.tenantId, agentAvailability.userId],
            set: { status, updatedAt: now },
          });
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'agent.availability_set', { kind: 'user', id: userId }, { status }),
        );
        return { status, updatedAt: now.toISOString() };
      }),
  };
};

export type Teams = ReturnType<typeof createTeams>;
