// The rules version that decides whether a call's files are checked again: it follows what the checks read, not the
// call's version number — a later deadline keeps it, a changed bitrate floor or slot changes it.
import { describe, expect, it } from 'vitest';
import { findCall } from '@anli/domain/calls/builtin.ts';
import type { CallDef } from '@anli/domain/calls/schema.ts';
import { CHECKER_VERSION, rulesVersionOf } from './file.service.ts';

const base = findCall('teacher-training-2026')!;
const copy = (): CallDef => structuredClone(base) as CallDef;

describe('rulesVersionOf', () => {
  it('names the call and the checker', () => {
    expect(rulesVersionOf(base)).toMatch(new RegExp(`^teacher-training-2026@[0-9a-f]{12}/checker@${CHECKER_VERSION.replace(/[.]/g, '\\.')}$`));
  });

  it('stays the same for a new version that only moves a deadline or renames the call', () => {
    const later = copy();
    (later as { version: number }).version = base.version + 1;
    later.phases = later.phases.map((p) => ({ ...p, end: '2099-12-31' }));
    (later as { title: string }).title = `${base.title}（修订）`;
    const t = later.caseTypes[0]!;
    t.attachments[0]!.label = `${t.attachments[0]!.label}（修订）`;
    t.fields = t.fields.map((f) => ({ ...f, help: '新的填写说明' }));
    expect(rulesVersionOf(later)).toBe(rulesVersionOf(base));
  });

  it('changes when a check parameter or a slot changes', () => {
    const stricter = copy();
    const t = stricter.caseTypes[0]!;
    t.checkParams = { ...t.checkParams, video: { ...(t.checkParams.video ?? {}), minBitrate: 9_000_000 } as never };
    expect(rulesVersionOf(stricter)).not.toBe(rulesVersionOf(base));
    const bigger = copy();
    bigger.caseTypes[0]!.attachments[0]!.maxBytes += 1;
    expect(rulesVersionOf(bigger)).not.toBe(rulesVersionOf(base));
  });
});
