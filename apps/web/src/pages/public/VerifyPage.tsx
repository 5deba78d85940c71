// 证书查验 (public): the QR code on a certificate opens /verify/<number>?t=<token>; a number can also be typed.
import { Alert, Button, Card, Descriptions, Form, Input, Result, Spin } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { resultsApi, type Verification } from '../../api/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicShell } from '../../components/PublicShell.tsx';

const zhDate = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

function VerificationResult({ v }: { v: Verification }) {
  const c = v.certificate;
  const details = c && (
    <Descriptions column={1} bordered size="small" style={{ textAlign: 'left' }} data-testid="verify-details">
      <Descriptions.Item label="证书编号">{c.number}</Descriptions.Item>
      <Descriptions.Item label="案例名称">{c.caseTitle}</Descriptions.Item>
      <Descriptions.Item label="作者">{c.authors.join('、')}</Descriptions.Item>
      <Descriptions.Item label="工作单位">{c.unit}</Descriptions.Item>
      <Descriptions.Item label="省份">{c.provinceName}</Descriptions.Item>
      <Descriptions.Item label="活动">{c.callTitle}</Descriptions.Item>
      <Descriptions.Item label="获奖等级">{c.award}</Descriptions.Item>
      <Descriptions.Item label="发证日期">{zhDate(c.issuedOn)}</Descriptions.Item>
      {v.status === 'revoked' && <Descriptions.Item label="撤销原因">{v.revokeReason ?? '—'}</Descriptions.Item>}
    </Descriptions>
  );
  if (v.status === 'valid') {
    return <Result status="success" title="证书真实有效" subTitle={v.message} extra={details} data-testid="verify-result" data-status="valid" />;
  }
  if (v.status === 'revoked') {
    return <Result status="warning" title="此证书已撤销" subTitle={v.message} extra={details} data-testid="verify-result" data-status="revoked" />;
  }
  return <Result status="error" title="未能验证此证书" subTitle={v.message} data-testid="verify-result" data-status={v.status} />;
}

export function VerifyPage() {
  const params = useParams<{ number?: string }>();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const number = params.number ?? search.get('n') ?? '';
  const token = search.get('t');
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setResult(null);
    setError(null);
    if (!number.trim()) return;
    setLoading(true);
    resultsApi
      .verify(number.trim(), token)
      .then(setResult)
      .catch(setError)
      .finally(() => setLoading(false));
  }, [number, token]);

  return (
    <PublicShell title="证书查验" width={720}>
      <Card>
        <Form
          layout="inline"
          initialValues={{ n: number }}
          key={number}
          onFinish={(v: { n: string }) => v.n?.trim() && navigate(`/verify/${encodeURIComponent(v.n.trim())}`)}
          style={{ marginBottom: 16 }}
        >
          <Form.Item name="n" style={{ flex: 1 }} rules={[{ required: true, whitespace: true, message: '请输入证书编号' }]}>
            <Input prefix={<SafetyCertificateOutlined />} placeholder="证书编号，如 ANLI-2025-XXX-000001-X" aria-label="证书编号" allowClear />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            查验
          </Button>
        </Form>
        {!number && <Alert type="info" showIcon title="扫描证书上的二维码，或输入证书右下角的证书编号进行查验。" />}
        <ErrorAlert error={error} />
        {loading && <Spin style={{ display: 'block', margin: 32 }} />}
        {result && !loading && <VerificationResult v={result} />}
      </Card>
    </PublicShell>
  );
}
