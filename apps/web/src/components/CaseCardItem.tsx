// One case as a card in a phone-width list: its title (a link to the case) above its facts, one per line.
import { Descriptions, List } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

export function CaseCardItem(props: { id: string; title: string; facts: Array<{ key: string; label: string; children: ReactNode }>; testId?: string }) {
  return (
    <List.Item style={{ display: 'block' }} data-testid={props.testId}>
      <Link to={`/cases/${props.id}`} style={{ fontWeight: 600 }}>
        {props.title}
      </Link>
      <Descriptions size="small" column={1} style={{ marginTop: 8 }} items={props.facts} />
    </List.Item>
  );
}
