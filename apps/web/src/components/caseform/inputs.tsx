// Inputs of the simple field kinds: text/textarea with a live 字 counter, select with 其他, declaration checkbox.
import { Checkbox, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { countZi } from '@anli/domain/text.ts';

const OTHER = '其他';

/** Live 字 counter as Word counts them (not JavaScript string length). */
export function ZiCounter({ value, max }: { value: string; max: number }) {
  const n = countZi(value ?? '');
  return (
    <Typography.Text type={n > max ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="zi-counter">
      {n}/{max} 字
    </Typography.Text>
  );
}

export function TextInput(props: { value: unknown; onChange(v: string): void; maxChars?: number; placeholder?: string; id?: string; status?: 'error' }) {
  const v = typeof props.value === 'string' ? props.value : '';
  return (
    <Input
      id={props.id}
      value={v}
      status={props.status}
      placeholder={props.placeholder}
      onChange={(e) => props.onChange(e.target.value)}
      suffix={props.maxChars ? <ZiCounter value={v} max={props.maxChars} /> : undefined}
    />
  );
}

export function TextAreaInput(props: { value: unknown; onChange(v: string): void; maxChars: number; id?: string; status?: 'error' }) {
  const v = typeof props.value === 'string' ? props.value : '';
  return (
    <div>
      <Input.TextArea id={props.id} value={v} status={props.status} autoSize={{ minRows: 4, maxRows: 12 }} onChange={(e) => props.onChange(e.target.value)} />
      <div style={{ textAlign: 'right' }}>
        <ZiCounter value={v} max={props.maxChars} />
      </div>
    </div>
  );
}

/**
 * A select; with allowOther, choosing 其他 opens a free input whose text becomes the value
 * (a value outside the options is shown as 其他 + that text).
 */
export function SelectInput(props: {
  value: unknown;
  onChange(v: string | undefined): void;
  options: Array<{ value: string; label: string }>;
  allowOther?: boolean;
  id?: string;
  status?: 'error';
  style?: React.CSSProperties;
}) {
  const v = typeof props.value === 'string' ? props.value : undefined;
  const known = v !== undefined && props.options.some((o) => o.value === v);
  const [otherMode, setOtherMode] = useState(() => !!props.allowOther && v !== undefined && (!known || v === OTHER));
  const options = props.allowOther && !props.options.some((o) => o.value === OTHER) ? [...props.options, { value: OTHER, label: OTHER }] : props.options;
  const selectValue = otherMode ? OTHER : v;
  const select = (
    <Select
      id={props.id}
      status={props.status}
      value={selectValue}
      allowClear
      placeholder="请选择"
      style={{ minWidth: 160, ...props.style }}
      options={options}
      onChange={(nv: string | undefined) => {
        if (props.allowOther && nv === OTHER) {
          setOtherMode(true);
          props.onChange(OTHER);
        } else {
          setOtherMode(false);
          props.onChange(nv ?? undefined);
        }
      }}
    />
  );
  if (!otherMode) return select;
  return (
    <Space.Compact style={{ width: '100%' }}>
      {select}
      <Input
        placeholder="请填写具体内容"
        value={v === OTHER ? '' : (v ?? '')}
        onChange={(e) => props.onChange(e.target.value.trim() ? e.target.value : OTHER)}
        aria-label="其他（请填写）"
      />
    </Space.Compact>
  );
}

export function DeclarationInput(props: { value: unknown; onChange(v: boolean): void; text: string; id?: string }) {
  return (
    <Checkbox id={props.id} checked={props.value === true} onChange={(e) => props.onChange(e.target.checked)}>
      {props.text}
    </Checkbox>
  );
}
