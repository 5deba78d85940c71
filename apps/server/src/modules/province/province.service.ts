// Provincial operations: quota counters, reporting (locking) the list, unlocking, the contact form and the mode choice.
import { COUNTED_STATES, quotaTotal, quotaUsage } from '@anli/domain/quota.ts';
import { pickFormFields, validateFields, type FormData } from '@anli/domain/form.ts';
import { findProvince, PROVINCES } from '@anli/domain/provinces.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db/db.ts';
import { badRequest, conflict } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { CasesService } from '../cases/case.service.ts';
import { atProvinceLevel, quotaSeats, seatsByProvince } from '../cases/case.repository.ts';

interface StatusRow {
  locked: boolean;
  locked_at: Date | null;
  mode: 1 | 2 | null;
}

export function provinceService(deps: { db: Db; clock: Clock; calls: CallsService; cases: CasesService }) {
  const { db, clock, calls, cases } = deps;
  const actorOf = (u: SessionUser) => ({ id: u.id, role: u.role, name: u.name });

  return {
    async status(callId: string, provinceCode: string) {
      const call = calls.requireCall(callId);
      // Polled by every administrator's pages near the deadline: the list's lock, the contact form, the counts by state
      // and the quota seats in one round trip (the phases are a second).
      const [row] = await db.query<StatusRow & { contact_form: boolean; counts: Record<string, number> | null; seats: Record<string, number> | null }>(
        `select ps.locked, ps.locked_at, ps.mode,
           exists (select 1 from contact_forms where call_id = $1 and province_code = $2) as contact_form,
           (select json_object_agg(state, n) from (
              -- Chained calls: only what the cities passed on to the province (as in the province's list).
              select state, count(*)::int as n from cases where call_id = $1 and province_code = $2 and ${atProvinceLevel('cases')} group by state
            ) c) as counts,
           null as seats
         from (select 1) one left join province_status ps on ps.call_id = $1 and ps.province_code = $2`,
        [callId, provinceCode],
      );
      const seats = await quotaSeats(db, callId, provinceCode);
      row.seats = {};
      for (const r of seats) row.seats[r.quotaGroup] = (row.seats[r.quotaGroup] ?? 0) + r.seats;
      const st: StatusRow = { locked: row.locked ?? false, locked_at: row.locked_at, mode: row.mode };
      // 推荐上报 warns, naming them, about imported (preselected) cases whose authors have not submitted anything yet.
      const emptyPreselected = await db.query<{ id: string; title: string; author_name: string }>(
        `select c.id, c.title, u.name as author_name from cases c join users u on u.id = c.author_id
         where c.call_id = $1 and c.province_code = $2 and c.preselected_at is not null and c.state = 'draft' order by c.title`,
        [callId, provinceCode],
      );
      return {
        callId,
        provinceCode,
        provinceName: findProvince(provinceCode)?.name ?? provinceCode,
        quota: quotaUsage(call, row.seats ?? {}, provinceCode),
        /** Mode-1 imported cases not yet recommended (方式一预选（占用名额）), included in the quota counters. */
        preselected: seats.reduce((s, r) => s + r.preselected, 0),
        locked: st.locked,
        lockedAt: st.locked_at ? new Date(st.locked_at).toISOString() : null,
        mode: st.mode,
        provinceModes: call.provinceModes,
        contactFormSubmitted: row.contact_form,
        counts: row.counts ?? {},
        /** Authors' drafts of the province: shown as a count only (a draft is the author's until submitted). */
        drafts: row.counts?.draft ?? 0,
        emptyPreselected: emptyPreselected.map((c) => ({ id: c.id, title: c.title || '（未命名案例）', authorName: c.author_name })),
        phases: await calls.phases(callId, provinceCode),
      };
    },

    /** 推荐上报: locks the list; what was submitted but not recommended is closed. Only the organiser can unlock. */
    async report(admin: SessionUser & { provinceCode: string }, callId: string) {
      const call = calls.requireCall(callId);
      await db.tx(async (q) => {
        await calls.assertOpen(q, call, 'province_recommendation', admin.provinceCode);
        await q.query('insert into province_status (call_id, province_code) values ($1, $2) on conflict do nothing', [callId, admin.provinceCode]);
        const [st] = await q.query<{ locked: boolean }>('select locked from province_status where call_id = $1 and province_code = $2 for update', [callId, admin.provinceCode]);
        if (st.locked) throw conflict('LIST_LOCKED', '本省推荐名单已上报');
        const recommended = await q.query<{ n: number }>(
          `select count(*)::int as n from cases where call_id = $1 and province_code = $2
           and state = any($3::text[])`,
          [callId, admin.provinceCode, [...COUNTED_STATES]],
        );
        if (recommended[0].n === 0) throw conflict('NOTHING_RECOMMENDED', '尚未推荐任何案例，请先推荐后再上报');
        // Chained calls: cases still at a county or city stay there (frozen while the list is locked), not closed.
        const open = await q.query<{ id: string }>(
          `select id from cases where call_id = $1 and province_code = $2 and state = 'submitted'
           and ${atProvinceLevel('cases')}`,
          [callId, admin.provinceCode],
        );
        for (const c of open) await cases.transitionCase(admin, c.id, 'close_unrecommended', null, q);
        const now = clock.now();
        await q.query('update province_status set locked = true, locked_at = $3, locked_by = $4 where call_id = $1 and province_code = $2', [
          callId, admin.provinceCode, new Date(now).toISOString(), admin.id,
        ]);
        await writeAudit(q, actorOf(admin), { event: 'province.report', objectType: 'province', objectId: admin.provinceCode, provinceCode: admin.provinceCode, data: { callId, recommended: recommended[0].n } }, now);
      });
      return this.status(callId, admin.provinceCode);
    },

    /**
     * Organiser: unlock a reported list with a reason (audited); closed cases become open for recommendation again.
     * Refused while any of the province's cases is published with a valid certificate: the outcome is public, so its
     * certificates are revoked first.
     */
    async unlock(organiser: SessionUser, callId: string, provinceCode: string, reasonIn: string) {
      calls.requireCall(callId);
      if (!findProvince(provinceCode)) throw badRequest('省份不存在');
      const reason = reasonIn.trim();
      if (reason.length < 2) throw badRequest('请填写解锁原因（记入审计日志）', [{ path: 'reason', message: '请填写解锁原因' }]);
      if (reason.length > 500) throw badRequest('解锁原因不超过 500 字', [{ path: 'reason', message: '解锁原因不超过 500 字' }]);
      await db.tx(async (q) => {
        const [st] = await q.query<{ locked: boolean }>('select locked from province_status where call_id = $1 and province_code = $2 for update', [callId, provinceCode]);
        if (!st?.locked) throw conflict('NOT_LOCKED', '该省推荐名单尚未上报，无需解锁');
        const [pub] = await q.query<{ n: number }>(
          `select count(*)::int as n from cases c where c.call_id = $1 and c.province_code = $2 and c.state = 'published'
           and exists (select 1 from certificates ce where ce.case_id = c.id and ce.revoked_at is null)`,
          [callId, provinceCode],
        );
        if (pub.n > 0) {
          throw conflict('PUBLISHED', `该省已有 ${pub.n} 个案例公布结果并发放证书，不能解锁推荐名单；如确需调整，请先在“结果发布”中撤销这些案例的证书`);
        }
        await q.query('update province_status set locked = false, locked_at = null, locked_by = null where call_id = $1 and province_code = $2', [callId, provinceCode]);
        const closed = await q.query<{ id: string }>(`select id from cases where call_id = $1 and province_code = $2 and state = 'not_recommended'`, [callId, provinceCode]);
        for (const c of closed) await cases.transitionCase(organiser, c.id, 'reopen', null, q);
        await writeAudit(q, actorOf(organiser), { event: 'province.unlock', objectType: 'province', objectId: provinceCode, provinceCode, reason, data: { callId } }, clock.now());
      });
    },

    async contactForm(callId: string, provinceCode: string) {
      const call = calls.requireCall(callId);
      const [cf] = await db.query<{ data: FormData; submitted_at: Date }>('select data, submitted_at from contact_forms where call_id = $1 and province_code = $2', [callId, provinceCode]);
      const phases = await calls.phases(callId, provinceCode);
      const phase = phases.find((p) => p.id === call.contactForm.deadlinePhase);
      return {
        title: call.contactForm.title,
        fields: call.contactForm.fields,
        data: cf?.data ?? {},
        submittedAt: cf ? new Date(cf.submitted_at).toISOString() : null,
        deadline: phase?.end ?? null,
        /** The deadline was moved by the demo seed (the page says so). */
        deadlineDemoMoved: phase?.demoMoved ?? false,
        open: phase?.open ?? false,
        contactEmail: call.contactEmail,
      };
    },

    async saveContactForm(admin: SessionUser & { provinceCode: string }, callId: string, dataIn: FormData) {
      const call = calls.requireCall(callId);
      const data = pickFormFields({ fields: call.contactForm.fields }, dataIn);
      const errors = validateFields(call.contactForm.fields, data);
      if (errors.length) throw badRequest('联系人信息表有需要修改的内容', errors);
      await db.tx(async (q) => {
        await calls.assertOpen(q, call, call.contactForm.deadlinePhase, admin.provinceCode);
        const now = new Date(clock.now()).toISOString();
        await q.query(
          `insert into contact_forms (call_id, province_code, data, submitted_at, submitted_by) values ($1, $2, $3, $4, $5)
           on conflict (call_id, province_code) do update set data = $3, submitted_at = $4, submitted_by = $5`,
          [callId, admin.provinceCode, JSON.stringify(data), now, admin.id],
        );
        await writeAudit(q, actorOf(admin), { event: 'province.contact_form', objectType: 'province', objectId: admin.provinceCode, provinceCode: admin.provinceCode, data: { callId } }, clock.now());
      });
      return this.contactForm(callId, admin.provinceCode);
    },

    async setMode(admin: SessionUser & { provinceCode: string }, callId: string, mode: 1 | 2) {
      const call = calls.requireCall(callId);
      if (!call.provinceModes) throw badRequest('本活动不区分征集方式');
      await db.tx(async (q) => {
        await q.query('insert into province_status (call_id, province_code) values ($1, $2) on conflict do nothing', [callId, admin.provinceCode]);
        const [st] = await q.query<{ locked: boolean }>('select locked from province_status where call_id = $1 and province_code = $2 for update', [callId, admin.provinceCode]);
        if (st.locked) throw conflict('LIST_LOCKED', '本省推荐名单已上报，不能再修改征集方式');
        await q.query('update province_status set mode = $3 where call_id = $1 and province_code = $2', [callId, admin.provinceCode, mode]);
        await writeAudit(q, actorOf(admin), { event: 'province.mode', objectType: 'province', objectId: admin.provinceCode, provinceCode: admin.provinceCode, data: { callId, mode } }, clock.now());
      });
      return this.status(callId, admin.provinceCode);
    },

    /** Organiser: one row per province with where it stands. */
    async overview(callId: string) {
      const call = calls.requireCall(callId);
      const counts = await db.query<{ province_code: string; state: string; n: number }>(
        'select province_code, state, count(*)::int as n from cases where call_id = $1 group by province_code, state', [callId],
      );
      const statuses = await db.query<{ province_code: string; locked: boolean; mode: 1 | 2 | null }>('select province_code, locked, mode from province_status where call_id = $1', [callId]);
      const forms = new Set((await db.query<{ province_code: string }>('select province_code from contact_forms where call_id = $1', [callId])).map((r) => r.province_code));
      const admins = await db.query<{ province_code: string; n: number }>(`select province_code, count(*)::int as n from users where role = 'province_admin' group by province_code`);
      const seats = await seatsByProvince(db, callId);
      return PROVINCES.map((p) => {
        const mine = counts.filter((c) => c.province_code === p.code);
        const n = (s: string) => mine.find((c) => c.state === s)?.n ?? 0;
        const st = statuses.find((s) => s.province_code === p.code);
        return {
          provinceCode: p.code,
          provinceName: p.name,
          drafts: n('draft'),
          submitted: mine.filter((c) => c.state !== 'draft').reduce((s, c) => s + c.n, 0),
          recommended: seats.get(p.code)?.recommended ?? 0,
          /** 方式一预选（占用名额）: imported cases not yet recommended. */
          preselected: seats.get(p.code)?.preselected ?? 0,
          /** Seats in use: the same count as 统计看板 and the province's own pages. */
          quotaUsed: seats.get(p.code)?.seats ?? 0,
          quota: quotaTotal(call, p.code),
          locked: st?.locked ?? false,
          mode: st?.mode ?? null,
          contactFormSubmitted: forms.has(p.code),
          admins: admins.find((a) => a.province_code === p.code)?.n ?? 0,
        };
      });
    },
  };
}

export type ProvinceService = ReturnType<typeof provinceService>;
