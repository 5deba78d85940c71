// Maps a call definition to the checker's per-call rule parameters, so the checker stays free of call ids.
import type { CallDef, CaseTypeDef } from './calls/schema.ts';
import { parseTimecodes, type FormData } from './form.ts';
import type { CoursewareParams, ReportParams, VideoParams } from './rule-params.ts';

export interface CheckParamsFromCall {
  video?: VideoParams;
  report?: ReportParams;
  courseware?: CoursewareParams;
  infoform?: { summaryMaxChars: number };
  aiContent?: boolean;
  partStartsS?: number[];
}

/**
 * The rule parameters for one case type; `aiContent` comes from the author's declaration when known, the video parts'
 * start times from the form (video.parts) when given.
 */
export function checkParamsFor(_call: CallDef, type: CaseTypeDef, aiContent?: boolean, form?: FormData): CheckParamsFromCall {
  const summary = type.fields.find((f) => f.key === type.summaryField);
  const summaryMaxChars = summary && 'maxChars' in summary ? summary.maxChars : 350;
  return {
    video: type.checkParams.video,
    report: type.checkParams.report,
    courseware: type.checkParams.courseware,
    infoform: { summaryMaxChars },
    aiContent,
    ...(type.videoPartsField && form ? { partStartsS: parseTimecodes(form[type.videoPartsField]) ?? undefined } : {}),
  };
}

/** The video's parts as chapters (name and start in seconds) from the form's start times; empty when not given. */
export function videoChapters(type: CaseTypeDef, form: FormData | undefined): Array<{ name: string; at: number }> {
  const names = type.checkParams.video?.parts?.map((p) => p.name) ?? [];
  const starts = type.videoPartsField && form ? parseTimecodes(form[type.videoPartsField]) : null;
  return starts && starts.length === names.length ? names.map((name, i) => ({ name, at: starts[i]! })) : [];
}
