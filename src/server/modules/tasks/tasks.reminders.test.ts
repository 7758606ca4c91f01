import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { markDueReminders } from './tasks.reminders.ts';

let h: Harness;
let api: Client;
let other: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
  other = await h.workspace();
});
after(() => h.close());

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

test('the reminder job marks due reminders of open tasks in every workspace, once', async () => {
  const due = (
    await api.post('/api/v1/tasks', {
      title: 'Rückruf Müller',
      remindAt: minutesFromNow(-5),
      dueAt: minutesFromNow(60),
    })
  ).body;
  const later = (
    await api.post('/api/v1/tasks', {
      title: 'Angebot nachfassen',
      remindAt: minutesFromNow(30),
      dueAt: minutesFromNow(60),
    })
  ).body;
  const done = (await api.post('/api/v1/tasks', { title: 'Erledigt', remindAt: minutesFromNow(-5), status: 'done' }))
    .body;
  const elsewhere = (await other.post('/api/v1/tasks', { title: 'Andere Firma', remindAt: minutesFromNow(-1) })).body;
  assert.ok((await markDueReminders(h.ctx)) >= 2);
  const read = async (client: Client, id: string) => (await client.get(`/api/v1/tasks/${id}`)).body;
  const first = await read(api, due.id);
  assert.ok(first.remindedAt, 'the due reminder is marked');
  assert.equal((await read(api, later.id)).remindedAt, null);
  assert.equal((await read(api, done.id)).remindedAt, null);
  assert.ok((await read(other, elsewhere.id)).remindedAt);
  await markDueReminders(h.ctx);
  assert.equal((await read(api, due.id)).remindedAt, first.remindedAt, 'a reminder is marked only once');
});
