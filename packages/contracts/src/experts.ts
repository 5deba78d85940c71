// The expert lists (组委会 评审专家, a province's 可选用的评审专家): paged, sorted and filtered on the server.
import { z } from 'zod';
import { IsoTime, pageOf, pageQuery } from './common.ts';

/** Sort keys: 邀请时间 (default, newest first), 姓名, 省份, 状态. */
export const EXPERT_SORTS = ['invited', 'name', 'province', 'status'] as const;

export const ExpertListQuery = pageQuery(EXPERT_SORTS).extend({
  /** Name, unit, or the last digits of the phone number. */
  q: z.string().max(50).optional(),
  status: z.enum(['active', 'invited', '']).optional(),
  provinceCode: z.string().max(10).optional(),
});
export type ExpertListQuery = z.infer<typeof ExpertListQuery>;

/** An expert's profile as the organiser or province sees it (phone masked). */
export const ExpertProfile = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  name: z.string(),
  /** Masked (138****0001). */
  phone: z.string(),
  unitName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  subjects: z.array(z.string()),
  stages: z.array(z.string()),
  invitedAt: IsoTime,
  inviteExpiresAt: IsoTime.nullable(),
  activatedAt: IsoTime.nullable(),
  status: z.enum(['active', 'invited']),
  ownerProvinceCode: z.string().nullable(),
  ownerProvinceName: z.string().nullable(),
  conflicts: z.array(z.object({ caseId: z.string(), caseTitle: z.string(), reason: z.string() })),
});
export type ExpertProfile = z.infer<typeof ExpertProfile>;

/** A row of the expert list: the profile with the load in open rounds. */
export const ExpertItem = ExpertProfile.extend({
  openAssignments: z.number().int(),
  openSubmitted: z.number().int(),
});
export type ExpertItem = z.infer<typeof ExpertItem>;

export const ExpertPage = pageOf(ExpertItem);
export type ExpertPage = z.infer<typeof ExpertPage>;
