// Scenario picker: 主场景 → 典型场景 → 微场景 from the call's framework (附件1 unless the organiser edited it), or its
// category suggestions (the 2026 notice's unless edited); free entry always allowed.
import { AutoComplete, Form, Input, Select, Typography } from 'antd';
import { cloneElement } from 'react';
import type { FieldDef } from '@anli/domain/calls/schema.ts';
import { scenarioContent } from '@anli/domain/calls/scenario-content.ts';
import { ZiCounter } from './inputs.tsx';

type ScenarioDef = Extract<FieldDef, { kind: 'scenario' }>;
export interface ScenarioValue {
  main?: string;
  otherDescription?: string;
  typical?: string;
  micro?: string;
}

const OTHER = '其他';

function suggestions(list: string[], current: string | undefined) {
  const q = (current ?? '').trim();
  const shown = !q || list.includes(q) ? list : list.filter((s) => s.includes(q));
  return shown.map((s) => ({ value: s, label: s }));
}

export function ScenarioInput(props: {
  field: ScenarioDef;
  value: unknown;
  onChange(v: ScenarioValue): void;
  errors: Map<string, string>;
  /** The whole form, for suggestions that depend on another field (案例类别). */
  form: Record<string, unknown>;
}) {
  const { field } = props;
  const v = (props.value && typeof props.value === 'object' ? props.value : {}) as ScenarioValue;
  const set = (patch: Partial<ScenarioValue>) => props.onChange({ ...v, ...patch });
  const err = (k: string) => props.errors.get(`${field.key}.${k}`);
  // Each label names its input (WCAG 4.1.2): the input gets an id and the label points at it.
  const item = (k: string, label: string, node: React.ReactElement<{ id?: string }>, extra?: React.ReactNode, required = false) => {
    const id = `field-${field.key}-${k}`;
    return (
      <div data-field={`${field.key}.${k}`}>
        <Form.Item label={label} htmlFor={id} required={required} validateStatus={err(k) ? 'error' : undefined} help={err(k)} extra={extra} style={{ marginBottom: 12 }}>
          {cloneElement(node, { id })}
        </Form.Item>
      </div>
    );
  };

  if (field.source === 'ai-framework') {
    const { framework } = scenarioContent(field);
    const main = framework.find((m) => m.name === v.main);
    const typical = main?.typicalScenes.find((t) => t.name === v.typical);
    const mainOptions = [...field.mainScenes, ...(field.allowOther ? [OTHER] : [])].map((m) => ({ value: m, label: m }));
    return (
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', columnGap: 16 }}>
        {item('main', '主场景', <Select value={v.main} placeholder="请选择主场景" allowClear options={mainOptions} onChange={(m?: string) => {
              // A typical scene of another main scene no longer fits: clear it (free entries are kept).
              const belongsElsewhere = framework.some((x) => x.name !== m && x.typicalScenes.some((t) => t.name === v.typical));
              set(belongsElsewhere ? { main: m ?? undefined, typical: undefined, micro: undefined } : { main: m ?? undefined });
            }} />, undefined, field.required)}
        {v.main === OTHER &&
          item('otherDescription', '其他场景描述', <Input value={v.otherDescription ?? ''} onChange={(e) => set({ otherDescription: e.target.value })} suffix={<ZiCounter value={v.otherDescription ?? ''} max={100} />} />, undefined, true)}
        {item(
          'typical',
          '典型场景',
          <AutoComplete
            value={v.typical ?? ''}
            options={suggestions(main?.typicalScenes.map((t) => t.name) ?? [], v.typical)}
            onChange={(t: string) => set({ typical: t })}
            placeholder={main ? '选择或填写典型场景' : '请先选择主场景，或直接填写'}
          />,
          typical ? <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 3, expandable: true }}>{typical.description}</Typography.Paragraph> : undefined,
          field.required,
        )}
        {item(
          'micro',
          '微场景',
          <AutoComplete
            value={v.micro ?? ''}
            options={suggestions(typical?.microScenes ?? [], v.micro)}
            onChange={(m: string) => set({ micro: m })}
            placeholder="选择或填写微场景"
          />,
        )}
      </div>
    );
  }

  if (field.source === 'evidence-categories') {
    const { categories } = scenarioContent(field);
    const category = typeof props.form.category === 'string' ? props.form.category : undefined;
    const c = categories.find((x) => x.category === category);
    const extra = c ? (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {c.aim} 参考场景：{c.scenes.join('、')}
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        先选择案例类别，可查看该类别的参考场景；也可直接填写
      </Typography.Text>
    );
    return (
      <div>
        {item(
          'typical',
          '场景',
          <AutoComplete value={v.typical ?? ''} options={suggestions(c?.scenes ?? categories.flatMap((x) => x.scenes), v.typical)} onChange={(t: string) => set({ typical: t })} placeholder="选择或填写案例场景" />,
          extra,
          field.required,
        )}
      </div>
    );
  }

  return (
    <div>
      {item('typical', '场景', <Input value={v.typical ?? ''} onChange={(e) => set({ typical: e.target.value })} suffix={<ZiCounter value={v.typical ?? ''} max={100} />} />, undefined, field.required)}
    </div>
  );
}

/** One-line text of a scenario value for read-only views. */
export function scenarioText(value: unknown): string {
  const v = (value && typeof value === 'object' ? value : {}) as ScenarioValue;
  const main = v.main === OTHER && v.otherDescription ? `其他（${v.otherDescription}）` : v.main;
  return [main, v.typical, v.micro].filter((x) => x && String(x).trim()).join(' / ') || '—';
}
