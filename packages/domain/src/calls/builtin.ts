// The two built-in calls of the seeds, as data. A new year's call is a new definition like these.
import { loadCall, type AttachmentSlot, type CallDef, type FieldDef } from './schema.ts';
import { APPROPRIATE_AI_LABEL, LITERAL_AI_LABEL } from '../rule-params.ts';

const MB = 1024 * 1024;

const opts = (...labels: string[]) => labels.map((l) => ({ value: l, label: l }));

const authorsGroup = (max: number, positionLabel: string): FieldDef => ({
  key: 'authors',
  label: max === 1 ? '作者信息' : `作者信息（排序填写，最多 ${max} 人）`,
  kind: 'group',
  required: true,
  min: 1,
  max,
  itemLabel: '作者',
  fields: [
    { key: 'name', label: '姓名', kind: 'text', maxChars: 20, required: true },
    { key: 'unit', label: '工作单位', kind: 'text', maxChars: 60, required: true },
    { key: 'position', label: positionLabel, kind: 'text', maxChars: 30, required: true },
    { key: 'mobile', label: '手机号码', kind: 'text', format: 'mobile', required: true },
  ],
});

const toolsGroup = (help?: string): FieldDef => ({
  key: 'tools',
  label: '平台工具（案例中 1-2 个主要平台工具）',
  kind: 'group',
  required: true,
  min: 1,
  max: 2,
  itemLabel: '平台工具',
  ...(help ? { help } : {}),
  fields: [
    { key: 'name', label: '名称', kind: 'text', maxChars: 40, required: true },
    { key: 'type', label: '类型', kind: 'select', options: opts('移动端APP', '小程序', '网页', 'PC端应用程序', '其他'), required: true },
    { key: 'fee', label: '收费', kind: 'select', options: opts('完全免费', '有限免费', '完全付费'), required: true },
  ],
});

const aiContentField = (help: string): FieldDef => ({
  key: 'aiContent',
  label: '案例材料中是否含有生成式人工智能生成的文本、图片、视频、音频、动画等',
  kind: 'select',
  required: true,
  allowOther: false,
  options: opts('是', '否'),
  help,
});

/** The start times of the video's three parts (video.parts; the player shows them as chapters). */
const videoPartsField = (help: string): FieldDef => ({
  key: 'videoParts',
  label: '视频各部分开始时间（概述、过程与方法、成效与经验）',
  kind: 'text',
  maxChars: 40,
  format: 'timecodes',
  required: false,
  help,
});
const recordingDeclaration: FieldDef = {
  key: 'recordingForm',
  label: '视频录制形式声明',
  kind: 'declaration',
  required: true,
  text: '视频按“PPT+录屏+解说”的形式录制，分为概述、过程与方法、成效与经验三部分。',
};

const ORIGINALITY_SINGLE = '我在此申明：该案例是我原创，不涉及抄袭或侵犯他人著作权等问题。';
const ORIGINALITY_PLURAL = '我(们)在此申明：该案例是我(们)原创，不涉及抄袭或侵犯他人著作权等问题。';
const SHARE_CONSENT =
  '共享提示：同意将案例结集出版或在主办单位教师活动网站共享；同意将案例推荐给国家智慧教育公共服务平台（www.smartedu.cn）。';

/**
 * What blocks submission (SPEC §3): `blocking` lists the measured rules (a fail or error blocks outright),
 * `explainable` the detected ones (a fail blocks unless the author explains it to the province).
 */
const slot = (s: Omit<AttachmentSlot, 'required' | 'blocking' | 'explainable'> & Partial<Pick<AttachmentSlot, 'required' | 'blocking' | 'explainable'>>): AttachmentSlot => ({
  required: true,
  blocking: [],
  explainable: [],
  ...s,
});

const infoformSlots = (): AttachmentSlot[] => [
  slot({ slot: 'infoform_pdf', label: '案例信息表（PDF，盖章）', role: 'infoform_pdf', maxBytes: 20 * MB, accept: ['.pdf'], blocking: ['infoform.pdf'], explainable: ['infoform.stamp'] }),
  slot({ slot: 'infoform_word', label: '案例信息表（Word）', role: 'infoform_word', maxBytes: 20 * MB, accept: ['.docx', '.doc'], blocking: ['infoform.word', 'form.summary_length'] }),
];
const coursewareSlot = () =>
  slot({
    slot: 'courseware',
    label: '课件（PPT）',
    role: 'courseware',
    maxBytes: 300 * MB,
    accept: ['.pptx', '.ppt'],
    blocking: ['courseware.format'],
    explainable: ['courseware.hyperlinks', 'courseware.urls', 'courseware.qrcodes', 'courseware.contacts', 'courseware.ai_label'],
  });
const videoSlot = () =>
  slot({
    slot: 'video',
    label: '案例视频（MP4）',
    role: 'video',
    maxBytes: 2048 * MB,
    accept: ['.mp4'],
    blocking: ['video.container', 'video.resolution', 'video.aspect', 'video.fps', 'video.bitrate', 'video.duration', 'video.parts', 'audio.present', 'audio.codec'],
  });
const reportSlot = () =>
  slot({
    slot: 'report',
    label: '案例总结报告（Word）',
    role: 'report',
    maxBytes: 50 * MB,
    accept: ['.docx', '.doc'],
    blocking: ['report.format', 'report.length'],
    explainable: ['report.outline', 'report.heading1_style', 'report.heading2_style', 'report.body_style', 'report.line_spacing', 'report.ai_label'],
  });

const teacherAi2025 = {
  id: 'teacher-ai-2025',
  version: 1,
  title: '2025 年教师人工智能应用案例征集活动',
  issuer: '教育部教育技术与资源发展中心（中央电化教育馆）',
  documentNo: '教技资〔2025〕37号',
  participants: '基础教育、职业教育、高等教育教师',
  onePerAuthor: true,
  provinceModes: false,
  contactEmail: 'jsyxmoe@163.com',
  contacts: [{ department: '教师发展处', people: ['梁瑞超', '雷静'], phones: ['010-66490220', '010-66490925'], email: 'jsyxmoe@163.com' }],
  certificate: { issuer: '教育部教育技术与资源发展中心（中央电化教育馆）', defaultAward: '典型案例', statement: '在{callTitle}中，经专家评审，被评为“{award}”。' },
  phases: [
    { id: 'admin_info', name: '省级管理员信息上报', end: '2025-06-20' },
    { id: 'submission', name: '作者填报', start: '2025-10-10', end: '2025-10-24' },
    // The notice sets no date for the provincial report; the national step ends 11-15. The organiser can move this.
    { id: 'province_recommendation', name: '省级推荐上报', start: '2025-10-10', end: '2025-10-31', dateSource: 'organiser' },
    { id: 'national_recommendation', name: '国家级推荐', start: '2025-11-01', end: '2025-11-15' },
  ],
  quota: {
    groups: [
      { id: 'basic', name: '基础教育', max: 150, values: ['幼儿园', '小学', '初中', '高中', '特教'] },
      { id: 'voc_higher', name: '职业教育+高等教育', max: 50, values: ['职业教育', '高等教育'] },
    ],
  },
  contactForm: {
    title: '省级活动组织单位管理员信息表（附件4）',
    deadlinePhase: 'admin_info',
    fields: [
      { key: 'orgName', label: '单位名称', kind: 'text', maxChars: 60, required: true },
      { key: 'adminName', label: '管理员', kind: 'text', maxChars: 20, required: true },
      { key: 'department', label: '部门', kind: 'text', maxChars: 40, required: true },
      { key: 'position', label: '职务', kind: 'text', maxChars: 30, required: true },
      { key: 'mobile', label: '手机', kind: 'text', maxChars: 20, format: 'mobile', required: true },
      { key: 'landline', label: '办公座机', kind: 'text', maxChars: 20, format: 'landline', required: true },
      { key: 'email', label: '电子邮箱', kind: 'text', maxChars: 60, format: 'email', required: true },
    ],
  },
  caseTypes: [
    {
      id: 'ai-application',
      name: '教师人工智能应用案例',
      shortName: 'AI应用案例',
      titleField: 'title',
      summaryField: 'summary',
      authorsField: 'authors',
      quotaGroupField: 'stage',
      videoPartsField: 'videoParts',
      fields: [
        { key: 'title', label: '案例名称', kind: 'text', maxChars: 60, required: true },
        authorsGroup(1, '职务/职称'),
        { key: 'stage', label: '学段', kind: 'select', required: true, allowOther: false, options: opts('幼儿园', '小学', '初中', '高中', '特教', '职业教育', '高等教育') },
        { key: 'subject', label: '学科/专业', kind: 'text', maxChars: 30, required: true },
        toolsGroup('须为国内人工智能平台工具'),
        {
          key: 'scenario',
          label: '应用场景',
          kind: 'scenario',
          required: true,
          source: 'ai-framework',
          mainScenes: ['助教', '助学', '助评', '助研', '助育'],
          allowOther: true,
          help: '典型场景、微场景对照附件1填写，也可自定义',
        },
        {
          key: 'summary',
          label: '案例内容简介',
          kind: 'textarea',
          maxChars: 300,
          summary: true,
          required: true,
          help: '使用人工智能解决的教育教学场景中的问题、主要方法、应用成效等，不超过 300 字',
        },
        aiContentField('选“是”时，课件中 AI 生成的图片、视频、音乐等须有相应标识（如“AI生成”“本图由人工智能生成”）'),
        { key: 'domesticTools', label: '平台工具声明', kind: 'declaration', required: true, text: '案例所用平台工具均为国内人工智能平台工具。' },
        videoPartsField('依次填写三部分在视频中的开始时间，如 0:00，1:45，7:50（概述不超过 2 分钟，过程与方法 6 分钟左右，成效与经验不超过 2 分钟）'),
        recordingDeclaration,
        { key: 'privacy', label: '隐私保护声明', kind: 'declaration', required: true, text: '视频和课件中出镜的教师、学生均已征得本人（未成年人为其监护人）同意，课件中没有学生的个人信息。' },
        { key: 'declaration', label: '作者声明', kind: 'declaration', required: true, text: ORIGINALITY_SINGLE },
        { key: 'unitOpinion', label: '推荐单位意见', kind: 'textarea', maxChars: 200, required: false, help: '可在打印的信息表上由推荐单位填写并盖章' },
      ],
      attachments: [...infoformSlots(), coursewareSlot(), videoSlot()],
      // The notice publishes no rubric: this one is the organiser's own (shown as such, editable before a round opens).
      rubricSource: 'organiser',
      checkParams: {
        video: {
          maxDurationS: 600,
          parts: [
            { name: '概述', maxS: 120 },
            { name: '过程与方法', minS: 300, maxS: 420, note: '6分钟左右' },
            { name: '成效与经验', maxS: 120 },
          ],
        },
        courseware: { aiLabel: APPROPRIATE_AI_LABEL },
      },
      // The 2025 notice publishes no rubric; the organiser's working rubric follows its stated aims (附件1, 一(二)).
      rubric: [
        { id: 'problem', name: '问题导向', weight: 20, subIndicators: [{ name: '问题真实', description: '聚焦教育教学场景中的真实问题，以问题为导向' }] },
        { id: 'tools', name: '工具选用', weight: 20, subIndicators: [{ name: '工具适切', description: '基于国内人工智能平台工具，根据问题解决需要选择适当的工具和功能' }] },
        { id: 'value', name: '应用价值', weight: 30, subIndicators: [{ name: '价值作用', description: '体现人工智能在效率提升、质量优化、个性化育人方面的价值作用' }] },
        { id: 'orientation', name: '导向与伦理', weight: 15, subIndicators: [{ name: '导向适用', description: '落实立德树人，符合教育规律，注重法治道德、安全隐私、文明诚信' }] },
        { id: 'norms', name: '材料规范', weight: 15, subIndicators: [{ name: '材料完整规范', description: '信息表、课件、视频齐全，符合附件3的制作要求' }] },
      ],
    },
  ],
};

const evidenceRubric = [
  {
    id: 'problem_goal',
    name: '问题导向与目标设定',
    weight: 10,
    subIndicators: [
      { name: '问题针对性', description: '清晰说明案例要解决的真实教研/教学/教师发展痛点；问题与区域、学校或教师个体实际高度契合' },
      { name: '目标明确性', description: '目标可衡量、可验证；体现人机协同在教师发展评价或科学决策中的价值' },
    ],
  },
  {
    id: 'evidence',
    name: '证据采集与分析',
    weight: 20,
    subIndicators: [
      { name: '数据多源性', description: '采集课堂行为、学业数据、教学成果、研修表现等多源多模态数据；数据来源清晰、真实' },
      { name: '证据有效性', description: '使用 AI 工具或平台进行有效采集与分析；证据链条完整，能支撑诊断、评价与决策' },
      { name: '分析模型与画像', description: '构建教师数字画像、课堂分析模型等；分析结果具有可解释性和实践指导价值' },
    ],
  },
  {
    id: 'collaboration',
    name: '人机协同机制与实施过程',
    weight: 30,
    subIndicators: [
      { name: '协同分工合理', description: '明确人与 AI 在教研中的分工与协作方式；AI 服务于教师决策而非替代教师；在诊断、反馈、改进、评价等环节中体现人机协同闭环' },
      { name: '过程完整性', description: '呈现完整实施周期、关键事件与流程；操作路径清晰，可复现' },
      { name: '场景典型性', description: '选取 1-2 个典型场景深入呈现，体现人机协同在真实情境中的落地' },
    ],
  },
  {
    id: 'effect',
    name: '成效与价值',
    weight: 20,
    subIndicators: [
      { name: '成效可量化', description: '用数据、案例、对比等方式说明教师发展、教学质量或教研机制的实际变化' },
      { name: '创新性', description: '在人机协同模式、评价机制、决策方式等方面有创新点' },
      { name: '可推广性', description: '总结出可复制、可推广的经验做法，对不同类型主体有借鉴意义' },
    ],
  },
  {
    id: 'norms',
    name: '案例规范性',
    weight: 20,
    subIndicators: [
      { name: '报送案例完整', description: '案例信息表、课件、视频、总结报告齐全，格式符合要求' },
      { name: '视频与报告质量', description: '视频结构清晰、内容聚焦；报告逻辑严密，字数、格式合规；不违反隐私与 AI 标注规定' },
    ],
  },
];

const studioRubric = [
  {
    id: 'theme',
    name: '研修主题与问题聚焦',
    weight: 10,
    subIndicators: [
      { name: '主题聚焦性', description: '研修主题明确、聚焦，避免大而全；与教育教学改革或教师发展关键问题紧密相关' },
      { name: '需求针对性', description: '研修源于真实需求，问题提出清晰，目标设定合理' },
    ],
  },
  {
    id: 'activities',
    name: '活动设计与实施',
    weight: 30,
    subIndicators: [
      { name: '活动体系化', description: '围绕领学、领研、领教等设计研修活动；有清晰的流程或时间轴' },
      { name: '名师引领作用', description: '名师在领学、领研、领教中发挥实质性引领作用；体现名师的专业判断与组织能力' },
      { name: '平台工具支撑', description: '依托教育部门主管的教育服务平台，运行稳定；平台工具服务于研修关键环节' },
      { name: '共创分享资源', description: '形成优质教案、课件、试题等资源库；资源共建共享机制清晰、可持续' },
    ],
  },
  {
    id: 'effect',
    name: '研修成效',
    weight: 20,
    subIndicators: [
      { name: '教师发展成效', description: '教师专业理念、知识、能力等方面有明显提升；有数据或实例支撑' },
      { name: '教学改进成效', description: '研修成果对教学实践、学校管理等方面产生积极作用' },
      { name: '成果与辐射', description: '形成可推广的研修成果；带动区域或跨校教师成长' },
    ],
  },
  {
    id: 'mechanism',
    name: '机制与创新',
    weight: 20,
    subIndicators: [
      { name: '组织机制', description: '研修组织有序，考核评价机制合理；过程性与结果性评价相结合' },
      { name: '创新性', description: '在研修内容、组织形式、技术应用、协同机制等方面有创新探索' },
    ],
  },
  {
    id: 'norms',
    name: '材料规范性',
    weight: 20,
    subIndicators: [
      { name: '报送案例完整', description: '案例信息表、课件、视频、总结报告齐全，格式符合要求' },
      { name: '视频与报告质量', description: '视频聚焦研修主题与关键活动；报告结构完整，经验提炼到位，不违反隐私与 AI 标注规定' },
    ],
  },
];

const video2026 = {
  minDurationS: 420,
  maxDurationS: 600,
  parts: [
    { name: '概述', minS: 60, maxS: 120 },
    { name: '过程与方法', minS: 300, maxS: 360 },
    { name: '成效与经验', minS: 60, maxS: 120 },
  ],
};

const teacherTraining2026 = {
  id: 'teacher-training-2026',
  version: 1,
  title: '2026 年教师研修专项案例征集',
  issuer: '教育部教育技术与资源发展中心（中央电化教育馆）',
  participants: '基础教育阶段教师，各级师训、教研、技术、资源等机构或部门的管理人员、教学人员',
  onePerAuthor: false,
  provinceModes: true,
  contactEmail: 'jsyxmoe@163.com',
  contacts: [{ department: '教师发展处', people: ['康晓宇', '王聚'], phones: ['010-66490925', '66490220'], email: 'jsyxmoe@163.com' }],
  // Seed 000 五(二): the 组委会 publishes the list of 推荐 cases; certificates name the case 入围.
  certificate: { issuer: '全国师生数字素养提升实践活动（第三十届教师活动）组委会', defaultAward: '入围', statement: '在{callTitle}中，经专家评审，{award}全国推荐案例名单。' },
  phases: [
    { id: 'admin_info', name: '省级联系人信息上报', end: '2026-05-11' },
    // Provinces set their own author deadline inside this window (seed 000 四(二)2).
    { id: 'submission', name: '作者报送', start: '2026-06-20', end: '2026-08-31' },
    { id: 'province_recommendation', name: '省级推荐上报', start: '2026-06-20', end: '2026-08-31' },
    { id: 'national_recommendation', name: '国家级推荐', start: '2026-09-01', end: '2026-09-30' },
    { id: 'showcase', name: '全国交流展示', start: '2026-11-01', end: '2026-11-30' },
  ],
  quota: { groups: [{ id: 'all', name: '两类案例合计', max: 100 }] },
  contactForm: {
    title: '各省（自治区、直辖市）活动组织单位联系人信息表（附5.3）',
    deadlinePhase: 'admin_info',
    fields: [
      { key: 'orgName', label: '单位名称', kind: 'text', maxChars: 60, required: true },
      { key: 'department', label: '部门', kind: 'text', maxChars: 40, required: true },
      { key: 'contactName', label: '联系人', kind: 'text', maxChars: 20, required: true },
      { key: 'position', label: '职务', kind: 'text', maxChars: 30, required: true },
      { key: 'landline', label: '座机', kind: 'text', maxChars: 20, format: 'landline', required: true },
      { key: 'mobile', label: '手机', kind: 'text', maxChars: 20, format: 'mobile', required: true },
      { key: 'wechat', label: '微信号', kind: 'text', maxChars: 40, required: false },
      { key: 'qq', label: 'QQ', kind: 'text', maxChars: 15, required: false },
    ],
  },
  caseTypes: [
    {
      id: 'evidence-research',
      name: '人机协同循证教研案例',
      shortName: '循证教研案例',
      titleField: 'title',
      summaryField: 'summary',
      authorsField: 'authors',
      videoPartsField: 'videoParts',
      fields: [
        { key: 'title', label: '案例名称', kind: 'text', maxChars: 60, required: true },
        { key: 'category', label: '案例类别', kind: 'select', required: true, allowOther: false, options: opts('区域案例', '学校案例', '教师案例') },
        authorsGroup(3, '职称/职务'),
        {
          key: 'scenario',
          label: '案例场景',
          kind: 'scenario',
          required: true,
          source: 'evidence-categories',
          mainScenes: [],
          allowOther: true,
          help: '可参考通知中各类别的案例场景，也可自定义',
        },
        toolsGroup(),
        {
          key: 'summary',
          label: '案例简介',
          kind: 'textarea',
          maxChars: 350,
          summary: true,
          required: true,
          help: '案例解决的主要问题、使用的 AI 工具、采集的证据类型、人机协同机制的关键环节、取得的成效等，不超过 350 字',
        },
        aiContentField('选“是”时，课件、总结报告和视频中 AI 生成的内容须标注“AI生成”'),
        videoPartsField('依次填写三部分在视频中的开始时间，如 0:00，1:30，7:00（概述 1–2 分钟，过程与方法 5–6 分钟，成效与经验 1–2 分钟）'),
        recordingDeclaration,
        { key: 'privacy', label: '隐私保护声明', kind: 'declaration', required: true, text: '视频中主讲人不出镜，画面中没有学生正脸（必要时已打码），课件和视频中没有师生个人隐私信息。' },
        { key: 'declaration', label: '作者声明', kind: 'declaration', required: true, text: ORIGINALITY_PLURAL },
        { key: 'unitOpinion', label: '第一作者所在单位意见', kind: 'textarea', maxChars: 200, required: false, help: '可在打印的信息表上由单位填写并盖章' },
        { key: 'consent', label: '共享提示', kind: 'declaration', required: true, text: SHARE_CONSENT },
      ],
      attachments: [...infoformSlots(), coursewareSlot(), videoSlot(), reportSlot()],
      checkParams: {
        video: video2026,
        courseware: { aiLabel: LITERAL_AI_LABEL },
        report: { outline: ['一、案例概述', '二、实施过程', '三、证据采集与分析', '四、成效评估', '五、特色与创新', '六、问题与反思', '七、推广建议'], maxChars: 3000 },
      },
      rubric: evidenceRubric,
    },
    {
      id: 'online-studio',
      name: '名师线上工作室研修案例',
      shortName: '线上工作室案例',
      titleField: 'studioName',
      summaryField: 'summary',
      authorsField: 'authors',
      videoPartsField: 'videoParts',
      fields: [
        { key: 'studioName', label: '工作室名称', kind: 'text', maxChars: 60, required: true },
        { key: 'studioUrl', label: '工作室网址', kind: 'text', maxChars: 300, format: 'url', required: true },
        { key: 'level', label: '工作室认定层级', kind: 'select', required: true, allowOther: false, options: opts('国家级', '省级', '市级', '县级') },
        { key: 'studioType', label: '工作室类型', kind: 'select', required: true, allowOther: true, options: opts('名师', '名校长', '名班主任', '其他') },
        { key: 'theme', label: '研修主题', kind: 'text', maxChars: 60, required: true, help: '填写一个明确的、聚焦的研修主题' },
        authorsGroup(3, '职称/职务'),
        { key: 'subjectArea', label: '研修学科领域', kind: 'text', maxChars: 40, required: true, help: '如涉及多学科，可填写主要学科或跨学科' },
        {
          key: 'summary',
          label: '案例概述',
          kind: 'textarea',
          maxChars: 350,
          summary: true,
          required: true,
          help: '概述本案例所聚焦的研修主题、主要研修活动、关键成果与成效等，不超过 350 字',
        },
        aiContentField('选“是”时，课件、总结报告和视频中 AI 生成的内容须标注“AI生成”'),
        videoPartsField('依次填写三部分在视频中的开始时间，如 0:00，1:30，7:00（概述 1–2 分钟，过程与方法 5–6 分钟，成效与经验 1–2 分钟）'),
        recordingDeclaration,
        { key: 'privacy', label: '隐私保护声明', kind: 'declaration', required: true, text: '视频中主讲人不出镜，画面中没有学生正脸（必要时已打码），课件和视频中没有师生个人隐私信息。' },
        { key: 'declaration', label: '作者声明', kind: 'declaration', required: true, text: ORIGINALITY_PLURAL },
        { key: 'unitOpinion', label: '工作室主持人所在单位意见', kind: 'textarea', maxChars: 200, required: false, help: '可在打印的信息表上由单位填写并盖章' },
        { key: 'consent', label: '共享提示', kind: 'declaration', required: true, text: SHARE_CONSENT },
      ],
      attachments: [...infoformSlots(), coursewareSlot(), videoSlot(), reportSlot()],
      checkParams: {
        video: video2026,
        courseware: { aiLabel: LITERAL_AI_LABEL },
        report: { outline: ['一、研修概况', '二、过程与举措', '三、成果与成效', '四、经验与创新', '五、持续改进计划'], maxChars: 3000 },
      },
      rubric: studioRubric,
    },
  ],
};

/** The built-in calls, validated when this module loads: a broken definition fails at start-up, not mid-call. */
export const BUILTIN_CALLS: readonly CallDef[] = [loadCall(teacherAi2025), loadCall(teacherTraining2026)];

/** Calls added at run time beside the built-in ones (the chained example call of tests and the demo). */
const REGISTERED_CALLS: CallDef[] = [];

/** Adds a validated call definition (idempotent by id). */
export function registerCall(def: CallDef): void {
  if (!findCall(def.id)) REGISTERED_CALLS.push(loadCall(def));
}

/**
 * Registered calls, then the built-in ones: the web app opens on the last call of the list, which stays the newest
 * built-in call (teacher-training-2026) when the demo adds its example.
 */
export function listCalls(): readonly CallDef[] {
  return REGISTERED_CALLS.length ? [...REGISTERED_CALLS, ...BUILTIN_CALLS] : BUILTIN_CALLS;
}

export function findCall(id: string): CallDef | undefined {
  return BUILTIN_CALLS.find((c) => c.id === id) ?? REGISTERED_CALLS.find((c) => c.id === id);
}

export function findCaseType(call: CallDef, typeId: string) {
  return call.caseTypes.find((t) => t.id === typeId);
}
