// A county or city administrator's actions on the case page (chained recommendation): recommend to the next level,
// take back, return with a reason. After a return the case leaves a city's scope, so the page goes back to the list.
import { Button, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { CaseDetail } from '../../api/index.ts';
import { ReturnModal } from '../../components/ReasonModal.tsx';
import { regionApi } from '../../api/region.ts';

export function RegionActions({ c, role, run, infoForms }: { c: CaseDetail; role: 'city_admin' | 'county_admin'; run(fn: () => Promise<unknown>, ok: string): Promise<void>; infoForms: React.ReactNode }) {
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
      <ReturnModal
        open={returning}
        onCancel={() => setReturning(false)}
        returnCase={(reason) => regionApi.returnCase(c.id, reason)}
        onDone={() => {
          setReturning(false);
          navigate('/region/cases');
        }}
      />
    </Space>
  );
}
