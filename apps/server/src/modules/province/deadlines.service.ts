// The province's own author deadline (seed 000 四(二)2: 各省自定报送截止时间): a mode-2 province's 报送截止, a mode-1
// province's date until which its recommended authors fill in. No later than its recommendation deadline; until it is
// set the recommendation deadline applies. Submission, reminders and the authors' countdowns read it through the
// calls service's windows (phaseWindow), so this module only stores, validates and presents it.
import { authorDeadlineProblem, formatBeijing, isPhaseOpen } from '@anli/domain/deadline.ts';
import type { CallDef } from '@anli/domain/calls/schema.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import { badRequest, conflict } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { authorDeadlineOf, deleteAuthorDeadline, lockProvinceStatus, provinceMode, upsertAuthorDeadline } from './province.repository.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function deadlinesService(deps: { db: Db; clock: Clock; calls: CallsService }) {
  const { db, clock, calls } = deps;

  async function present(q: Queryable, call: CallDef, provinceCode: string) {
    const now = clock.now();
    const sub = (await calls.window(q, call, 'submission', provinceCode))!;
    const rec = (await calls.window(q, call, 'province_recommendation', provinceCode))!;
    const own = await authorDeadlineOf(q, call.id, provinceCode);
    return {
      callId: call.id,
      callTitle: call.title,
      applicable: call.provinceModes,
      mode: await provinceMode(q, call.id, provinceCode),
      own: own ? iso(new Date(own.ends_at).getTime()) : null,
      ownSetAt: own ? iso(new Date(own.set_at).getTime()) : null,
      ownSetBy: own?.set_by ?? null,
      effective: iso(sub.endsAt),
      source: sub.authorDeadline ?? 'call',
      recommendationEnd: iso(rec.endsAt),
      submissionStart: sub.startsAt === null ? null : iso(sub.startsAt),
      open: isPhaseOpen(sub, now),
      demoMoved: sub.demoMoved || rec.demoMoved,
    };
  }

  return {
    /** The 截止时间 card of a provincial administrator's own province. */
    async provinceDeadline(admin: SessionUser & { provinceCode: string }, callId: string) {
      const call = calls.requireCall(callId);
      return present(db, call, admin.provinceCode);
    },

    /** Sets (or with null clears) the province's author deadline; refused past its recommendation deadline. */
    async setProvinceDeadline(admin: SessionUser & { provinceCode: string }, callId: string, endsAtIn: string | null) {
      const call = calls.requireCall(callId);
      if (!call.provinceModes) throw conflict('NOT_PROVINCE_SET', '本活动的作者填报时间由通知统一规定，各省不能另行设定');
      const provinceCode = admin.provinceCode;
      // The calls service keeps phase settings for the pages; a change (or a failed try) drops them.
      return db.tx(async (q) => {
        // One writer per province at a time: the row of province_status is the lock (as for the mode and the list).
        const st = await lockProvinceStatus(q, call.id, provinceCode);
        if (st?.locked) throw conflict('LIST_LOCKED', '本省推荐名单已上报并锁定，不能再修改作者报送截止时间；如需调整请联系组委会');
        const before = await present(q, call, provinceCode);
        const actor = { id: admin.id, role: admin.role, name: admin.name, provinceCode };
        if (endsAtIn === null) {
          await deleteAuthorDeadline(q, call.id, provinceCode);
          await writeAudit(q, actor, {
            event: 'province.author_deadline_clear', objectType: 'province', objectId: provinceCode, provinceCode, data: { callId: call.id, before: before.own },
          }, clock.now());
          return present(q, call, provinceCode);
        }
        const endsAt = new Date(endsAtIn).getTime();
        const rec = (await calls.window(q, call, 'province_recommendation', provinceCode))!;
        const sub = (await calls.window(q, call, 'submission', provinceCode))!;
        if (Number.isNaN(endsAt)) throw badRequest('请选择截止日期和时间', [{ path: 'endsAt', message: '请选择截止日期和时间' }]);
        const problem = authorDeadlineProblem(endsAt, sub.startsAt, rec.endsAt);
        if (problem) throw badRequest(problem, [{ path: 'endsAt', message: problem }]);
        await upsertAuthorDeadline(q, { callId: call.id, provinceCode, endsAt, by: admin.id, now: clock.now() });
        await writeAudit(q, actor, {
          event: 'province.author_deadline_set', objectType: 'province', objectId: provinceCode, provinceCode,
          data: { callId: call.id, endsAt: iso(endsAt), beijing: formatBeijing(endsAt), before: before.own },
        }, clock.now());
        return present(q, call, provinceCode);
      }).finally(calls.settingsChanged);
    },

    /** The author's deadline in every call, for the author's province (its own date, else its recommendation deadline). */
    async authorDeadlines(author: SessionUser) {
      const out = [];
      const now = clock.now();
      for (const call of calls.list()) {
        const sub = await calls.window(db, call, 'submission', author.provinceCode ?? null);
        if (!sub) continue;
        out.push({
          callId: call.id,
          callTitle: call.title,
          name: call.phases.find((p) => p.id === 'submission')?.name ?? '作者报送',
          startsAt: sub.startsAt === null ? null : iso(sub.startsAt),
          endsAt: iso(sub.endsAt),
          source: sub.authorDeadline ?? ('call' as const),
          open: isPhaseOpen(sub, now),
          demoMoved: sub.demoMoved,
          mode: author.provinceCode && call.provinceModes ? await provinceMode(db, call.id, author.provinceCode) : null,
        });
      }
      return out;
    },
  };
}

export type DeadlinesService = ReturnType<typeof deadlinesService>;
