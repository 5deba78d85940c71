// Renders a case type's (or the contact form's) fields as a controlled form; errors come keyed by path.
import { Descriptions, Form, Grid, Typography } from 'antd';
import type { FieldDef } from '@anli/domain/calls/schema.ts';
import { DeclarationInput, SelectInput, TextAreaInput, TextInput } from './inputs.tsx';
import { GroupInput } from './GroupInput.tsx';
import { ScenarioInput, scenarioText } from './ScenarioInput.tsx';
import { ScenarioSuggestions } from './ScenarioSuggestions.tsx';

export type FormValues = Record<string, unknown>;

export interface DynamicFormProps {
  fields: FieldDef[];
  value: FormValues;
  onChange(next: FormValues): void;
  /** Error message by path (`title`, `authors.0.mobile`, `scenario.typical`). */
  errors: Map<string, string>;
}

/** Errors of a field itself and of its parts that have no own item (group-level messages). */
function ownError(errors: Map<string, string>, key: string) {
  return errors.get(key);
}

export function DynamicForm(props: DynamicFormProps) {
  const set = (key: string, v: unknown) => props.onChange({ ...props.value, [key]: v });
  return (
    <Form layout="vertical" component="div">
      {props.fields.map((f) => {
        const err = ownError(props.errors, f.key);
        const status = err ? ('error' as const) : undefined;
        const v = props.value[f.key];
        const id = `field-${f.key}`;
        let input: React.ReactNode;
        switch (f.kind) {
          case 'text':
            input = <TextInput id={id} value={v} maxChars={f.format ? undefined : f.maxChars} onChange={(x) => set(f.key, x)} status={status} placeholder={f.format === 'url' ? 'https://' : undefined} />;
            break;
          case 'textarea':
            input = <TextAreaInput id={id} value={v} maxChars={f.maxChars} onChange={(x) => set(f.key, x)} status={status} />;
            break;
          case 'select':
            input = <SelectInput id={id} value={v} options={f.options} allowOther={f.allowOther} onChange={(x) => set(f.key, x)} status={status} style={{ maxWidth: 360 }} />;
            break;
          case 'declaration':
            input = <DeclarationInput id={id} value={v} text={f.text} onChange={(x) => set(f.key, x)} />;
            break;
          case 'group':
            input = <GroupInput field={f} value={v} errors={props.errors} onChange={(x) => set(f.key, x)} />;
            break;
          case 'scenario':
            input = (
              <>
                <ScenarioInput field={f} value={v} errors={props.errors} form={props.value} onChange={(x) => set(f.key, x)} />
                <ScenarioSuggestions field={f} fields={props.fields} form={props.value} onPick={(x) => set(f.key, x)} />
              </>
            );
            break;
        }
        return (
          <div key={f.key} data-field={f.key}>
          <Form.Item
            label={f.label}
            required={f.required}
            validateStatus={status}
            help={err}
            extra={f.help}
            htmlFor={id}
          >
            {input}
          </Form.Item>
          </div>
        );
      })}
    </Form>
  );
}

/** Read-only rendering of form data. */
export function FormView({ fields, value }: { fields: FieldDef[]; value: FormValues }) {
  // On a phone the label sits above its value, so the value gets the whole width (not one character per line).
  const narrow = Grid.useBreakpoint().md === false;
  return (
    <Descriptions
      bordered
      column={1}
      size="small"
      layout={narrow ? 'vertical' : 'horizontal'}
      styles={{ label: narrow ? {} : { width: 200 } }}
      items={fields.map((f) => ({ key: f.key, label: f.label, children: <FieldValue field={f} value={value[f.key]} /> }))}
    />
  );
}

function FieldValue({ field, value }: { field: FieldDef; value: unknown }) {
  const blank = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (blank && field.kind !== 'declaration') return <Typography.Text type="secondary">未填写</Typography.Text>;
  switch (field.kind) {
    case 'declaration':
      return value === true ? <span>已确认：{field.text}</span> : <Typography.Text type="danger">未确认</Typography.Text>;
    case 'group': {
      const entries = value as Array<Record<string, unknown>>;
      return (
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {entries.map((e, i) => (
            // A part the server left out for this viewer (an expert gets no phone numbers; a blind round no names) is not shown.
            <li key={i}>{field.fields.filter((sf) => !e || sf.key in e).map((sf) => `${sf.label}：${e?.[sf.key] ?? '—'}`).join('；')}</li>
          ))}
        </ol>
      );
    }
    case 'scenario':
      return <span>{scenarioText(value)}</span>;
    case 'textarea':
      return <div style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</div>;
    default:
      return <span>{String(value)}</span>;
  }
}

/** Turns a list of field errors into the path → message map the form shows. */
export function errorMap(list: Array<{ path: string; message: string }>): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of list) if (!m.has(e.path)) m.set(e.path, e.message);
  return m;
}
