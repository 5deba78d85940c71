// Read-only viewers of a call definition: case types with fields and slots, quotas, rubric, scenario framework.
import { Collapse, Descriptions, Table, Tag, Tree, Typography } from 'antd';
import type { CallDetail } from '../../api/index.ts';
import { Link } from 'react-router-dom';
import type { CallDef, FieldDef, RubricIndicator } from '@anli/domain/calls/schema.ts';
import { callScenarioContent } from '@anli/domain/calls/scenario-content.ts';
import { ONLINE_STUDIO_EXAMPLES } from '@anli/domain/calls/evidence-categories.ts';
import { AttachmentSlots } from '../../components/AttachmentSlots.tsx';
import { findProvince } from '@anli/domain/provinces.ts';

const KIND_TEXT: Record<FieldDef['kind'], string> = {
  text: '单行文本',
  textarea: '多行文本',
  select: '选择',
  group: '多条目',
  scenario: '场景',
  declaration: '声明',
};

function fieldRule(f: FieldDef): string {
  switch (f.kind) {
    case 'text':
      return [`≤ ${f.maxChars} 字`, f.format ? { mobile: '手机号', landline: '座机', email: '邮箱', url: '网址', timecodes: '三部分开始时间（分:秒）' }[f.format] : null].filter(Boolean).join('，');
    case 'textarea':
      return `≤ ${f.maxChars} 字${f.summary ? '（简介，计入文件检查）' : ''}`;
    case 'select':
      return f.options.map((o) => o.label).join(' / ') + (f.allowOther ? '（可填其他）' : '');
    case 'group':
      return `${f.itemLabel} ${f.min === f.max ? `${f.min} 个` : `${f.min}–${f.max} 个`}：${f.fields.map((s) => s.label).join('、')}`;
    case 'scenario':
      return f.source === 'ai-framework'
        ? `主场景 ${f.mainScenes.join('/')}${f.allowOther ? '/其他' : ''}，典型场景与微场景参照${f.framework ? '本活动的场景框架' : '附件1'}`
        : f.source === 'evidence-categories' ? `按案例类别参考场景${f.categories ? '（本活动设定）' : ''}，可自定义` : '自由填写';
    case 'declaration':
      return f.text;
  }
}

function RubricTable({ rubric }: { rubric: RubricIndicator[] }) {
  const rows = rubric.flatMap((r) => r.subIndicators.map((s, i) => ({ key: `${r.id}-${i}`, name: r.name, weight: r.weight, span: i === 0 ? r.subIndicators.length : 0, sub: s.name, desc: s.description })));
  return (
    <Table
      size="small"
      pagination={false}
      bordered
      dataSource={rows}
      columns={[
        { title: '一级指标', dataIndex: 'name', width: 180, onCell: (r) => ({ rowSpan: r.span }) },
        { title: '权重', dataIndex: 'weight', width: 70, onCell: (r) => ({ rowSpan: r.span }) },
        { title: '二级指标', dataIndex: 'sub', width: 160 },
        { title: '评价要点', dataIndex: 'desc' },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
          <Table.Summary.Cell index={1}>{rubric.reduce((s, r) => s + r.weight, 0)}</Table.Summary.Cell>
          <Table.Summary.Cell index={2} colSpan={2} />
        </Table.Summary.Row>
      )}
    />
  );
}

/** The organiser's call (no scenario suggestions: the framework's own are shown) or a call as the public pages read it. */
type PanelCall = CallDef & Partial<Pick<CallDetail, 'scenarios'>>;

export function CaseTypesPanel({ call }: { call: PanelCall }) {
  return (
    <Collapse
      defaultActiveKey={call.caseTypes.map((t) => t.id)}
      items={call.caseTypes.map((t) => ({
        key: t.id,
        label: `${t.name}（${t.id}）`,
        children: (
          <>
            <Typography.Title level={5}>表单字段</Typography.Title>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={t.fields}
              columns={[
                { title: '字段', dataIndex: 'label', width: 220 },
                { title: '键', dataIndex: 'key', width: 120, render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
                { title: '类型', dataIndex: 'kind', width: 90, render: (k: FieldDef['kind']) => KIND_TEXT[k] },
                { title: '必填', dataIndex: 'required', width: 70, render: (r: boolean) => (r ? <Tag color="error">必填</Tag> : <Tag>选填</Tag>) },
                { title: '规则', key: 'rule', render: (_, f) => fieldRule(f) },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              附件材料
            </Typography.Title>
            <AttachmentSlots slots={t.attachments} showNotice={false} />
            <Descriptions
              size="small"
              style={{ marginTop: 12 }}
              column={1}
              items={[
                {
                  key: 'v',
                  label: '视频时长',
                  children: t.checkParams.video ? `${t.checkParams.video.minDurationS ? `${t.checkParams.video.minDurationS / 60}–` : '≤ '}${t.checkParams.video.maxDurationS / 60} 分钟` : '—',
                },
                { key: 'r', label: '总结报告', children: t.checkParams.report ? `≤ ${t.checkParams.report.maxChars} 字；提纲：${t.checkParams.report.outline.join(' ')}` : '—' },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              评分标准{' '}
              {t.rubricSource === 'organiser' ? <Tag color="warning">组委会自定评分标准（通知未公布）</Tag> : <Tag color="success">活动通知公布</Tag>}
            </Typography.Title>
            {t.rubricSource === 'organiser' && (
              <Typography.Paragraph type="secondary">
                以下为内置评分标准；评审开始前可在<Link to="/org/rubrics">评分标准</Link>页面修改，评分以该页面所示为准。
              </Typography.Paragraph>
            )}
            <RubricTable rubric={t.rubric} />
          </>
        ),
      }))}
    />
  );
}

export function QuotaPanel({ call }: { call: PanelCall }) {
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={call.quota.groups}
      columns={[
        { title: '名额组', dataIndex: 'name' },
        { title: '每省上限', dataIndex: 'max' },
        {
          title: '各省单独名额',
          dataIndex: 'provinceMax',
          render: (v?: Record<string, number>) =>
            v && Object.keys(v).length ? Object.entries(v).map(([code, n]) => `${findProvince(code)?.name ?? code} ${n} 件`).join('、') : '无',
        },
        { title: '包含', dataIndex: 'values', render: (v?: string[]) => (v ? v.join('、') : '全部案例') },
      ]}
    />
  );
}

export function ScenarioPanel({ call }: { call: PanelCall }) {
  const sources = new Set(call.caseTypes.flatMap((t) => t.fields.filter((f) => f.kind === 'scenario').map((f) => (f as Extract<FieldDef, { kind: 'scenario' }>).source)));
  // Each scenario field carries its suggestions (the notice's unless the organiser edited them).
  const { framework, categories } = callScenarioContent(call);
  const editedFramework = call.caseTypes.some((t) => t.fields.some((f) => f.kind === 'scenario' && f.source === 'ai-framework' && f.framework));
  const studio = call.scenarios?.studioExamples?.length ? call.scenarios.studioExamples : ONLINE_STUDIO_EXAMPLES;
  return (
    <>
      {sources.has('ai-framework') && (
        <>
          <Typography.Title level={5}>{editedFramework ? '应用场景参考框架（本活动设定）' : '教师人工智能应用场景参考框架（附件1）'}</Typography.Title>
          <Tree
            showLine
            defaultExpandedKeys={framework.map((m) => m.name)}
            treeData={framework.map((m) => ({
              key: m.name,
              title: m.name,
              children: m.typicalScenes.map((t) => ({
                key: `${m.name}/${t.name}`,
                title: t.name,
                children: t.microScenes.map((s) => ({ key: `${m.name}/${t.name}/${s}`, title: s, isLeaf: true })),
              })),
            }))}
          />
        </>
      )}
      {sources.has('evidence-categories') && (
        <>
          <Typography.Title level={5}>人机协同循证教研案例：类别与参考场景</Typography.Title>
          <Table
            size="small"
            rowKey="category"
            pagination={false}
            dataSource={categories}
            columns={[
              { title: '类别', dataIndex: 'category', width: 100 },
              { title: '定位', dataIndex: 'aim', width: 260 },
              { title: '参考场景', dataIndex: 'scenes', render: (s: string[]) => s.join('、') },
              { title: '内容示例', dataIndex: 'examples', render: (e: Array<{ title: string }>) => e.map((x) => x.title).join('、') },
            ]}
          />
          {call.caseTypes.some((t) => t.id === 'online-studio') && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                名师线上工作室研修案例：内容示例
              </Typography.Title>
              <ul>
                {studio.map((x) => (
                  <li key={x.title}>
                    <b>{x.title}</b>：{x.description}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {sources.size === 0 && <Typography.Text type="secondary">本活动没有场景字段</Typography.Text>}
    </>
  );
}
