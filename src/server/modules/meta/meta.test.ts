import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;
let viewer: Client;

before(async () => {
  h = await harness();
  admin = await h.workspace();
  viewer = await h.member(admin, 'viewer');
});
after(() => h.close());

const resources = ['contacts', 'companies', 'deals', 'tasks', 'activities'];
type Field = {
  name: string;
  kind: string;
  operators: string[];
  values?: string[];
  sortable: boolean;
  nullable: boolean;
};

describe('list metadata', () => {
  test('a viewer reads the contacts fields with kinds, operators, values, sortability and nullability', async () => {
    const res = await viewer.get('/api/v1/meta/lists/contacts');
    assert.equal(res.status, 200);
    assert.equal(res.body.resource, 'contacts');
    const byName = new Map<string, Field>(res.body.fields.map((f: Field) => [f.name, f]));
    assert.deepEqual(byName.get('lastName'), {
      name: 'lastName',
      kind: 'text',
      operators: ['eq', 'ne', 'in', 'empty', 'contains', 'startsWith'],
      sortable: true,
      nullable: false,
    });
    assert.deepEqual(byName.get('lifecycleStage')?.values, ['lead', 'prospect', 'customer', 'former', 'other']);
    assert.deepEqual(byName.get('tags'), {
      name: 'tags',
      kind: 'array',
      operators: ['has', 'empty'],
      sortable: false,
      nullable: false,
    });
    assert.deepEqual(byName.get('birthday')?.operators, ['eq', 'ne', 'in', 'empty', 'gt', 'gte', 'lt', 'lte']);
    assert.equal(byName.get('ownerId')?.nullable, true);
  });

  test('every described operator is a filter parameter of the list and every sortable field sorts it', async () => {
    const doc = (await h.raw({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const resource of resources) {
      const { body } = await admin.get(`/api/v1/meta/lists/${resource}`);
      assert.ok(body.fields.length > 3, resource);
      const params = new Set(doc.paths[`/api/v1/${resource}`].get.parameters.map((p: { name: string }) => p.name));
      for (const field of body.fields as Field[]) {
        for (const op of field.operators) {
          const param = op === 'eq' ? field.name : `${field.name}.${op}`;
          assert.ok(params.has(param), `${resource}: ${param}`);
        }
        const sorted = await admin.get(`/api/v1/${resource}?limit=1&sort=-${field.name}`);
        assert.equal(
          sorted.status,
          field.sortable ? 200 : 400,
          `${resource} sort=${field.name}: ${JSON.stringify(sorted.body)}`,
        );
      }
    }
  });

  test('the unsortable long texts of tasks and activities say so', async () => {
    const tasks = (await admin.get('/api/v1/meta/lists/tasks')).body.fields as Field[];
    assert.equal(tasks.find((f) => f.name === 'description')?.sortable, false);
    const activities = (await admin.get('/api/v1/meta/lists/activities')).body.fields as Field[];
    assert.equal(activities.find((f) => f.name === 'body')?.sortable, false);
    assert.deepEqual(activities.find((f) => f.name === 'direction')?.values, ['inbound', 'outbound', 'internal']);
  });

  test('an unknown list is a 404 problem and a caller without credentials gets a 401', async () => {
    const unknown = await admin.get('/api/v1/meta/lists/pipelines');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await h.raw({ method: 'GET', url: '/api/v1/meta/lists/contacts' })).statusCode, 401);
  });
});
