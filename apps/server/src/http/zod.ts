// The zod edge: request validation with Chinese messages that say what to fix, and response serialisation through
// the route's response schema (unknown keys are dropped, so a presenter cannot leak a field the contract lacks).
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import type { FastifySchema } from 'fastify/types/schema.js';
import { z } from 'zod';
import { $ZodType, safeEncode, safeParse, type $ZodIssue } from 'zod/v4/core';

/** Chinese names of request fields that appear in many routes (a schema's own message wins over these). */
const FIELD_NAMES: Record<string, string> = {
  id: '编号',
  callId: '活动',
  caseType: '案例类型',
  caseId: '案例',
  provinceCode: '省份',
  regionCode: '地区',
  phaseId: '阶段',
  limit: '每页条数',
  offset: '起始位置',
  page: '页码',
  pageSize: '每页条数',
  q: '搜索词',
  state: '状态',
  sort: '排序',
  order: '排序方向',
  reason: '原因',
  form: '表单',
  phone: '手机号',
  password: '密码',
  code: '验证码',
  name: '姓名',
  title: '标题',
  currentPassword: '当前密码',
  newPassword: '新密码',
  totpCode: '动态验证码',
  newPhone: '新手机号',
  smsCode: '短信验证码',
  mode: '征集方式',
  data: '表单内容',
  disabled: '是否停用',
  fileName: '文件名',
  filename: '文件名',
  start: '开始日期',
  end: '截止日期',
  forced: '强制开放或关闭',
};

const SOURCE_NAMES: Record<string, string> = { body: '提交的内容', querystring: '查询参数', params: '地址参数', headers: '请求头' };

function fieldName(path: PropertyKey[] | undefined): string {
  // A union's inner issues reach the error map before their path is set.
  const names = (path ?? []).filter((p): p is string => typeof p === 'string');
  const last = names[names.length - 1];
  if (!last) return '';
  return FIELD_NAMES[last] ?? last;
}

const KIND_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '是或否',
  array: '列表',
  object: '对象',
  date: '日期',
  bigint: '整数',
};

/** A Chinese message for a zod issue, naming the field and what is expected. */
export function zhIssueMessage(issue: $ZodIssue & { input?: unknown }): string {
  const f = fieldName(issue.path);
  const what = f ? `“${f}”` : '请求内容';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `请填写${what}`;
      return `${what}格式不正确，应为${KIND_NAMES[issue.expected] ?? '正确的格式'}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `请填写${what}` : `${what}至少 ${issue.minimum} 个字符`;
      if (issue.origin === 'array') return `${what}至少 ${issue.minimum} 项`;
      return `${what}不能小于 ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `${what}不能超过 ${issue.maximum} 个字符`;
      if (issue.origin === 'array') return `${what}最多 ${issue.maximum} 项`;
      return `${what}不能大于 ${issue.maximum}`;
    case 'invalid_value':
      return `${what}的取值不在可选范围内`;
    case 'invalid_format':
      return `${what}格式不正确`;
    case 'unrecognized_keys':
      return `请求中有不支持的字段：${issue.keys.map((k) => FIELD_NAMES[k] ?? k).join('、')}`;
    default:
      return `${what}不正确，请检查后重试`;
  }
}

/** Validates params, query, headers and body with the route's zod schema; errors carry Chinese messages. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = safeParse(schema as unknown as $ZodType, data, { error: (iss) => zhIssueMessage(iss as $ZodIssue) });
    if (!result.error) return { value: result.data };
    // Fastify keeps this array as `err.validation` and names the part in `err.validationContext`.
    return {
      error: result.error.issues.map((issue) => ({
        keyword: issue.code,
        instancePath: `/${issue.path.map(String).join('/')}`,
        schemaPath: '',
        params: {},
        message: issue.message,
      })),
    };
  };

/** The 400 body for a request that failed its schema: the first problem as the message, every problem by field. */
export function validationBody(err: { validation?: Array<{ instancePath?: string; message?: string }>; validationContext?: string }) {
  const fields = (err.validation ?? []).map((v) => ({
    path: (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.'),
    message: v.message ?? '不正确',
  }));
  const where = SOURCE_NAMES[err.validationContext ?? ''] ?? '请求';
  return { code: 'BAD_REQUEST', message: fields[0]?.message ? `${fields[0].message}` : `${where}不正确，请检查后重试`, fields };
}

/**
 * Whether a schema changes values one way and back (a codec, a transform, a pipe) anywhere inside: only then does
 * serialising need zod's encode direction. Walks the definition tree (shapes, elements, options, inner types).
 */
export function hasCodec(schema: unknown, seen = new Set<unknown>()): boolean {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return false;
  seen.add(schema);
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  if (!def) return Array.isArray(schema) ? schema.some((x) => hasCodec(x, seen)) : Object.values(schema).some((x) => hasCodec(x, seen));
  if (def.type === 'pipe' || def.type === 'transform') return true;
  const shape = def.shape as Record<string, unknown> | undefined;
  if (shape && Object.values(shape).some((x) => hasCodec(x, seen))) return true;
  return ['element', 'innerType', 'options', 'valueType', 'keyType', 'items', 'rest', 'left', 'right', 'catchall', 'in', 'out'].some((k) => hasCodec(def[k], seen));
}

/**
 * Serialises a response through the route's schema: unknown keys dropped, a mismatch is a server error. A schema
 * without codecs or transforms (every contract today) is parsed, which gives what encoding would through zod's
 * compiled fast path, four to seven times cheaper on a large response (a call's definition: 0.07 ms against
 * 0.26–0.77 ms); one with a codec is encoded.
 */
export const zodSerializerCompiler: FastifySerializerCompiler<z.ZodType | { properties: z.ZodType }> = ({ schema, method, url }) => {
  const s = (schema instanceof $ZodType ? schema : (schema as { properties: z.ZodType }).properties) as unknown as $ZodType;
  const run = hasCodec(s) ? safeEncode : safeParse;
  return (data) => {
    const result = run(s, data);
    if (result.error) {
      throw Object.assign(new Error(`response of ${method} ${url} does not match its schema: ${z.prettifyError(result.error as never)}`), { statusCode: 500 });
    }
    return JSON.stringify(result.data);
  };
};

export type { FastifySchema };
