// 评分: the case's form and materials (video with seeking, courseware, check reports) beside the case type's rubric,
// with score inputs per indicator, a comment, save as draft and submit (locked afterwards).
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Popconfirm, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/index.ts';
import { reviewApi, type Sheet } from '../../api/review.ts';
import { findType, useCallDef } from '../../callDefs.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormView } from '../../components/caseform/DynamicForm.tsx';
import { CaseFiles } from '../../components/uploads/CaseFiles.tsx';
import { CaseMachineHints } from '../../components/CaseMachineHints.tsx';
import { fmtTime } from '../../labels.ts';
import { SHEET_STATUS } from './ReviewTasksPage.tsx';

type Scores = Record<string, number | null>;

export function ReviewScorePage() {
  const { roundId = '', caseId = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data, error } = useLoad(() => reviewApi.sheet(roundId, caseId), [roundId, caseId]);
  const callLoad = useCallDef(data?.case.callId);
  const type = findType(callLoad.data, data?.case.caseType);
  const [scores, setScores] = useState<Scores>({});
  const [comment, setComment] = useState('');
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!data) return;
    setScores(data.sheet.scores ?? {});
    setComment(data.sheet.comment ?? '');
    setSheet(data.sheet);
  }, [data]);

  const rubric = data?.rubric ?? [];
  const locked = sheet?.status === 'submitted';
  const total = useMemo(() => Math.round(rubric.reduce((s, r) => s + (scores[r.id] ?? 0), 0) * 100) / 100, [rubric, scores]);
  const filled = rubric.filter((r) => typeof scores[r.id] === 'number').length;

  const run = async (kind: 'save' | 'submit') => {
    setBusy(kind);
    setFieldErrors({});
    try {
      const body = { scores, comment };
      const s = kind === 'save' ? await reviewApi.saveSheet(roundId, caseId, body) : await reviewApi.submitSheet(roundId, caseId, body);
      setSheet(s);
      message.success(kind === 'save' ? '草稿已保存' : '评分已提交');
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        setFieldErrors(Object.fromEntries(e.fields.map((f) => [f.path.replace(/^scores\./, ''), f.message])));
      }
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  if (error) return <ErrorAlert error={error} />;
  if (!data || !sheet) return <Spin style={{ display: 'block', margin: 48 }} />;
  const c = data.case;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="case-title">{c.title}</span>
            <Tag color={SHEET_STATUS[sheet.status].color}>{SHEET_STATUS[sheet.status].text}</Tag>
          </Space>
        }
        extra={<Button onClick={() => navigate('/expert/tasks')}>返回评审任务</Button>}
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'round', label: '评审轮次', children: data.round.name },
            { key: 'call', label: '活动', children: data.round.callTitle },
            { key: 'type', label: '案例类型', children: c.caseTypeName },
            { key: 'mode', label: '评审方式', children: <span data-testid="review-mode">{data.round.reviewModeLabel}</span> },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <CaseMachineHints caseId={c.id} organiser={false} similarity="flag" />
          <Card title="案例信息">{type ? <FormView fields={type.fields} value={c.form ?? {}} /> : <Spin />}</Card>
          {type && callLoad.data && (
            <Card title="案例材料与检测报告" style={{ marginTop: 16 }}>
              <CaseFiles caseId={c.id} call={callLoad.data} type={type} editable={false} aiContent={c.form?.aiContent === '是'} form={c.form} />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={10}>
          <div style={{ position: 'sticky', top: 16 }}>
            <Card title="评分表" extra={<Statistic title="总分" value={total} suffix="/ 100" />}>
              {data?.rubricSourceLabel && (
                <Tag color={data.rubricSource === 'organiser' ? 'warning' : 'success'} style={{ marginBottom: 12 }} data-testid="rubric-source">
                  {data.rubricSourceLabel}
                </Tag>
              )}
              {locked && (
                <Alert type="success" showIcon style={{ marginBottom: 16 }} title={`评分已于 ${fmtTime(sheet.submittedAt)} 提交，不能再修改`} />
              )}
              <Form layout="vertical" disabled={locked}>
                {rubric.map((r) => (
                  <Form.Item
                    key={r.id}
                    label={
                      <span>
                        {r.name}（{r.weight} 分）
                      </span>
                    }
                    validateStatus={fieldErrors[r.id] ? 'error' : undefined}
                    help={fieldErrors[r.id]}
                    extra={
                      <ul style={{ paddingInlineStart: 18, margin: '4px 0 0' }}>
                        {r.subIndicators.map((s) => (
                          <li key={s.name}>
                            <Typography.Text strong>{s.name}</Typography.Text>：{s.description}
                          </li>
                        ))}
                      </ul>
                    }
                  >
                    <InputNumber
                      aria-label={`${r.name}得分`}
                      data-testid={`score-${r.id}`}
                      min={0}
                      max={r.weight}
                      step={0.5}
                      precision={1}
                      style={{ width: 160 }}
                      value={scores[r.id] ?? null}
                      onChange={(v) => setScores((s) => ({ ...s, [r.id]: typeof v === 'number' ? v : null }))}
                      suffix={`/ ${r.weight}`}
                    />
                  </Form.Item>
                ))}
                <Form.Item label="评语" validateStatus={fieldErrors.comment ? 'error' : undefined} help={fieldErrors.comment}>
                  <Input.TextArea aria-label="评语" rows={4} maxLength={2000} showCount value={comment} onChange={(e) => setComment(e.target.value)} />
                </Form.Item>
              </Form>
              {!locked && (
                <Space wrap>
                  <Button loading={busy === 'save'} onClick={() => run('save')}>
                    保存草稿
                  </Button>
                  <Popconfirm
                    title="提交评分"
                    description={filled < rubric.length ? `还有 ${rubric.length - filled} 项未评分` : `总分 ${total} 分，提交后不能修改，确定提交？`}
                    okText="提交"
                    cancelText="取消"
                    onConfirm={() => run('submit')}
                  >
                    <Button type="primary" loading={busy === 'submit'}>
                      提交评分
                    </Button>
                  </Popconfirm>
                  {sheet.savedAt && <Typography.Text type="secondary">草稿保存于 {fmtTime(sheet.savedAt)}</Typography.Text>}
                </Space>
              )}
            </Card>
          </div>
        </Col>
      </Row>
    </Space>
  );
}
