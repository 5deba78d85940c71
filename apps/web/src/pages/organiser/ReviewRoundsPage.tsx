// 评审轮次: create rounds per call (case types, experts per case), open them (province-recommended cases enter
// national review), assign automatically, close; each round links to its assignment and results page.
// With scope="province" the same page is a provincial administrator's 省级评审: advisory rounds over the own
// province's submitted cases (no state changes; experts of the province allowed). The organiser sees those rounds
// in the list too, read-only.
import { Alert, App, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/index.ts';
import { reviewApi as nationalReviewApi, roundsApi, type ReviewRound, type ReviewScope } from '../../api/review.ts';
import { useOverride } from '../../components/OverrideDialog.tsx';
import { useCallDef } from '../../callDefs.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { fmtTime } from '../../labels.ts';

const ROUND_COLORS: Record<ReviewRound['state'], string> = { draft: 'default', open: 'processing', closed: 'success' };

export function ReviewRoundsPage({ scope = 'national' }: { scope?: ReviewScope }) {
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { callId } = useCalls();
  const call = useCallDef(callId);
  const reviewApi = roundsApi(scope);
  const provincial = scope === 'province';
  const list = useLoad(() => (callId ? reviewApi.rounds(callId) : Promise.resolve([])), [callId, scope]);
  // The organiser reads provincial rounds but does not run them.
  const mine = (r: ReviewRound) => r.scope === scope;
  const [form] = Form.useForm();
  const { withOverride, dialog } = useOverride();
  // National rounds take only cases of provinces that reported their list: the others are named here.
  const unreported = useLoad(() => (callId && !provincial ? nationalReviewApi.unreported(callId) : Promise.resolve([])), [callId, provincial]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const create = async (v: { name: string; caseTypes: string[]; perCase: number; blind?: boolean }) => {
    if (!callId) return;
    setBusy('create');
    setError(null);
    try {
      await reviewApi.createRound({ callId, ...v });
      form.resetFields();
      message.success('评审轮次已创建');
      await list.reload();
    } catch (e) {
      if (e instanceof ApiError) applyFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const act = async (key: string, fn: () => Promise<string>) => {
    setBusy(key);
    try {
      message.success(await fn());
      await list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const assign = (r: ReviewRound) =>
    act(`assign:${r.id}`, async () => {
      const res = await reviewApi.autoAssign(r.id);
      if (res.unassigned.length) {
        modal.warning({
          title: `已新增 ${res.added} 个分配，${res.unassigned.length} 个案例专家不足`,
          content: (
            <ul>
              {res.unassigned.slice(0, 20).map((u) => (
                <li key={u.caseId}>
                  {u.title}：缺 {u.missing} 位（{u.reason}）
                </li>
              ))}
            </ul>
          ),
        });
      }
      return `自动分配完成，新增 ${res.added} 个分配`;
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={provincial ? '新建省级评审轮次' : '新建评审轮次'}
        extra={
          <Space wrap>
            {provincial && <Button onClick={() => navigate('/province/review/experts')}>本省评审专家</Button>}
            <CallPicker />
          </Space>
        }
      >
        <ErrorAlert error={error} />
        {!provincial && (unreported.data?.length ?? 0) > 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="unreported-provinces"
            title={`以下省份尚未推荐上报，其已推荐案例暂不进入国家级评审：${unreported.data!.map((p) => `${p.provinceName}（${p.cases} 个）`).join('、')}`}
          />
        )}
        <Form form={form} layout="inline" onFinish={create} initialValues={{ perCase: 3, blind: false }} style={{ rowGap: 12 }}>
          <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请填写轮次名称' }]}>
            <Input aria-label="轮次名称" placeholder={provincial ? '轮次名称，如：省级评审第一轮' : '轮次名称，如：国家级评审第一轮'} maxLength={40} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="caseTypes" rules={[{ required: true, message: '请选择案例类型' }]}>
            <Select
              aria-label="案例类型"
              mode="multiple"
              placeholder="案例类型"
              style={{ minWidth: 240 }}
              options={(call.data?.caseTypes ?? []).map((t) => ({ value: t.id, label: t.name }))}
            />
          </Form.Item>
          <Form.Item name="perCase" label="每个案例专家数" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber aria-label="每个案例专家数" min={1} max={20} precision={0} />
          </Form.Item>
          <Form.Item name="blind" label="评审方式" tooltip="实名评审：专家可见作者姓名和单位；匿名评审：专家看不到作者姓名和单位">
            <Select
              aria-label="评审方式"
              style={{ width: 130 }}
              options={[
                { value: false, label: '实名评审' },
                { value: true, label: '匿名评审' },
              ]}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy === 'create'} disabled={!callId}>
              创建
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {provincial ? (
            <>
              省级评审为可选环节，结果仅供本省推荐时参考，不改变案例状态、不发布任何结果。开始评审后，本省所选类型中“已提交”和“省级已推荐”的案例加入本轮（仅在省级推荐上报阶段内可创建和开始）。自动分配只分给已激活的专家（可先选定参与的专家），不分给与案例第一作者同单位或已登记回避的专家；省级评审的案例均属本省，因此“不评本省案例”的规则不适用。
            </>
          ) : (
            <>
          开始评审后，已推荐上报的省份中所选类型的“省级已推荐”案例进入国家级评审并加入本轮（须在“国家级推荐”阶段内，阶段外须填写理由强制开启）；自动分配只分给已激活的专家，按回避规则（不评本省、本单位及已登记回避的案例）均衡分配，优先学科、学段匹配的专家，已有分配保留。
            </>
          )}
        </Typography.Paragraph>
      </Card>
      <Card title={provincial ? '本省评审轮次' : '评审轮次'}>
        <ErrorAlert error={list.error} />
        <Table<ReviewRound>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: '本活动尚未创建评审轮次' }}
          columns={[
            { title: '轮次', dataIndex: 'name', render: (n: string, r) => <Link to={`${reviewApi.pagePath}/${r.id}`}>{n}</Link> },
            ...(provincial
              ? []
              : [{ title: '范围', key: 'scope', render: (_: unknown, r: ReviewRound) => (r.scope === 'province' ? <Tag color="purple">省级（{r.provinceName}）</Tag> : <Tag>国家级</Tag>) }]),
            { title: '案例类型', dataIndex: 'caseTypes', render: (v: ReviewRound['caseTypes']) => v.map((t) => t.name).join('、') },
            { title: '每案专家', dataIndex: 'perCase' },
            { title: '评审方式', key: 'blind', render: (_: unknown, r: ReviewRound) => (r.blind ? '匿名评审' : '实名评审') },
            { title: '状态', dataIndex: 'state', render: (s: ReviewRound['state'], r) => <Tag color={ROUND_COLORS[s]}>{r.stateLabel}</Tag> },
            { title: '案例数', dataIndex: 'cases' },
            { title: '专家不足', dataIndex: 'unassigned', render: (n: number) => (n ? <Tag color="warning">{n}</Tag> : 0) },
            { title: '评分进度', render: (_: unknown, r) => `${r.submitted ?? 0} / ${r.assignments ?? 0}` },
            { title: '开始时间', dataIndex: 'openedAt', render: fmtTime },
            {
              title: '操作',
              render: (_: unknown, r) => (
                <Space wrap>
                  {mine(r) && r.state !== 'open' && (
                    <Popconfirm
                      title="开始评审"
                      description={provincial ? '本省所选类型的已提交案例将加入本轮（案例状态不变），专家可以看到分配给自己的案例。' : '已推荐上报省份的所选类型省级已推荐案例将进入国家级评审，专家可以看到分配给自己的案例。'}
                      okText="开始"
                      cancelText="取消"
                      // Not awaited: the confirmation closes at once, so the override dialog that may follow is not covered by it.
                      onConfirm={() =>
                        void act(`open:${r.id}`, async () => {
                          const res = provincial ? await reviewApi.openRound(r.id) : await withOverride('在国家级推荐阶段之外开启评审轮次', (reason) => reviewApi.openRound(r.id, reason));
                          if (!res) return '未开启评审轮次';
                          return provincial ? `已开始评审，本轮共 ${res.round.cases ?? 0} 个案例` : `已开始评审，${res.moved} 个案例进入国家级评审`;
                        })
                      }
                    >
                      <Button size="small" type="primary" loading={busy === `open:${r.id}`}>
                        {r.state === 'closed' ? '重新开始' : '开始评审'}
                      </Button>
                    </Popconfirm>
                  )}
                  {mine(r) && r.state !== 'closed' && (r.cases ?? 0) > 0 && (
                    <Button size="small" loading={busy === `assign:${r.id}`} onClick={() => assign(r)}>
                      自动分配
                    </Button>
                  )}
                  <Button size="small" onClick={() => navigate(`${reviewApi.pagePath}/${r.id}`)}>
                    分配与结果
                  </Button>
                  {mine(r) && r.state === 'open' && (
                    <Popconfirm title="结束评审" description="结束后专家不能再查看和评分本轮案例。" okText="结束" cancelText="取消" onConfirm={() => act(`close:${r.id}`, async () => (await reviewApi.closeRound(r.id), '本轮评审已结束'))}>
                      <Button size="small" danger loading={busy === `close:${r.id}`}>
                        结束评审
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {dialog}
    </Space>
  );
}
