// The typed job registry: payload validation and the start-up check of handlers.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assertHandlersComplete, JOB_NAMES, JobRegistryError, parseJobData } from './registry.ts';

describe('job registry', () => {
  it('accepts a valid payload and drops unknown fields', () => {
    const fileId = randomUUID();
    expect(parseJobData('file.check', { fileId, extra: 1 })).toEqual({ fileId });
  });

  it('refuses a bad payload and an unknown job name', () => {
    expect(() => parseJobData('file.check', { fileId: 'nope' })).toThrow(JobRegistryError);
    expect(() => parseJobData('call.recheck', {})).toThrow(/invalid payload for job "call.recheck"/);
    expect(() => parseJobData('file.delete' as never, {})).toThrow(/unknown job "file.delete"/);
  });

  it('assertHandlersComplete catches a missing handler and a handler for an unknown job', () => {
    expect(() => assertHandlersComplete(JOB_NAMES)).not.toThrow();
    expect(() => assertHandlersComplete(['file.check'])).toThrow(/no handler for "call.recheck"/);
    expect(() => assertHandlersComplete([...JOB_NAMES, 'file.delete'])).toThrow(/unknown jobs "file.delete"/);
    expect(() => assertHandlersComplete(['file.check'], ['file.check'])).not.toThrow();
  });
});
