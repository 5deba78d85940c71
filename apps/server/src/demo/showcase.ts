// What a newcomer sees on the public pages of the demo (`npm run demo`): the two calls' notices published with their
// info-form templates, and a finished earlier season — three cases submitted, recommended, reviewed, two selected and
// published with certificates and put in the library (with their video when ffmpeg is installed), one not selected —
// and an announcement of its results. Everything goes through the services, as the people concerned would do it.
import type { Services } from '../app.ts';
import type { Db } from '../infra/db/db.ts';
import type { SessionUser } from '../http/auth.ts';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { EARLIER_SEASON_ID } from '@anli/domain/calls/earlier-season.ts';
import { generateInfoFormDocx } from '../modules/infoform/index.ts';

export const SHOWCASE_ACCOUNTS = [
  { phone: '13800000011', name: '周老师', provinceCode: '110000', label: '作者（北京，2024 往届案例入选，有证书）' },
  { phone: '13800000012', name: '吴老师', provinceCode: '310000', label: '作者（上海，2024 往届案例入选，有证书）' },
  { phone: '13800000013', name: '郑老师', provinceCode: '110000', label: '作者（北京，2024 往届案例未入选）' },
] as const;

const SEASON_CASES = [
  {
    phone: '13800000011', unit: '北京市第三中学', stage: '初中', subject: '数学', selected: true,
    title: '借助国产大模型开展初中数学错题诊断与个性化辅导',
    scenario: { main: '助学', typical: '个性化学习', micro: '错题归因与推送' },
    summary: '针对学生错题订正流于形式的问题，教师利用国产大模型对单元测验错题进行归因分析，按知识点与错误类型为每名学生生成个性化练习与讲解；一学期后班级单元测验平均分提高 9 分，学生订正完成率达到 98%。',
  },
  {
    phone: '13800000012', unit: '上海市第二实验小学', stage: '小学', subject: '科学', selected: true,
    title: '小学科学探究课中的 AI 实验数据分析助手',
    scenario: { main: '助教', typical: '实验教学', micro: '实验数据可视化分析' },
    summary: '在小学科学探究课中，学生用平板记录实验数据，AI 工具即时生成图表并提示异常数据，教师据此组织小组讨论与二次实验；学生提出可检验问题和基于证据解释的能力明显提升。',
  },
  {
    phone: '13800000013', unit: '北京市第五中学', stage: '高中', subject: '语文', selected: false,
    title: '高中语文议论文写作的 AI 批改与讲评',
    scenario: { main: '助评', typical: '作业批改', micro: '作文智能批改' },
    summary: '教师使用国产写作批改工具对议论文进行初评，结合人工复核形成共性问题清单，组织分层讲评与二次写作，学生论证结构的完整性明显改善。',
  },
] as const;

export interface ShowcaseDeps {
  db: Db;
  s: Services;
  org: SessionUser;
  /** Provincial administrators of the demo, by province code. */
  provinceAdmins: Record<string, SessionUser>;
  createUser(a: { phone: string; name: string; provinceCode: string }): Promise<SessionUser>;
  /** Attaches checked files to every slot and submits; false when a file could not be made. */
  submit(u: SessionUser, caseId: string): Promise<boolean>;
  log(m: string): void;
}

/** Publishes the built-in calls' notices, each with a blank info-form template per case type. */
export async function publishDemoNotices(d: ShowcaseDeps) {
  for (const callId of ['teacher-ai-2025', 'teacher-training-2026']) {
    const call = d.s.calls.requireCall(callId);
    for (const type of call.caseTypes) {
      const docx = await generateInfoFormDocx(call, type, {});
      await d.s.callNotices.addAttachment(d.org, callId, `${type.name}信息表（模板）.docx`, Buffer.from(docx));
    }
    await d.s.callNotices.setPublished(d.org, callId, true);
  }
}

/** The finished earlier season (the call must be registered: earlierSeasonCall). */
export async function seedEarlierSeason(d: ShowcaseDeps) {
  const { s, org } = d;
  const callId = EARLIER_SEASON_ID;
  const call = s.calls.requireCall(callId);
  // The season's dates are past: the organiser opens its phases while the season is replayed, then closes them again.
  for (const phase of ['submission', 'province_recommendation']) await s.calls.setPhase(org, callId, phase, { forced: 'open' });
  const cases: Array<{ id: string; selected: boolean; submitted: boolean }> = [];
  for (const c of SEASON_CASES) {
    const acct = SHOWCASE_ACCOUNTS.find((a) => a.phone === c.phone)!;
    const u = await d.createUser(acct);
    const created = await s.cases.create(u, { callId, caseType: 'ai-application' });
    await s.cases.update(u, created.id, {
      title: c.title,
      authors: [{ name: acct.name, unit: c.unit, position: '一级教师', mobile: acct.phone }],
      stage: c.stage,
      subject: c.subject,
      tools: [{ name: '国产大模型助手', type: '网页', fee: '有限免费' }],
      scenario: c.scenario,
      summary: c.summary,
      aiContent: '否',
      domesticTools: true,
      declaration: true,
      recordingForm: true,
      privacy: true,
    });
    const submitted = await d.submit(u, created.id);
    if (submitted) {
      // The province ticks the checklist of manual items before 推荐, as on any case.
      await s.files.tickAllManual(d.provinceAdmins[acct.provinceCode]!, created.id);
      await s.cases.transitionCase(d.provinceAdmins[acct.provinceCode]!, created.id, 'recommend');
    }
    cases.push({ id: created.id, selected: c.selected, submitted });
  }
  const complete = !cases.some((c) => !c.submitted);
  // Each province reports its list (only reported lists enter national review), while its phase is open.
  if (complete) {
    for (const code of [...new Set(SEASON_CASES.map((c) => SHOWCASE_ACCOUNTS.find((a) => a.phone === c.phone)!.provinceCode))]) {
      await s.province.report(d.provinceAdmins[code]! as SessionUser & { provinceCode: string }, callId);
    }
  }
  for (const phase of ['submission', 'province_recommendation']) await s.calls.setPhase(org, callId, phase, {});
  if (!complete) {
    d.log('demo: the earlier season is incomplete (files could not be made), its results are not published');
    return;
  }
  // The national phase is opened for the replay; the experts' scores of that season are not on this platform, so the
  // decisions are entered with the organiser's reason (an audited override), after the round is closed.
  await s.calls.setPhase(org, callId, 'national_recommendation', { forced: 'open' });
  const round = await s.review.createRound(org, { callId, name: '2024 国家级评审（往届演示）', caseTypes: [findCaseType(call, 'ai-application')!.id], perCase: 1 });
  await s.review.openRound(org, round.id);
  await s.review.closeRound(org, round.id);
  await s.review.decide(org, round.id, {
    decisions: cases.map((c) => ({ caseId: c.id, decision: c.selected ? 'select' : 'reject' })),
    overrideReason: '往届评审在原平台评分，结果按当年专家组评议录入',
  });
  await s.results.publish(org, { callId, award: '典型案例' });
  await s.calls.setPhase(org, callId, 'national_recommendation', {});
  for (const c of cases.filter((x) => x.selected)) await s.results.setLibrary(org, c.id, true);
  await s.notices.announce(org, {
    title: '2024 年教师人工智能应用案例征集活动结果公布',
    body: '2024 年教师人工智能应用案例征集活动评审工作已经结束，入选案例名单已在平台“结果公布”栏目公布，入选案例作者可登录平台在“我的证书”中下载电子证书，证书真伪可在“证书查验”栏目查询。部分入选案例已收入“案例库”，欢迎学习交流。',
    audience: 'everyone',
    sendSms: false,
  });
}
