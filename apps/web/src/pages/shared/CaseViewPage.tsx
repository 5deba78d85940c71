// One case, read-only, for every role: state, return reason, form data, materials, history and the role's actions.
import { Alert, App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Spin, Typography } from 'antd';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, downloads, type CaseDetail } from '../../api/index.ts';
import { useAuth } from '../../auth.tsx';
import { findType, useCallDef } from '../../callDefs.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { FormView } from '../../components/caseform/DynamicForm.tsx';
import { HistoryTimeline } from '../../components/HistoryTimeline.tsx';
import { CaseFiles } from '../../components/uploads/CaseFiles.tsx';
import { ReasonModal, ReturnModal } from '../../components/ReasonModal.tsx';
import { deadlinesApi } from '../../api/deadlines.ts';
import { CaseDeadlineLine } from '../../components/CaseDeadline.tsx';
import { fmtTime } from '../../labels.ts';
import { CaseMachineHints } from '../../components/CaseMachineHints.tsx';
import { RegionActions } from '../region/RegionActions.tsx';

export function CaseViewPage() {
  const { id = '' } = useParams();
  const { data: c, error, reload, loading } = useLoad(() => api.getCase(id), [id]);
  const callLoad = useCallDef(c?.callId);
  const type = findType(callLoad.data, c?.caseType);
  const { user } = useAuth();

  if (error) return <ErrorAlert error={error} />;
  if (!c || (loading && !c)) return <Spin style={{ display: 'block', margin: 48 }} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="case-title">{c.title}</span>
            <StateTag state={c.state} label={c.stateLabel} />
          </Space>
        }
        extra={<CaseActions c={c} onDone={reload} />}
      >
        {c.state === 'returned' && c.returnReason && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="此案例已被退回修改" description={<span data-testid="return-reason">退回原因：{c.returnReason}</span>} />
        )}
        <CaseDeadlineLine c={c} />
        {c.state === 'declined' && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title="作者已放弃本省的方式一预选，所占推荐名额已退回本省" description={c.declineReason ? `放弃原因：${c.declineReason}` : undefined} />
        )}
        {c.state === 'disqualified' && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title="此案例已被取消参加资格" description={c.history.filter((h) => h.toState === 'disqualified').map((h) => h.reason).pop()} />
        )}
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'call', label: '活动', children: callLoad.data?.title ?? c.callId },
            { key: 'type', label: '案例类型', children: c.caseTypeName },
            { key: 'province', label: '省份', children: c.provinceName },
            { key: 'author', label: '填报人', children: `${c.authorName}（${c.authorPhone}）` },
            { key: 'submitted', label: '提交时间', children: fmtTime(c.submittedAt) },
            { key: 'updated', label: '更新时间', children: fmtTime(c.updatedAt) },
            ...(c.nextStep ? [{ key: 'next', label: '下一步', children: c.nextStep }] : []),
            ...(c.preselectedLabel ? [{ key: 'pre', label: '推荐方式', children: c.preselectedLabel }] : []),
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title="案例信息">{type ? <FormView fields={type.fields} value={c.form ?? {}} /> : <Spin />}</Card>
          {type && callLoad.data && (
            <Card title="案例材料" style={{ marginTop: 16 }}>
              <CaseFiles caseId={c.id} call={callLoad.data} type={type} editable={false} aiContent={c.form?.aiContent === '是'} review={user?.role === 'province_admin' && c.state === 'submitted'} form={c.form} />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={8}>
          {user && user.role !== 'author' && <CaseMachineHints caseId={c.id} organiser={user.role === 'organiser'} similarity={user.role === 'organiser' ? 'full' : user.role === 'expert' ? 'flag' : 'none'} />}
          <Card title="处理记录">
            <HistoryTimeline history={c.history ?? []} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

function CaseActions({ c, onDone }: { c: CaseDetail; onDone(): Promise<void> }) {
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'return' | 'disqualify' | null>(null);
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    }
    await onDone();
  };
  const has = (a: string) => c.actions.includes(a as never);
  const infoForms = (
    <>
      <Button icon={<FileWordOutlined />} href={downloads.infoFormDocx(c.id)}>
        信息表 Word
      </Button>
      <Button icon={<FilePdfOutlined />} href={downloads.infoFormPdf(c.id)}>
        信息表 PDF
      </Button>
    </>
  );

  if (user?.role === 'author') {
    return (
      <Space wrap>
        {c.state === 'draft' && (
          <Button type="primary" onClick={() => navigate(`/my/cases/${c.id}/edit`)}>
            编辑
          </Button>
        )}
        {c.state === 'returned' && (
          <Button type="primary" onClick={() => navigate(`/my/cases/${c.id}/edit`)}>
            修改后重新提交
          </Button>
        )}
        {has('withdraw') && (
          <Popconfirm title="撤回后案例回到草稿，可修改后再次提交。确认撤回？" onConfirm={() => run(() => api.withdrawCase(c.id), '已撤回')}>
            <Button>撤回</Button>
          </Popconfirm>
        )}
        {infoForms}
      </Space>
    );
  }
  if (user?.role === 'city_admin' || user?.role === 'county_admin') {
    return <RegionActions c={c} role={user.role} run={run} infoForms={infoForms} />;
  }
  if (user?.role === 'province_admin') {
    return <ProvinceActions c={c} onDone={onDone} run={run} infoForms={infoForms} />;
  }
  if (user?.role === 'organiser') {
    return (
      <Space wrap>
        {c.state !== 'disqualified' && (
          <Button danger onClick={() => setDialog('disqualify')}>
            取消资格
          </Button>
        )}
        {infoForms}
        <ReasonModal
          open={dialog === 'disqualify'}
          title="取消参加资格"
          label="取消资格原因"
          placeholder="如：存在政治性、观念性错误，弄虚作假，抄袭等（将记入审计日志）"
          okText="取消资格"
          danger
          onCancel={() => setDialog(null)}
          onSubmit={async (reason) => {
            await api.disqualifyCase(c.id, reason);
            setDialog(null);
            message.success('已取消该案例的参加资格');
            await onDone();
          }}
        />
      </Space>
    );
  }
  return <Typography.Text type="secondary">—</Typography.Text>;
}

/** Review actions of the provincial administrator; hidden once the province's list is reported (locked). */
function ProvinceActions({ c, onDone, run, infoForms }: { c: CaseDetail; onDone(): Promise<void>; run(fn: () => Promise<unknown>, ok: string): Promise<void>; infoForms: React.ReactNode }) {
  const [dialog, setDialog] = useState<'return' | null>(null);
  const status = useLoad(() => api.provinceStatus(c.callId), [c.callId, c.state]);
  const locked = status.data?.locked ?? false;
  const has = (a: string) => !locked && c.actions.includes(a as never);
  return (
    <Space wrap>
      {has('recommend') && (
        <Button type="primary" onClick={() => run(() => api.recommendCase(c.id), '已推荐')}>
          推荐
        </Button>
      )}
      {has('unrecommend') && <Button onClick={() => run(() => api.unrecommendCase(c.id), '已取消推荐')}>取消推荐</Button>}
      {has('return') && (
        <Button danger onClick={() => setDialog('return')}>
          退回
        </Button>
      )}
      {infoForms}
      <ReturnModal
        open={dialog === 'return'}
        onCancel={() => setDialog(null)}
        lateReturn={c.lateReturn ?? null}
        returnCase={(reason, resubmitUntil) => deadlinesApi.returnCase(c.id, reason, resubmitUntil)}
        onDone={async () => {
          setDialog(null);
          await onDone();
        }}
      />
    </Space>
  );
}
