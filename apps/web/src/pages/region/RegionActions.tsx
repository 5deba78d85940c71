// A county or city administrator's actions on the case page (chained recommendation): recommend to the next level,
// take back, return with a reason. After a return the case leaves a city's scope, so the page goes back to the list.
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { CaseDetail } from '../../api.ts';
import { ReasonModal } from '../../components/ReasonModal.tsx';
import { regionApi } from '../../regionApi.ts';

export function RegionActions({ c, role, run, infoForms }: { c: CaseDetail; role: 'city_admin' | 'county_admin'; run(fn: () => Promise<unknown>, ok: string): Promise<void>; infoForms: React.ReactNode }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [returning, setReturning] = useState(false);
  const upper = role === 'county_admin' ? '市级' : '省级';
  const has = (a: string) => c.actions.includes(a as never);
  return (
    <Space wrap>
      {has('chain_recommend') && (
        <Button type="primary" onClick={() => run(() => regionApi.recommend(c.id), `已推荐至${upper}`)}>
          推荐至{upper}
        </Button>
      )}
      {has('chain_unrecommend') && <Button onClick={() => run(() => regionApi.unrecommend(c.id), '已取消推荐')}>取消推荐</Button>}
      {has('return') && (
        <Button danger onClick={() => setReturning(true)}>
          退回修改
        </Button>
      )}
      {infoForms}
      <ReasonModal
        open={returning}
        title="退回修改"
        label="退回原因"
        placeholder="请写明需要作者修改的内容，作者将看到此原因"
        okText="退回"
        danger
        onCancel={() => setReturning(false)}
        onSubmit={async (reason) => {
          await regionApi.returnCase(c.id, reason);
          setReturning(false);
          message.success('已退回，作者将看到退回原因');
          navigate('/region/cases');
        }}
      />
    </Space>
  );
}
