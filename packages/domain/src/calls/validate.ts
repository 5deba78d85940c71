// A call definition as a file an organiser can read, review, keep under version control and move between deployments
// (JSON with `$comment` notes), and its validation with Chinese errors that name the path of the problem
// (“caseTypes[0].rubric 权重之和须为 100（当前 95）”). The schema (schema.ts) stays the one source of the shape; this
// module translates its findings and adds the cross-field checks with paths.
import { z } from 'zod';
import { findProvince } from '../provinces.ts';
import { groupLimits, helpLimit } from './help-limit.ts';
import { scenarioContent } from './scenario-content.ts';
import { callSchema, type CallDef, type CaseTypeDef } from './schema.ts';

/** The definition's shape without its cross-field refinement (the refinement's findings are worded here instead). */
const callShape = z.object(callSchema.shape);

export interface DefinitionError {
  /** Where the problem is, e.g. `caseTypes[0].fields[2].maxChars` ('' for the whole definition). */
  path: string;
  /** What is wrong and what to do, in Chinese, starting with the path. */
  message: string;
}

export type ValidationResult = { ok: true; call: CallDef } | { ok: false; errors: DefinitionError[] };

/** `['caseTypes', 0, 'fields', 2, 'key']` → `caseTypes[0].fields[2].key`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/**
 * A path in words for people: `caseTypes[0].fields[5].maxChars` → `案例类型“循证教研案例” › 字段“案例概述” › 字数上限`, naming
 * list items by their name or label in `def` (falling back to their position).
 */
export function describePath(def: unknown, path: string): string {
  const parts = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
  const out: string[] = [];
  let cur: unknown = def;
  let listName = '';
  let parent: string | undefined;
  for (const p of parts) {
    if (typeof p === 'number') {
      const item = Array.isArray(cur) ? (cur[p] as Record<string, unknown> | undefined) : undefined;
      const name = item && typeof item === 'object' ? item.name ?? item.label ?? item.department ?? item.category ?? item.title : undefined;
      out[out.length - 1] = typeof name === 'string' && name ? `${listName}“${name}”` : `${listName}第 ${p + 1} 项`;
      cur = item;
    } else {
      listName = ITEM_NAMES[p] ?? keyName(parent, p) ?? p;
      // A province's own quota (provinceMax.110000) is named by the province.
      const province = /^\d{6}$/.test(p) ? findProvince(p) : undefined;
      out.push(province ? province.name : (keyName(parent, p) ?? p));
      parent = p;
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
    }
  }
  return out.join(' › ') || '活动定义';
}

const ITEM_NAMES: Record<string, string> = {
  caseTypes: '案例类型', fields: '字段', attachments: '上传位', phases: '阶段', groups: '名额组', rubric: '指标', subIndicators: '二级指标',
  options: '选项', contacts: '联系人', parts: '视频部分', framework: '主场景', typicalScenes: '典型场景', categories: '类别',
  examples: '内容示例',
};

/** Drops every `$comment` (the file's notes for readers) before validation, at any depth. */
export function stripComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripComments);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== '$comment') out[k] = stripComments(v);
    return out;
  }
  return value;
}

export const KEY_NAMES: Record<string, string> = {
  id: '编号', key: '字段编号', slot: '上传位编号', title: '标题', name: '名称', label: '名称', issuer: '主办单位',
  participants: '参与对象', version: '版本号', onePerAuthor: '每人限报一件', provinceModes: '省级报送模式',
  phases: '阶段', start: '开始日期', end: '结束日期', quota: '名额', groups: '名额分组', max: '上限', min: '下限',
  values: '学段', provinceMax: '各省单独名额', caseTypes: '案例类型', shortName: '简称', titleField: '标题字段', summaryField: '简介字段',
  authorsField: '作者字段', fields: '表单字段', kind: '字段类型', maxChars: '字数上限', options: '选项', value: '取值',
  itemLabel: '每项名称', text: '声明文字', source: '参考来源', attachments: '附件上传位', role: '检查类别',
  maxBytes: '大小上限', accept: '可接受格式', checkParams: '检查参数', rubric: '评分标准', weight: '权重',
  subIndicators: '二级指标', description: '说明', contactForm: '联系人信息表', contactEmail: '联系邮箱', contacts: '联系人',
  department: '部门', people: '姓名', phones: '电话', certificate: '证书', defaultAward: '默认奖项', statement: '证书文字',
  minBitrate: '最低码率', maxDurationS: '最长时长', minDurationS: '最短时长', outline: '提纲', deadlinePhase: '截止阶段',
  video: '视频', report: '总结报告', courseware: '课件', required: '必填', help: '填写说明', width: '分辨率宽', height: '分辨率高',
  fps: '帧率', lineSpacingPt: '行距', blocking: '不通过即不能提交的检查项', explainable: '须附说明的检查项', documentNo: '文号',
  rubricSource: '评分标准来源', allowOther: '允许其他', format: '格式要求', chain: '逐级推荐', parts: '视频各部分',
  fpsTolerance: '帧率允许偏差', recommendedBitrate: '建议导出码率', audioBitrateMin: '音频码率下限', audioBitrateMax: '音频码率上限',
  audioBitrateRecommended: '建议音频码率', partToleranceS: '分段时长允许偏差', minS: '最短时长', maxS: '最长时长', note: '通知中的说法',
  heading1: '一级标题格式', heading2: '二级标题格式', body: '正文格式', font: '字体', sizePt: '字号', bold: '加粗',
  aiLabel: 'AI 生成内容标注', mode: '标注方式', patterns: '识别规则', privacy: '隐私保护要求',
  expected: '要求', confirm: '人工确认提示',
  framework: '场景框架', mainScenes: '主场景', typicalScenes: '典型场景', microScenes: '微场景', categories: '类别参考',
  category: '类别', aim: '定位', scenes: '参考场景', examples: '内容示例',
};

/** Keys whose meaning depends on where they are (`video.people` is the on-screen rule, not a contact's names). */
const KEY_NAMES_IN: Record<string, string> = {
  'video.people': '出镜要求', 'aiLabel.text': '标注文字', 'aiLabel.examples': '标注示例', 'parts.name': '部分名称',
};

/** A key in words, read in the context of its parent key. */
export function keyName(parent: PropertyKey | undefined, key: string): string | undefined {
  return KEY_NAMES_IN[`${String(parent)}.${key}`] ?? KEY_NAMES[key];
}

const TYPE_NAMES: Record<string, string> = {
  string: '文字', number: '数字', boolean: '是或否（true/false）', array: '列表', object: '对象', int: '整数',
};

const PHASE_NAMES: Record<string, string> = {
  admin_info: '省级联系人信息上报（admin_info）', submission: '作者报送（submission）',
  county_recommendation: '县级推荐（county_recommendation）', city_recommendation: '市级推荐（city_recommendation）',
  province_recommendation: '省级推荐上报（province_recommendation）', national_recommendation: '国家级推荐（national_recommendation）',
  showcase: '展示（showcase）',
};

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
  input?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: string;
  format?: string;
  values?: unknown[];
  keys?: string[];
  inclusive?: boolean;
}

function translate(issue: ZodIssueLike): DefinitionError {
  const path = formatPath(issue.path);
  const last = issue.path[issue.path.length - 1];
  const parentKey = [...issue.path.slice(0, -1)].reverse().find((x) => typeof x === 'string');
  const what = typeof last === 'string' ? keyName(parentKey, last) : undefined;
  const at = path || '活动定义';
  const say = (m: string) => ({ path, message: `${at} ${m}` });
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return say(`缺少${what ?? '必填项'}，请补上`);
      return say(`应为${TYPE_NAMES[String(issue.expected)] ?? String(issue.expected)}`);
    case 'too_small':
      if (issue.origin === 'array') return say(`至少需要 ${issue.minimum} 项`);
      if (issue.origin === 'string') return say(`${what ?? ''}不能为空`);
      return say(issue.inclusive === false ? `须大于 ${issue.minimum}` : `不能小于 ${issue.minimum}`);
    case 'too_big':
      if (issue.origin === 'array') return say(`最多 ${issue.maximum} 项`);
      if (issue.origin === 'string') return say(`不能超过 ${issue.maximum} 个字`);
      return say(`不能大于 ${issue.maximum}`);
    case 'invalid_format':
      if (last === 'start' || last === 'end') return say('日期应写成 YYYY-MM-DD（北京时间），如 2027-06-30');
      if (last === 'id') return say('编号只能用小写英文字母、数字和连字符，如 teacher-ai-2027');
      if (last === 'key' || last === 'slot') return say('编号须以英文字母开头，只能用英文字母、数字和下划线');
      return say('格式不正确');
    case 'invalid_value':
      return say(`应为以下之一：${(issue.values ?? []).map((v) => PHASE_NAMES[String(v)] ?? String(v)).join('、')}`);
    case 'invalid_union':
      if (issue.path.includes('fields') || last === 'kind') return say('字段类型（kind）应为 text、textarea、select、group、scenario、declaration 之一');
      return say('内容不符合任何一种允许的写法');
    case 'unrecognized_keys':
      return say(`含有无法识别的项：${(issue.keys ?? []).join('、')}`);
    default:
      return say(issue.message);
  }
}

/** The cross-field rules of the schema's refinement, with paths and Chinese wording. */
function crossFieldErrors(call: CallDef): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const add = (path: string, message: string) => errors.push({ path, message: `${path || '活动定义'} ${message}` });
  const seenPhase = new Set<string>();
  call.phases.forEach((p, i) => {
    if (seenPhase.has(p.id)) add(`phases[${i}]`, `阶段 ${PHASE_NAMES[p.id] ?? p.id} 重复`);
    seenPhase.add(p.id);
    if (p.start && p.start > p.end) add(`phases[${i}]`, `结束时间早于开始时间（${p.start} 至 ${p.end}）`);
  });
  for (const needed of ['submission', 'province_recommendation']) {
    if (!seenPhase.has(needed)) add('phases', `缺少阶段 ${PHASE_NAMES[needed]}`);
  }
  const grouped = call.quota.groups.some((g) => g.values);
  const seenValue = new Map<string, number>();
  call.quota.groups.forEach((g, i) => {
    if (grouped && !g.values?.length) add(`quota.groups[${i}]`, '缺少学段（按学段分组时，每一组都须列出所覆盖的学段）');
    for (const v of g.values ?? []) {
      if (seenValue.has(v)) add(`quota.groups[${i}].values`, `学段“${v}”已在第 ${seenValue.get(v)! + 1} 组中`);
      else seenValue.set(v, i);
    }
    for (const code of Object.keys(g.provinceMax ?? {})) {
      if (!findProvince(code)) add(`quota.groups[${i}].provinceMax`, `省份代码 ${code} 不存在：单独名额须按省份设置（如北京 110000），请改正或删除该行`);
    }
  });
  const seenType = new Map<string, number>();
  call.caseTypes.forEach((t, ti) => {
    const base = `caseTypes[${ti}]`;
    if (seenType.has(t.id)) add(`${base}.id`, `案例类型编号 ${t.id} 与第 ${seenType.get(t.id)! + 1} 个案例类型重复，请改用新的编号（小写字母、数字和 -）`);
    else seenType.set(t.id, ti);
    const keys = new Map<string, (typeof t.fields)[number]>();
    t.fields.forEach((f, fi) => {
      if (keys.has(f.key)) add(`${base}.fields`, `字段编号 ${f.key} 重复（第 ${fi + 1} 个字段）`);
      else keys.set(f.key, f);
      if (f.kind === 'group' && f.min > f.max) add(`${base}.fields[${fi}]`, `最少人数（${f.min}）大于最多人数（${f.max}）`);
      if (f.kind === 'group') {
        const subKeys = new Set<string>();
        f.fields.forEach((sf, si) => {
          if (subKeys.has(sf.key)) add(`${base}.fields[${fi}].fields[${si}]`, `“${f.label}”的子字段编号 ${sf.key} 重复`);
          subKeys.add(sf.key);
        });
      }
      if (f.kind === 'group') {
        for (const [k, text] of [['label', f.label], ['help', f.help]] as const) {
          const said = groupLimits(text);
          const where = k === 'label' ? '字段名称' : '填写说明';
          if (said.max !== undefined && said.max !== f.max) add(`${base}.fields[${fi}].${k}`, `${where}写着“${said.said}”，与最多人数（项数）${f.max} 不一致：请把${where}中的数字改为 ${f.max}，或修改最多人数`);
          else if (said.min !== undefined && said.min !== f.min) add(`${base}.fields[${fi}].${k}`, `${where}写着“${said.said}”，与最少人数（项数）${f.min} 不一致：请把${where}中的数字改为 ${f.min}，或修改最少人数`);
        }
      }
      if (f.kind === 'scenario') errors.push(...scenarioErrors(f, `${base}.fields[${fi}]`, t.fields));
      const stated = f.kind === 'text' || f.kind === 'textarea' ? helpLimit(f.help) : undefined;
      if (stated !== undefined && (f.kind === 'text' || f.kind === 'textarea') && stated !== f.maxChars) {
        add(`${base}.fields[${fi}].help`, `填写说明写着“不超过 ${stated} 字”，与字数上限 ${f.maxChars} 字不一致：请把说明中的字数改为 ${f.maxChars}，或修改字数上限`);
      }
    });
    const refs: Array<[string, string | undefined]> = [
      ['titleField', t.titleField], ['summaryField', t.summaryField], ['authorsField', t.authorsField],
      ['quotaGroupField', t.quotaGroupField], ['videoPartsField', t.videoPartsField],
    ];
    for (const [name, ref] of refs) {
      if (ref && !keys.has(ref)) add(`${base}.${name}`, `引用的字段 ${ref} 不存在，请先在表单字段中添加`);
    }
    if (keys.has(t.authorsField) && keys.get(t.authorsField)!.kind !== 'group') add(`${base}.authorsField`, '作者字段须为可重复的分组（kind: group）');
    const total = t.rubric.reduce((s, r) => s + r.weight, 0);
    if (Math.abs(total - 100) > 1e-9) add(`${base}.rubric`, `权重之和须为 100（当前 ${Math.round(total * 100) / 100}）`);
    const slots = new Set<string>();
    t.attachments.forEach((a, ai) => {
      if (slots.has(a.slot)) add(`${base}.attachments[${ai}]`, `上传位编号 ${a.slot} 重复`);
      slots.add(a.slot);
    });
    if (t.attachments.some((a) => a.role === 'report') && !t.checkParams.report) add(`${base}.checkParams.report`, '有总结报告上传位时须填写报告的检查参数（提纲、字数上限）');
    if (t.attachments.some((a) => a.role === 'video') && !t.checkParams.video) add(`${base}.checkParams.video`, '有视频上传位时须填写视频的检查参数（时长、码率等）');
    if (grouped && !t.quotaGroupField) add(`${base}.quotaGroupField`, '名额按学段分组时须指明哪个字段决定学段');
    checkParamErrors(t.checkParams, `${base}.checkParams`, add);
  });
  if (call.chain) {
    const order = call.chain.map((l) => l.level).join(',');
    if (!['county', 'city', 'county,city'].includes(order)) add('chain', '逐级推荐只能是县级、市级，或先县级后市级');
    call.chain.forEach((l, i) => {
      if (!call.phases.some((p) => p.id === l.deadlinePhase)) add(`chain[${i}].deadlinePhase`, `阶段 ${PHASE_NAMES[l.deadlinePhase]} 未定义`);
    });
  }
  return errors;
}

/** The check parameters' ranges that only make sense together: audio bitrates, parts, label patterns. */
function checkParamErrors(p: CaseTypeDef['checkParams'], base: string, add: (path: string, message: string) => void) {
  const v = p.video;
  if (v) {
    const at = `${base}.video`;
    const kbps = (bps: number) => `${Number((bps / 1000).toFixed(1))} kbps`;
    if (v.audioBitrateMin > v.audioBitrateMax) {
      add(`${at}.audioBitrateMin`, `音频码率下限（${kbps(v.audioBitrateMin)}）高于上限（${kbps(v.audioBitrateMax)}），请调低下限或调高上限`);
    } else if (v.audioBitrateRecommended < v.audioBitrateMin || v.audioBitrateRecommended > v.audioBitrateMax) {
      add(`${at}.audioBitrateRecommended`, `建议音频码率（${kbps(v.audioBitrateRecommended)}）须在下限 ${kbps(v.audioBitrateMin)} 与上限 ${kbps(v.audioBitrateMax)} 之间，请改正`);
    }
    if (v.recommendedBitrate < v.minBitrate) {
      add(`${at}.recommendedBitrate`, `建议导出码率（${v.recommendedBitrate / 1e6} Mbps）低于视频码率下限（${v.minBitrate / 1e6} Mbps），按建议导出的视频会不通过，请调高建议码率`);
    }
    v.parts?.forEach((part, i) => {
      if (part.minS !== undefined && part.minS > part.maxS) add(`${at}.parts[${i}]`, `“${part.name}”的最短时长（${part.minS} 秒）大于最长时长（${part.maxS} 秒），请改正`);
    });
    if (v.parts?.length) {
      const minSum = v.parts.reduce((s, x) => s + (x.minS ?? 0), 0);
      if (minSum > v.maxDurationS) add(`${at}.parts`, `各部分最短时长之和（${minSum} 秒）超过视频最长时长（${v.maxDurationS} 秒），请改正`);
    }
  }
  const label = p.courseware?.aiLabel;
  if (label?.mode === 'appropriate') {
    label.patterns.forEach((pattern, i) => {
      try {
        new RegExp(pattern, 'iu');
      } catch {
        add(`${base}.courseware.aiLabel.patterns[${i}]`, `识别规则“${pattern}”不是有效的正则表达式（请检查括号、方括号是否成对，特殊符号前加 \\），或改为直接写出标注文字`);
      }
    });
  }
}

const SOURCE_NAMES = { 'ai-framework': '场景框架（主场景、典型场景、微场景）', 'evidence-categories': '按案例类别的参考场景', free: '自由填写' } as const;

/** Names of a list that must be filled in and not repeated: one error per empty or repeated entry, at its path. */
function namesErrors(names: string[], pathOf: (i: number) => string, what: string, add: (path: string, message: string) => void) {
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const name = (n ?? '').trim();
    if (!name) add(pathOf(i), `${what}名称不能为空：请填写，或删除这一项`);
    else if (seen.has(name)) add(pathOf(i), `${what}“${name}”与第 ${seen.get(name)! + 1} 项重复：请改名或删除其中一项`);
    else seen.set(name, i);
  });
}

/** The scenario field's suggestion content: present only for its source, names filled in and not repeated. */
function scenarioErrors(f: Extract<CallDef['caseTypes'][number]['fields'][number], { kind: 'scenario' }>, at: string, fields: CallDef['caseTypes'][number]['fields']): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const add = (path: string, message: string) => errors.push({ path, message: `${path} ${message}` });
  if (f.framework && f.source !== 'ai-framework') add(`${at}.framework`, `参考来源为“${SOURCE_NAMES[f.source]}”时不使用场景框架：请删除场景框架，或把参考来源改为场景框架`);
  if (f.categories && f.source !== 'evidence-categories') add(`${at}.categories`, `参考来源为“${SOURCE_NAMES[f.source]}”时不使用类别参考：请删除类别参考，或把参考来源改为按案例类别`);
  if (f.source === 'ai-framework') {
    if (f.framework && !f.framework.length) add(`${at}.framework`, '场景框架至少需要一个主场景：请添加主场景，或恢复为通知原文');
    const framework = scenarioContent(f).framework;
    namesErrors(framework.map((m) => m.name), (i) => `${at}.framework[${i}].name`, '主场景', add);
    framework.forEach((m, mi) => {
      const mp = `${at}.framework[${mi}]`;
      if (!m.typicalScenes.length) add(`${mp}.typicalScenes`, `主场景“${m.name}”至少需要一个典型场景：请添加，或删除该主场景`);
      namesErrors(m.typicalScenes.map((t) => t.name), (i) => `${mp}.typicalScenes[${i}].name`, '典型场景', add);
      m.typicalScenes.forEach((t, ti) => namesErrors(t.microScenes, (i) => `${mp}.typicalScenes[${ti}].microScenes[${i}]`, '微场景', add));
    });
    const names = new Set(framework.map((m) => m.name.trim()));
    f.mainScenes.forEach((m, i) => {
      if (!names.has(m.trim())) add(`${at}.mainScenes[${i}]`, `主场景“${m}”不在场景框架中：请在场景框架中添加该主场景，或从可选主场景中去掉`);
    });
    if (!f.mainScenes.length && !f.allowOther) add(`${at}.mainScenes`, '没有可选的主场景，也不允许填写“其他”：请至少提供一个主场景，或允许填写“其他”');
  }
  if (f.source === 'evidence-categories') {
    if (f.categories && !f.categories.length) add(`${at}.categories`, '类别参考至少需要一个类别：请添加类别，或恢复为通知原文');
    const categories = scenarioContent(f).categories;
    namesErrors(categories.map((c) => c.category), (i) => `${at}.categories[${i}].category`, '类别', add);
    const choice = fields.find((x) => x.key === 'category' && x.kind === 'select');
    categories.forEach((c, ci) => {
      const cp = `${at}.categories[${ci}]`;
      namesErrors(c.scenes, (i) => `${cp}.scenes[${i}]`, '参考场景', add);
      namesErrors(c.examples.map((e) => e.title), (i) => `${cp}.examples[${i}].title`, '内容示例', add);
      if (choice?.kind === 'select' && c.category.trim() && !choice.options.some((o) => o.value === c.category.trim())) {
        add(`${cp}.category`, `类别“${c.category}”不是字段“${choice.label}”的选项，作者看不到这些参考场景：请改为该字段的某个选项，或在该字段中添加此选项`);
      }
    });
  }
  return errors;
}

/**
 * Validates a definition (already parsed from JSON; `$comment` notes are ignored). Structural problems are reported
 * first; the cross-field rules run once the structure is sound. A refinement of the schema without a Chinese wording
 * here still refuses the definition, with the schema's own words.
 */
export function validateDefinition(raw: unknown): ValidationResult {
  const parsed = callSchema.safeParse(stripComments(raw));
  const issues = parsed.success ? [] : (parsed.error.issues as unknown as ZodIssueLike[]);
  const structural = issues.filter((i) => i.code !== 'custom');
  if (structural.length) return { ok: false, errors: structural.map(translate) };
  // Cross-field checks need the parsed shape; with only refinement issues zod still reports them on valid structure.
  const data = parsed.success ? parsed.data : (callShape.safeParse(stripComments(raw)).data as CallDef | undefined);
  const errors = data ? crossFieldErrors(data) : [];
  if (!errors.length && issues.length) errors.push(...issues.map((i) => ({ path: formatPath(i.path), message: `活动定义：${i.message}` })));
  if (errors.length) return { ok: false, errors };
  return { ok: true, call: parsed.success ? parsed.data : data! };
}

/** Reads a definition file's text (JSON with `$comment` notes). */
export function parseDefinitionFile(text: string): ValidationResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : null;
    return { ok: false, errors: [{ path: '', message: `文件不是有效的 JSON${line ? `（第 ${line} 行附近）` : ''}，请检查引号、逗号和括号` }] };
  }
  return validateDefinition(raw);
}

const FILE_NOTE =
  '活动定义文件（由平台导出）。可审阅、纳入版本管理，并在测试与正式环境之间导入导出。日期均为北京时间（start 当天 00:00:00 起，end 当天 23:59:59 止）；大小以字节计；码率以 bit/s 计；时长以秒计。以 $comment 开头的项只是说明，导入时忽略。字段含义见 packages/domain/src/calls/schema.ts。';

/**
 * JSON for people: two-space indentation, but an object or list that fits on one line (a phase, a choice, a
 * sub-indicator) stays on one line, so a reviewer sees a definition screen by screen rather than value by value.
 */
export function readableJson(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value, null, 1)?.replace(/\n\s*/g, ' ').replace(/([[{]) /g, '$1').replace(/ ([\]}])/g, '$1');
  if (flat === undefined) return 'null';
  const isContainer = value !== null && typeof value === 'object';
  const inline = flat.replace(/^\{/, '{ ').replace(/\}$/, ' }');
  if (!isContainer || (indent.length + inline.length <= 118 && !flat.includes('"$comment"'))) return isContainer && !Array.isArray(value) && flat !== '{}' ? inline : flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map((v) => inner + readableJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (!entries.length) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${readableJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** The definition as a readable file: a note on top, then the definition exactly as validated. */
export function definitionFileText(call: CallDef, note = FILE_NOTE): string {
  return `${readableJson({ $comment: note, ...call })}\n`;
}
