// An ordered list of entries (authors, platform tools) with add/remove/move within min..max.
import { Button, Card, Form, Space, Tooltip } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FieldDef, SubFieldDef } from '@anli/domain/calls/schema.ts';
import { SelectInput, TextInput } from './inputs.tsx';

type GroupDef = Extract<FieldDef, { kind: 'group' }>;
type Entry = Record<string, unknown>;

export function GroupInput(props: { field: GroupDef; value: unknown; onChange(v: Entry[]): void; errors: Map<string, string> }) {
  const { field } = props;
  const entries: Entry[] = Array.isArray(props.value) ? (props.value as Entry[]) : [];
  const set = (next: Entry[]) => props.onChange(next);
  const move = (i: number, d: number) => {
    const next = [...entries];
    const [e] = next.splice(i, 1);
    next.splice(i + d, 0, e);
    set(next);
  };
  const fixed = field.min === field.max;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {entries.map((entry, i) => (
        <Card
          key={i}
          size="small"
          data-group-entry={`${field.key}.${i}`}
          title={fixed && field.max === 1 ? field.itemLabel : `${field.itemLabel} ${i + 1}${i === 0 && field.key === 'authors' && field.max > 1 ? '（第一作者）' : ''}`}
          extra={
            fixed ? null : (
              <Space size={4}>
                <Tooltip title="上移">
                  <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label="上移" />
                </Tooltip>
                <Tooltip title="下移">
                  <Button size="small" icon={<ArrowDownOutlined />} disabled={i === entries.length - 1} onClick={() => move(i, 1)} aria-label="下移" />
                </Tooltip>
                <Tooltip title="删除">
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={entries.length <= Math.max(field.min, 1)}
                    onClick={() => set(entries.filter((_, j) => j !== i))}
                    aria-label="删除"
                  />
                </Tooltip>
              </Space>
            )
          }
        >
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', columnGap: 16 }}>
            {field.fields.map((sf) => (
              <SubFieldItem
                key={sf.key}
                sub={sf}
                path={`${field.key}.${i}.${sf.key}`}
                value={entry[sf.key]}
                error={props.errors.get(`${field.key}.${i}.${sf.key}`)}
                onChange={(v) => set(entries.map((e, j) => (j === i ? { ...e, [sf.key]: v } : e)))}
              />
            ))}
          </div>
        </Card>
      ))}
      {!fixed && (
        <Button icon={<PlusOutlined />} type="dashed" disabled={entries.length >= field.max} onClick={() => set([...entries, {}])}>
          添加{field.itemLabel}（{entries.length}/{field.max}）
        </Button>
      )}
    </Space>
  );
}

function SubFieldItem(props: { sub: SubFieldDef; path: string; value: unknown; error?: string; onChange(v: unknown): void }) {
  const { sub } = props;
  const status = props.error ? ('error' as const) : undefined;
  // The label names its input (WCAG 1.3.1 / 4.1.2): Form.Item without a form name does not link them by itself.
  const id = `field-${props.path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return (
    <div data-field={props.path}>
    <Form.Item label={sub.label} htmlFor={id} required={sub.required} validateStatus={status} help={props.error} style={{ marginBottom: 12 }}>
      {sub.kind === 'select' ? (
        <SelectInput id={id} value={props.value} options={sub.options ?? []} onChange={props.onChange} status={status} style={{ width: '100%' }} />
      ) : (
        <TextInput id={id} value={props.value} onChange={props.onChange} maxChars={sub.maxChars} status={status} placeholder={sub.format === 'mobile' ? '11 位手机号' : undefined} />
      )}
    </Form.Item>
    </div>
  );
}
