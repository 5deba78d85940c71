// 人机协同循证教研案例 category suggestions and 名师线上工作室研修案例 content examples from the 2026 教师研修专项
// notice, transcribed verbatim (PDF line breaks joined). aim is the 旨在… sentence of each category; scenes are
// the suggested 案例场景 without the trailing 等; examples are the 内容示例 split into title and description.

export interface CategorySuggestion {
  /** The 案例类别 (a value of the case type's `category` choice) these suggestions are for. */
  category: string;
  aim: string;
  scenes: string[];
  examples: Array<{ title: string; description: string }>;
}

export const EVIDENCE_RESEARCH_CATEGORIES: CategorySuggestion[] = [
  {
    category: '区域案例',
    aim: '旨在构建人工智能赋能的教师发展评价与决策体系。',
    scenes: ['区域教师评价改革', '智能教研治理', '教师精准培训'],
    examples: [
      {
        title: '区域教师数字画像',
        description:
          '基于教学实绩、研修参与、课堂表现等多源数据，构建区域教师发展画像，实现区域教师队伍发展的动态监测与精准施策。',
      },
      {
        title: '人工智能支持教研决策',
        description:
          '利用大数据分析区域教研痛点，智能推荐教研主题，有效配置教研资源，实现区域教研活动开展的循证决策。',
      },
      {
        title: '区域优质资源智能匹配',
        description:
          '基于教师发展需求与能力短板，利用 AI 技术精准推荐培训课程和名师资源，实现教师精准培训。',
      },
    ],
  },
  {
    category: '学校案例',
    aim: '旨在打造人机协同的校本研修新样态。',
    scenes: ['AI 赋能听评课', '数据驱动的校本研修', 'AI 支持的教师个性化发展'],
    examples: [
      {
        title: 'AI 课堂分析赋能精准听评课',
        description:
          '利用 AI 分析课堂教学行为，生成数据分析报告，教师团队进行专业解读与改进策略研讨。',
      },
      {
        title: '基于证据的精准教学改进',
        description:
          '结合 AI 作业分析、学业数据诊断，精准定位教学问题，教研组开展循证式集体备课与教学改进。',
      },
      {
        title: '教师发展画像与校本培训',
        description:
          '根据 AI 为每位教师生成发展画像，学校制定个性化的教师发展计划，实现“一师一案”。',
      },
    ],
  },
  {
    category: '教师案例',
    aim: '旨在探索人机协同的个性化专业成长路径。',
    scenes: ['AI 赋能教学反思', '教师核心素养提升', '微课题研究'],
    examples: [
      {
        title: 'AI 助力教学诊断',
        description:
          '教师利用 AI 课堂分析报告、教学视频智能切片，对个人教学行为进行诊断，发现教学技能不足，并制定针对性改进计划。',
      },
      {
        title: '人机协同教学反思',
        description:
          '将 AI 生成的课堂分析报告与自身教学经验、学生反馈等结合，形成深度教学反思与改进。',
      },
      {
        title: '基于 AI 的微课题研究',
        description:
          '教师利用 AI 工具采集课前、课中、课后等环节的教学与学业数据，开展微课题研究，验证教学策略的有效性，形成教学成果。',
      },
    ],
  },
];

// 示例 1 名师领学, 示例 2 名师领研, 示例 3 名师领教.
export const ONLINE_STUDIO_EXAMPLES: Array<{ title: string; description: string }> = [
  {
    title: '名师领学',
    description:
      '依托平台工具与优质资源，组织成员开展政策解读、专题讲座、读书报告等学习活动，推动前沿教育动态系统掌握与核心素养全面提升。',
  },
  {
    title: '名师领研',
    description:
      '围绕新课标实施、跨学科主题学习、智慧教育等重点议题，或者聚焦课程、教学、作业、考试评价等育人关键环节，通过网络教研、主题教研、教学展示、项目研究等多种方式，助力教师形成可迁移的教学能力。',
  },
  {
    title: '名师领教',
    description:
      '着力推动跨区域、跨学校的课堂协同与资源共享，开展集体备课、同课异构、专递课堂等实践，建设优质教案、课件、试题等教学资源库，完善共建共享机制。',
  },
];
