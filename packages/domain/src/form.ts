// Validation of a case's form data against its case type: the same code runs inline in the browser and on the server.
import type { CaseTypeDef, FieldDef, SubFieldDef } from './calls/schema.ts';
import { countZi } from './text.ts';

export type FormData = Record<string, unknown>;

export interface FieldError {
  /** Field key, or key.index.subkey for a group entry. */
  path: string;
  message: string;
}

const FORMATS: Record<string, { re: RegExp; message: string }> = {
  mobile: { re: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号码' },
  landline: { re: /^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$/, message: '请输入座机号码，如 010-66490220' },
  email: { re: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, message: '请输入有效的电子邮箱' },
  url: { re: /^https?:\/\/[^\s/$.?#][^\s]*$/i, message: '请输入以 http:// 或 https:// 开头的网址' },
  timecodes: { re: /^\s*\d{1,2}[:：]\d{2}(\s*[,，、\s]\s*\d{1,2}[:：]\d{2}){2}\s*$/, message: '请按“分:秒”依次填写三部分的开始时间，如 0:00，1:30，7:00' },
};

/** Start times in seconds from a "0:00，1:45，7:30" answer (the video's three parts); null when it does not parse. */
export function parseTimecodes(value: unknown): number[] | null {
  if (typeof value !== 'string' || !FORMATS.timecodes!.re.test(value)) return null;
  return value.trim().split(/\s*[,，、\s]\s*/).map((t) => {
    const [m, s] = t.split(/[:：]/).map(Number);
    return m! * 60 + s!;
  });
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function checkText(path: string, label: string, value: unknown, maxChars: number | undefined, format: string | undefined, errors: FieldError[]) {
  if (typeof value !== 'string') {
    errors.push({ path, message: `${label}格式不正确` });
    return;
  }
  const v = value.trim();
  if (maxChars !== undefined && countZi(v) > maxChars) {
    errors.push({ path, message: `${label}不能超过 ${maxChars} 字（当前 ${countZi(v)} 字）` });
  }
  if (format && FORMATS[format] && !FORMATS[format].re.test(v)) errors.push({ path, message: `${label}：${FORMATS[format].message}` });
}

function checkSub(path: string, f: SubFieldDef, value: unknown, errors: FieldError[]) {
  if (isBlank(value)) {
    if (f.required) errors.push({ path, message: `请填写${f.label}` });
    return;
  }
  if (f.kind === 'select') {
    if (!f.options?.some((o) => o.value === value)) errors.push({ path, message: `请选择${f.label}` });
  } else checkText(path, f.label, value, f.maxChars, f.format, errors);
}

/** Checks one field; `partial` skips "required" so drafts can be saved half-filled but never invalid. */
function checkField(f: FieldDef, value: unknown, partial: boolean, errors: FieldError[]) {
  const blank = isBlank(value) || (Array.isArray(value) && value.length === 0);
  if (blank) {
    if (f.required && !partial) {
      errors.push({ path: f.key, message: f.kind === 'declaration' ? `请阅读并确认${f.label}` : `请填写${f.label}` });
    }
    return;
  }
  switch (f.kind) {
    case 'text':
    case 'textarea':
      checkText(f.key, f.label, value, f.maxChars, f.kind === 'text' ? f.format : undefined, errors);
      return;
    case 'select': {
      if (typeof value !== 'string') return void errors.push({ path: f.key, message: `请选择${f.label}` });
      if (!f.options.some((o) => o.value === value) && !(f.allowOther && value.trim())) errors.push({ path: f.key, message: `请从选项中选择${f.label}` });
      return;
    }
    case 'declaration':
      if (value !== true) errors.push({ path: f.key, message: `请阅读并确认${f.label}` });
      return;
    case 'group': {
      if (!Array.isArray(value)) return void errors.push({ path: f.key, message: `${f.label}格式不正确` });
      if (value.length > f.max) errors.push({ path: f.key, message: `${f.itemLabel}最多 ${f.max} 个（当前 ${value.length} 个）` });
      if (!partial && value.length < f.min) errors.push({ path: f.key, message: `请至少填写 ${f.min} 个${f.itemLabel}` });
      value.forEach((item, i) => {
        const entry = (item ?? {}) as Record<string, unknown>;
        for (const sf of f.fields) {
          const path = `${f.key}.${i}.${sf.key}`;
          if (partial && isBlank(entry[sf.key])) continue;
          checkSub(path, { ...sf, label: `${f.itemLabel}${value.length > 1 ? i + 1 : ''}${sf.label}` }, entry[sf.key], errors);
        }
      });
      return;
    }
    case 'scenario': {
      const s = (value ?? {}) as Record<string, unknown>;
      const main = typeof s.main === 'string' ? s.main.trim() : '';
      const typical = typeof s.typical === 'string' ? s.typical.trim() : '';
      if (f.mainScenes.length > 0) {
        if (!main) {
          if (!partial) errors.push({ path: `${f.key}.main`, message: '请选择主场景' });
        } else if (!f.mainScenes.includes(main) && main !== '其他') errors.push({ path: `${f.key}.main`, message: '请从选项中选择主场景' });
        if (main === '其他' && !partial && isBlank(s.otherDescription)) errors.push({ path: `${f.key}.otherDescription`, message: '主场景选择“其他”时请描述场景' });
      }
      if (!typical && !partial) errors.push({ path: `${f.key}.typical`, message: f.mainScenes.length ? '请选择或填写典型场景' : '请选择或填写案例场景' });
      for (const k of ['typical', 'micro', 'otherDescription']) {
        const v = s[k];
        if (!isBlank(v) && (typeof v !== 'string' || countZi(v) > 100)) errors.push({ path: `${f.key}.${k}`, message: '场景描述不能超过 100 字' });
      }
      return;
    }
  }
}

/** Validates form data. With `partial`, missing required values are allowed (a draft), wrong ones are not. */
export function validateForm(type: CaseTypeDef, form: FormData, options: { partial?: boolean } = {}): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of type.fields) checkField(f, form[f.key], options.partial ?? false, errors);
  return errors;
}

/** Validates the provincial contact form, whose fields use the same field kinds. */
export function validateFields(fields: FieldDef[], data: FormData, options: { partial?: boolean } = {}): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of fields) checkField(f, data[f.key], options.partial ?? false, errors);
  return errors;
}

/** Drops keys the case type does not define, so stored form data holds only what the call asks for. */
export function pickFormFields(type: CaseTypeDef | { fields: FieldDef[] }, form: FormData): FormData {
  const out: FormData = {};
  for (const f of type.fields) if (f.key in form) out[f.key] = form[f.key];
  return out;
}

/** The case's title as lists show it. */
export function caseTitle(type: CaseTypeDef, form: FormData): string {
  const t = form[type.titleField];
  return typeof t === 'string' && t.trim() ? t.trim() : '（未命名案例）';
}

/** Authors in order, as stored in the form's authors group. */
export function caseAuthors(type: CaseTypeDef, form: FormData): Array<Record<string, string>> {
  const a = form[type.authorsField];
  return Array.isArray(a) ? (a as Array<Record<string, string>>) : [];
}
