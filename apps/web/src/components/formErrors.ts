import type { FormInstance } from 'antd';
import type { ApiError } from '../api/index.ts';

/** Puts an API error's `fields` on the matching items of an antd Form (paths like `authors.0.mobile`). */
export function applyFieldErrors(form: FormInstance, e: ApiError) {
  if (!e.fields.length) return;
  form.setFields(e.fields.map((f) => ({ name: f.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [f.message] })));
}
