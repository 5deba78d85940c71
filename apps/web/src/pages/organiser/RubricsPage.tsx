// 评分标准 (organiser): each case type's rubric with its origin. A rubric the notice publishes is shown as it is; the
// organiser's own (2025: the notice publishes none) can be edited — indicators, 分值 adding up to 100, sub-indicators —
// until a review round of the call opens. The same check (scoring.ts rubricIssues) runs here and on the server.
import { Alert, App, Button, Card, Descriptions, Input, InputNumber, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState } from 'react';
import { rubricIssues, type RubricIssue } from '@anli/domain/review/scoring.ts';
import { ApiError } from '../../api.ts';
import { callDataApi, type CaseTypeRubric } from '../../callDataApi.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { errorMessage, useLoad } from '../../hooks.ts';
import { fmtTime } from '../../labels.ts';

type Indicator = { id?: string; name: string; weight: number; subIndicators: Array<{ name: string; description: string }> };

function SourceTag({ r }: { r: CaseTypeRubric }) {
  return <Tag color={r.source === 'organiser' ? 'warning' : 'success'}>{r.sourceLabel}</Tag>;
}

function RubricView({ rubric }: { rubric: CaseTypeRubric['rubric'] }) {
  const rows = rubric.flatMap((r) => r.subIndicators.map((s, i) => ({ key: `${r.id}-${i}`, name: r.name, weight: r.weight, span: i === 0 ? r.subIndicators.length : 0, sub: s.name, desc: s.description })));
  return (
    <Table
      size="small"
      bordered
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: '评价指标', dataIndex: 'name', onCell: (r) => ({ rowSpan: r.span }) },
        { title: '分值', dataIndex: 'weight', onCell: (r) => ({ rowSpan: r.span }) },
        { title: '二级指标', dataIndex: 'sub' },
        { title: '评分要点', dataIndex: 'desc' },
      ]}
    />
  );
}

function RubricEditor({ callId, item, onSaved }: { callId: string; item: CaseTypeRubric; onSaved(r: CaseTypeRubric): void }) {
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Indicator[]>(() => structuredClone(item.rubric));
  const [serverIssues, setServerIssues] = useState<RubricIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const issues = useMemo(() => rubricIssues(draft), [draft]);
  const total = Math.round(draft.reduce((s, r) => s + (Number.isFinite(r.weight) ? r.weight : 0), 0) * 100) / 100;
  const set = (i: number, patch: Partial<Indicator>) => setDraft((d) => d.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const setSub = (i: number, k: number, patch: Partial<Indicator['subIndicators'][number]>) =>
    set(i, { subIndicators: draft[i]!.subIndicators.map((s, j) => (j === k ? { ...s, ...patch } : s)) });
  const issueAt = (path: string) => [...issues, ...serverIssues].find((x) => x.path === path)?.message;

  const save = async () => {
    setSaving(true);
    setServerIssues([]);
    try {
      const saved = await callDataApi.saveRubric(callId, item.caseType, { rubric: draft.map((r) => ({ ...r, id: r.id })) });
      message.success(`已保存“${item.caseTypeName}”的评分标准`);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError) setServerIssues(e.fields);
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid={`rubric-editor-${item.caseType}`}>
      {draft.map((r, i) => (
        <Card
          key={r.id ?? `new-${i}`}
          size="small"
          title={`指标 ${i + 1}`}
          extra={
            <Button danger type="text" icon={<DeleteOutlined />} disabled={draft.length <= 1} onClick={() => setDraft((d) => d.filter((_, k) => k !== i))}>
              删除指标
            </Button>
          }
        >
          <Space direction="vertical" size={8} style={{ width: '100%' }}>
            <Space wrap align="start">
              <div>
                <Input aria-label={`指标 ${i + 1} 名称`} placeholder="指标名称" value={r.name} style={{ width: 'min(320px, calc(100vw - 120px))' }} status={issueAt(`rubric.${i}.name`) ? 'error' : undefined} onChange={(e) => set(i, { name: e.target.value })} />
                {issueAt(`rubric.${i}.name`) && <div><Typography.Text type="danger">{issueAt(`rubric.${i}.name`)}</Typography.Text></div>}
              </div>
              <div>
                <InputNumber aria-label={`指标 ${i + 1} 分值`} addonAfter="分" min={0} max={100} step={1} value={r.weight} status={issueAt(`rubric.${i}.weight`) ? 'error' : undefined} onChange={(v) => set(i, { weight: typeof v === 'number' ? v : 0 })} />
                {issueAt(`rubric.${i}.weight`) && <div><Typography.Text type="danger">{issueAt(`rubric.${i}.weight`)}</Typography.Text></div>}
              </div>
            </Space>
            {r.subIndicators.map((s, k) => (
              <Space key={k} wrap align="start" style={{ paddingInlineStart: 16 }}>
                <Input aria-label={`指标 ${i + 1} 二级指标 ${k + 1} 名称`} placeholder="二级指标" value={s.name} style={{ width: 'min(200px, calc(100vw - 140px))' }} onChange={(e) => setSub(i, k, { name: e.target.value })} />
                <Input aria-label={`指标 ${i + 1} 二级指标 ${k + 1} 评分要点`} placeholder="评分要点（可不填）" value={s.description} style={{ width: 'min(360px, calc(100vw - 140px))' }} onChange={(e) => setSub(i, k, { description: e.target.value })} />
                <Button type="text" danger aria-label="删除二级指标" icon={<DeleteOutlined />} onClick={() => set(i, { subIndicators: r.subIndicators.filter((_, j) => j !== k) })} />
              </Space>
            ))}
            {issueAt(`rubric.${i}.subIndicators`) && <Typography.Text type="danger">{issueAt(`rubric.${i}.subIndicators`)}</Typography.Text>}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => set(i, { subIndicators: [...r.subIndicators, { name: '', description: '' }] })}>
              添加二级指标
            </Button>
          </Space>
        </Card>
      ))}
      <Space wrap>
        <Button icon={<PlusOutlined />} onClick={() => setDraft((d) => [...d, { name: '', weight: 0, subIndicators: [{ name: '', description: '' }] }])}>
          添加指标
        </Button>
        <Tag color={total === 100 ? 'success' : 'error'} data-testid="rubric-total">
          分值合计 {total} 分{total === 100 ? '' : '（须为 100 分）'}
        </Tag>
      </Space>
      {issues.length > 0 && (
        <Alert type="warning" showIcon title="保存前请修改以下问题" description={<ul style={{ margin: 0, paddingInlineStart: 20 }}>{issues.map((x) => <li key={x.path + x.message}>{x.message}</li>)}</ul>} />
      )}
      <Space wrap>
        <Popconfirm title="保存后专家将按新的评分标准打分，确定保存？" okText="保存" cancelText="取消" onConfirm={() => void save()} disabled={issues.length > 0}>
          <Button type="primary" loading={saving} disabled={issues.length > 0}>
            保存评分标准
          </Button>
        </Popconfirm>
        <Button onClick={() => (setDraft(structuredClone(item.rubric)), setServerIssues([]))}>放弃修改</Button>
      </Space>
    </Space>
  );
}

export function RubricsPage() {
  const { callId } = useCalls();
  const loaded = useLoad(() => (callId ? callDataApi.rubrics(callId) : Promise.resolve([] as CaseTypeRubric[])), [callId]);
  const [items, setItems] = useState<CaseTypeRubric[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => {
    setItems(loaded.data ?? []);
    setEditing(null);
  }, [loaded.data]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
          评分标准
        </Typography.Title>
        <CallPicker />
      </Space>
      <ErrorAlert error={loaded.error} />
      {items.map((r) => (
        <Card
          key={r.caseType}
          title={r.caseTypeName}
          loading={loaded.loading}
        >
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <SourceTag r={r} />
            {r.source === 'organiser' && (
              <Alert
                type="info"
                showIcon
                title="活动通知未公布评分标准，以下为组委会自定的评分标准"
                description={r.editable ? '评审轮次开始前，组委会可修改指标、分值（合计 100 分）和二级指标；评审开始后不能再修改。' : r.lockedReason}
              />
            )}
            {r.edited && (
              <Descriptions size="small" column={1} items={[{ key: 'e', label: '最近修改', children: `${r.edited.by ?? '组委会'}，${fmtTime(r.edited.at)}` }]} />
            )}
            {editing === r.caseType ? (
              <RubricEditor
                callId={callId!}
                item={r}
                onSaved={(saved) => {
                  setItems((list) => list.map((x) => (x.caseType === saved.caseType ? saved : x)));
                  setEditing(null);
                }}
              />
            ) : (
              <>
                <RubricView rubric={r.rubric} />
                {r.editable && (
                  <Button type="primary" onClick={() => setEditing(r.caseType)} data-testid={`edit-rubric-${r.caseType}`}>
                    修改评分标准
                  </Button>
                )}
              </>
            )}
          </Space>
        </Card>
      ))}
    </Space>
  );
}
