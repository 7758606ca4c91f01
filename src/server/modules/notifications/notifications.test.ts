import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { markDueReminders } from '../tasks/tasks.reminders.ts';

let h: Harness;
let admin: Client;
let agent: Client;
let viewer: Client;
let other: Client;

before(async () => {
  h = await harness();
  admin = await h.workspace();
  agent = await h.member(admin, 'agent');
  viewer = await h.member(admin, 'viewer');
  other = await h.workspace();
});
after(() => h.close());

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function dueTask(client: Client, body: Record<string, unknown>) {
  const created = await client.post('/api/v1/tasks', { remindAt: minutesAgo(1), ...body });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

test("a due reminder notifies the task's assignee, once", async () => {
  const task = await dueTask(admin, { title: 'Rückruf Frau Müller', assigneeId: agent.userId });
  await markDueReminders(h.ctx);
  await markDueReminders(h.ctx);
  const mine = (await agent.get('/api/v1/notifications')).body;
  const about = mine.data.filter((n: any) => n.taskId === task.id);
  assert.equal(about.length, 1);
  assert.equal(about[0].kind, 'task_reminder');
  assert.equal(about[0].title, 'Rückruf Frau Müller');
  assert.equal(about[0].readAt, null);
  assert.ok(mine.unreadCount >= 1);
  const admins = (await admin.get('/api/v1/notifications')).body;
  assert.ok(!admins.data.some((n: any) => n.taskId === task.id), 'the creator of an assigned task is not notified');
});

test('the reminder of an unassigned task goes to whoever created it', async () => {
  const task = await dueTask(agent, { title: 'Angebot nachfassen' });
  await markDueReminders(h.ctx);
  const mine = (await agent.get('/api/v1/notifications')).body;
  assert.ok(mine.data.some((n: any) => n.taskId === task.id));
});

test('marking a notification read lowers the unread count and keeps the first read time', async () => {
  const task = await dueTask(admin, { title: 'Vertrag prüfen', assigneeId: viewer.userId });
  await markDueReminders(h.ctx);
  const before = (await viewer.get('/api/v1/notifications?unread=true')).body;
  const target = before.data.find((n: any) => n.taskId === task.id);
  assert.ok(target);
  const read = await viewer.post(`/api/v1/notifications/${target.id}/read`);
  assert.equal(read.status, 200, JSON.stringify(read.body));
  assert.ok(read.body.readAt);
  const again = await viewer.post(`/api/v1/notifications/${target.id}/read`);
  assert.equal(again.body.readAt, read.body.readAt);
  const after = (await viewer.get('/api/v1/notifications?unread=true')).body;
  assert.equal(after.unreadCount, before.unreadCount - 1);
  assert.ok(!after.data.some((n: any) => n.id === target.id));
});

test("read-all marks every unread notification of the user and nobody else's", async () => {
  await dueTask(admin, { title: 'Eins', assigneeId: admin.userId });
  await dueTask(admin, { title: 'Zwei', assigneeId: admin.userId });
  const agentTask = await dueTask(admin, { title: 'Für den Agenten', assigneeId: agent.userId });
  await markDueReminders(h.ctx);
  const marked = await admin.post('/api/v1/notifications/read-all');
  assert.equal(marked.status, 200);
  assert.ok(marked.body.marked >= 2);
  assert.equal((await admin.get('/api/v1/notifications?unread=true')).body.unreadCount, 0);
  const agents = (await agent.get('/api/v1/notifications?unread=true')).body;
  assert.ok(agents.data.some((n: any) => n.taskId === agentTask.id));
});

test("another user's or another workspace's notification is not found", async () => {
  const task = await dueTask(admin, { title: 'Nur für den Agenten', assigneeId: agent.userId });
  await markDueReminders(h.ctx);
  const target = (await agent.get('/api/v1/notifications')).body.data.find((n: any) => n.taskId === task.id);
  assert.equal((await viewer.post(`/api/v1/notifications/${target.id}/read`)).status, 404);
  assert.equal((await other.post(`/api/v1/notifications/${target.id}/read`)).status, 404);
  assert.ok(!(await other.get('/api/v1/notifications')).body.data.some((n: any) => n.id === target.id));
  assert.equal((await agent.get('/api/v1/notifications')).body.data.find((n: any) => n.id === target.id).readAt, null);
});

test('notifications page by cursor, newest first, each exactly once', async () => {
  const user = await h.member(admin, 'agent');
  for (const title of ['A', 'B', 'C', 'D', 'E']) await dueTask(admin, { title, assigneeId: user.userId });
  await markDueReminders(h.ctx);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: any = (await user.get(`/api/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
    seen.push(...page.data.map((n: any) => n.id));
    cursor = page.nextCursor;
  } while (cursor);
  assert.equal(seen.length, 5);
  assert.deepEqual(seen, [...seen].sort().reverse());
  assert.equal((await user.get('/api/v1/notifications?cursor=bm9wZQ')).status, 400);
});
