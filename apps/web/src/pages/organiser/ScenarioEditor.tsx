// The call builder's editor of a scenario field's suggestions: the framework (主场景 → 典型场景 with 说明 → 微场景)
// or the category suggestions (类别 → 定位, 参考场景, 内容示例), shown in a drawer from the field's row. Until the
// organiser edits, the field uses the notice's content; the first edit writes a copy into the call, and
// “恢复为通知原文” removes it again. The offered 主场景 follow renames, additions and deletions of main scenes.
import { useState, type ReactNode } from 'react';
import { Button, Card, Collapse, Drawer, Flex, Form, Input, Popconfirm, Select, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { builtinScenarioContent, scenarioContent, type ScenarioFieldDef } from '@anli/domain/calls/scenario-content.ts';
import type { MainScene } from '@anli/domain/calls/scenario-framework.ts';
import type { CategorySuggestion } from '@anli/domain/calls/evidence-categories.ts';
import { formatPath } from '@anli/domain/calls/validate.ts';

type Path = Array<string | number>;

interface Props {
  field: ScenarioFieldDef;
  /** The field's path in the definition (caseTypes, i, fields, j). */
  path: Path;
  update(path: Path, value: unknown): void;
  /** The server's problems with the saved definition, by path. */
  errors: Map<string, string>;
}

/** A labelled input whose problem (by path) is shown under it. */
function Row({ label, at, errors, children }: { label: ReactNode; at: Path; errors: Map<string, string>; children: ReactNode }) {
  const err = errors.get(formatPath(at));
  return (
    <Form.Item label={label} validateStatus={err ? 'error' : undefined} help={err} style={{ marginBottom: 8 }}>
      {children}
    </Form.Item>
  );
}

const unused = (names: string[], base: string) => {
  let n = 1;
  while (names.includes(n === 1 ? base : `${base}${n}`)) n++;
  return n === 1 ? base : `${base}${n}`;
};

/** The summary and the button of a scenario field's row; the editor opens in a drawer. */
export function ScenarioEditor({ field, path, update, errors }: Props) {
  const [open, setOpen] = useState(false);
  if (field.source === 'free') return <Typography.Text type="secondary">作者自由填写，无参考内容</Typography.Text>;
  const content = scenarioContent(field);
  const own = formatPath(path);
  const problems = [...errors.keys()].filter((p) => p.startsWith(`${own}.framework`) || p.startsWith(`${own}.categories`) || p.startsWith(`${own}.mainScenes`)).length;
  const summary =
    field.source === 'ai-framework'
      ? `${content.framework.length} 个主场景，${content.framework.reduce((n, m) => n + m.typicalScenes.length, 0)} 个典型场景`
      : `${content.categories.length} 个类别`;
  return (
    <Flex vertical gap={4} align="flex-start">
      <Typography.Text>
        {summary}
        <Tag style={{ marginLeft: 6 }} color={content.edited ? 'processing' : undefined}>{content.edited ? '已修改' : '通知原文'}</Tag>
      </Typography.Text>
      {problems > 0 && <Typography.Text type="danger">有 {problems} 处问题</Typography.Text>}
      <Button size="small" onClick={() => setOpen(true)} aria-label={`编辑“${field.label}”的场景参考`}>
        编辑场景参考
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={`“${field.label}”的场景参考`}
        size="min(760px, 100vw)"
        destroyOnHidden
        extra={<Button type="primary" onClick={() => setOpen(false)}>完成</Button>}
      >
        <ScenarioContentEditor field={field} path={path} update={update} errors={errors} />
      </Drawer>
    </Flex>
  );
}

function ScenarioContentEditor({ field, path, update, errors }: Props) {
  const content = scenarioContent(field);
  const builtin = builtinScenarioContent(field.source);
  const reset = () => {
    if (field.source === 'ai-framework') {
      update([...path, 'framework'], undefined);
      const names = builtin.framework.map((m) => m.name);
      // Main scenes renamed or added in the copy are gone with it: offer the notice's main scenes again.
      if (field.mainScenes.some((m) => !names.includes(m))) update([...path, 'mainScenes'], names);
    } else update([...path, 'categories'], undefined);
  };
  return (
    <Form layout="vertical" component="div">
      <Typography.Paragraph type="secondary">
        作者填写此字段时看到的参考内容，平台也据此给出场景建议。未修改时使用通知原文；作者始终可以自行填写。
      </Typography.Paragraph>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Tag color={content.edited ? 'processing' : undefined}>{content.edited ? '已修改' : '通知原文'}</Tag>
        <Popconfirm title="恢复为通知原文？" description="本活动对场景参考所做的修改将全部放弃" okText="恢复" cancelText="取消" onConfirm={reset} disabled={!content.edited}>
          <Button size="small" disabled={!content.edited}>恢复为通知原文</Button>
        </Popconfirm>
      </Flex>
      {field.source === 'ai-framework' && (
        <Form.Item label="允许填写“其他”主场景" style={{ marginBottom: 12 }}>
          <Switch aria-label="允许填写“其他”" checked={field.allowOther !== false} onChange={(v) => update([...path, 'allowOther'], v)} checkedChildren="允许" unCheckedChildren="不允许" />
        </Form.Item>
      )}
      {errors.get(formatPath([...path, 'mainScenes'])) && <Typography.Paragraph type="danger">{errors.get(formatPath([...path, 'mainScenes']))}</Typography.Paragraph>}
      {field.source === 'ai-framework' ? (
        <FrameworkEditor field={field} framework={content.framework} path={path} update={update} errors={errors} />
      ) : (
        <CategoriesEditor categories={content.categories} path={path} update={update} errors={errors} />
      )}
    </Form>
  );
}

function FrameworkEditor({ field, framework, path, update, errors }: Props & { framework: MainScene[] }) {
  const at = [...path, 'framework'];
  const set = (next: MainScene[]) => update(at, next);
  const edit = (fn: (draft: MainScene[]) => void) => {
    const draft = structuredClone(framework);
    fn(draft);
    set(draft);
  };
  const renameMain = (mi: number, name: string) => {
    const old = framework[mi]!.name;
    edit((d) => { d[mi]!.name = name; });
    if (field.mainScenes.includes(old)) update([...path, 'mainScenes'], field.mainScenes.map((m) => (m === old ? name : m)));
  };
  const addMain = () => {
    const name = unused(framework.map((m) => m.name), '新主场景');
    edit((d) => { d.push({ name, typicalScenes: [{ name: '新典型场景', description: '', microScenes: [] }] }); });
    update([...path, 'mainScenes'], [...field.mainScenes, name]);
  };
  const removeMain = (mi: number) => {
    const old = framework[mi]!.name;
    edit((d) => { d.splice(mi, 1); });
    update([...path, 'mainScenes'], field.mainScenes.filter((m) => m !== old));
  };
  return (
    <>
      {errors.get(formatPath(at)) && <Typography.Paragraph type="danger">{errors.get(formatPath(at))}</Typography.Paragraph>}
      <Collapse
        items={framework.map((m, mi) => ({
          key: String(mi),
          label: `主场景：${m.name.trim() || '（未命名）'}`,
          extra: <Typography.Text type="secondary">{m.typicalScenes.length} 个典型场景</Typography.Text>,
          children: (
            <div data-testid={`main-scene-${mi}`}>
              <Row label={`主场景 ${mi + 1} 名称`} at={[...at, mi, 'name']} errors={errors}>
                <Flex gap={8}>
                  <Input aria-label={`主场景 ${mi + 1} 名称`} value={m.name} onChange={(e) => renameMain(mi, e.target.value)} />
                  <Popconfirm title={`删除主场景“${m.name}”及其典型场景？`} okText="删除" cancelText="取消" onConfirm={() => removeMain(mi)}>
                    <Button danger icon={<DeleteOutlined />} aria-label={`删除主场景 ${m.name}`} />
                  </Popconfirm>
                </Flex>
              </Row>
              {errors.get(formatPath([...at, mi, 'typicalScenes'])) && <Typography.Paragraph type="danger">{errors.get(formatPath([...at, mi, 'typicalScenes']))}</Typography.Paragraph>}
              {m.typicalScenes.map((t, ti) => {
                const tp = [...at, mi, 'typicalScenes', ti];
                const label = `主场景 ${mi + 1} 典型场景 ${ti + 1}`;
                const microErr = t.microScenes.map((_x, k) => errors.get(formatPath([...tp, 'microScenes', k]))).find(Boolean);
                return (
                  <Card
                    key={ti}
                    size="small"
                    style={{ marginBottom: 8 }}
                    title={`典型场景 ${ti + 1}`}
                    extra={<Button size="small" danger type="text" icon={<DeleteOutlined />} aria-label={`删除典型场景 ${t.name}`} onClick={() => edit((d) => { d[mi]!.typicalScenes.splice(ti, 1); })} />}
                  >
                    <Row label="名称" at={[...tp, 'name']} errors={errors}>
                      <Input aria-label={`${label} 名称`} value={t.name} onChange={(e) => edit((d) => { d[mi]!.typicalScenes[ti]!.name = e.target.value; })} />
                    </Row>
                    <Row label="说明（作者选中该典型场景时看到）" at={[...tp, 'description']} errors={errors}>
                      <Input.TextArea aria-label={`${label} 说明`} autoSize={{ minRows: 2, maxRows: 6 }} value={t.description} onChange={(e) => edit((d) => { d[mi]!.typicalScenes[ti]!.description = e.target.value; })} />
                    </Row>
                    <Form.Item label="微场景（输入后按回车添加）" validateStatus={microErr ? 'error' : undefined} help={microErr} style={{ marginBottom: 0 }}>
                      <Select
                        aria-label={`${label} 微场景`}
                        mode="tags"
                        open={false}
                        suffixIcon={null}
                        tokenSeparators={['，', ',', '、']}
                        value={t.microScenes}
                        onChange={(v: string[]) => edit((d) => { d[mi]!.typicalScenes[ti]!.microScenes = v.map((x) => x.trim()).filter(Boolean); })}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Card>
                );
              })}
              <Button size="small" icon={<PlusOutlined />} onClick={() => edit((d) => { d[mi]!.typicalScenes.push({ name: unused(m.typicalScenes.map((t) => t.name), '新典型场景'), description: '', microScenes: [] }); })}>
                添加典型场景
              </Button>
            </div>
          ),
        }))}
      />
      <Button style={{ marginTop: 12 }} icon={<PlusOutlined />} onClick={addMain}>添加主场景</Button>
    </>
  );
}

function CategoriesEditor({ categories, path, update, errors }: Omit<Props, 'field'> & { categories: CategorySuggestion[] }) {
  const at = [...path, 'categories'];
  const edit = (fn: (draft: CategorySuggestion[]) => void) => {
    const draft = structuredClone(categories);
    fn(draft);
    update(at, draft);
  };
  return (
    <>
      <Typography.Paragraph type="secondary">类别名称须与表单中“案例类别”的选项一致，作者选了该类别才会看到对应的参考场景。</Typography.Paragraph>
      {errors.get(formatPath(at)) && <Typography.Paragraph type="danger">{errors.get(formatPath(at))}</Typography.Paragraph>}
      <Collapse
        items={categories.map((c, ci) => ({
          key: String(ci),
          label: `类别：${c.category.trim() || '（未命名）'}`,
          extra: <Typography.Text type="secondary">{c.scenes.length} 个参考场景</Typography.Text>,
          children: (
            <div data-testid={`category-${ci}`}>
              <Row label="类别名称" at={[...at, ci, 'category']} errors={errors}>
                <Flex gap={8}>
                  <Input aria-label={`类别 ${ci + 1} 名称`} value={c.category} onChange={(e) => edit((d) => { d[ci]!.category = e.target.value; })} />
                  <Popconfirm title={`删除类别“${c.category}”？`} okText="删除" cancelText="取消" onConfirm={() => edit((d) => { d.splice(ci, 1); })}>
                    <Button danger icon={<DeleteOutlined />} aria-label={`删除类别 ${c.category}`} />
                  </Popconfirm>
                </Flex>
              </Row>
              <Row label="定位" at={[...at, ci, 'aim']} errors={errors}>
                <Input.TextArea aria-label={`类别 ${ci + 1} 定位`} autoSize={{ minRows: 1, maxRows: 4 }} value={c.aim} onChange={(e) => edit((d) => { d[ci]!.aim = e.target.value; })} />
              </Row>
              <Form.Item
                label="参考场景（输入后按回车添加）"
                validateStatus={c.scenes.some((_x, k) => errors.has(formatPath([...at, ci, 'scenes', k]))) ? 'error' : undefined}
                help={c.scenes.map((_x, k) => errors.get(formatPath([...at, ci, 'scenes', k]))).find(Boolean)}
                style={{ marginBottom: 8 }}
              >
                <Select
                  aria-label={`类别 ${ci + 1} 参考场景`}
                  mode="tags"
                  open={false}
                  suffixIcon={null}
                  tokenSeparators={['，', ',', '、']}
                  value={c.scenes}
                  onChange={(v: string[]) => edit((d) => { d[ci]!.scenes = v.map((x) => x.trim()).filter(Boolean); })}
                  style={{ width: '100%' }}
                />
              </Form.Item>
              <Typography.Text strong>内容示例</Typography.Text>
              {c.examples.map((e, ei) => (
                <Card
                  key={ei}
                  size="small"
                  style={{ margin: '8px 0' }}
                  title={`示例 ${ei + 1}`}
                  extra={<Button size="small" danger type="text" icon={<DeleteOutlined />} aria-label={`删除内容示例 ${e.title}`} onClick={() => edit((d) => { d[ci]!.examples.splice(ei, 1); })} />}
                >
                  <Row label="标题" at={[...at, ci, 'examples', ei, 'title']} errors={errors}>
                    <Input aria-label={`类别 ${ci + 1} 示例 ${ei + 1} 标题`} value={e.title} onChange={(x) => edit((d) => { d[ci]!.examples[ei]!.title = x.target.value; })} />
                  </Row>
                  <Row label="说明" at={[...at, ci, 'examples', ei, 'description']} errors={errors}>
                    <Input.TextArea aria-label={`类别 ${ci + 1} 示例 ${ei + 1} 说明`} autoSize={{ minRows: 2, maxRows: 6 }} value={e.description} onChange={(x) => edit((d) => { d[ci]!.examples[ei]!.description = x.target.value; })} />
                  </Row>
                </Card>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => edit((d) => { d[ci]!.examples.push({ title: '新示例', description: '' }); })}>添加内容示例</Button>
            </div>
          ),
        }))}
      />
      <Button style={{ marginTop: 12 }} icon={<PlusOutlined />} onClick={() => edit((d) => { d.push({ category: unused(categories.map((c) => c.category), '新类别'), aim: '', scenes: [], examples: [] }); })}>
        添加类别
      </Button>
    </>
  );
}
