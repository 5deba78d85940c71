// The rubric's indicators edited in place — names, 分值 adding up to 100, sub-indicators with their scoring points —
// shared by 评分标准 (saved on its own) and the call builder (saved with the whole definition). Problems are looked up
// by rubricIssues' paths (rubric.0.weight, rubric.1.subIndicators.0.name).
import { Button, Card, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';

export interface RubricIndicatorDraft {
  id?: string;
  name: string;
  weight: number;
  subIndicators: Array<{ name: string; description: string }>;
}

/** The sum of the indicators' 分值, to two decimals (a half point is allowed). */
export const rubricTotal = (rubric: RubricIndicatorDraft[]) =>
  Math.round(rubric.reduce((s, r) => s + (Number.isFinite(r.weight) ? r.weight : 0), 0) * 100) / 100;

/** A rubric read-only: one row per sub-indicator, the indicator and its 分值 spanning its rows. */
export function RubricView({ rubric }: { rubric: RubricIndicatorDraft[] }) {
  const rows = rubric.flatMap((r, ri) =>
    r.subIndicators.map((s, i) => ({ key: `${r.id ?? ri}-${i}`, name: r.name, weight: r.weight, span: i === 0 ? r.subIndicators.length : 0, sub: s.name, desc: s.description })),
  );
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

export function RubricEditor({
  value,
  onChange,
  issueAt = () => undefined,
  newId,
}: {
  value: RubricIndicatorDraft[];
  onChange(next: RubricIndicatorDraft[]): void;
  /** The problem at a rubricIssues path, shown beside its input. */
  issueAt?(path: string): string | undefined;
  /** An id for a new indicator (a call definition needs one; 评分标准 leaves it to the server). */
  newId?(existing: RubricIndicatorDraft[]): string;
}) {
  const total = rubricTotal(value);
  const set = (i: number, patch: Partial<RubricIndicatorDraft>) => onChange(value.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const setSub = (i: number, k: number, patch: Partial<RubricIndicatorDraft['subIndicators'][number]>) =>
    set(i, { subIndicators: value[i]!.subIndicators.map((s, j) => (j === k ? { ...s, ...patch } : s)) });
  const addIndicator = () =>
    onChange([...value, { ...(newId ? { id: newId(value) } : {}), name: '', weight: 0, subIndicators: [{ name: '', description: '' }] }]);

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {value.map((r, i) => (
        <Card
          key={r.id ?? `new-${i}`}
          size="small"
          title={`指标 ${i + 1}`}
          extra={
            <Button danger type="text" icon={<DeleteOutlined />} disabled={value.length <= 1} onClick={() => onChange(value.filter((_, k) => k !== i))}>
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
              <div key={k} style={{ paddingInlineStart: 16 }}>
                <Space wrap align="start">
                  <Input aria-label={`指标 ${i + 1} 二级指标 ${k + 1} 名称`} placeholder="二级指标" value={s.name} style={{ width: 'min(200px, calc(100vw - 140px))' }} status={issueAt(`rubric.${i}.subIndicators.${k}.name`) ? 'error' : undefined} onChange={(e) => setSub(i, k, { name: e.target.value })} />
                  <Input aria-label={`指标 ${i + 1} 二级指标 ${k + 1} 评分要点`} placeholder="评分要点（可不填）" value={s.description} style={{ width: 'min(360px, calc(100vw - 140px))' }} status={issueAt(`rubric.${i}.subIndicators.${k}.description`) ? 'error' : undefined} onChange={(e) => setSub(i, k, { description: e.target.value })} />
                  <Button type="text" danger aria-label="删除二级指标" icon={<DeleteOutlined />} onClick={() => set(i, { subIndicators: r.subIndicators.filter((_, j) => j !== k) })} />
                </Space>
                {(issueAt(`rubric.${i}.subIndicators.${k}.name`) ?? issueAt(`rubric.${i}.subIndicators.${k}.description`)) && (
                  <div><Typography.Text type="danger">{issueAt(`rubric.${i}.subIndicators.${k}.name`) ?? issueAt(`rubric.${i}.subIndicators.${k}.description`)}</Typography.Text></div>
                )}
              </div>
            ))}
            {issueAt(`rubric.${i}.subIndicators`) && <Typography.Text type="danger">{issueAt(`rubric.${i}.subIndicators`)}</Typography.Text>}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => set(i, { subIndicators: [...r.subIndicators, { name: '', description: '' }] })}>
              添加二级指标
            </Button>
          </Space>
        </Card>
      ))}
      <Space wrap>
        <Button icon={<PlusOutlined />} onClick={addIndicator}>
          添加指标
        </Button>
        <Tag color={total === 100 ? 'success' : 'error'} data-testid="rubric-total">
          分值合计 {total} 分{total === 100 ? '' : '（须为 100 分）'}
        </Tag>
      </Space>
    </Space>
  );
}
