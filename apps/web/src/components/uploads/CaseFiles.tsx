// The case's attachment slots: check a file in the browser before sending it, upload it resumably (tus) with
// progress, pause and resume, then show the server's authoritative check per rule as the results arrive.
import { Alert, App, Button, Card, Checkbox, Collapse, Input, Modal, Progress, Space, Tag, Typography, Upload as AntUpload } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, PauseOutlined, CaretRightOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Upload as TusUpload } from 'tus-js-client';
import type { AttachmentSlot, CallDef, CaseTypeDef } from '@anli/domain/calls/schema.ts';
import type { CheckAs, CheckReport } from '@anli/checks/types.ts';
import { checkParamsFor, videoChapters } from '@anli/domain/check-params.ts';
import { fileNameProblem } from '@anli/domain/file-names.ts';
import { runCheck } from '../checks/checkRunner.ts';
import { CheckReportTable, CheckResultsTable, ruleName } from '../checks/CheckResults.tsx';
import { formatBytes } from '../AttachmentSlots.tsx';
import { errorMessage } from '../../hooks.ts';
import { fmtTime } from '../../labels.ts';
import { api } from '../../api/index.ts';
import { loadTemplates, type TemplateItem } from '../CallFacts.tsx';
import { EXPLANATION_MAX_CHARS } from '@anli/domain/blocking.ts';
import { statusChanged } from './checkStatus.ts';
import type { SlotCheckStatus, SlotResult, SlotState } from '@anli/contracts/files.ts';

// The slots as the server serialises them (@anli/contracts/files.ts).
export type { SlotResult, SlotState } from '@anli/contracts/files.ts';

/** Anchor of one finding on the case page (the submit dialog links to it). */
export const findingAnchor = (slot: string, rule: string) => `finding-${slot}-${rule.replace(/\./g, '-')}`;

/**
 * The findings an alert above the results names: each by its rule, linked to its row in the results below, where the
 * whole message and the explanation box are (the messages themselves are long; joined in one paragraph they ran on).
 */
function FindingLinks({ slot, results }: { slot: string; results: Array<{ rule: string }> }) {
  return (
    <Typography.Text>
      {results.map((r, i) => (
        <span key={r.rule}>
          {i > 0 && '、'}
          <a href={`#${findingAnchor(slot, r.rule)}`} style={{ whiteSpace: 'nowrap' }}>{ruleName(r.rule)}</a>
        </span>
      ))}
      。每项的原因和修改方法见下方的检查结果。
    </Typography.Text>
  );
}

const ROLE_TO_CHECK: Record<AttachmentSlot['role'], CheckAs> = {
  infoform_pdf: 'infoform',
  infoform_word: 'infoform',
  courseware: 'courseware',
  video: 'video',
  report: 'report',
};

async function loadSlots(caseId: string): Promise<SlotState[]> {
  const res = await fetch(`/api/cases/${encodeURIComponent(caseId)}/files`, { credentials: 'include' });
  if (!res.ok) throw new Error((await res.json().catch(() => ({})))?.message ?? '无法读取案例材料');
  return res.json();
}

/** Where the checks stand: a small answer, polled while a check runs (the full slots are read when it changes). */
async function loadStatus(caseId: string): Promise<SlotCheckStatus[]> {
  const res = await fetch(`/api/cases/${encodeURIComponent(caseId)}/files/status`, { credentials: 'include' });
  if (!res.ok) throw new Error((await res.json().catch(() => ({})))?.message ?? '无法读取检查进度');
  return res.json();
}


function CheckStatusTag({ file }: { file: NonNullable<SlotState['file']> }) {
  if (file.checkStatus === 'pending' || file.checkStatus === 'running') return <Tag color="processing">检查中…</Tag>;
  if (file.checkStatus === 'error') return <Tag color="magenta">检查出错，将自动重试</Tag>;
  const fails = file.results.filter((r) => r.status === 'fail' || r.status === 'error').length;
  const warns = file.results.filter((r) => r.status === 'warn').length;
  if (fails) return <Tag color="error">{fails} 项不通过</Tag>;
  if (warns) return <Tag color="warning">通过（{warns} 项警告）</Tag>;
  return <Tag color="success">检查通过</Tag>;
}

/** One upload in progress: tus with automatic retry; the browser remembers it so a reload can resume it. */
interface Transfer {
  upload: TusUpload;
  percent: number;
  paused: boolean;
  error: string | null;
  bytesPerSecond: number;
}

export function CaseFiles({ caseId, call, type, editable, aiContent, review = false, form }: { caseId: string; call: CallDef; type: CaseTypeDef; editable: boolean; aiContent: boolean; review?: boolean; form?: Record<string, unknown> }) {
  const { message } = App.useApp();
  const [slots, setSlots] = useState<SlotState[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [transfers, setTransfers] = useState<Record<string, Transfer>>({});
  const [precheck, setPrecheck] = useState<{ slot: SlotState; file: File; report: CheckReport | null; running: boolean; error?: string } | null>(null);
  const alive = useRef(true);
  const [templates, setTemplates] = useState<TemplateItem[]>([]);
  useEffect(() => {
    void loadTemplates(call.id).then((t) => alive.current && setTemplates(t), () => {});
  }, [call.id]);

  const refresh = useCallback(async () => {
    try {
      const s = await loadSlots(caseId);
      if (alive.current) {
        setSlots(s);
        setLoadError(null);
      }
    } catch (e) {
      if (alive.current) setLoadError(errorMessage(e));
    }
  }, [caseId]);

  useEffect(() => {
    alive.current = true;
    void refresh();
    return () => {
      alive.current = false;
    };
  }, [refresh]);

  // While the server is still checking a file: ask every 1.5 s where the checks stand (a small answer), and read the
  // slots with their results again when that changed.
  const checking = slots?.some((s) => s.file && (s.file.checkStatus === 'pending' || s.file.checkStatus === 'running'));
  const shown = useRef(slots);
  shown.current = slots;
  useEffect(() => {
    if (!checking) return;
    const t = setInterval(() => {
      void loadStatus(caseId).then(
        (status) => {
          if (alive.current && shown.current && statusChanged(shown.current, status)) void refresh();
        },
        () => void refresh(), // the full read shows the error, if there still is one
      );
    }, 1500);
    return () => clearInterval(t);
  }, [checking, refresh, caseId]);

  const startUpload = useCallback(
    async (slot: SlotState, file: File) => {
      setPrecheck(null);
      let last = { t: Date.now(), bytes: 0 };
      const upload = new TusUpload(file, {
        endpoint: '/api/uploads/',
        chunkSize: 64 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
        metadata: { caseId, slot: slot.slot, filename: file.name, filetype: file.type || 'application/octet-stream' },
        // The same file for the same slot of the same case resumes where it stopped, also after a reload.
        fingerprint: async (f) => ['anli', caseId, slot.slot, (f as File).name, (f as File).size, (f as File).lastModified].join(':'),
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onProgress: (sent, total) => {
          const now = Date.now();
          const speed = now - last.t > 500 ? ((sent - last.bytes) * 1000) / (now - last.t) : undefined;
          if (speed !== undefined) last = { t: now, bytes: sent };
          setTransfers((m) =>
            m[slot.slot] ? { ...m, [slot.slot]: { ...m[slot.slot], percent: Math.floor((sent / total) * 100), bytesPerSecond: speed ?? m[slot.slot].bytesPerSecond } } : m,
          );
        },
        onError: (err) => {
          const body = (err as { originalResponse?: { getBody(): string } }).originalResponse?.getBody?.();
          setTransfers((m) => ({ ...m, [slot.slot]: { ...m[slot.slot], error: body || '上传失败，请检查网络后点击“继续”重试' } }));
        },
        onSuccess: () => {
          setTransfers((m) => {
            const { [slot.slot]: _, ...rest } = m;
            return rest;
          });
          message.success(`${slot.label}已上传，正在检查`);
          void refresh();
        },
      });
      setTransfers((m) => ({ ...m, [slot.slot]: { upload, percent: 0, paused: false, error: null, bytesPerSecond: 0 } }));
      const previous = await upload.findPreviousUploads();
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
        message.info('检测到此文件未完成的上传，将从中断处继续');
      }
      upload.start();
    },
    [caseId, message, refresh],
  );

  const pick = async (slot: SlotState, file: File) => {
    const nameProblem = fileNameProblem(file.name, slot.accept, slot.label);
    if (nameProblem) {
      message.error(nameProblem);
      return;
    }
    if (file.size > slot.maxBytes) {
      message.error(`${slot.label}不能超过 ${formatBytes(slot.maxBytes)}`);
      return;
    }
    // The browser checks the file first, so a wrong export is caught before hundreds of MB travel.
    setPrecheck({ slot, file, report: null, running: true });
    try {
      const report = await runCheck(file, { as: ROLE_TO_CHECK[slot.role], params: checkParamsFor(call, type, aiContent, form), timeoutMs: 60_000 });
      setPrecheck((p) => (p && p.file === file ? { ...p, report, running: false } : p));
    } catch (e) {
      setPrecheck((p) => (p && p.file === file ? { ...p, running: false, error: errorMessage(e) } : p));
    }
  };

  if (loadError) return <Alert type="error" showIcon title={loadError} />;
  if (!slots) return <Typography.Text type="secondary">正在读取案例材料…</Typography.Text>;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="case-files">
      {editable && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          选择文件后，浏览器会先在本机检查（不上传），再断点续传到服务器；服务器检查结果为准。上传中断或刷新页面后，重新选择同一文件即可从中断处继续。
        </Typography.Paragraph>
      )}
      {slots.map((s) => {
        const t = transfers[s.slot];
        const blockingFails = s.file?.results.filter((r) => r.blocking && (r.status === 'fail' || r.status === 'error')) ?? [];
        const unexplained = s.file?.results.filter((r) => r.gate === 'needs_explanation') ?? [];
        return (
          <Card
            key={s.slot}
            size="small"
            data-testid={`slot-${s.slot}`}
            title={
              <Space wrap>
                <span>{s.label}</span>
                {s.required ? <Tag color="error">必传</Tag> : <Tag>选传</Tag>}
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                  {s.accept.join(' / ')}，不超过 {formatBytes(s.maxBytes)}
                </Typography.Text>
              </Space>
            }
            extra={
              editable && !t ? (
                <AntUpload
                  accept={s.accept.join(',')}
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void pick(s, file as File);
                    return false;
                  }}
                >
                  <Button size="small" icon={<CloudUploadOutlined />} data-testid={`upload-${s.slot}`}>
                    {s.file ? '更换文件' : '选择文件'}
                  </Button>
                </AntUpload>
              ) : null
            }
          >
            {t && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Progress percent={t.percent} status={t.error ? 'exception' : t.paused ? 'normal' : 'active'} data-testid={`progress-${s.slot}`} aria-label={`${s.label}上传进度`} />
                {/* Screen readers hear the upload move on in steps of 10 %, not every byte. */}
                <span className="anli-sr-only" aria-live="polite" data-testid={`progress-announce-${s.slot}`}>
                  {t.error ? `${s.label}上传出错` : t.paused ? `${s.label}上传已暂停` : `${s.label}已上传 ${Math.floor(t.percent / 10) * 10}%`}
                </span>
                <Space>
                  {t.paused || t.error ? (
                    <Button
                      size="small"
                      icon={<CaretRightOutlined />}
                      onClick={() => {
                        t.upload.start();
                        setTransfers((m) => ({ ...m, [s.slot]: { ...t, paused: false, error: null } }));
                      }}
                    >
                      继续
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      icon={<PauseOutlined />}
                      onClick={() => {
                        void t.upload.abort();
                        setTransfers((m) => ({ ...m, [s.slot]: { ...t, paused: true } }));
                      }}
                    >
                      暂停
                    </Button>
                  )}
                  {t.bytesPerSecond > 0 && !t.paused && <Typography.Text type="secondary">{formatBytes(t.bytesPerSecond)}/秒</Typography.Text>}
                  {t.error && <Typography.Text type="danger">{t.error}</Typography.Text>}
                </Space>
              </Space>
            )}
            {s.requirements && s.requirements.length > 0 && (
              <div data-testid={`requirements-${s.slot}`} style={{ marginBottom: 8 }}>
                <Typography.Text type="secondary">要求：</Typography.Text>
                {templates
                  .filter((tp) => tp.slot === s.role && (tp.caseType === null || tp.caseType === type.id))
                  .map((tp) => (
                    <Typography.Link key={tp.url} href={tp.url} style={{ marginLeft: 8 }} data-testid={`slot-template-${s.slot}`}>
                      <DownloadOutlined /> 下载模板
                    </Typography.Link>
                  ))}
                <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                  {s.requirements.map((line) => (
                    <li key={line}>
                      <Typography.Text type="secondary">{line}</Typography.Text>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {!t && !s.file && <Typography.Text type="secondary">尚未上传</Typography.Text>}
            {s.file && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Typography.Text strong>{s.file.filename}</Typography.Text>
                  <Typography.Text type="secondary">
                    {formatBytes(s.file.size)} · {fmtTime(s.file.uploadedAt)}
                  </Typography.Text>
                  <CheckStatusTag file={s.file} />
                  {s.file.duplicateCases > 0 && <Tag color="error">与其他 {s.file.duplicateCases} 个案例的文件完全相同</Tag>}
                  <Button size="small" type="link" icon={<DownloadOutlined />} href={`/api/files/${s.file.id}/content?download=1`}>
                    下载
                  </Button>
                </Space>
                {s.role === 'video' && s.file.checkStatus !== 'pending' && <ChapteredVideo src={`/api/files/${s.file.id}/content`} chapters={videoChapters(type, form)} />}
                {blockingFails.length > 0 && (
                  <Alert type="error" showIcon title="以下问题须修改后才能提交" description={<FindingLinks slot={s.slot} results={blockingFails} />} />
                )}
                {unexplained.length > 0 && (
                  <Alert
                    type="warning"
                    showIcon
                    title={editable ? '以下问题须修改，或在该项结果下填写说明（由省级管理员人工复核）后才能提交' : '以下问题须由作者修改，或填写说明后由省级管理员人工复核'}
                    description={<FindingLinks slot={s.slot} results={unexplained} />}
                  />
                )}
                {s.file.results.length > 0 && (
                  <Collapse
                    size="small"
                    defaultActiveKey={s.file.results.some((r) => r.status === 'fail' || r.status === 'error' || (review && r.status === 'manual' && !r.check)) ? ['r'] : []}
                    items={[
                      {
                        key: 'r',
                        label: (
                          <Space>
                            <SafetyCertificateOutlined />
                            {`服务器检查结果（${s.file.results.length} 项）`}
                          </Space>
                        ),
                        children: (
                          <CheckResultsTable
                            results={s.file.results}
                            testId={`results-${s.slot}`}
                            anchorId={(r) => findingAnchor(s.slot, r.rule)}
                            statusExtra={(r) => (
                              <>
                                {r.gate === 'needs_explanation' && <Tag color="warning">须修改或说明</Tag>}
                                {r.gate === 'explained' && !r.explanation?.acceptedAt && <Tag color="warning">待人工复核</Tag>}
                                {r.gate === 'explained' && r.explanation?.acceptedAt && <Tag color="success">说明已确认</Tag>}
                              </>
                            )}
                            extra={(r) => <FindingHuman caseId={caseId} slot={s.slot} r={r} editable={editable} review={review} onDone={refresh} />}
                          />
                        ),
                      },
                    ]}
                  />
                )}
              </Space>
            )}
          </Card>
        );
      })}
      <Modal
        open={!!precheck}
        // A long file name wraps; the room on the right keeps it clear of the close button on a phone.
        title={precheck ? <div style={{ paddingInlineEnd: 28, overflowWrap: 'anywhere' }}>{`上传前检查：${precheck.file.name}`}</div> : ''}
        width={900}
        onCancel={() => setPrecheck(null)}
        footer={
          precheck && !precheck.running
            ? [
                <Button key="c" onClick={() => setPrecheck(null)}>
                  取消，先修改文件
                </Button>,
                <Button key="u" type="primary" onClick={() => void startUpload(precheck.slot, precheck.file)} data-testid="confirm-upload">
                  {precheck.report?.verdict === 'pass' ? '上传' : '仍然上传（以服务器检查为准）'}
                </Button>,
              ]
            : null
        }
      >
        {precheck?.running && <Progress percent={99} status="active" showInfo={false} aria-label="正在检查文件" />}
        {precheck?.running && <Typography.Text type="secondary">正在本机检查文件（不会上传）…</Typography.Text>}
        {precheck?.error && <Alert type="warning" showIcon title={`本机检查未完成：${precheck.error}`} description="仍可上传，服务器会进行检查。" />}
        {precheck?.report && (
          <>
            <Alert
              type={precheck.report.verdict === 'pass' ? 'success' : 'error'}
              showIcon
              style={{ marginBottom: 12 }}
              title={precheck.report.verdict === 'pass' ? '本机检查未发现不通过项' : '本机检查发现不通过项，建议修改后再上传'}
            />
            <CheckReportTable report={precheck.report} />
          </>
        )}
      </Modal>
    </Space>
  );
}

/** The human path beside one finding: the author's explanation, the province's acceptance and checklist tick. */
function FindingHuman({ caseId, slot, r, editable, review, onDone }: { caseId: string; slot: string; r: SlotResult; editable: boolean; review: boolean; onDone(): Promise<void> }) {
  const { message } = App.useApp();
  const [text, setText] = useState(r.explanation?.text ?? '');
  const [busy, setBusy] = useState(false);
  const act = async (f: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await f();
      message.success(ok);
      await onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const canExplain = editable && (r.gate === 'needs_explanation' || r.gate === 'explained');
  return (
    <>
      {r.explanation && !canExplain && (
        <Alert
          style={{ marginTop: 6 }}
          type={r.explanation.acceptedAt ? 'success' : 'warning'}
          title={`作者说明：${r.explanation.text}`}
          description={r.explanation.acceptedAt ? `已由 ${r.explanation.acceptedBy ?? '省级管理员'} 于 ${fmtTime(r.explanation.acceptedAt)} 确认` : '待省级管理员人工复核'}
          action={
            review && !r.explanation.acceptedAt ? (
              <Button size="small" type="primary" loading={busy} data-testid={`accept-${slot}-${r.rule}`} onClick={() => void act(() => api.acceptExplanation(caseId, { slot, rule: r.rule }), '已确认作者的说明')}>
                确认说明
              </Button>
            ) : undefined
          }
        />
      )}
      {canExplain && (
        <Space.Compact style={{ width: '100%', marginTop: 6 }}>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={EXPLANATION_MAX_CHARS}
            placeholder="如认为检查有误，请写明理由"
            aria-label={`${ruleName(r.rule)}的说明`}
            data-testid={`explain-${slot}-${r.rule}`}
          />
          <Button loading={busy} onClick={() => void act(() => api.explainFinding(caseId, { slot, rule: r.rule, text }), text.trim() ? '说明已保存' : '说明已删除')} data-testid={`save-explain-${slot}-${r.rule}`}>
            保存说明
          </Button>
        </Space.Compact>
      )}
      {r.status === 'manual' && (review || r.check) && (
        <div style={{ marginTop: 6 }} data-testid={`checklist-${slot}-${r.rule}`}>
          <Checkbox
            checked={!!r.check}
            disabled={!review || busy}
            onChange={(e) => void act(() => api.setChecklist(caseId, { slot, rule: r.rule, checked: e.target.checked }), e.target.checked ? '已勾选人工核对项' : '已取消勾选')}
          >
            {r.check ? `已人工核对（${r.check.checkedBy ?? '省级管理员'}，${fmtTime(r.check.checkedAt)}）` : '人工核对无误（推荐前须勾选）'}
          </Checkbox>
        </div>
      )}
    </>
  );
}

const clockLabel = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s) % 60).padStart(2, '0')}`;

/** The case video with its parts (概述, 过程与方法, 成效与经验) as chapters; a chapter button jumps there. */
export function ChapteredVideo({ src, chapters, maxWidth = 640, testId = 'video-player' }: { src: string; chapters: Array<{ name: string; at: number }>; maxWidth?: number; testId?: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <video ref={ref} controls preload="metadata" style={{ width: '100%', maxWidth, background: '#000' }} src={src} data-testid={testId} />
      {chapters.length > 0 && (
        <Space wrap data-testid="video-chapters">
          <Typography.Text type="secondary">章节：</Typography.Text>
          {chapters.map((c) => (
            <Button
              key={c.name}
              size="small"
              onClick={() => {
                const v = ref.current;
                if (!v) return;
                v.currentTime = c.at;
                void v.play().catch(() => {});
              }}
            >
              {c.name} {clockLabel(c.at)}
            </Button>
          ))}
        </Space>
      )}
    </Space>
  );
}
