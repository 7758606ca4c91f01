// Email templates in the web app, in the demo workspace: a template with the letter salutation
// and the company's name, written with the placeholder menu and the rich-text editor, previewed
// live against a demo contact with a doctorate ("Sehr geehrte Frau Dr. …"), saved, and shown
// in the list; an unknown placeholder is caught before saving. Then the same in English,
// shorter. The screenshot of the editor with its preview is taken here.
import type { APIRequestContext, Page } from '@playwright/test';
import { allowConsoleErrors, apiAs, demoAccount, expect, signIn, test } from './fixtures.ts';

interface DemoContact {
  id: string;
  firstName: string | null;
  lastName: string;
  companies: Array<{ name: string }>;
}

test.describe.configure({ mode: 'serial', timeout: 240_000 });

/**
 * Playwright runs scripts of its own in every frame; the preview's frame is sandboxed without
 * allow-scripts, and the browser says it blocked them. Nothing of the app's runs there.
 */
const sandboxRefusals = /Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/;

let account: { email: string; password: string };
test.beforeAll(() => {
  account = demoAccount();
});

/** A contact of the demo workspace who is "Frau Dr." and works at a company. */
async function doctor(request: APIRequestContext): Promise<DemoContact> {
  const { headers } = await apiAs(request, account);
  const found = await request.get('/api/v1/contacts', {
    headers,
    params: { salutation: 'Frau', title: 'Dr.', limit: 100 },
  });
  expect(found.ok(), await found.text()).toBe(true);
  const contacts = ((await found.json()) as { data: DemoContact[] }).data;
  const contact = contacts.find((c) => c.companies.length > 0 && c.firstName);
  expect(contact, 'the demo workspace has a Frau Dr. at a company').toBeDefined();
  return contact!;
}

/**
 * The text of the preview's frame, or of its first element matching `selector`. Read from the
 * page: the frame runs no script (sandboxed), so a locator inside it cannot be used.
 */
function previewText(page: Page, selector = 'body') {
  return () =>
    page
      .getByTestId('preview-body')
      .evaluate(
        (frame: HTMLIFrameElement, css) => frame.contentDocument?.querySelector(css)?.textContent?.trim() ?? '',
        selector,
      );
}

/** Chooses the contact in the preview by typing its last name. */
async function previewWith(page: Page, contact: DemoContact, label: string) {
  const picker = page.getByTestId('template-preview').getByRole('combobox', { name: label, exact: true });
  await picker.fill(contact.lastName);
  await page
    .getByRole('option', { name: new RegExp(`Dr\\. ${contact.firstName} ${contact.lastName}`) })
    .first()
    .click();
}

test.describe('auf Deutsch', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('eine Vorlage mit Briefanrede und Firma, live in der Vorschau mit einer Frau Dr. aus der Demo', async ({
    page,
    request,
    consoleErrors,
  }) => {
    const contact = await doctor(request);
    const company = contact.companies[0]!.name;
    // The demo workspace is new for this file: the name needs no suffix to be its own.
    const name = 'Angebot nachfassen';
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, '/email-templates', account);
    await expect(page.getByRole('heading', { name: 'E-Mail-Vorlagen', exact: true })).toBeVisible();
    await page.getByRole('link', { name: 'Neue Vorlage' }).click();
    await expect(page.getByRole('heading', { name: 'Neue Vorlage' })).toBeVisible();
    await page.getByRole('textbox', { name: 'Name' }).fill(name);

    // The subject: typed, and the company's name from the placeholder menu at the cursor.
    const subject = page.getByRole('textbox', { name: 'Betreff' });
    await subject.fill('Ihr Angebot für ');
    await page.getByTestId('placeholder-picker').click();
    await page.getByRole('menuitem', { name: 'Name der Firma' }).click();
    await expect(subject).toHaveValue('Ihr Angebot für {{company.name}}');

    // The body: the salutation from the menu, then text with bold and the company again.
    const body = page.getByRole('textbox', { name: 'Text', exact: true });
    await body.click();
    await page.getByTestId('placeholder-picker').click();
    await page.getByRole('menuitem', { name: /^Briefanrede/ }).click();
    await body.press('Enter');
    await body.pressSequentially('vielen Dank für Ihr Interesse. Für ');
    await page.getByTestId('placeholder-picker').click();
    await page.getByRole('menuitem', { name: 'Name der Firma' }).click();
    await body.pressSequentially(' haben wir ');
    await page.getByRole('button', { name: 'Fett' }).click();
    await body.pressSequentially('ein Angebot');
    await page.getByRole('button', { name: 'Fett' }).click();
    await body.pressSequentially(' vorbereitet.');
    await body.press('Enter');
    await body.pressSequentially('Mit freundlichen Grüßen');
    await body.press('Shift+Enter');
    await page.getByTestId('placeholder-picker').click();
    await page.getByRole('menuitem', { name: 'Mein Name' }).click();

    // Without a contact the preview greets everyone and says what stayed empty.
    const preview = page.getByTestId('template-preview');
    await expect(preview.getByTestId('preview-missing')).toContainText('Briefanrede');
    await expect.poll(previewText(page)).toContain('Sehr geehrte Damen und Herren,');

    await previewWith(page, contact, 'Kontakt');
    await expect(preview.getByTestId('preview-subject')).toHaveText(`Ihr Angebot für ${company}`);
    await expect.poll(previewText(page, 'p')).toBe(`Sehr geehrte Frau Dr. ${contact.lastName},`);
    await expect.poll(previewText(page)).toContain(`Für ${company} haben wir ein Angebot vorbereitet.`);
    await expect.poll(previewText(page, 'strong')).toBe('ein Angebot');
    await expect(preview.getByTestId('preview-missing')).toBeHidden();

    // A placeholder that does not exist is caught before anything is sent.
    await subject.fill('Ihr Angebot für {{firma}}');
    await expect(page.getByText('Unbekannte Platzhalter: firma.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Speichern' })).toBeDisabled();
    await subject.fill('Ihr Angebot für {{company.name}}');

    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect(page.getByText('Vorlage gespeichert')).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/email-templates/[0-9a-f-]{36}\\?contactId=${contact.id}$`));
    await expect(page.getByRole('heading', { name })).toBeVisible();
    await expect.poll(previewText(page, 'p')).toBe(`Sehr geehrte Frau Dr. ${contact.lastName},`);
    await expect(page.getByText('Vorlage gespeichert')).toBeHidden({ timeout: 15_000 });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: 'docs/screenshots/email-templates.png', animations: 'disabled', caret: 'hide' });

    await page.getByRole('link', { name: 'Zurück zu den E-Mail-Vorlagen' }).click();
    const row = page.getByTestId('email-template-row').filter({ hasText: name });
    await expect(row).toContainText('Nur für mich');
    await expect(row).toContainText('Ihr Angebot für {{company.name}}');
    allowConsoleErrors(consoleErrors, sandboxRefusals);
  });
});

test.describe('in English', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });

  test('an English template greets the same contact as Dear Dr …', async ({ page, request, consoleErrors }) => {
    const contact = await doctor(request);
    await signIn(page, '/email-templates/new', account);
    await expect(page.getByRole('heading', { name: 'New template' })).toBeVisible();
    await page.getByRole('textbox', { name: 'Name' }).fill('Follow-up');
    await page.getByRole('radio', { name: 'English' }).check({ force: true });
    await page.getByRole('textbox', { name: 'Subject' }).fill('Your quote');
    await page.getByRole('textbox', { name: 'Text', exact: true }).click();
    await page.getByTestId('placeholder-picker').click();
    await page.getByRole('menuitem', { name: /^Letter salutation/ }).click();
    await previewWith(page, contact, 'Contact');
    await expect.poll(previewText(page, 'p')).toBe(`Dear Dr ${contact.lastName},`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Template saved')).toBeVisible();
    allowConsoleErrors(consoleErrors, sandboxRefusals);
  });
});
