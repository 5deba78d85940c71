// The call editor: every section a notice can change, edited in place and saved whole. The server checks the draft on
// each save; its problems appear beside the input they concern (by path, e.g. caseTypes[0].fields[5].maxChars) and in a
// list on top. A preview shows the author's form and upload slots exactly as an author will see them; a list shows what
// changed against the call the draft was copied from. 开放 freezes version 1; an open call's changes are new versions.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  Alert, App, Button, Card, Checkbox, Collapse, DatePicker, Descriptions, Empty, Form, Grid, Input, InputNumber, List, Modal, Popconfirm, Select, Space,
  Switch, Table, Tabs, Tag, Typography,
} from 'antd';
import dayjs from 'dayjs';
import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import type { AttachmentSlot, CallDef, CaseTypeDef, FieldDef } from '@anli/domain/calls/schema.ts';
import { withGroupLimits, withHelpLimit } from '@anli/domain/calls/help-limit.ts';
import { describePath, formatPath } from '@anli/domain/calls/validate.ts';
import { findProvince, PROVINCES } from '@anli/domain/provinces.ts';
import { rubricIssues } from '@anli/domain/review/scoring.ts';
import { RULE_NAMES } from '@anli/domain/rule-names.ts';
import { slotRequirements } from '@anli/domain/slot-requirements.ts';
import { ApiError } from '../../api/index.ts';
import { callBuilderApi, definitionFileUrl, type BuilderCallDetail } from '../../api/callBuilder.ts';
import { errorMessage } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DynamicForm, type FormValues } from '../../components/caseform/DynamicForm.tsx';
import { AttachmentSlots, formatBytes } from '../../components/AttachmentSlots.tsx';
import { LinkButton } from '../../components/LinkButton.tsx';
import { RubricEditor, type RubricIndicatorDraft } from '../../components/RubricEditor.tsx';
import { changeValueText, STATE_TAG, statementForEditing, statementForStorage, statementPreview } from '../../callBuilderText.ts';
import { fmtTime } from '../../labels.ts';
import { SampleFileCheck } from './SampleFileCheck.tsx';
import { useCalls } from '../../components/calls.tsx';
import { CheckParamsEditor } from './CheckParamsEditor.tsx';
import { ErrorsContext, Item, type BuilderForm, type NumOptions, type Path } from './builderForm.tsx';
import { ScenarioEditor } from './ScenarioEditor.tsx';

// biome-ignore lint/suspicious/noExplicitAny: a draft may be incomplete; it is edited as plain JSON and checked by the server.
type Def = Record<string, any>;

const KIND_LABELS: Record<FieldDef['kind'], string> = {
  text: '单行文字', textarea: '多行文字', select: '选择', group: '多人/多项', scenario: '应用场景', declaration: '声明（勾选）',
};
const PHASE_LABELS: Record<string, string> = {
  admin_info: '联系人信息上报', submission: '作者报送', county_recommendation: '县级推荐', city_recommendation: '市级推荐',
  province_recommendation: '省级推荐上报', national_recommendation: '国家级推荐', showcase: '交流展示',
};
/** A field key not used yet in the case type (field1, field2, …): new fields are named by the organiser's label. */
const freeKey = (fields: Array<{ key: string }>) => {
  let n = fields.length + 1;
  while (fields.some((f) => f.key === `field${n}`)) n++;
  return `field${n}`;
};
const NEW_FIELDS: Array<{ kind: FieldDef['kind']; make(key: string): FieldDef }> = [
  { kind: 'text', make: (key) => ({ key, label: '新字段', kind: 'text', maxChars: 50, required: false }) },
  { kind: 'textarea', make: (key) => ({ key, label: '新字段', kind: 'textarea', maxChars: 300, required: false, summary: false }) },
  { kind: 'select', make: (key) => ({ key, label: '新字段', kind: 'select', required: false, allowOther: false, options: [{ value: '是', label: '是' }, { value: '否', label: '否' }] }) },
  { kind: 'declaration', make: (key) => ({ key, label: '新声明', kind: 'declaration', required: true, text: '请填写声明文字' }) },
];

const CHANGE_TAG = { added: { color: 'success', text: '新增' }, removed: { color: 'error', text: '删除' }, changed: { color: 'processing', text: '修改' } } as const;
const MB = 1024 * 1024;
const GB = 1024 * MB;
const DATE = 'YYYY-MM-DD';

function getAt(obj: unknown, path: Path): unknown {
  let cur: unknown = obj;
  for (const p of path) cur = cur == null ? undefined : (cur as Record<string | number, unknown>)[p];
  return cur;
}
function setAt(obj: Def, path: Path, value: unknown): Def {
  const root = structuredClone(obj);
  let cur: Def = root;
  path.slice(0, -1).forEach((p, i) => {
    if (cur[p] == null) cur[p] = typeof path[i + 1] === 'number' ? [] : {};
    cur = cur[p];
  });
  const last = path[path.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return root;
}

/** An id for a new rubric indicator, unused in the case type (indicator1, indicator2, …). */
const freeIndicatorId = (rubric: RubricIndicatorDraft[]) => {
  let n = rubric.length + 1;
  while (rubric.some((r) => r.id === `indicator${n}`)) n++;
  return `indicator${n}`;
};

/** An id for a copied case type, unused in the call (evidence-research-2, …). */
const freeTypeId = (types: Def[], base: string) => {
  let n = 2;
  while (types.some((t) => t.id === `${base}-${n}`)) n++;
  return `${base}-${n}`;
};

const SUB_KIND_LABELS = { text: '单行文字', select: '选择' } as const;

/** The columns of a repeated group (an author's 姓名、单位、职务、手机…): name, kind, limit, required; added and removed. */
function SubFieldsEditor({ group, path, update }: { group: Extract<FieldDef, { kind: 'group' }>; path: Path; update(path: Path, value: unknown): void }) {
  const subs = group.fields ?? [];
  const freeSubKey = () => {
    let n = subs.length + 1;
    while (subs.some((x) => x.key === `col${n}`)) n++;
    return `col${n}`;
  };
  return (
    <div data-testid={`subfields-${group.key}`}>
      <Typography.Text strong>“{group.label}”每项包含的内容</Typography.Text>
      <Form layout="inline" component="div" style={{ margin: '8px 0' }}>
        <Item path={[...path, 'itemLabel']} label="每项名称">
          <Input aria-label={`${group.label} 每项名称`} value={group.itemLabel} onChange={(e) => update([...path, 'itemLabel'], e.target.value)} style={{ width: 120 }} />
        </Item>
      </Form>
      {subs.map((sf, si) => (
        <Space key={sf.key} wrap style={{ display: 'flex', marginBottom: 8 }}>
          <Item path={[...path, 'fields', si, 'label']} label={null}>
            <Input aria-label={`${group.label} 子字段 ${si + 1} 名称`} value={sf.label} onChange={(e) => update([...path, 'fields', si, 'label'], e.target.value)} style={{ width: 160 }} />
          </Item>
          <Typography.Text type="secondary">{SUB_KIND_LABELS[sf.kind] ?? '其他'}</Typography.Text>
          {sf.kind === 'text' && (
            <InputNumber aria-label={`${group.label} 子字段 ${si + 1} 字数上限`} min={1} suffix="字" value={sf.maxChars} onChange={(v) => update([...path, 'fields', si, 'maxChars'], v ?? undefined)} style={{ width: 120 }} />
          )}
          <Switch aria-label={`${group.label} 子字段 ${si + 1} 必填`} checked={sf.required !== false} onChange={(v) => update([...path, 'fields', si, 'required'], v)} checkedChildren="必填" unCheckedChildren="选填" />
          {subs.length > 1 && (
            <Button size="small" danger type="text" icon={<DeleteOutlined />} aria-label={`删除 ${group.label} 子字段 ${sf.label}`} onClick={() => update([...path, 'fields'], subs.filter((_x, j) => j !== si))} />
          )}
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => update([...path, 'fields'], [...subs, { key: freeSubKey(), label: '新内容', kind: 'text', maxChars: 50, required: false }])}>
        添加子字段
      </Button>
    </div>
  );
}

/** A size limit in MB or GB (2 GB, not 2048 MB); the unit starts as the one the value reads best in. */
function SizeInput({ label, value, onChange }: { label: string; value: number | undefined; onChange(v: number | undefined): void }) {
  const [unit, setUnit] = useState(() => (value !== undefined && value >= GB ? GB : MB));
  return (
    <Space.Compact>
      <InputNumber
        aria-label={label}
        min={0.01}
        value={value === undefined ? null : Math.round((value / unit) * 100) / 100}
        style={{ width: 140 }}
        onChange={(v) => onChange(v === null ? undefined : Math.round(Number(v) * unit))}
      />
      <Select aria-label={`${label}的单位`} value={unit} onChange={setUnit} style={{ width: 80 }} options={[{ value: MB, label: 'MB' }, { value: GB, label: 'GB' }]} />
    </Space.Compact>
  );
}

/** Single provinces' own caps for a quota group (province → number); the other provinces get the group's cap. */
function ProvinceOverrides({ groupName, value, error, onChange }: { groupName: string; value: Record<string, number>; error?: string; onChange(next: Record<string, number>): void }) {
  const codes = Object.keys(value);
  const free = PROVINCES.filter((p) => !codes.includes(p.code));
  return (
    <Form.Item label="各省单独名额（未列出的省份按上面的上限）" validateStatus={error ? 'error' : undefined} help={error} style={{ marginBottom: 12 }}>
      {codes.map((code) => (
        <Space key={code} wrap style={{ marginBottom: 8 }}>
          <Select
            aria-label={`${groupName} 单独名额省份`}
            value={code}
            style={{ width: 160 }}
            options={[...PROVINCES.filter((p) => p.code === code), ...free].map((p) => ({ value: p.code, label: p.name }))}
            onChange={(next: string) => onChange(Object.fromEntries(Object.entries(value).map(([c, n]) => [c === code ? next : c, n])))}
          />
          <InputNumber
            aria-label={`${findProvince(code)?.name ?? code} ${groupName} 单独名额`}
            min={0}
            suffix="件"
            value={value[code]}
            style={{ width: 120 }}
            onChange={(n) => onChange({ ...value, [code]: Math.max(0, Math.round(Number(n ?? 0))) })}
          />
          <Button
            size="small" danger type="text" icon={<DeleteOutlined />} aria-label={`删除 ${findProvince(code)?.name ?? code} 单独名额`}
            onClick={() => onChange(Object.fromEntries(Object.entries(value).filter(([c]) => c !== code)))}
          />
        </Space>
      ))}
      <div>
        <Select
          aria-label={`${groupName} 添加单独名额的省份`}
          placeholder="添加省份单独名额"
          value={null}
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          options={free.map((p) => ({ value: p.code, label: p.name }))}
          onChange={(code: string) => onChange({ ...value, [code]: 0 })}
        />
      </div>
    </Form.Item>
  );
}

export function CallBuilderEditPage() {
  const { callId = '' } = useParams();
  // The open section is the page's own state, not the tabs': it survives a save and the switch between the tabs of a
  // wide screen and the folding panels of a phone (null: the default, 基本信息 on a wide screen, none on a phone).
  const [openTab, openSection] = useState<string | null>(null);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const callsList = useCalls();
  const narrow = Grid.useBreakpoint().md === false;
  // A phone's folding panels may have several open (comma-separated); the tabs show the last one opened.
  const openKeys = (openTab ?? (narrow ? '' : 'basics')).split(',').filter(Boolean);
  const [detail, setDetail] = useState<BuilderCallDetail | null>(null);
  const [def, setDef] = useState<Def | null>(null);
  const [dirty, setDirty] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [typeIndex, setTypeIndex] = useState(0);
  const [revise, setRevise] = useState<{ reason: string; recheck: boolean; error?: string } | null>(null);
  const [preview, setPreview] = useState<FormValues>({});

  const adopt = (d: BuilderCallDetail) => {
    setDetail(d);
    setDef(structuredClone(d.definition));
    setDirty(false);
  };
  useEffect(() => {
    callBuilderApi.detail(callId).then(adopt, setLoadError);
  }, [callId]);

  const errors = useMemo(() => new Map((detail?.errors ?? []).map((e) => [e.path, e.message])), [detail]);
  if (loadError) return <Card title="活动搭建"><ErrorAlert error={loadError} /></Card>;
  if (!detail || !def) return <Card title="活动搭建" loading />;

  const isDraft = detail.state === 'draft';
  const update = (path: Path, value: unknown) => {
    setDef((d) => (d ? setAt(d, path, value) : d));
    setDirty(true);
  };
  const val = (path: Path) => getAt(def, path);
  /** A group's min and max; the numbers its label and help state (“最多 3 人”, “1-2 个”) follow. */
  const groupCount = (base: Path, f: Extract<FieldDef, { kind: 'group' }>, min: number, max: number) => {
    update([...base, 'min'], min);
    update([...base, 'max'], max);
    update([...base, 'label'], withGroupLimits(f.label, min, max));
    if (f.help) update([...base, 'help'], withGroupLimits(f.help, min, max));
  };

  const text = (path: Path, label: string, extra?: ReactNode) => (
    <Item path={path} label={label} extra={extra}>
      <Input aria-label={label} value={(val(path) as string) ?? ''} onChange={(e) => update(path, e.target.value)} />
    </Item>
  );
  const num = (path: Path, label: string, opts: NumOptions = {}) => {
    const scale = opts.scale ?? 1;
    const raw = val(path) as number | undefined;
    const stored = (v: number) => (opts.precise ? Number((v * scale).toPrecision(12)) : Math.round(v * scale));
    return (
      <Item path={path} label={label} extra={opts.extra}>
        <InputNumber
          aria-label={label}
          value={raw === undefined ? null : Number((raw / scale).toPrecision(12))}
          min={opts.min ?? 0}
          step={opts.step}
          placeholder={opts.placeholder}
          suffix={opts.unit}
          style={{ width: 180 }}
          onChange={(v) => update(path, v === null ? undefined : stored(Number(v)))}
        />
      </Item>
    );
  };
  const tags = (path: Path, label: string, options?: Array<{ value: string; label: string }>) => (
    <Item path={path} label={label}>
      <Select aria-label={label} mode={options ? 'multiple' : 'tags'} value={(val(path) as string[]) ?? []} options={options} onChange={(v) => update(path, v)} tokenSeparators={['，', ',']} style={{ width: '100%' }} />
    </Item>
  );

  const form: BuilderForm = { val, update, num, text, tags };

  const types: Def[] = Array.isArray(def.caseTypes) ? def.caseTypes : [];
  const ti = Math.min(typeIndex, Math.max(types.length - 1, 0));
  const type = types[ti];
  const typePicker = types.length > 1 && (
    <Space style={{ marginBottom: 12 }} wrap>
      <Typography.Text>案例类型：</Typography.Text>
      <Select aria-label="选择案例类型" value={ti} onChange={setTypeIndex} options={types.map((t, i) => ({ value: i, label: t.name || `第 ${i + 1} 类` }))} style={{ minWidth: 220 }} />
    </Space>
  );
  const errorsUnder = (prefix: string) => (detail.errors ?? []).filter((e) => e.path === prefix || e.path.startsWith(`${prefix}.`) || e.path.startsWith(`${prefix}[`));
  const listErrors = (prefix: string) => {
    const own = errorsUnder(prefix).filter((e) => e.path === prefix);
    return own.map((e) => <Alert key={e.message} type="error" showIcon title={e.message} style={{ marginBottom: 8 }} />);
  };

  const basics = (
    <Form layout="vertical" component="div" style={{ maxWidth: 720 }}>
      {text(['title'], '活动名称')}
      {text(['documentNo'], '文号')}
      {text(['issuer'], '主办单位')}
      {text(['participants'], '参与对象')}
      <Item path={['onePerAuthor']} label="每位作者限报 1 个案例">
        <Switch aria-label="每位作者限报 1 个案例" checked={!!val(['onePerAuthor'])} onChange={(v) => update(['onePerAuthor'], v)} checkedChildren="是" unCheckedChildren="否" />
      </Item>
      <Item path={['provinceModes']} label="各省选择征集方式（方式一/方式二）">
        <Switch aria-label="各省选择征集方式" checked={!!val(['provinceModes'])} onChange={(v) => update(['provinceModes'], v)} checkedChildren="是" unCheckedChildren="否" />
      </Item>
    </Form>
  );

  const fieldsSection = !type ? (
    <Empty description="还没有案例类型。可复制已有活动，或导入定义文件后再编辑" />
  ) : (
    <>
      {typePicker}
      <Form layout="vertical" component="div" style={{ maxWidth: 720 }}>
        {text(['caseTypes', ti, 'name'], '案例类型名称')}
        {text(['caseTypes', ti, 'shortName'], '简称')}
        {text(['caseTypes', ti, 'id'], '案例类型编号', '小写字母、数字和 -，如 evidence-research；作者创建案例后不宜再改')}
      </Form>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<PlusOutlined />} onClick={() => {
          const copy = structuredClone(type);
          copy.id = freeTypeId(types, String(type.id ?? 'type'));
          copy.name = `${type.name ?? '案例类型'}（副本）`;
          update(['caseTypes'], [...types, copy]);
          setTypeIndex(types.length);
        }}>复制为新案例类型</Button>
        {types.length > 1 && (
          <Popconfirm
            title={`删除案例类型“${type.name}”？`}
            description={isDraft ? undefined : '已有案例的类型不能删除，保存新版本时会被拒绝'}
            okText="删除" cancelText="取消"
            onConfirm={() => { update(['caseTypes'], types.filter((_x, j) => j !== ti)); setTypeIndex(0); }}
          >
            <Button danger icon={<DeleteOutlined />}>删除此案例类型</Button>
          </Popconfirm>
        )}
      </Space>
      {listErrors(`caseTypes[${ti}].fields`)}
      <Table<FieldDef>
        rowKey={(f) => f.key}
        size="small"
        pagination={false}
        scroll={{ x: 980 }}
        dataSource={(type.fields ?? []) as FieldDef[]}
        expandable={{
          rowExpandable: (f) => f.kind === 'group',
          expandedRowRender: (f, i) => (f.kind === 'group' ? <SubFieldsEditor group={f} path={['caseTypes', ti, 'fields', i]} update={update} /> : null),
        }}
        columns={[
          {
            title: '字段名称', key: 'label', width: 240,
            render: (_: unknown, f, i) => <Item path={['caseTypes', ti, 'fields', i, 'label']} label={null}><Input.TextArea aria-label={`字段名称 ${f.label}`} autoSize={{ minRows: 1, maxRows: 4 }} value={f.label} onChange={(e) => update(['caseTypes', ti, 'fields', i, 'label'], e.target.value)} /></Item>,
          },
          { title: '类型', key: 'kind', width: 110, render: (_: unknown, f) => KIND_LABELS[f.kind] ?? '其他' },
          {
            title: '必填', key: 'required', width: 70,
            render: (_: unknown, f, i) => <Switch size="small" aria-label={`${f.label} 必填`} checked={f.required !== false} onChange={(v) => update(['caseTypes', ti, 'fields', i, 'required'], v)} />,
          },
          {
            title: '限制', key: 'limit', width: 220,
            render: (_: unknown, f, i) => {
              const base: Path = ['caseTypes', ti, 'fields', i];
              if (f.kind === 'text' || f.kind === 'textarea') {
                return (
                  <Item path={[...base, 'maxChars']} label={null}>
                    <InputNumber aria-label={`${f.label} 字数上限`} min={1} suffix="字" value={f.maxChars} onChange={(v) => { update([...base, 'maxChars'], v ?? undefined); if (v) update([...base, 'help'], withHelpLimit(f.help, v)); }} style={{ width: 130 }} />
                  </Item>
                );
              }
              if (f.kind === 'group') {
                return (
                  <Space size={4} wrap>
                    <InputNumber aria-label={`${f.label} 最少`} min={0} value={f.min} prefix="至少" onChange={(v) => v !== null && groupCount(base, f, v, f.max)} style={{ width: 100 }} />
                    <InputNumber aria-label={`${f.label} 最多`} min={1} value={f.max} prefix="至多" onChange={(v) => v !== null && groupCount(base, f, f.min, v)} style={{ width: 100 }} />
                  </Space>
                );
              }
              if (f.kind === 'select') {
                return (
                  <Select
                    aria-label={`${f.label} 选项`} mode="tags" size="small" style={{ width: '100%' }}
                    value={f.options.map((o) => o.value)}
                    onChange={(vals: string[]) => update([...base, 'options'], vals.map((v) => f.options.find((o) => o.value === v) ?? { value: v, label: v }))}
                  />
                );
              }
              if (f.kind === 'declaration') {
                return (
                  <Item path={[...base, 'text']} label={null}>
                    <Input.TextArea aria-label={`${f.label} 声明文字`} autoSize={{ maxRows: 4 }} value={f.text} onChange={(e) => update([...base, 'text'], e.target.value)} />
                  </Item>
                );
              }
              if (f.kind === 'scenario') return <ScenarioEditor field={f} path={base} update={update} errors={errors} />;
              return <Typography.Text type="secondary">—</Typography.Text>;
            },
          },
          {
            title: '填写说明', key: 'help',
            render: (_: unknown, f, i) => <Input.TextArea aria-label={`${f.label} 填写说明`} autoSize={{ maxRows: 3 }} value={f.help ?? ''} onChange={(e) => update(['caseTypes', ti, 'fields', i, 'help'], e.target.value || undefined)} />,
          },
          {
            title: '操作', key: 'ops', width: 70,
            render: (_: unknown, f, i) => (
              <Button
                size="small" danger type="text" icon={<DeleteOutlined />} aria-label={`删除字段 ${f.label}`}
                onClick={() => update(['caseTypes', ti, 'fields'], (type.fields as FieldDef[]).filter((_x, j) => j !== i))}
              />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }} wrap>
        {NEW_FIELDS.map((n) => (
          <Button key={n.kind} icon={<PlusOutlined />} onClick={() => update(['caseTypes', ti, 'fields'], [...(type.fields ?? []), n.make(freeKey(type.fields ?? []))])}>
            添加{KIND_LABELS[n.kind]}字段
          </Button>
        ))}
      </Space>
    </>
  );

  const ruleOptions = Object.entries(RULE_NAMES).map(([value, label]) => ({ value, label }));
  const attachmentsSection = !type ? (
    <Empty description="还没有案例类型" />
  ) : (
    <>
      {typePicker}
      {((type.attachments ?? []) as AttachmentSlot[]).map((a, ai) => {
        const base: Path = ['caseTypes', ti, 'attachments', ai];
        return (
          <Card key={a.slot} size="small" title={a.label} style={{ marginBottom: 12 }}>
            <Form layout="vertical" component="div">
              {text([...base, 'label'], '上传位名称')}
              {tags([...base, 'accept'], '可接受格式')}
              <Item path={[...base, 'maxBytes']} label="大小上限">
                <SizeInput label={`${a.label} 大小上限`} value={a.maxBytes} onChange={(v) => update([...base, 'maxBytes'], v)} />
              </Item>
              <Item path={[...base, 'required']} label="必传">
                <Switch aria-label={`${a.label} 必传`} checked={a.required !== false} onChange={(v) => update([...base, 'required'], v)} checkedChildren="必传" unCheckedChildren="选传" />
              </Item>
              {tags([...base, 'blocking'], '不通过即不能提交的检查项', ruleOptions)}
              {tags([...base, 'explainable'], '不通过须附说明的检查项', ruleOptions)}
            </Form>
          </Card>
        );
      })}
      <CheckParamsEditor type={type} ti={ti} form={form} />
    </>
  );

  const groups: Def[] = def.quota?.groups ?? [];
  const quotaSection = (
    <>
      {listErrors('quota.groups')}
      {groups.map((g, gi) => (
        <Card key={gi} size="small" style={{ marginBottom: 12 }} title={g.name || `第 ${gi + 1} 组`} extra={groups.length > 1 && <Button size="small" danger type="text" icon={<DeleteOutlined />} aria-label={`删除名额组 ${g.name}`} onClick={() => update(['quota', 'groups'], groups.filter((_x, j) => j !== gi))} />}>
          {errors.get(`quota.groups[${gi}]`) && <Alert type="error" showIcon title={errors.get(`quota.groups[${gi}]`)} style={{ marginBottom: 8 }} />}
          <Form layout="vertical" component="div">
            {text(['quota', 'groups', gi, 'name'], '组名')}
            {num(['quota', 'groups', gi, 'max'], '每省推荐上限', { unit: '件', min: 1 })}
            {tags(['quota', 'groups', gi, 'values'], '覆盖的学段（不填则覆盖全部）')}
            <ProvinceOverrides
              groupName={g.name || `第 ${gi + 1} 组`}
              value={g.provinceMax ?? {}}
              error={errors.get(`quota.groups[${gi}].provinceMax`)}
              onChange={(next) => update(['quota', 'groups', gi, 'provinceMax'], Object.keys(next).length ? next : undefined)}
            />
          </Form>
        </Card>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => update(['quota', 'groups'], [...groups, { id: `group${groups.length + 1}`, name: '新名额组', max: 10, values: [] }])}>添加名额组</Button>
    </>
  );

  const phases: Def[] = def.phases ?? [];
  const phasesSection = (
    <>
      <Typography.Paragraph type="secondary">日期均为北京时间：开始日 00:00:00 起，截止日 23:59:59 止。</Typography.Paragraph>
      {listErrors('phases')}
      {phases.map((p, pi) => (
        <Card key={p.id ?? pi} size="small" title={PHASE_LABELS[p.id] ?? '阶段'} style={{ marginBottom: 12 }}>
          {errors.get(`phases[${pi}]`) && <Alert type="error" showIcon title={errors.get(`phases[${pi}]`)} style={{ marginBottom: 8 }} />}
          <Form layout={narrow ? 'vertical' : 'inline'} component="div">
            {text(['phases', pi, 'name'], '名称')}
            <Item path={['phases', pi, 'start']} label="开始日期">
              <DatePicker
                aria-label={`${p.name} 开始日期`} format={DATE} placeholder="即日起（不填）" style={{ width: 180 }}
                value={p.start ? dayjs(p.start, DATE) : null}
                onChange={(d) => update(['phases', pi, 'start'], d ? d.format(DATE) : undefined)}
              />
            </Item>
            <Item path={['phases', pi, 'end']} label="截止日期">
              <DatePicker
                aria-label={`${p.name} 截止日期`} format={DATE} placeholder="选择截止日期" style={{ width: 180 }} allowClear={false}
                value={p.end ? dayjs(p.end, DATE) : null}
                onChange={(d) => d && update(['phases', pi, 'end'], d.format(DATE))}
              />
            </Item>
          </Form>
        </Card>
      ))}
    </>
  );

  const rubric: RubricIndicatorDraft[] = type?.rubric ?? [];
  const rubricPath = `caseTypes[${ti}].rubric`;
  const localRubricIssues = rubricIssues(rubric);
  /** A problem beside a rubric input: the one found as it is typed, else the server's (rubric.0.weight → caseTypes[0].rubric[0].weight). */
  const rubricIssueAt = (path: string) =>
    localRubricIssues.find((x) => x.path === path)?.message ??
    errors.get(formatPath(['caseTypes', ti, ...path.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x))]));
  const rubricSection = !type ? (
    <Empty description="还没有案例类型" />
  ) : (
    <>
      {typePicker}
      {listErrors(rubricPath)}
      <RubricEditor value={rubric} onChange={(next) => update(['caseTypes', ti, 'rubric'], next)} issueAt={rubricIssueAt} newId={freeIndicatorId} />
    </>
  );

  const certificateSection = (
    <Form layout="vertical" component="div" style={{ maxWidth: 720 }}>
      {text(['certificate', 'issuer'], '证书颁发单位')}
      {text(['certificate', 'defaultAward'], '默认奖项')}
      <Item
        path={['certificate', 'statement']}
        label="证书文字"
        extra={
          <>
            <div>〔活动名称〕处填入活动名称，〔奖项〕处填入奖项</div>
            <div data-testid="statement-preview">
              预览：{statementPreview(String(val(['certificate', 'statement']) ?? ''), String(def.title ?? ''), String(val(['certificate', 'defaultAward']) ?? ''))}
            </div>
          </>
        }
      >
        <Input.TextArea
          aria-label="证书文字"
          autoSize={{ minRows: 2, maxRows: 4 }}
          value={statementForEditing(String(val(['certificate', 'statement']) ?? ''))}
          onChange={(e) => update(['certificate', 'statement'], statementForStorage(e.target.value))}
        />
      </Item>
    </Form>
  );

  const contacts: Def[] = def.contacts ?? [];
  const contactsSection = (
    <>
      <Form layout="vertical" component="div" style={{ maxWidth: 720 }}>{text(['contactEmail'], '活动联系邮箱')}</Form>
      {contacts.map((c, ci) => (
        <Card key={ci} size="small" style={{ marginBottom: 12 }} title={c.department || `联系人 ${ci + 1}`} extra={<Button size="small" danger type="text" icon={<DeleteOutlined />} aria-label="删除联系人" onClick={() => update(['contacts'], contacts.filter((_x, j) => j !== ci))} />}>
          <Form layout="vertical" component="div">
            {text(['contacts', ci, 'department'], '部门')}
            {tags(['contacts', ci, 'people'], '联系人')}
            {tags(['contacts', ci, 'phones'], '电话')}
            {text(['contacts', ci, 'email'], '邮箱')}
          </Form>
        </Card>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => update(['contacts'], [...contacts, { department: '', people: [], phones: [] }])}>添加联系人</Button>
    </>
  );

  const previewType = type as CaseTypeDef | undefined;
  const previewSection = !previewType?.fields?.length ? (
    <Empty description="还没有可预览的表单" />
  ) : (
    <>
      {typePicker}
      <Alert type="info" showIcon title="以下是作者将看到的表单和上传要求（按当前编辑内容，未保存的修改也已体现）" style={{ marginBottom: 12 }} />
      <Card size="small" title={`填写：${previewType.name}`} style={{ marginBottom: 12 }}>
        <DynamicForm fields={previewType.fields} value={preview} onChange={setPreview} errors={new Map()} />
      </Card>
      <Card size="small" title="上传材料">
        <AttachmentSlots slots={previewType.attachments ?? []} showNotice={false} />
        <List
          style={{ marginTop: 12 }}
          dataSource={previewType.attachments ?? []}
          renderItem={(a) => (
            <List.Item>
              <div>
                <Typography.Text strong>{a.label}</Typography.Text>（{(a.accept ?? []).join(' / ')}，不超过 {formatBytes(a.maxBytes ?? 0)}）
                <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                  {safeRequirements(def as CallDef, previewType, a).map((line) => <li key={line}>{line}</li>)}
                </ul>
              </div>
            </List.Item>
          )}
        />
      </Card>
      <SampleFileCheck call={def as CallDef} type={previewType} />
    </>
  );

  const changesSection = detail.changes.length ? (
    <Table
      rowKey={(c) => c.path + c.kind}
      size="small"
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 720 }}
      dataSource={detail.changes}
      columns={[
        { title: '位置', dataIndex: 'path', width: 320, render: (p: string) => describePath(def, p) },
        { title: '变化', dataIndex: 'kind', width: 80, render: (k: keyof typeof CHANGE_TAG) => <Tag color={CHANGE_TAG[k].color}>{CHANGE_TAG[k].text}</Tag> },
        { title: '原值', dataIndex: 'before', render: (v: unknown, c) => changeValueText(v, c.path) },
        { title: '新值', dataIndex: 'after', render: (v: unknown, c) => changeValueText(v, c.path) },
      ]}
    />
  ) : (
    <Empty description={isDraft ? (detail.sourceCallId ? '已保存的内容与来源活动相同' : '从空白开始，没有来源活动') : '与上一版本相同'} />
  );

  const sections = [
    { key: 'basics', label: '基本信息', children: basics },
    { key: 'fields', label: '案例类型与表单字段', children: fieldsSection },
    { key: 'attachments', label: '附件与检查参数', children: attachmentsSection },
    { key: 'quota', label: '名额', children: quotaSection },
    { key: 'phases', label: '阶段与日期（北京时间）', children: phasesSection },
    { key: 'rubric', label: '评分标准', children: rubricSection },
    { key: 'certificate', label: '证书', children: certificateSection },
    { key: 'contacts', label: '联系人', children: contactsSection },
    { key: 'preview', label: '预览', children: previewSection },
    { key: 'changes', label: `${isDraft ? '与来源活动的差异' : '与上一版本的差异'}（${detail.changes.length}）`, children: changesSection },
  ];

  const save = async () => {
    setBusy(true);
    try {
      const d = await callBuilderApi.save(callId, def);
      adopt(d);
      if (d.errors.length) message.warning(`已保存；还有 ${d.errors.length} 处问题，改正后才能开放`);
      else message.success('已保存');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const open = () =>
    modal.confirm({
      title: '开放活动',
      content: '开放后冻结为第 1 版，作者即可在此活动下填报；以后的修改会生成新版本并须写明原因。确定开放吗？',
      okText: '开放',
      cancelText: '取消',
      onOk: async () => {
        try {
          if (dirty) await callBuilderApi.save(callId, def);
          adopt(await callBuilderApi.open(callId));
          void callsList.reload();
          message.success('活动已开放');
        } catch (e) {
          if (e instanceof ApiError && e.fields.length) setDetail((d) => (d ? { ...d, errors: e.fields } : d));
          message.error(errorMessage(e));
        }
      },
    });

  const submitRevision = async () => {
    if (!revise) return;
    setBusy(true);
    try {
      adopt(await callBuilderApi.revise(callId, { definition: def, reason: revise.reason, confirmRecheck: revise.recheck }));
      void callsList.reload();
      setRevise(null);
      message.success('已生成新版本');
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setDetail((d) => (d ? { ...d, errors: e.fields } : d));
      setRevise((r) => (r ? { ...r, error: errorMessage(e) } : r));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    try {
      await callBuilderApi.remove(callId);
      message.success('草稿已删除');
      navigate('/org/call-builder');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <ErrorsContext.Provider value={errors}>
    <Card
      title={<span style={{ whiteSpace: 'normal' }}>{String(def.title || callId)}</span>}
      extra={<Tag color={STATE_TAG[detail.state].color}>{STATE_TAG[detail.state].text}{detail.version ? ` · 第 ${detail.version} 版` : ''}</Tag>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <LinkButton to="/org/call-builder">返回活动列表</LinkButton>
        {isDraft ? (
          <>
            <Button onClick={() => void save()} loading={busy} type={dirty ? 'primary' : 'default'}>保存草稿</Button>
            <Button type="primary" onClick={open} disabled={busy}>开放</Button>
            <Popconfirm title="删除这份草稿？" okText="删除" cancelText="取消" onConfirm={() => void remove()}>
              <Button danger>删除草稿</Button>
            </Popconfirm>
          </>
        ) : (
          <Button type="primary" disabled={!dirty} onClick={() => setRevise({ reason: '', recheck: false })}>保存为新版本</Button>
        )}
        <Button icon={<DownloadOutlined />} href={definitionFileUrl(callId)}>导出定义文件</Button>
        {!isDraft && (
          <>
            {/* The notice, its attachments and the templates of an open call are edited on their own pages. */}
            <Button onClick={() => { callsList.setCallId(callId); navigate('/org/notices'); }}>编写活动通知</Button>
            <Button onClick={() => { callsList.setCallId(callId); navigate('/org/templates'); }}>活动模板</Button>
          </>
        )}
        {dirty && <Typography.Text type="warning">有未保存的修改</Typography.Text>}
      </Space>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 12 }}
        items={[
          { key: 's', label: '来源活动', children: detail.sourceTitle ?? (isDraft ? '空白' : '—') },
          { key: 'y', label: '年份', children: detail.year ?? '—' },
          { key: 'c', label: '案例', children: `${detail.caseCount} 件（已提交 ${detail.submittedCount} 件）` },
        ]}
      />
      {detail.errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`还有 ${detail.errors.length} 处问题，改正后才能开放`}
          description={<ul style={{ margin: 0, paddingLeft: 18 }} data-testid="definition-errors">{detail.errors.slice(0, 12).map((e) => <li key={e.path + e.message}>{e.message}</li>)}</ul>}
        />
      )}
      {narrow ? (
        <Collapse items={sections} activeKey={openKeys} onChange={(keys) => openSection([keys].flat().map(String).join(','))} />
      ) : (
        <Tabs items={sections} activeKey={sections.some((x) => x.key === openKeys.at(-1)) ? openKeys.at(-1) : 'basics'} onChange={openSection} />
      )}
      {detail.versions.length > 0 && (
        <Card size="small" title="版本记录" style={{ marginTop: 16 }}>
          <List
            dataSource={detail.versions}
            renderItem={(v) => (
              <List.Item>
                第 {v.version} 版 · {fmtTime(v.createdAt)}
                {v.createdByName ? ` · ${v.createdByName}` : ''} · {v.reason ?? '开放'}
              </List.Item>
            )}
          />
        </Card>
      )}
      <Modal
        open={!!revise}
        title="保存为新版本"
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void submitRevision()}
        onCancel={() => setRevise(null)}
      >
        <Typography.Paragraph>已开放的活动每次修改都生成新版本并记入审计日志。删除已有案例填写的字段会被拒绝；在已有提交后收紧规则，须确认重新检查受影响的文件。</Typography.Paragraph>
        <Form layout="vertical" component="div">
          <Form.Item label="修改原因" required>
            <Input.TextArea aria-label="修改原因" value={revise?.reason ?? ''} onChange={(e) => setRevise((r) => (r ? { ...r, reason: e.target.value } : r))} autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Checkbox checked={revise?.recheck} onChange={(e) => setRevise((r) => (r ? { ...r, recheck: e.target.checked } : r))}>重新检查受影响的文件</Checkbox>
        </Form>
        {revise?.error && <Alert type="error" showIcon title={revise.error} style={{ marginTop: 12 }} />}
      </Modal>
    </Card>
    </ErrorsContext.Provider>
  );
}

/** The slot's requirements as the author sees them; a draft's incomplete check parameters show none rather than fail. */
function safeRequirements(call: CallDef, type: CaseTypeDef, slot: AttachmentSlot): string[] {
  try {
    return slotRequirements(call, type, slot);
  } catch {
    return [];
  }
}
