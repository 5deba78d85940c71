// Client of a call's templates (replacement by the organiser) and rubrics (the organiser's own, editable before a
// review round opens). Rubric types come from @anli/contracts, as the server validates and serialises them.
import type { CaseTypeRubric, RubricBody } from '@anli/contracts/rubrics.ts';
import { ApiError, request, type FieldErrorItem } from './index.ts';
import type { TemplateItem } from '../components/CallFacts.tsx';

export type { CaseTypeRubric, RubricBody, TemplateItem };

const enc = encodeURIComponent;

/** The template's id, the last segment of its download URL. */
export const templateIdOf = (t: TemplateItem) => decodeURIComponent(t.url.split('/').pop() ?? '');

export const callDataApi = {
  rubrics: (callId: string) => request<CaseTypeRubric[]>('GET', `/calls/${enc(callId)}/rubrics`),
  saveRubric: (callId: string, caseType: string, body: RubricBody) => request<CaseTypeRubric>('PUT', `/calls/${enc(callId)}/rubrics/${enc(caseType)}`, body),

  /**
   * Replaces a template with a file the organiser chose; the server checks it with the checker first and refuses it
   * with the findings (ApiError.fields: rule and Chinese message). `onProgress` gets 0–100 while the bytes go up.
   */
  replaceTemplate(callId: string, t: TemplateItem, file: File, onProgress: (percent: number) => void): Promise<TemplateItem> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', `/api/calls/${enc(callId)}/templates/${enc(templateIdOf(t))}?filename=${enc(file.name)}`);
      xhr.withCredentials = true;
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)));
      };
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试'));
      xhr.onload = () => {
        let json: { code?: string; message?: string; fields?: FieldErrorItem[] } & Partial<TemplateItem> = {};
        try {
          json = JSON.parse(xhr.responseText || '{}');
        } catch {
          /* not JSON */
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(100);
          resolve(json as TemplateItem);
        } else {
          const message = xhr.status === 413 ? '模板文件过大（上限 30 MB），请压缩图片后重新上传' : json.message ?? `上传失败（${xhr.status}），请稍后重试`;
          reject(new ApiError(xhr.status, json.code ?? `HTTP_${xhr.status}`, message, Array.isArray(json.fields) ? json.fields : []));
        }
      };
      xhr.send(file);
    });
  },
};
