// The key the privacy page derives from a new consent purpose's name: what the API accepts
// (purposeKey), readable, and German names spelled out (ä → ae).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { purposeKey } from '../../src/contract/consents.ts';
import { keyFor } from '../../src/web/features/privacy/purposeKey.ts';

test('a purpose name becomes a key the API accepts', () => {
  const cases: Array<[string, string]> = [
    ['Einladung zu Webinaren', 'einladung_zu_webinaren'],
    ['Kundenmagazin „Grün & Gut“ per Post', 'kundenmagazin_gruen_gut_per_post'],
    ['Straßenfest-Einladung', 'strassenfest_einladung'],
    ['Café-Gutscheine', 'cafe_gutscheine'],
    ['2027: Messe Köln', 'messe_koeln'],
    ['Ein sehr langer Name für einen Zweck, der nicht enden will', 'ein_sehr_langer_name_fuer_einen_zweck_de'],
  ];
  for (const [name, key] of cases) {
    assert.equal(keyFor(name), key, name);
    assert.ok(purposeKey.safeParse(key).success, key);
  }
  assert.equal(keyFor('!!!'), '');
});
