// Signing in: what the client sends and gets back.
import { z } from 'zod';
import { user } from './users.ts';

export const loginInput = z
  .object({
    email: z.string().trim().min(1, { message: 'must not be empty' }).max(254),
    // Up to 256 characters may be set (passwordRules.ts); longer ones cannot sign in.
    password: z.string().min(1, { message: 'must not be empty' }).max(256),
  })
  .strict()
  .meta({ id: 'LoginInput' });

export const workspace = z
  .object({ id: z.string(), name: z.string(), defaultCountry: z.string(), defaultCurrency: z.string() })
  .meta({ id: 'Workspace' });

export const me = z
  .object({
    user,
    workspace,
    /** Send in the x-csrf-token header with every cookie-authenticated write. */
    csrfToken: z.string().nullable(),
    /**
     * The workspace asks this user for a second factor and they have none: until they set
     * it up, the API answers 403 two_factor_setup_required except for the setup itself.
     */
    twoFactorSetupRequired: z.boolean(),
    /**
     * What the user may do, per resource of the role table (docs/security.md): the actions
     * (`read`, `create`, `update`, `delete`, `restore`, `share`, `manage`) their role allows.
     * Whatever is not listed is refused (403); the web app leaves it out.
     */
    may: z.record(z.string(), z.array(z.string())),
  })
  .meta({ id: 'Me' });
