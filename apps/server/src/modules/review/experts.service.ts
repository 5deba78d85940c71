// Review experts: invitations (a one-time code by SMS, reissued on request), activation into an expert account,
// the expert list, and conflicts of interest (回避).
import { createHash, randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { pageParams, MAX_PAGE_SIZE } from '@anli/contracts/common.ts';
import type { ExpertListQuery } from '@anli/contracts/experts.ts';
import type { InviteExpertBody } from '@anli/contracts/review.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { badRequest, conflict, invalid, notFound } from '@anli/domain/errors.ts';
import type { SessionUser } from '../../http/auth.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { checkPassword, presentUser } from '../accounts/accounts.service.ts';
import { createSession } from '../accounts/sessions.ts';
import { smsParams } from '../messaging/templates.ts';
import type { ReviewDeps } from './review.deps.ts';
import { actorOf, iso, presentExpert, presentPool, strList } from './review.present.ts';
import {
  activateExpertAccount, caseProvince, ensureProfiles, expertByInvitation, expertPageInScope, expertScope, findExpert, insertExpert, isUuid,
  managedExpert, phoneTaken, recordConflict, setInvitation, userWithPhoneExists,
} from './review.repository.ts';

const INVITE_TTL_MS = 30 * 24 * 3600_000;
const MOBILE = /^1[3-9]\d{9}$/;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const newCode = () => randomBytes(9).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, 'X').slice(0, 12);

/** Who the invitation SMS names: the inviting province (its administrator manages experts of one province), else 组委会. */
const inviterName = (actor: SessionUser) => {
  const own = expertScope(actor).provinceCode;
  return own ? (findProvince(own)?.name ?? '省级管理员') : '组委会';
};

export function expertsService(deps: Pick<ReviewDeps, 'db' | 'clock' | 'sessionMaxMs' | 'messaging'>) {
  const { db, clock } = deps;

  /**
   * One page of the expert list as the viewer sees it (review.repository.ts expertPageInScope), sorted and filtered
   * in the database, with the total.
   */
  async function expertPage(viewer: SessionUser, query: ExpertListQuery, opts: { maxPageSize?: number } = {}) {
    const scope = expertScope(viewer);
    await ensureProfiles(db);
    const { page, pageSize, offset, order } = pageParams(query);
    const size = Math.min(pageSize, opts.maxPageSize ?? MAX_PAGE_SIZE);
    const r = await expertPageInScope(db, scope, query, { size, offset, order });
    return { items: presentPool(r.rows, r.conflicts, r.loads), total: r.total, page, pageSize: size };
  }

  return {
    /** The organiser invites an expert: a profile and a one-time invitation code (shown once; only its hash is kept). */
    async inviteExpert(actor: SessionUser, input: InviteExpertBody) {
      const name = input.name?.trim() ?? '';
      const phone = input.phone?.trim() ?? '';
      const unitName = input.unitName?.trim() ?? '';
      // A provincial administrator invites experts of and for the own province (they belong to it).
      const own = expertScope(actor).provinceCode;
      const provinceCode = own ?? input.provinceCode ?? '';
      const fields: Array<{ path: string; message: string }> = [];
      if (!name || name.length > 20) fields.push({ path: 'name', message: '请填写姓名（20 字以内）' });
      if (!MOBILE.test(phone)) fields.push({ path: 'phone', message: '请输入 11 位手机号码' });
      if (!unitName || unitName.length > 60) fields.push({ path: 'unitName', message: '请填写工作单位（60 字以内）' });
      if (!findProvince(provinceCode)) fields.push({ path: 'provinceCode', message: '请选择省份' });
      if (fields.length) throw badRequest('专家信息有需要修改的内容', fields);
      const code = newCode();
      const now = clock.now();
      const row = await db.tx(async (q) => {
        if (await phoneTaken(q, phone)) throw conflict('PHONE_TAKEN', '该手机号已注册或已被邀请，请换用其他手机号');
        const e = await insertExpert(q, {
          name, phone, unitName, provinceCode, subjects: strList(input.subjects), stages: strList(input.stages),
          codeHash: sha(code), expiresAt: now + INVITE_TTL_MS, invitedBy: actor.id, now,
        });
        await writeAudit(q, actorOf(actor), { event: 'expert.invite', objectType: 'expert', objectId: e.id, provinceCode }, now);
        await deps.messaging.queue(q, [{ channel: 'sms', to: phone, kind: 'expert_invitation', expiresAt: now + INVITE_TTL_MS, ...smsParams('expert_invitation', { inviter: inviterName(actor), code }) }], { now });
        return e;
      });
      return { expert: presentExpert({ ...row, owner_province: own }), code, expiresAt: iso(now + INVITE_TTL_MS) };
    },

    /** A fresh invitation code for an expert who has not activated yet (the old one stops working). */
    async reissueInvitation(actor: SessionUser, expertId: string) {
      if (!isUuid(expertId)) throw notFound('专家');
      const code = newCode();
      const now = clock.now();
      await db.tx(async (q) => {
        // A provincial administrator manages only the experts the own province invited.
        const e = await managedExpert(q, actor, expertId, true);
        if (!e) throw notFound('专家');
        if (e.activated_at) throw conflict('ALREADY_ACTIVE', '该专家已激活账号，无需重新邀请');
        await setInvitation(q, e.id, sha(code), now + INVITE_TTL_MS);
        await writeAudit(q, actorOf(actor), { event: 'expert.reinvite', objectType: 'expert', objectId: e.id, provinceCode: e.province_code }, now);
        await deps.messaging.queue(q, [{ channel: 'sms', to: e.phone, kind: 'expert_invitation', expiresAt: now + INVITE_TTL_MS, ...smsParams('expert_invitation', { inviter: inviterName(actor), code }) }], { now });
      });
      return { code, expiresAt: iso(now + INVITE_TTL_MS) };
    },

    expertPage,

    /** Every expert of the organiser's list matching the filters, read in batches (the Excel export streams them). */
    async *expertRowsAll(viewer: SessionUser, query: ExpertListQuery, batch = 1000) {
      for (let page = 1; ; page++) {
        const r = await expertPage(viewer, { ...query, page, pageSize: batch }, { maxPageSize: batch });
        yield* r.items;
        if (r.items.length < batch) return;
      }
    },

    /** An invited expert sets a password with the invitation code and the invited phone number; signs in. */
    async activateExpert(input: { code?: string; phone?: string; password?: string }) {
      const phone = input.phone?.trim() ?? '';
      if (!MOBILE.test(phone)) throw badRequest('请输入 11 位手机号码', [{ path: 'phone', message: '请输入 11 位手机号码' }]);
      checkPassword(input.password, phone);
      const code = input.code?.trim().toUpperCase() ?? '';
      const passwordHash = await hash(input.password as string);
      const now = clock.now();
      return db.tx(async (q) => {
        const e = await expertByInvitation(q, sha(code));
        if (!e || e.phone !== phone || e.activated_at || !e.invite_expires_at || new Date(e.invite_expires_at).getTime() <= now) {
          throw invalid('BAD_INVITATION_CODE', '邀请码无效、已使用、已过期或与手机号不符，请联系组委会', [{ path: 'code', message: '邀请码无效、已使用、已过期或与手机号不符' }]);
        }
        if (await userWithPhoneExists(q, phone)) throw conflict('PHONE_TAKEN', '该手机号已注册，请联系组委会');
        const u = await activateExpertAccount(q, e, phone, passwordHash, now);
        await writeAudit(q, { id: u.id, role: 'expert', name: e.name }, { event: 'expert.activate', objectType: 'expert', objectId: e.id, provinceCode: e.province_code }, now);
        const token = await createSession(q, u.id, now, { maxMs: deps.sessionMaxMs });
        return { user: presentUser(u), token };
      });
    },

    /** Records a conflict of interest (回避); unsubmitted assignments of the pair are removed at once. */
    async addConflict(actor: SessionUser, expertId: string, input: { caseId?: string; reason?: string }) {
      if (!isUuid(expertId)) throw notFound('专家');
      const caseId = input.caseId ?? '';
      const reason = input.reason?.trim() ?? '';
      if (!isUuid(caseId)) throw badRequest('请选择案例', [{ path: 'caseId', message: '请选择案例' }]);
      if (reason.length < 2 || reason.length > 200) throw badRequest('请填写回避原因', [{ path: 'reason', message: '请填写回避原因（2–200 字）' }]);
      const now = clock.now();
      return db.tx(async (q) => {
        const e = await findExpert(q, expertId);
        if (!e) throw notFound('专家');
        const c = await caseProvince(q, caseId);
        if (!c) throw notFound();
        const removed = await recordConflict(q, { expertId: e.id, caseId: c.id, reason, by: actor.id, now });
        await writeAudit(q, actorOf(actor), {
          event: 'expert.conflict', objectType: 'case', objectId: c.id, reason, provinceCode: c.province_code, data: { expertId: e.id, expertName: e.name, removedAssignments: removed },
        }, now);
        return { ok: true as const, removedAssignments: removed };
      });
    },
  };
}

export type ExpertsService = ReturnType<typeof expertsService>;
