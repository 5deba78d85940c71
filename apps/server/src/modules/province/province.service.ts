// Provincial operations: quota counters, reporting (locking) the list, unlocking, the contact form and the mode choice.
import { quotaTotal, quotaUsage } from '@anli/domain/quota.ts';
import { pickFormFields, validateFields, type FormData } from '@anli/domain/form.ts';
import { findProvince, PROVINCES } from '@anli/domain/provinces.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db/db.ts';
import { badRequest, conflict } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { CasesService } from '../cases/case.service.ts';
import { quotaSeats, seatsByProvince } from '../cases/case.repository.ts';
import {
  caseCountsByProvinceState, contactFormOf, contactFormProvinces, countPublishedWithCertificate, countRecommendedCases, emptyPreselectedCases, lockList,
  lockProvinceStatus, notRecommendedCaseIds, provinceAdminCounts, provinceStatuses, provinceStatusForUpdate, provinceStatusSummary, setProvinceMode,
  submittedCaseIdsAtProvince, type StatusRow, unlockList, upsertContactForm,
} from './province.repository.ts';

export function provinceService(deps: { db: Db; clock: Clock; calls: CallsService; cases: CasesService }) {
  const { db, clock, calls, cases } = deps;
  const actorOf = (u: SessionUser) => ({ id: u.id, role: u.role, name: u.name });

  return {
    async status(callId: string, provinceCode: string) {
      const call = calls.requireCall(callId);
      // Polled by every administrator's pages near the deadline: the list's lock, the contact form, the counts by state
      // and the quota seats in one round trip (the phases are a second).
      const row = await provinceStatusSummary(db, callId, provinceCode);
      const seats = await quotaSeats(db, callId, provinceCode);
      const seatsByGroup: Record<string, number> = {};
      for (const r of seats) seatsByGroup[r.quotaGroup] = (seatsByGroup[r.quotaGroup] ?? 0) + r.seats;
      const st: StatusRow = { locked: row.locked ?? false, locked_at: row.locked_at, mode: row.mode };
      // 推荐上报 warns, naming them, about imported (preselected) cases whose authors have not submitted anything yet.
      const emptyPreselected = await emptyPreselectedCases(db, callId, provinceCode);
      return {
        callId,
        provinceCode,
        provinceName: findProvince(provinceCode)?.name ?? provinceCode,
        quota: quotaUsage(call, seatsByGroup, provinceCode),
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
        const st = await lockProvinceStatus(q, callId, admin.provinceCode);
        if (st.locked) throw conflict('LIST_LOCKED', '本省推荐名单已上报');
        const recommended = await countRecommendedCases(q, callId, admin.provinceCode);
        if (recommended === 0) throw conflict('NOTHING_RECOMMENDED', '尚未推荐任何案例，请先推荐后再上报');
        // Chained calls: cases still at a county or city stay there (frozen while the list is locked), not closed.
        const open = await submittedCaseIdsAtProvince(q, callId, admin.provinceCode);
        for (const c of open) await cases.transitionCase(admin, c.id, 'close_unrecommended', null, q);
        const now = clock.now();
        await lockList(q, callId, admin.provinceCode, admin.id, now);
        await writeAudit(q, actorOf(admin), { event: 'province.report', objectType: 'province', objectId: admin.provinceCode, provinceCode: admin.provinceCode, data: { callId, recommended } }, now);
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
        const st = await provinceStatusForUpdate(q, callId, provinceCode);
        if (!st?.locked) throw conflict('NOT_LOCKED', '该省推荐名单尚未上报，无需解锁');
        const published = await countPublishedWithCertificate(q, callId, provinceCode);
        if (published > 0) {
          throw conflict('PUBLISHED', `该省已有 ${published} 个案例公布结果并发放证书，不能解锁推荐名单；如确需调整，请先在“结果发布”中撤销这些案例的证书`);
        }
        await unlockList(q, callId, provinceCode);
        const closed = await notRecommendedCaseIds(q, callId, provinceCode);
        for (const c of closed) await cases.transitionCase(organiser, c.id, 'reopen', null, q);
        await writeAudit(q, actorOf(organiser), { event: 'province.unlock', objectType: 'province', objectId: provinceCode, provinceCode, reason, data: { callId } }, clock.now());
      });
    },

    async contactForm(callId: string, provinceCode: string) {
      const call = calls.requireCall(callId);
      const cf = await contactFormOf(db, callId, provinceCode);
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
        await upsertContactForm(q, { callId, provinceCode: admin.provinceCode, data, by: admin.id, now });
        await writeAudit(q, actorOf(admin), { event: 'province.contact_form', objectType: 'province', objectId: admin.provinceCode, provinceCode: admin.provinceCode, data: { callId } }, clock.now());
      });
      return this.contactForm(callId, admin.provinceCode);
    },

    async setMode(admin: SessionUser & { provinceCode: string }, callId: string, mode: 1 | 2) {
      const call = calls.requireCall(callId);
      if (!call.provinceModes) throw badRequest('本活动不区分征集方式');
      await db.tx(async (q) => {
        const st = await lockProvinceStatus(q, callId, admin.provinceCode);
        if (st.locked) throw conflict('LIST_LOCKED', '本省推荐名单已上报，不能再修改征集方式');
        await setProvinceMode(q, callId, admin.provinceCode, mode);
        await writeAudit(q, actorOf(admin), { event: 'province.mode', objectType: 'province', objectId: admin.provinceCode, provinceCode: admin.provinceCode, data: { callId, mode } }, clock.now());
      });
      return this.status(callId, admin.provinceCode);
    },

    /** Organiser: one row per province with where it stands. */
    async overview(callId: string) {
      const call = calls.requireCall(callId);
      const counts = await caseCountsByProvinceState(db, callId);
      const statuses = await provinceStatuses(db, callId);
      const forms = await contactFormProvinces(db, callId);
      const admins = await provinceAdminCounts(db);
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
