import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, htmlToText, sanitizeBody } from './emailTemplates.html.ts';

describe('email body HTML', () => {
  test("the editor's formatting is kept; what runs, loads or styles is not", () => {
    assert.equal(
      sanitizeBody('<h2>Titel</h2><p>a<br>b <u>c</u> <s>d</s> <code>e</code></p><blockquote><p>f</p></blockquote><hr>'),
      '<h2>Titel</h2><p>a<br />b <u>c</u> <s>d</s> <code>e</code></p><blockquote><p>f</p></blockquote><hr />',
    );
    assert.equal(
      sanitizeBody(
        '<p style="x" class="y" data-x="1">a</p><script>x()</script><noscript>n</noscript><svg><circle/></svg>' +
          '<form><input value="v"></form><object data="x"></object><a href="vbscript:x">b</a><a href="//evil.example">c</a>' +
          '<a href="mailto:info@farley.example">d</a><a href="tel:+49301234567">e</a><div>f</div><strike>g</strike>',
      ),
      '<p>a</p><a>b</a><a>c</a><a href="mailto:info@farley.example">d</a><a href="tel:+49301234567">e</a><p>f</p><s>g</s>',
    );
  });

  test('escaping leaves no way out of text or a quoted attribute', () => {
    assert.equal(
      escapeHtml(`<a href="x" onclick='y'>&amp;</a>`),
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  test('the text part: paragraphs apart, line breaks kept, lists marked, link addresses written out', () => {
    const html = sanitizeBody(
      '<p>Sehr geehrte Frau Dr. Schmidt,</p><p>wie   besprochen:\n</p>' +
        '<ul><li><p>Wartung</p></li><li><p>Ersatzteile &amp; Anfahrt</p><ol><li>Kessel</li><li>Pumpe</li></ol></li></ul>' +
        '<p>Mehr unter <a href="https://farley.example/angebot?a=1&amp;b=2">unserem Angebot</a>, ' +
        '<a href="https://farley.example">https://farley.example</a> oder <a href="mailto:info@farley.example">info@farley.example</a>.</p>' +
        '<hr><p>Mit freundlichen Grüßen<br>Anna Berger<br>Tel. 030&nbsp;1234567</p>',
    );
    assert.equal(
      htmlToText(html),
      [
        'Sehr geehrte Frau Dr. Schmidt,',
        '',
        'wie besprochen:',
        '',
        '- Wartung',
        '- Ersatzteile & Anfahrt',
        '  1. Kessel',
        '  2. Pumpe',
        '',
        'Mehr unter unserem Angebot (https://farley.example/angebot?a=1&b=2), https://farley.example oder info@farley.example.',
        '',
        '----------',
        '',
        'Mit freundlichen Grüßen',
        'Anna Berger',
        'Tel. 030\u00a01234567',
      ].join('\n'),
    );
  });

  test('preformatted text keeps its spaces and lines', () => {
    assert.equal(
      htmlToText(sanitizeBody('<p>Code:</p><pre><code>a  b\n  c</code></pre><p>Ende</p>')),
      'Code:\n\na  b\n  c\n\nEnde',
    );
    assert.equal(htmlToText(''), '');
  });
});
