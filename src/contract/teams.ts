// Teams of a workspace (groups of users) as the API shows and accepts them.
import { z } from 'zod';
import { id, multilineText, recordMeta, requiredText } from './common.ts';

export const teamInput = z
  .object({
    name: requiredText(200),
    description: multilineText(2000).nullable(),
    partner: z
      .boolean()
      .describe('A partner organisation: its members in the partner role see only what its members own'),
    memberIds: z
      .array(id)
      .max(1000, { message: 'at most 1000 members' })
      .transform((list) => [...new Set(list)]),
  })
  .strict();

export const teamCreate = teamInput.partial().required({ name: true }).meta({ id: 'TeamCreate' });
/** memberIds, when sent, replaces the whole membership. */
export const teamPatch = teamInput.partial().meta({ id: 'TeamPatch' });

export const team = z
  .object({
    ...recordMeta,
    name: z.string(),
    description: z.string().nullable(),
    partner: z.boolean(),
    memberIds: z.array(z.string()),
  })
  .meta({ id: 'Team' });

export type TeamCreate = z.infer<typeof teamCreate>;
export type TeamPatch = z.infer<typeof teamPatch>;
export type Team = z.infer<typeof team>;
