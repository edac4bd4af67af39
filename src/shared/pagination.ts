import { z } from 'zod';

export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

/** `{ items, nextCursor }`: no total count — counting big tables is slow and rarely needed. */
export const zPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
