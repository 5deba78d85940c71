// The author's case form: fields rendered from the case type, inline validation, save, submit, info-form downloads.
import { Alert, App, Button, Card, Modal, Popconfirm, Result, Space, Spin, Typography } from 'antd';
import { FilePdfOutlined, FileWordOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, downloads, type CaseDetail } from '../../api/index.ts';
import { findType, useCallDef } from '../../callDefs.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { CaseFiles, findingAnchor } from '../../components/uploads/CaseFiles.tsx';
import { DynamicForm, errorMap, type FormValues } from '../../components/caseform/DynamicForm.tsx';
import { validateForm } from '@anli/domain/form.ts';
import { RegionPicker } from '../../components/RegionPicker.tsx';
import { regionApi } from '../../api/region.ts';
import type { CallDef, CaseTypeDef, FieldDef } from '@anli/domain/calls/schema.ts';
import { isEditableByAuthor } from '@anli/domain/lifecycle.ts';
import { fmtTime } from '../../labels.ts';
import { CaseDeadlineLine } from '../../components/CaseDeadline.tsx';

/** Groups start with their minimum number of entries (at least one), so the author sees where to type. */
function withDefaults(fields: FieldDef[], form: FormValues): FormValues {
  const out = { ...form };
  for (const f of fields) {
    if (f.kind === 'group' && !Array.isArray(out[f.key])) out[f.key] = Array.from({ length: Math.max(f.min, 1) }, () => ({}));
  }
  return out;
}

/** Drops group entries the author left completely empty before saving. */
function cleaned(type: CaseTypeDef, form: FormValues): FormValues {
  const out = { ...form };
  for (const f of type.fields) {
    const v = out[f.key];
    if (f.kind === 'group' && Array.isArray(v)) {
      out[f.key] = v.filter((e) => e && Object.values(e as object).some((x) => x !== undefined && x !== null && String(x).trim() !== ''));
    }
  }
  return out;
}

export function CaseEditPage() {
  const { id = '' } = useParams();
  const caseLoad = useLoad(() => api.getCase(id), [id]);
  const c = caseLoad.data;
  const callLoad = useCallDef(c?.callId);
  const type = findType(callLoad.data, c?.caseType);

  if (caseLoad.error) return <ErrorAlert error={caseLoad.error} />;
  if (callLoad.error) return <ErrorAlert error={callLoad.error} />;
  if (!c || !type || !callLoad.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!isEditableByAuthor(c.state)) {
    return (
      <Result
        status="info"
        title={`案例当前状态为“${c.stateLabel}”，不能编辑`}
        extra={
          <Link to={`/cases/${c.id}`}>
            <Button type="primary">查看案例</Button>
          </Link>
        }
      />
    );
  }
  return <CaseEditor key={c.id} initial={c} type={type} call={callLoad.data} callTitle={callLoad.data.title} />;
}

function CaseEditor({ initial, type, call, callTitle }: { initial: CaseDetail; type: CaseTypeDef; call: CallDef; callTitle: string }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [c, setCase] = useState(initial);
  const [form, setForm] = useState<FormValues>(() => withDefaults(type.fields, initial.form ?? {}));
  const [serverErrors, setServerErrors] = useState<Map<string, string>>(new Map());
  const [fullCheck, setFullCheck] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** What keeps the case from going through, shown in the submit dialog with links to each finding. */
  const [blockers, setBlockers] = useState<Array<{ path: string; message: string }> | null>(null);
  // Calls with a chain (县 → 市 → 省): the author's county, saved with the form.
  const chained = !!call.chain?.length;
  const [regionCode, setRegionCode] = useState<string | null>(initial.regionCode ?? null);

  // Validated as shown (empty entries included), so a blank author card gets its own inline messages.
  const localErrors = useMemo(() => validateForm(type, form, { partial: !fullCheck }), [type, form, fullCheck]);
  const errors = useMemo(() => {
    const m = errorMap(localErrors);
    for (const [k, v] of serverErrors) if (!m.has(k)) m.set(k, v);
    return m;
  }, [localErrors, serverErrors]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const onChange = (next: FormValues) => {
    setForm(next);
    setDirty(true);
    setServerErrors(new Map());
  };

  const save = async (): Promise<CaseDetail | null> => {
    setError(null);
    try {
      const saved = chained ? await regionApi.saveCase(c.id, cleaned(type, form), regionCode) : await api.saveCase(c.id, cleaned(type, form));
      setCase(saved);
      setDirty(false);
      return saved;
    } catch (e) {
      if (e instanceof ApiError) setServerErrors(errorMap(e.fields));
      setError(e);
      return null;
    }
  };

  const onSave = async () => {
    setBusy('save');
    const saved = await save();
    setBusy(null);
    if (saved) message.success('草稿已保存');
  };

  const onSubmit = async () => {
    setFullCheck(true);
    const problems = validateForm(type, form);
    if (problems.length) {
      setError(new ApiError(400, 'VALIDATION', `还有 ${problems.length} 处需要修改，请按红色提示完善后再提交`, problems));
      return;
    }
    setBusy('submit');
    const saved = await save();
    if (saved) {
      try {
        const submitted = await api.submitCase(c.id);
        message.success('案例已提交，等待省级管理员审核');
        navigate(`/cases/${submitted.id}`);
      } catch (e) {
        if (e instanceof ApiError) setServerErrors(errorMap(e.fields));
        // Every blocking finding the server names (files, the first author's mobile, …) in the dialog, each with a link.
        if (e instanceof ApiError && e.fields.length) setBlockers(e.fields);
        else setError(e);
      }
    }
    setBusy(null);
  };

  /** The case page anchor of a problem: the finding (files.slot.rule) or the slot (files.slot). */
  const anchorOf = (path: string) => {
    const [, slot, ...rule] = path.split('.');
    return rule.length ? findingAnchor(slot!, rule.join('.')) : `slot-${slot}`;
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span>{c.title && c.title !== '（未命名案例）' ? c.title : '填写案例'}</span>
            <StateTag state={c.state} />
          </Space>
        }
        extra={<Typography.Text type="secondary">{callTitle} · {type.name} · 最近保存 {fmtTime(c.updatedAt)}</Typography.Text>}
      >
        {c.state === 'returned' && c.returnReason && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="省级管理员退回了此案例，请修改后重新提交" description={<span data-testid="return-reason">退回原因：{c.returnReason}</span>} />
        )}
        <CaseDeadlineLine c={c} />
        <ErrorAlert error={error} showFields={error instanceof ApiError && error.fields.length > 0} />
        {chained && (
          <Space wrap style={{ marginBottom: 16 }}>
            <span>所在市、区县：</span>
            <RegionPicker provinceCode={c.provinceCode} value={regionCode} onChange={(v) => { setRegionCode(v); setDirty(true); setServerErrors(new Map()); }} />
            {errors.get('regionCode') && <Typography.Text type="danger">{errors.get('regionCode')}</Typography.Text>}
          </Space>
        )}
        <DynamicForm fields={type.fields} value={form} onChange={onChange} errors={errors} />
        <Space wrap style={{ marginTop: 8 }}>
          <Button icon={<SaveOutlined />} onClick={onSave} loading={busy === 'save'} disabled={busy !== null}>
            保存草稿
          </Button>
          <Popconfirm title={c.state === 'returned' ? '确认修改完毕并重新提交？' : '确认提交？提交后由省级管理员审核，审核前可撤回。'} onConfirm={onSubmit}>
            <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={busy !== null} data-testid="submit-case">
              {c.state === 'returned' ? '修改后重新提交' : '提交'}
            </Button>
          </Popconfirm>
          <Button onClick={() => navigate('/my/cases')}>返回我的案例</Button>
        </Space>
      </Card>
      <Card title="案例信息表">
        <Space wrap>
          <Button icon={<FileWordOutlined />} href={downloads.infoFormDocx(c.id)} disabled={dirty}>
            下载信息表 Word
          </Button>
          <Button icon={<FilePdfOutlined />} href={downloads.infoFormPdf(c.id)} disabled={dirty}>
            下载信息表 PDF
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          信息表由已保存的表单内容生成。请打印、盖章、扫描后作为 PDF 上传。{dirty && '（有未保存的修改，请先保存草稿再下载）'}
        </Typography.Paragraph>
      </Card>
      <Modal
        open={!!blockers}
        title="暂不能提交：以下问题须先处理"
        onCancel={() => setBlockers(null)}
        footer={<Button type="primary" onClick={() => setBlockers(null)}>知道了，去修改</Button>}
        data-testid="submit-blockers"
      >
        <ol style={{ paddingLeft: 20 }}>
          {blockers?.map((b) => (
            <li key={b.path + b.message} style={{ marginBottom: 8 }}>
              {b.path.startsWith('files.') ? (
                <a
                  href={`#${anchorOf(b.path)}`}
                  onClick={(ev) => {
                    ev.preventDefault();
                    setBlockers(null);
                    const el = document.getElementById(anchorOf(b.path)) ?? document.querySelector(`[data-testid="${anchorOf(b.path)}"]`);
                    el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
                  }}
                >
                  {b.message}
                </a>
              ) : (
                <a
                  href={`#field-${b.path}`}
                  data-testid="blocker-field"
                  onClick={(ev) => {
                    ev.preventDefault();
                    setBlockers(null);
                    // The form field the problem is about (its inline message is already shown in red).
                    const el = document.querySelector(`[data-field="${CSS.escape(b.path)}"]`) ?? document.querySelector('.ant-form-item-has-error');
                    el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
                  }}
                >
                  {b.message}
                </a>
              )}
            </li>
          ))}
        </ol>
      </Modal>
      <Card title="案例材料">
        <CaseFiles caseId={c.id} call={call} type={type} editable aiContent={form.aiContent === '是'} form={form} />
      </Card>
    </Space>
  );
}
