// Writing and showing mail in the web app (src/web/features/emails/compose.ts, emailFrame.ts):
// the addresses people type, a reply's subject and recipients, the quoted original, and the
// frame a message is shown in (its policy loads nothing remote unless asked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatAddress,
  messageHtml,
  parseAddress,
  quoteHtml,
  replyRecipients,
  replySubject,
  showsRemoteImages,
  textToHtml,
} from '../../src/web/features/emails/compose.ts';
import { frameDocument, framePolicy } from '../../src/web/features/emails/emailFrame.ts';

test('addresses are read as people type them, and anything else is none', () => {
  assert.deepEqual(parseAddress('jonas.weber@weber-bau.de'), { address: 'jonas.weber@weber-bau.de' });
  assert.deepEqual(parseAddress(' Jonas Weber <jonas.weber@weber-bau.de> '), {
    address: 'jonas.weber@weber-bau.de',
    name: 'Jonas Weber',
  });
  assert.deepEqual(parseAddress('"Weber, Jonas" <jonas@weber-bau.de>'), {
    address: 'jonas@weber-bau.de',
    name: 'Weber, Jonas',
  });
  assert.equal(parseAddress('Jonas Weber'), null);
  assert.equal(parseAddress('jonas@weber-bau'), null);
  assert.equal(parseAddress('a b@weber-bau.de'), null);
});

test('an address is written back so that it reads again the same, commas in names quoted', () => {
  for (const address of [
    { address: 'jonas@weber-bau.de' },
    { address: 'jonas@weber-bau.de', name: 'Jonas Weber' },
    { address: 'einkauf@weber-bau.de', name: 'Weber Bau GmbH, Einkauf' },
  ])
    assert.deepEqual(parseAddress(formatAddress(address)), address);
});

test('a reply says "Re:" once, whatever prefixes the subject had', () => {
  assert.equal(replySubject('Angebot Lagerhalle'), 'Re: Angebot Lagerhalle');
  assert.equal(replySubject('Re: Angebot Lagerhalle'), 'Re: Angebot Lagerhalle');
  assert.equal(replySubject('AW: Re: AW: Angebot Lagerhalle'), 'Re: Angebot Lagerhalle');
  assert.equal(replySubject('RE[2]: Angebot'), 'Re: Angebot');
  assert.equal(replySubject('WG: Angebot'), 'Re: WG: Angebot');
  assert.equal(replySubject('Rechnung: Re-Lieferung'), 'Re: Rechnung: Re-Lieferung');
});

const own = 'anna@berger-beratung.de';
const inbound = {
  direction: 'inbound' as const,
  from: { address: 'jonas@weber-bau.de', name: 'Jonas Weber' },
  to: [{ address: own }, { address: 'einkauf@weber-bau.de' }],
  cc: [{ address: 'chef@weber-bau.de' }, { address: 'Jonas@weber-bau.de' }],
};

test('a reply goes to the sender; to all also to the others, never to oneself and nobody twice', () => {
  assert.deepEqual(replyRecipients(inbound, own, false), { to: [inbound.from], cc: [] });
  assert.deepEqual(replyRecipients(inbound, own, true), {
    to: [inbound.from, { address: 'einkauf@weber-bau.de' }],
    cc: [{ address: 'chef@weber-bau.de' }],
  });
});

test('answering one’s own sent message writes to its recipients again', () => {
  const sent = {
    direction: 'outbound' as const,
    from: { address: own },
    to: [{ address: 'jonas@weber-bau.de' }],
    cc: [],
  };
  assert.deepEqual(replyRecipients(sent, own, false), { to: [{ address: 'jonas@weber-bau.de' }], cc: [] });
});

test('the original is quoted below the reply, a text message as escaped paragraphs', () => {
  assert.equal(
    quoteHtml({ html: null, text: 'Guten Tag,\nbitte <Rückruf>.\n\nGruß' }, 'Am 1. Nov. schrieb Jonas:'),
    '<p>Am 1. Nov. schrieb Jonas:</p><blockquote type="cite"><p>Guten Tag,<br>bitte &lt;Rückruf&gt;.</p><p>Gruß</p></blockquote>',
  );
  assert.equal(textToHtml('a & b'), '<p>a &amp; b</p>');
});

test('the message sent is the text with the quote below it', () => {
  assert.equal(messageHtml('<p>Hallo</p>', '<blockquote>alt</blockquote>'), '<p>Hallo</p><blockquote>alt</blockquote>');
  assert.equal(messageHtml('<p>Hallo</p>', null), '<p>Hallo</p>');
});

test('a quote shows remote images only when the server left them in', () => {
  assert.equal(showsRemoteImages('<img data-blocked-src="https://x.example/a.png">'), false);
  assert.equal(showsRemoteImages('<img alt="a" src="https://x.example/a.png">'), true);
  assert.equal(showsRemoteImages('<img src="data:image/png;base64,AA">'), false);
});

test('the frame loads no remote image unless asked, and never a script', () => {
  assert.equal(framePolicy(false), "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
  assert.equal(framePolicy(true), "default-src 'none'; img-src data: https: http:; style-src 'unsafe-inline'");
  const doc = frameDocument('<p>Hallo</p>', { remoteImages: false });
  assert.match(
    doc,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">/,
  );
  assert.ok(
    doc.indexOf('Content-Security-Policy') < doc.indexOf('<p>Hallo</p>'),
    'the policy comes before the message',
  );
});
