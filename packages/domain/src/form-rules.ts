// The form-data rules of SPEC §3.4 (form.*) as rule results, shown on the case page beside the file checks.
import type { CallDef, CaseTypeDef } from './calls/schema.ts';
import { validateForm, type FormData } from './form.ts';
import { countZi } from './text.ts';

export interface FormRuleResult {
  rule: 'form.summary_length' | 'form.authors' | 'form.one_case_per_author' | 'form.first_author' | 'form.required';
  status: 'pass' | 'fail';
  actual: unknown;
  expected: unknown;
  message: string;
}

/**
 * Evaluates the form rules; `otherCasesInCall` is how many other non-draft cases of the call name the same person
 * (by mobile, whichever account filed them); `accountPhone` is the submitting account's mobile (form.first_author).
 */
export function evaluateFormRules(call: CallDef, type: CaseTypeDef, form: FormData, otherCasesInCall: number, accountPhone?: string): FormRuleResult[] {
  const out: FormRuleResult[] = [];
  const summaryDef = type.fields.find((f) => f.key === type.summaryField);
  const max = summaryDef && 'maxChars' in summaryDef ? summaryDef.maxChars : 0;
  const summary = typeof form[type.summaryField] === 'string' ? (form[type.summaryField] as string) : '';
  const n = countZi(summary);
  out.push({
    rule: 'form.summary_length',
    status: n <= max ? 'pass' : 'fail',
    actual: n,
    expected: `≤ ${max} 字`,
    message: n <= max ? `${summaryDef?.label ?? '简介'} ${n} 字，符合要求。` : `${summaryDef?.label ?? '简介'} ${n} 字，超过 ${max} 字，请精简。`,
  });
  const authorsDef = type.fields.find((f) => f.key === type.authorsField);
  const authors = Array.isArray(form[type.authorsField]) ? (form[type.authorsField] as unknown[]).length : 0;
  if (authorsDef?.kind === 'group') {
    const ok = authors >= authorsDef.min && authors <= authorsDef.max;
    const expected = authorsDef.min === authorsDef.max ? `${authorsDef.max} 人` : `${authorsDef.min}–${authorsDef.max} 人`;
    out.push({ rule: 'form.authors', status: ok ? 'pass' : 'fail', actual: authors, expected, message: ok ? `作者 ${authors} 人，符合要求。` : `作者须为 ${expected}，当前 ${authors} 人。` });
  }
  if (call.onePerAuthor) {
    const ok = otherCasesInCall === 0;
    out.push({
      rule: 'form.one_case_per_author',
      status: ok ? 'pass' : 'fail',
      actual: otherCasesInCall,
      expected: 0,
      message: ok ? '本活动中该作者没有其他已提交的案例。' : '本活动每位作者最多报送 1 个案例：该作者（按手机号识别，无论由哪个账号提交）已有其他提交的案例。',
    });
  }
  if (accountPhone) {
    const first = firstAuthorMobile(type, form);
    const ok = first === accountPhone;
    out.push({
      rule: 'form.first_author',
      status: ok ? 'pass' : 'fail',
      actual: first ? maskMobile(first) : null,
      expected: maskMobile(accountPhone),
      message: ok ? '第一作者手机号与提交账号一致。' : firstAuthorMessage(accountPhone),
    });
  }
  const errors = validateForm(type, form);
  out.push({
    rule: 'form.required',
    status: errors.length ? 'fail' : 'pass',
    actual: errors.length,
    expected: 0,
    message: errors.length ? `还有 ${errors.length} 处需要填写或修改：${errors.slice(0, 3).map((e) => e.message).join('；')}${errors.length > 3 ? '……' : ''}` : '必填项均已填写且格式正确。',
  });
  return out;
}

/** What the author reads when form.first_author fails (the case page, the submit dialog, the server's refusal). */
export function firstAuthorMessage(accountPhone: string): string {
  return `第一作者的手机号须为提交账号的手机号（${maskMobile(accountPhone)}）：请由第一作者本人用自己的账号提交，或把第一作者的手机号改为本账号手机号。`;
}

/** form.first_author as a blocking problem at submission, on the first author's mobile field; null when it holds. */
export function firstAuthorProblem(type: CaseTypeDef, form: FormData, accountPhone: string): { path: string; message: string } | null {
  return firstAuthorMobile(type, form) === accountPhone ? null : { path: `${type.authorsField}.0.mobile`, message: firstAuthorMessage(accountPhone) };
}

/** The first author's mobile as written on the form (trimmed), or null. */
export function firstAuthorMobile(type: CaseTypeDef, form: FormData): string | null {
  const authors = form[type.authorsField];
  const m = Array.isArray(authors) && authors[0] && typeof authors[0] === 'object' ? (authors[0] as Record<string, unknown>).mobile : null;
  return typeof m === 'string' && m.trim() ? m.trim() : null;
}

/** The mobiles of every author on the form. */
export function authorMobiles(type: CaseTypeDef, form: FormData): string[] {
  const authors = form[type.authorsField];
  if (!Array.isArray(authors)) return [];
  return authors.map((a) => (a && typeof a === 'object' ? (a as Record<string, unknown>).mobile : null)).filter((m): m is string => typeof m === 'string' && /^1\d{10}$/.test(m.trim())).map((m) => m.trim());
}

const maskMobile = (m: string) => (m.length === 11 ? `${m.slice(0, 3)}****${m.slice(7)}` : m);
