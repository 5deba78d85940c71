// Realistic filled forms for the three built-in case types (tests and manual rendering).

export const AI_SUMMARY =
  '针对初中物理“浮力”单元学生前概念复杂、课堂反馈滞后的问题，本案例依托国家中小学智慧教育平台与豆包教育智能体，' +
  '构建“课前诊断—课中互动—课后分层”的人机协同教学流程。课前，教师利用智能体生成前测问卷并自动分析作答数据，' +
  '识别出“物体越重浮力越大”等四类典型错误概念；课中，借助虚拟仿真实验让学生改变排开液体体积和液体密度，' +
  '实时生成数据图像，在小组讨论中自主建构阿基米德原理；课后，平台根据个人错题推送分层作业，教师审核后发布，' +
  '并对主观题评语进行人工复核，避免学生过度依赖工具。经过一学期实践，两个实验班单元测试平均分提高 11.6 分，' +
  '作业批改时间减少约 40%，学生课堂提问次数明显增加。案例形成了可复制的“诊断—建构—反馈”三步策略，' +
  '适用于其他以概念转变为核心的理科单元教学，对教师开展精准教学具有借鉴意义。';

export const EVIDENCE_SUMMARY =
  '本案例聚焦区域内青年教师课堂提问质量不高、教研评价依赖经验判断的问题，依托智慧教育平台课堂分析系统与讯飞星火大模型，' +
  '采集 126 节常态课的课堂实录、师生对话转写文本、学生课堂练习正确率及课后问卷等多源证据，构建“提问类型—候答时间—学生回应层级”三维分析模型。' +
  '教研员与 AI 分工协作：AI 完成语音转写、提问自动编码和指标统计，教研员结合课例观察进行解释性研判，' +
  '共同形成教师个人课堂画像与改进建议；教师据此制定改进计划，在下一轮磨课中再次采集数据验证改进效果，形成“采集—诊断—改进—再验证”的循证闭环。' +
  '一年来，参与教师高阶问题占比由 18% 提升到 35%，平均候答时间由 1.2 秒延长到 3.1 秒，学生高层级回应比例提升 14 个百分点，' +
  '区域形成了可推广的课堂提问循证改进流程和指标体系。';

export const STUDIO_SUMMARY =
  '本工作室以“新课标背景下小学语文整本书阅读教学”为研修主题，针对成员教师整本书阅读课型单一、阅读过程指导不足的问题，' +
  '依托国家中小学智慧教育平台名师工作室空间，开展为期一学年的线上线下混合研修。名师领学，组织成员研读课程标准和阅读策略专著，' +
  '每月一次线上读书报告；名师领研，围绕“导读课—推进课—分享课”三种课型开展主题教研，采用同课异构与课堂观察量表进行循证研讨；' +
  '名师领教，联合三个县区的十二所学校开展专递课堂和集体备课，共建共享教学设计、阅读任务单和评价量规。' +
  '一年来，工作室形成整本书阅读课例 36 节、任务单资源包 18 套，成员教师获市级以上优质课奖项 9 项，' +
  '辐射带动薄弱学校教师 200 余人次参与研修，学生人均课外阅读量提升近一倍，形成了可复制的整本书阅读混合研修模式。';

export const AI_FORM: Record<string, unknown> = {
  title: '人机协同诊断前概念，助力初中物理浮力单元精准教学',
  authors: [{ name: '李晓华', unit: '北京市海淀区实验中学', position: '物理教研组长/中学一级教师', mobile: '13812345678' }],
  stage: '初中',
  subject: '物理',
  tools: [
    { name: '国家中小学智慧教育平台', type: '网页', fee: '完全免费' },
    { name: '豆包教育智能体', type: '移动端APP', fee: '有限免费' },
  ],
  scenario: { main: '助教', typical: '学情分析', micro: '知识薄弱点诊断、学情报告生成' },
  summary: AI_SUMMARY,
  aiContent: '否',
  domesticTools: true,
  declaration: true,
  recordingForm: true,
  privacy: true,
  unitOpinion: '',
};

export const EVIDENCE_FORM: Record<string, unknown> = {
  title: '基于课堂提问证据链的区域青年教师人机协同循证教研',
  category: '区域案例',
  authors: [
    { name: '王建国', unit: '江苏省苏州市教育科学研究院', position: '高级教师/教研员', mobile: '13905121234' },
    { name: '陈静怡', unit: '苏州市吴中区教师发展中心', position: '一级教师', mobile: '13862345678' },
    { name: '张若宁', unit: '苏州工业园区星海小学', position: '一级教师/教研组长', mobile: '15850123456' },
  ],
  scenario: { typical: 'AI 助力课堂分析改进', micro: '课堂提问质量诊断' },
  tools: [
    { name: '智慧教育平台课堂分析系统', type: '网页', fee: '完全免费' },
    { name: '讯飞星火', type: 'PC端应用程序', fee: '有限免费' },
  ],
  summary: EVIDENCE_SUMMARY,
  aiContent: '是',
  declaration: true,
  recordingForm: true,
  privacy: true,
  unitOpinion: '',
  consent: true,
};

export const STUDIO_FORM: Record<string, unknown> = {
  studioName: '浙江省周雅琴小学语文名师网络工作室',
  studioUrl: 'https://www.zjer.cn/studio/zhouyaqin',
  level: '省级',
  studioType: '名师',
  theme: '新课标背景下小学语文整本书阅读教学',
  authors: [
    { name: '周雅琴', unit: '杭州市西湖区学军小学', position: '正高级教师', mobile: '13757112345' },
    { name: '刘思远', unit: '杭州市余杭区良渚第一小学', position: '一级教师', mobile: '13957198765' },
  ],
  subjectArea: '小学语文',
  summary: STUDIO_SUMMARY,
  aiContent: '否',
  declaration: true,
  recordingForm: true,
  privacy: true,
  unitOpinion: '同意推荐。',
  consent: true,
};
