// Demo data: one account per role and three teachers with cases in different states, all made through the services.
import { TOTP_ROLES } from '../modules/accounts/accounts.service.ts';
import type { Services } from '../app.ts';
import type { Db } from '../infra/db/db.ts';
import type { Clock } from '../infra/clock.ts';
import { beijingDate } from '@anli/domain/deadline.ts';
import type { SessionUser } from '../http/auth.ts';
import { findCaseType, registerCall } from '@anli/domain/calls/builtin.ts';
import { chainedExampleCall, CHAINED_EXAMPLE_ID } from '@anli/domain/calls/chained-example.ts';
import { generateInfoFormDocx, generateInfoFormPdf } from '../modules/infoform/index.ts';
import { withDemoSeal } from './stamp.ts';
import { demoCourseware, demoReport, makeDemoVideo } from './demo-files.ts';
import { earlierSeasonCall } from '@anli/domain/calls/earlier-season.ts';
import { publishDemoNotices, seedEarlierSeason } from './showcase.ts';

export const DEMO_PASSWORD = 'Demo@2026';
import { DEMO_TOTP_SECRET } from './demo-secret.ts';
export { DEMO_TOTP_SECRET };

export const DEMO_ACCOUNTS = [
  { phone: '13900000000', name: '组委会管理员', role: 'organiser', provinceCode: null, label: '组委会（国家管理员）' },
  { phone: '13900000011', name: '北京市管理员', role: 'province_admin', provinceCode: '110000', label: '北京市 省级管理员' },
  { phone: '13900000031', name: '上海市管理员', role: 'province_admin', provinceCode: '310000', label: '上海市 省级管理员' },
  { phone: '13900000099', name: '评审专家', role: 'expert', provinceCode: '320000', label: '评审专家（有 1 个待评审案例）' },
  { phone: '13800000001', name: '王老师', role: 'author', provinceCode: '110000', label: '作者（北京，案例已提交）' },
  { phone: '13800000002', name: '李老师', role: 'author', provinceCode: '110000', label: '作者（北京，案例已退回修改）' },
  { phone: '13800000003', name: '陈老师', role: 'author', provinceCode: '310000', label: '作者（上海，2025 案例在国家级评审中，2026 草稿）' },
  // Chained recommendation (市县逐级推荐示例 call): city and county administrators and one 海淀 teacher.
  { phone: '13900000021', name: '北京市市级管理员', role: 'city_admin', provinceCode: '110000', label: '北京市 市级管理员（市县逐级推荐示例活动）' },
  { phone: '13900000022', name: '海淀区管理员', role: 'county_admin', provinceCode: '110000', label: '北京市 海淀区 县级管理员（1 个案例待推荐）' },
  { phone: '13900000041', name: '上海市市级管理员', role: 'city_admin', provinceCode: '310000', label: '上海市 市级管理员（市县逐级推荐示例活动）' },
  { phone: '13900000042', name: '黄浦区管理员', role: 'county_admin', provinceCode: '310000', label: '上海市 黄浦区 县级管理员' },
  { phone: '13800000004', name: '孙老师', role: 'author', provinceCode: '110000', label: '作者（北京海淀，市县逐级推荐示例活动，待县级推荐）' },
] as const;

const asSession = (u: { id: string; phone: string; name: string; role: any; province_code: string | null }): SessionUser => ({
  id: u.id, phone: u.phone, name: u.name, role: u.role, provinceCode: u.province_code, sessionId: 'demo',
});

const author = (name: string, unit: string, mobile: string) => ({ name, unit, position: '一级教师', mobile });

/** Seeds demo data once; a second run finds the organiser and does nothing. */
/** Attaches real, checked files to every slot of a demo case; false when a file could not be made (no ffmpeg). */
export async function attachDemoFiles(s: Services, owner: SessionUser, caseId: string, log: (m: string) => void): Promise<boolean> {
  const detail = await s.cases.get(owner, caseId);
  const call = s.calls.requireCall(detail.callId);
  const type = findCaseType(call, detail.caseType)!;
  let complete = true;
  for (const slot of type.attachments) {
    let content: Uint8Array | { path: string } | null = null;
    let name = '';
    if (slot.role === 'infoform_pdf') [content, name] = [await withDemoSeal(await generateInfoFormPdf(call, type, detail.form)), '信息表（盖章扫描）.pdf'];
    else if (slot.role === 'infoform_word') [content, name] = [await generateInfoFormDocx(call, type, detail.form), '信息表.docx'];
    else if (slot.role === 'courseware') [content, name] = [await demoCourseware(), '课件.pptx'];
    else if (slot.role === 'report') [content, name] = [await demoReport(type.id as 'evidence-research' | 'online-studio'), '总结报告.docx'];
    else if (slot.role === 'video') {
      const path = await makeDemoVideo(type.checkParams.video?.minDurationS ? (type.checkParams.video.minDurationS + 5) : 120);
      if (path) [content, name] = [{ path }, '案例视频.mp4'];
    }
    if (!content) {
      complete = false;
      log(`demo: ffmpeg not found, ${slot.label} of “${detail.title}” left empty`);
      continue;
    }
    const fileId = await s.files.storeFile(owner.id, caseId, slot.slot, name, content, { enqueue: false });
    await s.files.checkStoredFile(fileId);
  }
  return complete;
}

/**
 * Seeds demo data once; a second run finds the organiser and does nothing. `showcase` (npm run demo) adds what the
 * public pages show: the calls' notices published with templates and a finished earlier season (demo/showcase.ts).
 */
export async function seedDemo(db: Db, s: Services, clock: Clock, opts: { log?: (m: string) => void; totpSecret?: string; showcase?: boolean } = {}): Promise<boolean> {
  const log = opts.log ?? (() => {});
  // The demo shows chained recommendation with an example call (a definition with county and city levels).
  registerCall(chainedExampleCall);
  if (opts.showcase) registerCall(earlierSeasonCall);
  // Demo cases are submitted the way an author would: with every file attached and checked.
  const submit = async (u: SessionUser, id: string) => {
    if (!(await attachDemoFiles(s, u, id, log))) return false;
    await s.cases.transitionCase(u, id, 'submit');
    return true;
  };
  const existing = await db.query('select 1 from users where phone = $1', [DEMO_ACCOUNTS[0].phone]);
  if (existing.length) return false;
  const users: Record<string, SessionUser> = {};
  for (const a of DEMO_ACCOUNTS) {
    const u = await s.accounts.createUser({ phone: a.phone, password: DEMO_PASSWORD, name: a.name, role: a.role, provinceCode: a.provinceCode });
    users[a.phone] = asSession(u as any);
    // Second factor for the organiser and every administrator, with the known demo secret (docs/security.md).
    if (opts.totpSecret && TOTP_ROLES.includes(a.role)) {
      await db.query('update users set totp_secret = $2, totp_enabled_at = $3 where id = $1', [u.id, opts.totpSecret, new Date(clock.now()).toISOString()]);
    }
  }
  const org = users['13900000000'];
  const DEMO_REGIONS: Record<string, string> = { '13900000021': '110100', '13900000022': '110108', '13900000041': '310100', '13900000042': '310101' };
  for (const [phone, region] of Object.entries(DEMO_REGIONS)) await db.query('update users set region_code = $2 where phone = $1', [phone, region]);
  // The built-in calls' dates are in the past; the demo opens them for 60 days, as an organiser would, on the record.
  const until = beijingDate(clock.now() + 60 * 24 * 3600_000);
  for (const callId of ['teacher-ai-2025', 'teacher-training-2026']) {
    for (const phase of ['admin_info', 'submission', 'province_recommendation']) {
      await s.calls.setPhase(org, callId, phase, { end: until }, { demo: true });
    }
  }

  // The chained example call is open for 60 days too, at every level.
  const today = beijingDate(clock.now());
  for (const phase of ['admin_info', 'submission', 'county_recommendation', 'city_recommendation', 'province_recommendation']) {
    await s.calls.setPhase(org, CHAINED_EXAMPLE_ID, phase, { start: today, end: until }, { demo: true });
  }
  const wang = users['13800000001'];
  const li = users['13800000002'];
  const chen = users['13800000003'];
  const evidence = {
    title: '基于课堂AI分析的初中数学循证教研实践',
    category: '学校案例',
    authors: [author('王老师', '北京市第一中学', '13800000001'), author('赵老师', '北京市第一中学', '13700000001')],
    scenario: { typical: 'AI 赋能听评课', micro: '课堂教学行为分析' },
    tools: [{ name: '国家中小学智慧教育平台', type: '网页', fee: '完全免费' }],
    summary: '针对听评课主观性强、证据不足的问题，学校教研组利用 AI 课堂分析工具采集师生话语、提问类型和学生参与等数据，形成课堂分析报告；教研组基于报告开展循证式研讨，制定改进计划并跟踪验证。一学期后，教师高阶提问占比由 18% 提升至 35%，学生课堂参与度明显提高。',
    aiContent: '否',
    declaration: true,
    recordingForm: true,
    privacy: true,
    consent: true,
  };
  const c1 = await s.cases.create(wang, { callId: 'teacher-training-2026', caseType: 'evidence-research' });
  await s.cases.update(wang, c1.id, evidence);
  await submit(wang, c1.id);

  const studio = {
    studioName: '李老师初中语文名师线上工作室',
    studioUrl: 'https://basic.smartedu.cn/',
    level: '市级',
    studioType: '名师',
    theme: '大单元整体教学设计',
    authors: [author('李老师', '北京市第二中学', '13800000002')],
    subjectArea: '初中语文',
    summary: '工作室围绕大单元整体教学设计开展线上线下混合研修，名师领学、领研、领教，形成单元教学设计资源包 12 套，成员教师课堂教学能力显著提升。',
    aiContent: '否',
    declaration: true,
    recordingForm: true,
    privacy: true,
    consent: true,
  };
  const c2 = await s.cases.create(li, { callId: 'teacher-training-2026', caseType: 'online-studio' });
  await s.cases.update(li, c2.id, studio);
  if (await submit(li, c2.id)) await s.cases.transitionCase(users['13900000011'], c2.id, 'return', '案例概述过于笼统，请补充研修活动的具体数据与成效');

  const ai = {
    title: '用国产大模型开展初中英语分层作业设计',
    authors: [author('陈老师', '上海市实验学校', '13800000003')],
    stage: '初中',
    subject: '英语',
    tools: [{ name: '国产大模型助手', type: '网页', fee: '有限免费' }],
    scenario: { main: '助教', typical: '作业设计', micro: '分层作业动态生成' },
    summary: '针对班级学生英语水平差异大、统一作业难以兼顾的问题，利用国产大模型依据学情数据生成三个层次的作业，并根据作业反馈动态调整难度。实施一学期，作业完成率由 82% 提升至 96%。',
    aiContent: '是',
    domesticTools: true,
    declaration: true,
    recordingForm: true,
    privacy: true,
  };
  const c3 = await s.cases.create(chen, { callId: 'teacher-ai-2025', caseType: 'ai-application' });
  await s.cases.update(chen, c3.id, ai);
  if (await submit(chen, c3.id)) {
    // The province ticks the checklist of manual items (presenter, AI material, recording form …) before 推荐.
    await s.files.tickAllManual(users['13900000031'], c3.id);
    await s.cases.transitionCase(users['13900000031'], c3.id, 'recommend');
    // The 2025 national review is under way: 上海 reported its list, the national phase is open, and the recommended
    // case is assigned to the demo expert (a case enters national review only from a reported list, in that phase).
    // (Without ffmpeg the case cannot be completed, so there is nothing to review and the round is not opened.)
    await s.province.report(users['13900000031'] as typeof users['13900000031'] & { provinceCode: string }, 'teacher-ai-2025');
    await s.calls.setPhase(org, 'teacher-ai-2025', 'national_recommendation', { start: beijingDate(clock.now()), end: until }, { demo: true });
    const round = await s.review.createRound(org, { callId: 'teacher-ai-2025', name: '2025 国家级评审（演示）', caseTypes: ['ai-application'], perCase: 1 });
    await s.review.openRound(org, round.id);
    await s.review.autoAssign(org, round.id);
  }
  const c4 = await s.cases.create(chen, { callId: 'teacher-training-2026', caseType: 'evidence-research' });
  await s.cases.update(chen, c4.id, { title: '区域教师数字画像建设（草稿）', category: '区域案例' });
  // 孙老师 (海淀) submitted to the chained example call: it waits for the 海淀 county administrator.
  const sun = users['13800000004'];
  const c5 = await s.cases.create(sun, { callId: CHAINED_EXAMPLE_ID, caseType: 'evidence-research', regionCode: '110108' });
  await s.cases.update(sun, c5.id, {
    ...evidence,
    title: '小学科学课堂 AI 学情诊断的区域循证教研',
    category: '教师案例',
    authors: [author('孙老师', '北京市海淀区实验小学', '13800000004')],
  });
  await submit(sun, c5.id);

  if (opts.showcase) {
    const deps = {
      db,
      s,
      org,
      provinceAdmins: { '110000': users['13900000011'], '310000': users['13900000031'] },
      createUser: async (a: { phone: string; name: string; provinceCode: string }) =>
        asSession((await s.accounts.createUser({ phone: a.phone, password: DEMO_PASSWORD, name: a.name, role: 'author', provinceCode: a.provinceCode })) as any),
      submit,
      log,
    };
    await publishDemoNotices(deps);
    await seedEarlierSeason(deps);
  }
  return true;
}
