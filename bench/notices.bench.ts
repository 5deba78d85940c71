// Notices at national scale on the embedded database: an announcement to every province administrator, expert and
// author (N users, one notice each, inserted in bulk server-side) against the baseline of one insert per recipient
// (what a per-user loop in the application would do, measured on a sample and projected); the deadline-reminder
// run over D draft cases three days before the deadline, and its second run (idempotent: creates nothing); and outbox
// delivery of the reminders' SMS through an in-memory sender.
// `npm run bench -- notices` (NOTICES_USERS, NOTICES_DRAFTS and NOTICES_SAMPLE change the sizes).
import { startTestServer } from '../apps/server/src/testing/test-server.ts';
import { apiClient } from '../apps/server/src/testing/client.ts';
import { buildUser } from '../apps/server/src/testing/factories.ts';

const USERS = Number(process.env.NOTICES_USERS ?? 50_000);
const DRAFTS = Number(process.env.NOTICES_DRAFTS ?? 10_000);
const SAMPLE = Number(process.env.NOTICES_SAMPLE ?? 2_000);
const CALL = 'teacher-training-2026';
const at = (s: string) => Date.parse(s);
const ms = (t0: number) => Math.round(performance.now() - t0);

const srv = await startTestServer({ demo: false, now: at('2026-07-01T10:00:00+08:00') });
try {
  const db = srv.db;
  // Users: 32 province administrators, 300 experts, the rest authors (phones 170xxxxxxxx, one province each).
  await db.query(
    `insert into users (phone, password_hash, name, role, province_code)
     select '170' || lpad(i::text, 8, '0'), 'x', '用户' || i,
            case when i <= 32 then 'province_admin' when i <= 332 then 'expert' else 'author' end,
            (array['110000','120000','130000','140000','150000','210000','220000','230000','310000','320000','330000','340000','350000','360000','370000','410000',
                   '420000','430000','440000','450000','460000','500000','510000','520000','530000','540000','610000','620000','630000','640000','650000','660000'])[1 + i % 32]
     from generate_series(1, $1::int) i`,
    [USERS],
  );
  // Draft cases (nothing uploaded, a title only) of the first DRAFTS authors.
  await db.query(
    `insert into cases (call_id, case_type, author_id, province_code, state, form, title)
     select $1, 'evidence-research', id, province_code, 'draft', jsonb_build_object('title', '草稿 ' || phone), '草稿 ' || phone
     from users where role = 'author' order by phone limit $2`,
    [CALL, DRAFTS],
  );
  const org = apiClient(srv.app);
  const o = await buildUser(srv.services, 'organiser', null);
  await org.login(o.phone, o.password);

  // 1. Announcement to everyone, bulk.
  let t0 = performance.now();
  const r = await org.post('/api/org/announcements', { title: '平台维护通知', body: '本周六晚平台维护两小时。', audience: 'everyone' });
  const announceMs = ms(t0);
  if (r.status !== 200) throw new Error(`announce failed: ${r.status} ${JSON.stringify(r.body)}`);
  const recipients = r.body.recipients as number;

  // Baseline: one insert per recipient, on a sample, projected to all recipients.
  const sample = await db.query<{ id: string }>('select id from users order by phone limit $1', [SAMPLE]);
  t0 = performance.now();
  await db.tx(async (q) => {
    for (const u of sample) {
      await q.query(`insert into notices (user_id, kind, title, body, link) values ($1, 'announcement', '基线', '逐条插入', '/notices')`, [u.id]);
    }
  });
  const perUserMs = ms(t0);
  const baselineProjectedMs = Math.round((perUserMs / sample.length) * recipients);

  // 2. Reminders three days before the deadline, then again (idempotent).
  const when = at('2026-08-28T09:00:00+08:00');
  srv.clock.set(when);
  t0 = performance.now();
  const first = await srv.services.notices.runDueReminders(when);
  const remindMs = ms(t0);
  t0 = performance.now();
  const second = await srv.services.notices.runDueReminders(at('2026-08-28T10:00:00+08:00'));
  const rerunMs = ms(t0);
  const dup = await db.query<{ n: number }>(
    `select count(*)::int as n from (select user_id, dedupe_key from notices where dedupe_key is not null group by 1, 2 having count(*) > 1) d`,
  );

  // 3. Delivery of the reminders' SMS (the in-process worker may take part; the count is what matters).
  t0 = performance.now();
  let sent = 0;
  for (;;) {
    const d = await srv.services.notices.deliverDue(when);
    sent += d.sent;
    const [left] = await db.query<{ n: number }>(`select count(*)::int as n from notice_outbox where status = 'pending' and next_attempt_at <= $1`, [new Date(when).toISOString()]);
    if (left!.n === 0) break;
  }
  const deliverMs = ms(t0);
  const [outbox] = await db.query<{ sent: number; pending: number }>(
    `select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status <> 'sent')::int as pending from notice_outbox`,
  );
  const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);

  console.log(`announcement to ${recipients} users: ${announceMs} ms (one insert per user: ${perUserMs} ms for ${sample.length}, projected ${baselineProjectedMs} ms)`);
  console.log(`reminders over ${DRAFTS} drafts: ${first.created} created in ${remindMs} ms; second run ${second.created} created in ${rerunMs} ms; duplicate keys ${dup[0]!.n}`);
  console.log(`outbox: ${outbox!.sent} sent (${sent} by this loop) in ${deliverMs} ms, ${outbox!.pending} not sent`);
  console.log(JSON.stringify({
    bench: 'notices',
    users: recipients,
    announce_ms: announceMs,
    per_user_insert_projected_ms: baselineProjectedMs,
    ratio: Number((announceMs / baselineProjectedMs).toFixed(3)),
    drafts: DRAFTS,
    reminders_created: first.created,
    reminders_ms: remindMs,
    rerun_created: second.created,
    rerun_ms: rerunMs,
    duplicate_keys: dup[0]!.n,
    sms_sent: outbox!.sent,
    deliver_ms: deliverMs,
    peak_rss_mb: rss,
  }));
} finally {
  await srv.close();
}
