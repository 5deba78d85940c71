// 场景建议: ranks the field's framework 典型场景/微场景 (or its category scenes; scenario-content.ts) for the case's title and summary
// while the author types. Computed in the browser with the same BM25 code the server uses (bigram tokenizer here).
// Machine suggestions only: the author decides; clicking one fills the scenario field.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Space, Tag, Typography } from 'antd';
import { BulbOutlined } from '@ant-design/icons';
import type { FieldDef } from '@anli/domain/calls/schema.ts';
import { scenarioContent } from '@anli/domain/calls/scenario-content.ts';
import { bigramTokenizer } from '@anli/similarity/bm25.ts';
import { categoriesMatcher, frameworkMatcher, MACHINE_SUGGESTION_LABEL, type RankedScene } from '@anli/similarity/scenario-match.ts';

type ScenarioDef = Extract<FieldDef, { kind: 'scenario' }>;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function ScenarioSuggestions(props: {
  field: ScenarioDef;
  fields: FieldDef[];
  form: Record<string, unknown>;
  onPick(v: { main?: string; typical?: string; micro?: string }): void;
}) {
  const { field } = props;
  const { framework, categories } = scenarioContent(field);
  const matcher = useMemo(() => {
    if (field.source === 'ai-framework') return frameworkMatcher(framework, bigramTokenizer);
    if (field.source === 'evidence-categories') return categoriesMatcher(categories, bigramTokenizer);
    return null;
  }, [field.source, framework, categories]);
  const summaryKey = props.fields.find((f) => f.kind === 'textarea' && f.summary)?.key;
  const str = (k: string | undefined) => (k && typeof props.form[k] === 'string' ? (props.form[k] as string) : '');
  const text = useDebounced(`${str('title')}\n${str(summaryKey)}`, 300);
  const category = typeof props.form.category === 'string' ? props.form.category : undefined;
  const ranked = useMemo(() => (matcher && text.trim().length >= 4 ? matcher.rank(text, { limit: 3, main: field.source === 'evidence-categories' ? category : undefined }) : null), [matcher, text, category, field.source]);
  if (!matcher) return null;

  const scene = (r: RankedScene, micro: boolean) => {
    const label = micro ? `${r.main} / ${r.typical} / ${r.micro}` : field.source === 'ai-framework' ? `${r.main} / ${r.typical}` : r.typical;
    const pick = () =>
      props.onPick(field.source === 'ai-framework' ? { ...(props.form[field.key] as object), main: r.main, typical: r.typical, micro: micro ? r.micro : undefined } : { ...(props.form[field.key] as object), typical: r.typical });
    return (
      <Tag key={label} color={r.relative >= 0.8 ? 'blue' : undefined} style={{ cursor: 'pointer', marginBottom: 4 }} onClick={pick} title="点击填入场景（请自行确认是否合适）">
        {label}
        <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
          {Math.round(r.relative * 100)}%
        </Typography.Text>
      </Tag>
    );
  };

  return (
    <Alert
      type="info"
      showIcon
      icon={<BulbOutlined />}
      style={{ marginTop: 8 }}
      data-testid="scenario-suggestions"
      title={
        <Space size={4}>
          <span>场景建议</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            （{MACHINE_SUGGESTION_LABEL}，依据案例名称和简介自动排序）
          </Typography.Text>
        </Space>
      }
      description={
        !ranked || !ranked.typical.length ? (
          <Typography.Text type="secondary">填写案例名称和简介后，这里会列出与内容最接近的场景。</Typography.Text>
        ) : (
          <div>
            <div>
              <Typography.Text type="secondary">{field.source === 'ai-framework' ? '典型场景：' : '案例场景：'}</Typography.Text>
              {ranked.typical.map((r) => scene(r, false))}
            </div>
            {ranked.micro.length > 0 && (
              <div>
                <Typography.Text type="secondary">微场景：</Typography.Text>
                {ranked.micro.map((r) => scene(r, true))}
              </div>
            )}
          </div>
        )
      }
    />
  );
}
