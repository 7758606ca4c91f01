// What the sanitiser of received and written mail leaves of hostile HTML (html.ts). The
// browser's side (the sandboxed frame under its own policy) is tested in
// tests/e2e/hostile-xss.spec.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanHtml } from './html.ts';

test('scripts, handlers, frames, forms and javascript: links are taken out', () => {
  const { html } = cleanHtml(
    '<p onclick="x()">Text</p><script>x()</script><img src="data:image/png;base64,QQ" onerror="x()"><svg onload="x()"></svg>' +
      '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input></form>' +
      '<a href="javascript:x()">a</a><a href=" JaVaScRiPt:x()">b</a><object data="x"></object><embed src="x">',
  );
  assert.doesNotMatch(html, /script|onclick|onerror|onload|<svg|<iframe|<form|<input|javascript:|<object|<embed/i);
  assert.match(html, /Text/);
});

test('an image with a relative address loses it: shown in Farley it would load a URL of the app', () => {
  for (const src of ['x', '/api/v1/contacts/export?format=xlsx', './a.png', '../api/v1/auth/logout', 'api/v1/x']) {
    for (const remoteImages of [false, true]) {
      const { html, remoteImages: counted } = cleanHtml(`<img src="${src}" alt="Logo">`, { remoteImages });
      assert.equal(html, '<img alt="Logo" />', `${src} (images ${remoteImages ? 'shown' : 'blocked'})`);
      assert.equal(counted, 0);
    }
  }
});

test('remote images wait for the reader; inline ones stay; styles load nothing from elsewhere or from Farley', () => {
  assert.equal(
    cleanHtml('<img src="https://bilder.example/a.png">').html,
    '<img data-blocked-src="https://bilder.example/a.png" />',
  );
  assert.equal(
    cleanHtml('<img src="https://bilder.example/a.png">', { remoteImages: true }).html,
    '<img src="https://bilder.example/a.png" />',
  );
  assert.equal(
    cleanHtml('<img src="//bilder.example/a.png">').html,
    '<img data-blocked-src="//bilder.example/a.png" />',
  );
  assert.equal(cleanHtml('<img src="data:image/png;base64,QQ">').html, '<img src="data:image/png;base64,QQ" />');
  for (const style of [
    'background:url(https://evil.example/t.png)',
    'background:url(/api/v1/contacts/export)',
    "background:url('x')",
  ])
    assert.match(cleanHtml(`<div style="${style}">a</div>`).html, /style="background:none"/, style);
  assert.match(cleanHtml('<div style="background:url(data:image/png;base64,QQ)">a</div>').html, /url\(data:/);
  assert.equal(cleanHtml('<p>see url(this) here</p>').html, '<p>see url(this) here</p>', 'text is no style');
});
