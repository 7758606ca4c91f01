// App passwords of the CardDAV/CalDAV server and the phone settings, as the API shows and
// accepts them. An app password appears only in the answer to its creation.
import { z } from 'zod';
import { id, requiredText } from './common.ts';

export const appPasswordCreate = z
  .object({ name: requiredText(100).describe('Which device it is for, e.g. "iPhone Anna"') })
  .strict()
  .meta({ id: 'AppPasswordCreate' });

export const appPassword = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'AppPassword' });

export const appPasswordList = z.object({ data: z.array(appPassword) }).meta({ id: 'AppPasswordList' });

export const createdAppPassword = appPassword
  .extend({
    password: z.string().describe('The app password. Shown only in this answer; enter it on the device now.'),
  })
  .meta({ id: 'CreatedAppPassword' });

export const davSettings = z
  .object({
    contactsViewId: id
      .nullable()
      .describe("The saved view of contacts the phone's address book shows; null: the contacts the user owns"),
    serverUrl: z.string().describe('What to enter on the device as the server (CardDAV and CalDAV)'),
    username: z.string().describe("The user name to enter on the device: the user's email"),
  })
  .meta({ id: 'DavSettings' });

export const davSettingsPatch = z.object({ contactsViewId: id.nullable() }).strict().meta({ id: 'DavSettingsPatch' });

export type AppPassword = z.infer<typeof appPassword>;
export type CreatedAppPassword = z.infer<typeof createdAppPassword>;
export type DavSettings = z.infer<typeof davSettings>;
