// The check parameters of a case type (SPEC §3: the file rules' thresholds and wording as call data), edited in the
// call builder's 附件与检查参数 tab: the video's picture, audio, length, parts and on-screen rule; the report's outline,
// text styles and AI label; the courseware's AI label rule and privacy wording. Values are stored as the checker reads
// them (bit/s, seconds, points); the server validates the whole definition on save and its problems appear beside the
// input at their path.
import type { ReactNode } from 'react';
import { AutoComplete, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  APPROPRIATE_AI_LABEL, FONT_SIZES, LITERAL_AI_LABEL, PRIVACY_NO_FACES, REPORT_DEFAULTS, minutesLabel, sizeName,
  type AiLabelRule, type PrivacyItem, type TextStyle, type VideoPartDef,
} from '@anli/domain/rule-params.ts';
import { Item, useErrorAt, type BuilderForm, type Path } from './builderForm.tsx';

// biome-ignore lint/suspicious/noExplicitAny: a draft may be incomplete; it is edited as plain JSON and checked by the server.
type Def = Record<string, any>;

/** Fonts the notices name; any other font can be typed. */
export const COMMON_FONTS = ['黑体', '仿宋_GB2312', '宋体', '楷体_GB2312', '方正小标宋简体', '仿宋', '楷体'];

/** The parts a call times when the organiser switches 分段计时 on (2026's 概述、过程与方法、成效与经验). */
const DEFAULT_PARTS: VideoPartDef[] = [
  { name: '概述', minS: 60, maxS: 120 },
  { name: '过程与方法', minS: 300, maxS: 360 },
  { name: '成效与经验', minS: 60, maxS: 120 },
];

const STYLE_TITLES = { heading1: '一级标题', heading2: '二级标题', body: '正文' } as const;
const BOLD_OPTIONS = [
  { value: 'yes', label: '必须加粗' },
  { value: 'unchecked', label: '不检查' },
];
/** 常用字号：二号 22 磅 · 三号 16 磅 · …, for the hint under a size. */
const SIZE_HINT = FONT_SIZES.filter(([pt]) => [22, 18, 16, 15, 14, 12].includes(pt)).map(([pt, name]) => `${name} ${pt} 磅`).join('，');

/** Inputs side by side that wrap on a narrow screen. */
const Row = ({ children }: { children: ReactNode }) => <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 24 }}>{children}</div>;
const Section = ({ title }: { title: string }) => (
  <Typography.Title level={5} style={{ margin: '8px 0 12px' }}>
    {title}
  </Typography.Title>
);

/** A privacy rule only a person can judge: the rule as the notice words it and the sentence shown to the checker. */
function PrivacyEditor({ form, path, fallback, what }: { form: BuilderForm; path: Path; fallback: PrivacyItem; what: string }) {
  const current = form.val(path) as PrivacyItem | undefined;
  const set = (key: keyof PrivacyItem, value: string) => {
    const next = { ...(current ?? fallback), [key]: value };
    // Both emptied: the call uses the platform's wording again.
    form.update(path, !next.expected && !next.confirm ? undefined : next);
  };
  return (
    <>
      <Item path={[...path, 'expected']} label={`${what}（作者和专家看到的要求）`} extra={current ? undefined : '未填写时使用平台默认的说法（见框内灰字）'}>
        <Input.TextArea aria-label={`${what} 要求`} autoSize={{ minRows: 1, maxRows: 3 }} placeholder={fallback.expected} value={current?.expected ?? ''} onChange={(e) => set('expected', e.target.value)} />
      </Item>
      <Item path={[...path, 'confirm']} label={`${what}（省级管理员人工确认时看到的提示）`}>
        <Input.TextArea aria-label={`${what} 人工确认提示`} autoSize={{ minRows: 1, maxRows: 3 }} placeholder={fallback.confirm} value={current?.confirm ?? ''} onChange={(e) => set('confirm', e.target.value)} />
      </Item>
    </>
  );
}

/** The video's parts: name, length range and the notice's wording, in order; absent when parts are not timed. */
function PartsEditor({ form, path, maxDurationS }: { form: BuilderForm; path: Path; maxDurationS?: number }) {
  const parts = form.val(path) as VideoPartDef[] | undefined;
  const listError = useErrorAt(path);
  const set = (i: number, key: keyof VideoPartDef, value: unknown) => form.update([...path, i, key], value === '' || value === null ? undefined : value);
  const move = (i: number, by: number) => {
    const next = [...(parts ?? [])];
    const [x] = next.splice(i, 1);
    next.splice(i + by, 0, x);
    form.update(path, next);
  };
  return (
    <>
      <Form.Item
        label="分段计时"
        extra={parts ? '作者在表单中填写每部分的开始时间，检查时按下面的时长核对' : '不检查各部分的时长'}
        validateStatus={listError ? 'error' : undefined}
        help={listError}
        style={{ marginBottom: 12 }}
      >
        <Switch
          aria-label="分段计时" checked={!!parts} checkedChildren="计时" unCheckedChildren="不计时"
          onChange={(on) => form.update(path, on ? structuredClone(DEFAULT_PARTS) : undefined)}
        />
      </Form.Item>
      {parts?.map((p, i) => (
        <PartRow key={i} form={form} path={[...path, i]} part={p} index={i} count={parts.length} set={set} move={move} remove={() => form.update(path, parts.filter((_x, j) => j !== i))} />
      ))}
      {parts && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button size="small" icon={<PlusOutlined />} onClick={() => form.update(path, [...parts, { name: `第 ${parts.length + 1} 部分`, maxS: 120 }])}>
            添加部分
          </Button>
          {maxDurationS !== undefined && (
            <Typography.Text type="secondary">各部分最长合计 {minutesLabel(parts.reduce((s, x) => s + (x.maxS ?? 0), 0))}，视频最长 {minutesLabel(maxDurationS)}</Typography.Text>
          )}
        </Space>
      )}
    </>
  );
}

function PartRow(props: {
  form: BuilderForm; path: Path; part: VideoPartDef; index: number; count: number;
  set(i: number, key: keyof VideoPartDef, value: unknown): void; move(i: number, by: number): void; remove(): void;
}) {
  const { path, part: p, index: i, count, set, move, remove } = props;
  const rowError = useErrorAt(path);
  const name = p.name || `第 ${i + 1} 部分`;
  return (
    <div data-testid={`video-part-${i}`} style={{ borderLeft: '3px solid #f0f0f0', paddingLeft: 12, marginBottom: 8 }}>
      <Row>
        <Item path={[...path, 'name']} label={`第 ${i + 1} 部分`}>
          <Input aria-label={`第 ${i + 1} 部分 名称`} value={p.name ?? ''} onChange={(e) => set(i, 'name', e.target.value)} style={{ width: 150 }} />
        </Item>
        <Item path={[...path, 'minS']} label="最短">
          <InputNumber aria-label={`${name} 最短时长`} min={0} suffix="秒" placeholder="不限" value={p.minS ?? null} onChange={(v) => set(i, 'minS', v)} style={{ width: 120 }} />
        </Item>
        <Item path={[...path, 'maxS']} label="最长">
          <InputNumber aria-label={`${name} 最长时长`} min={1} suffix="秒" value={p.maxS ?? null} onChange={(v) => set(i, 'maxS', v)} style={{ width: 120 }} />
        </Item>
        <Item path={[...path, 'note']} label="通知中的说法（可不填）">
          <Input aria-label={`${name} 通知中的说法`} placeholder="如：6分钟左右" value={p.note ?? ''} onChange={(e) => set(i, 'note', e.target.value)} style={{ width: 160 }} />
        </Item>
        <Form.Item label=" " colon={false} style={{ marginBottom: 12 }}>
          <Space size={0}>
            <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={`上移 ${name}`} disabled={i === 0} onClick={() => move(i, -1)} />
            <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label={`下移 ${name}`} disabled={i === count - 1} onClick={() => move(i, 1)} />
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`删除 ${name}`} disabled={count <= 1} onClick={remove} />
          </Space>
        </Form.Item>
      </Row>
      {rowError && <Typography.Text type="danger">{rowError}</Typography.Text>}
    </div>
  );
}

/** A report text style: font (common fonts or typed), size in 磅 with its Chinese name, bold required or not checked. */
function StyleEditor({ form, path, which }: { form: BuilderForm; path: Path; which: keyof typeof STYLE_TITLES }) {
  const title = STYLE_TITLES[which];
  const style: TextStyle = (form.val(path) as TextStyle | undefined) ?? REPORT_DEFAULTS[which];
  const set = (patch: Partial<TextStyle>) => {
    const next: Def = { ...style, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    form.update(path, next);
  };
  const named = typeof style.sizePt === 'number' ? sizeName(style.sizePt) : undefined;
  return (
    <Row>
      <Item path={[...path, 'font']} label={`${title}字体`}>
        <AutoComplete
          aria-label={`${title} 字体`}
          value={style.font}
          options={COMMON_FONTS.map((f) => ({ value: f, label: f }))}
          filterOption={false}
          placeholder="选择或输入字体"
          onChange={(v: string) => set({ font: v })}
          style={{ width: 190 }}
        />
      </Item>
      <Item path={[...path, 'sizePt']} label={`${title}字号`} extra={named ? `即${named}` : '常用字号见下方说明'}>
        <InputNumber aria-label={`${title} 字号`} min={1} suffix="磅" value={style.sizePt ?? null} onChange={(v) => set({ sizePt: v === null ? undefined : Number(v) } as Partial<TextStyle>)} style={{ width: 130 }} />
      </Item>
      <Item path={[...path, 'bold']} label={`${title}加粗`}>
        <Select
          aria-label={`${title} 加粗`}
          value={style.bold === true ? 'yes' : style.bold === false ? 'no' : 'unchecked'}
          options={style.bold === false ? [...BOLD_OPTIONS, { value: 'no', label: '不得加粗' }] : BOLD_OPTIONS}
          onChange={(v: string) => set({ bold: v === 'yes' ? true : v === 'no' ? false : undefined })}
          style={{ width: 130 }}
        />
      </Item>
    </Row>
  );
}

/** The courseware's AI label: a fixed text, or 相应标识 (patterns tried on the text, examples named to authors). */
function AiLabelEditor({ form, path }: { form: BuilderForm; path: Path }) {
  const rule = (form.val(path) as AiLabelRule | undefined) ?? LITERAL_AI_LABEL;
  const set = (next: AiLabelRule) => form.update(path, next);
  const patternsError = useErrorAt([...path, 'patterns']);
  return (
    <>
      <Item path={[...path, 'mode']} label="课件中 AI 生成内容的标注方式">
        <Radio.Group
          optionType="button"
          value={rule.mode}
          options={[{ value: 'literal', label: '固定文字' }, { value: 'appropriate', label: '相应标识' }]}
          onChange={(e) => set(e.target.value === 'literal' ? { ...LITERAL_AI_LABEL } : structuredClone(APPROPRIATE_AI_LABEL))}
        />
      </Item>
      {rule.mode === 'literal' ? (
        <Item path={[...path, 'text']} label="课件 AI 标注文字" extra="课件中 AI 生成的内容须带有这段文字">
          <Input aria-label="课件 AI 标注文字" value={rule.text} onChange={(e) => set({ ...rule, text: e.target.value })} style={{ maxWidth: 320 }} />
        </Item>
      ) : (
        <>
          <Form.Item
            label="识别规则（任一条符合即算已标注）"
            extra="每条是一个正则表达式，不区分大小写，去掉空格后匹配；只写文字（如 人工智能生成）即按文字查找"
            validateStatus={patternsError ? 'error' : undefined}
            help={patternsError}
            style={{ marginBottom: 12 }}
          >
            {rule.patterns.map((p, i) => (
              <Space.Compact key={i} style={{ display: 'flex', marginBottom: 8, maxWidth: 520 }}>
                <PatternInput path={[...path, 'patterns', i]} index={i} value={p} onChange={(v) => set({ ...rule, patterns: rule.patterns.map((x, j) => (j === i ? v : x)) })} />
                <Button danger icon={<DeleteOutlined />} aria-label={`删除识别规则 ${i + 1}`} disabled={rule.patterns.length <= 1} onClick={() => set({ ...rule, patterns: rule.patterns.filter((_x, j) => j !== i) })} />
              </Space.Compact>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => set({ ...rule, patterns: [...rule.patterns, ''] })}>添加识别规则</Button>
          </Form.Item>
          <Item path={[...path, 'examples']} label="提示作者的标注示例">
            <Select
              aria-label="提示作者的标注示例"
              mode="tags"
              value={rule.examples}
              tokenSeparators={['，', ',']}
              onChange={(v: string[]) => set({ ...rule, examples: v })}
              style={{ width: '100%' }}
            />
          </Item>
        </>
      )}
    </>
  );
}

function PatternInput({ path, index, value, onChange }: { path: Path; index: number; value: string; onChange(v: string): void }) {
  const err = useErrorAt(path);
  return (
    <Input
      aria-label={`识别规则 ${index + 1}`}
      status={err ? 'error' : undefined}
      title={err}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** The check-parameter cards of one case type (those of its slots' kinds). */
export function CheckParamsEditor({ type, ti, form }: { type: Def; ti: number; form: BuilderForm }) {
  const { num, text, tags } = form;
  const base: Path = ['caseTypes', ti, 'checkParams'];
  const vp: Path = [...base, 'video'];
  const rp: Path = [...base, 'report'];
  const cp: Path = [...base, 'courseware'];
  const video = type.checkParams?.video as Def | undefined;
  const report = type.checkParams?.report as Def | undefined;
  const slots: Array<{ role?: string }> = type.attachments ?? [];
  const hasCourseware = slots.some((a) => a.role === 'courseware') || !!type.checkParams?.courseware;
  return (
    <>
      {video && (
        <Card size="small" title="视频检查参数" style={{ marginBottom: 12 }}>
          <Form layout="vertical" component="div">
            <Section title="画面" />
            <Row>
              {num([...vp, 'width'], '分辨率宽', { unit: '像素', min: 1 })}
              {num([...vp, 'height'], '分辨率高', { unit: '像素', min: 1 })}
              {num([...vp, 'fps'], '帧率', { unit: 'fps', min: 1 })}
              {num([...vp, 'fpsTolerance'], '帧率允许偏差', { unit: 'fps', step: 0.01, precise: true, extra: '平均帧率与要求相差不超过此值' })}
            </Row>
            <Section title="码率" />
            <Row>
              {num([...vp, 'minBitrate'], '视频码率下限', { scale: 1_000_000, unit: 'Mbps', min: 1 })}
              {num([...vp, 'recommendedBitrate'], '建议导出码率', { scale: 1_000_000, unit: 'Mbps', min: 1, extra: '写进提示作者的导出设置' })}
            </Row>
            <Row>
              {num([...vp, 'audioBitrateMin'], '音频码率下限', { scale: 1000, unit: 'kbps', min: 1 })}
              {num([...vp, 'audioBitrateMax'], '音频码率上限', { scale: 1000, unit: 'kbps', min: 1 })}
              {num([...vp, 'audioBitrateRecommended'], '建议音频码率', { scale: 1000, unit: 'kbps', min: 1, extra: '须在上下限之间' })}
            </Row>
            <Section title="时长与分段" />
            <Row>
              {num([...vp, 'minDurationS'], '最短时长', { unit: '秒' })}
              {num([...vp, 'maxDurationS'], '最长时长', { unit: '秒', min: 1 })}
              {video.parts && num([...vp, 'partToleranceS'], '分段时长允许偏差', { unit: '秒', precise: true, extra: '每个分段的起止可相差的秒数' })}
            </Row>
            <PartsEditor form={form} path={[...vp, 'parts']} maxDurationS={video.maxDurationS} />
            <Section title="出镜要求" />
            <PrivacyEditor form={form} path={[...vp, 'people']} fallback={PRIVACY_NO_FACES.videoPeople} what="出镜要求" />
          </Form>
        </Card>
      )}
      {report && (
        <Card size="small" title="总结报告检查参数" style={{ marginBottom: 12 }}>
          <Form layout="vertical" component="div">
            {num([...rp, 'maxChars'], '正文字数上限', { unit: '字', min: 1 })}
            {tags([...rp, 'outline'], '一级标题（依次）')}
            <Section title="字体与字号" />
            <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>常用字号：{SIZE_HINT}。加粗选“不检查”时不核对粗细。</Typography.Paragraph>
            {(Object.keys(STYLE_TITLES) as Array<keyof typeof STYLE_TITLES>).map((k) => (
              <StyleEditor key={k} form={form} path={[...rp, k]} which={k} />
            ))}
            {num([...rp, 'lineSpacingPt'], '正文行距（固定值）', { unit: '磅', min: 1, precise: true })}
            <Section title="AI 生成内容标注" />
            {text([...rp, 'aiLabel'], '报告 AI 标注文字', '作者声明使用了 AI 生成的内容时，报告中须带有这段文字')}
          </Form>
        </Card>
      )}
      {hasCourseware && (
        <Card size="small" title="课件检查参数" style={{ marginBottom: 12 }}>
          <Form layout="vertical" component="div">
            <AiLabelEditor form={form} path={[...cp, 'aiLabel']} />
            <Section title="隐私保护" />
            <PrivacyEditor form={form} path={[...cp, 'privacy']} fallback={PRIVACY_NO_FACES.courseware} what="课件隐私保护要求" />
          </Form>
        </Card>
      )}
    </>
  );
}
