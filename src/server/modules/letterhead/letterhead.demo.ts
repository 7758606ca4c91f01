// The demo workspace's letterhead: a German GmbH with every imprint detail filled in, so the
// demo's quotes print as a real company's would. The IBAN is the well-known example one.
import type { Db } from '../../platform/db/database.ts';
import { compactIban } from '../../../contract/letterhead.ts';
import { saveLetterhead } from './letterhead.repository.ts';

export async function seedDemoLetterhead(tx: Db, workspaceId: string, managingDirector: string): Promise<void> {
  await saveLetterhead(tx, workspaceId, {
    company_name: 'Demo GmbH',
    street: 'Leopoldstraße 24',
    postal_code: '80802',
    city: 'München',
    country: 'DE',
    phone: '+49 89 2154 3300',
    email: 'vertrieb@demo-gmbh.example',
    website: 'www.demo-gmbh.example',
    vat_id: 'DE287654321',
    tax_number: '143/218/40567',
    register_court: 'Amtsgericht München',
    register_number: 'HRB 234567',
    management: managingDirector,
    bank_name: 'Commerzbank',
    iban: compactIban('DE89 3704 0044 0532 0130 00'),
    bic: 'COBADEFFXXX',
  });
}
