// The 信息表 of each case type as a renderer-neutral table model: the DOCX and PDF writers draw the same model.
// One layout function per case type (the notices' forms differ), keyed by case type id; labels come from the
// call definition's fields wherever the form uses them.
import type { CallDef, CaseTypeDef, FieldDef, SubFieldDef } from '@anli/domain/calls/schema.ts';

/** An inline piece of a paragraph: plain text, or a check box with its option label (kept on one line). */
export type Inline = { kind: 'text'; text: string } | { kind: 'option'; label: string; checked: boolean };

export interface Para {
  inlines: Inline[];
  /** Overrides the cell's alignment for this paragraph (e.g. a right-aligned signature line). */
  align?: 'left' | 'center' | 'right';
}

export interface FormCell {
  paras: Para[];
  colSpan?: number;
  rowSpan?: number;
  align: 'left' | 'center' | 'right';
  vAlign: 'top' | 'center' | 'bottom';
}

export interface FormRow {
  cells: FormCell[];
  /** Minimum height in points. */
  minHeight?: number;
  /** The row may split across pages (the long summary). */
  breakable?: boolean;
}

export interface InfoFormLayout {
  title: string;
  /** Relative widths of the grid columns; the writers scale them to the page's text width. */
  columns: number[];
  /** Rows in order. Like HTML tables, a row omits the grid positions covered by a rowSpan from above. */
  rows: FormRow[];
}

export type FormData = Record<string, unknown>;

/** Font size of all table text: 5号 = 10.5 pt. */
export const BODY_SIZE_PT = 10.5;
/** Font size of the title line: 三号 = 16 pt. */
export const TITLE_SIZE_PT = 16;
/** Default minimum row height (about 0.85 cm, as in the printed forms). */
export const ROW_MIN_PT = 24;
/** Height of the summary cell when the summary is short (the printed forms leave a tall box). */
export const SUMMARY_MIN_PT = 130;

export const CHECKED = '☑';
export const UNCHECKED = '☐';

// ---------- small helpers ----------

const text = (t: string): Inline => ({ kind: 'text', text: t });
const para = (t: string, align?: Para['align']): Para => ({ inlines: t ? [text(t)] : [], ...(align ? { align } : {}) });
const blank = (): Para => ({ inlines: [] });

/** A label cell: centred both ways. Multi-line labels pass several strings. */
const labelCell = (lines: string | string[], opts: Partial<FormCell> = {}): FormCell => ({
  paras: (Array.isArray(lines) ? lines : [lines]).map((l) => para(l)),
  align: 'center',
  vAlign: 'center',
  ...opts,
});

/** A value cell: left-aligned, vertically centred; user text keeps its line breaks as paragraphs. */
const valueCell = (value: string, opts: Partial<FormCell> = {}): FormCell => ({
  paras: value ? value.split(/\r?\n/).map((l) => para(l)) : [blank()],
  align: 'left',
  vAlign: 'center',
  ...opts,
});

const cell = (paras: Para[], opts: Partial<FormCell> = {}): FormCell => ({ paras, align: 'left', vAlign: 'center', ...opts });

function str(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  return '';
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

function fieldOf(type: CaseTypeDef, key: string): FieldDef {
  const f = type.fields.find((x) => x.key === key);
  if (!f) throw new Error(`${type.id}: the info form needs field ${key}, which the call does not define`);
  return f;
}

function maybeField(type: CaseTypeDef, key: string): FieldDef | undefined {
  return type.fields.find((x) => x.key === key);
}

function groupOf(type: CaseTypeDef, key: string): Extract<FieldDef, { kind: 'group' }> {
  const f = fieldOf(type, key);
  if (f.kind !== 'group') throw new Error(`${type.id}: field ${key} must be a group`);
  return f;
}

function sub(group: Extract<FieldDef, { kind: 'group' }>, key: string): SubFieldDef | undefined {
  return group.fields.find((s) => s.key === key);
}

/** "作者信息（排序填写，最多 3 人）" → ["作者信息", "（排序填写，最多 3 人）"]. */
export function splitLabel(label: string): [string, string] {
  const i = label.search(/[（(]/);
  return i > 0 ? [label.slice(0, i), label.slice(i)] : [label, ''];
}

/** Option values of a select (field or sub-field). */
function optionValues(f: { options?: { value: string; label: string }[] } | undefined): { value: string; label: string }[] {
  return f?.options ?? [];
}

/**
 * Check boxes for each option, the chosen one ticked. A value outside the options (allowOther) ticks 其他 and
 * writes the value after it.
 */
function optionInlines(options: { value: string; label: string }[], chosen: string, separator = '　'): Inline[] {
  const known = options.some((o) => o.value === chosen);
  const out: Inline[] = [];
  options.forEach((o, i) => {
    if (i > 0) out.push(text(separator));
    const isOther = o.value === '其他';
    const checked = o.value === chosen || (isOther && !known && chosen !== '');
    const label = isOther && checked && !known ? `${o.label}（${chosen}）` : o.label;
    out.push({ kind: 'option', label, checked });
  });
  return out;
}

/** One option per paragraph, as the printed forms stack the tool types and fees. */
function optionParas(options: { value: string; label: string }[], chosen: string): Para[] {
  return optionInlines(options, chosen).filter((i) => i.kind === 'option').map((i) => ({ inlines: [i] }));
}

/** "（不超过 300 字）" and the help text without its own length note, as the printed forms word the summary box. */
function summaryHeading(f: FieldDef): Para[] {
  const maxChars = 'maxChars' in f ? f.maxChars : undefined;
  const help = (f.help ?? '').replace(/[，,]?\s*不超过\s*\d+\s*字[。.]?$/, '');
  const out = [para(`${f.label}${maxChars ? `（不超过 ${maxChars} 字）` : ''}`)];
  if (help) out.push(para(`（${help}）`));
  return out;
}

function summaryRow(f: FieldDef, form: FormData, span: number): FormRow[] {
  return [
    { cells: [cell(summaryHeading(f), { colSpan: span, align: 'center' })] },
    {
      cells: [valueCell(str(form[f.key]), { colSpan: span, vAlign: 'top' })],
      minHeight: SUMMARY_MIN_PT,
      breakable: true,
    },
  ];
}

const UNDERLINE = '______________';

function declarationCell(type: CaseTypeDef, signatureLine: string, span: number): FormCell {
  const f = maybeField(type, 'declaration');
  const statement = f && f.kind === 'declaration' ? f.text : '';
  return cell([para(statement), blank(), para(signatureLine, 'right')], { colSpan: span });
}

/** Tool rows: the heading, the two tool names, then each tool's 类型 and 收费 boxes (four cells). */
function toolRows(type: CaseTypeDef, form: FormData, spans: { name: number; kind: number; fee: number }): { label: string; rows: FormRow[] } {
  const g = groupOf(type, 'tools');
  const [main, note] = splitLabel(g.label);
  const tools = list(form[g.key]);
  const nameLabel = sub(g, 'name')?.label ?? '名称';
  const typeOpts = optionValues(sub(g, 'type'));
  const feeOpts = optionValues(sub(g, 'fee'));
  const slots = Math.max(2, Math.min(g.max, tools.length));
  const names: FormCell[] = [];
  const boxes: FormCell[] = [];
  for (let i = 0; i < slots; i++) {
    const t = tools[i] ?? {};
    names.push(cell([para(`${g.itemLabel} ${i + 1} ${nameLabel}：${str(t.name)}`)], { colSpan: spans.name }));
    boxes.push(cell(optionParas(typeOpts, str(t.type)), { colSpan: spans.kind }));
    boxes.push(cell(optionParas(feeOpts, str(t.fee)), { colSpan: spans.fee, vAlign: 'center' }));
  }
  return {
    label: main,
    rows: [
      { cells: [cell([para(`${main}名称及类型${note}`)], { colSpan: spans.name * slots })] },
      { cells: names },
      { cells: boxes },
    ],
  };
}

// ---------- 2025 附件2: 教师人工智能应用案例信息表 ----------

function aiApplicationLayout(_call: CallDef, type: CaseTypeDef, form: FormData): InfoFormLayout {
  // Grid: label | 60 | 50 | 100 | 60 | 50 | 100 (relative widths).
  const columns = [62, 60, 50, 100, 60, 50, 100];
  const rows: FormRow[] = [];
  const title = fieldOf(type, type.titleField);
  rows.push({ cells: [labelCell(title.label), valueCell(str(form[title.key]), { colSpan: 6 })] });

  const authors = groupOf(type, type.authorsField);
  const a = list(form[authors.key])[0] ?? {};
  const sl = (k: string, fallback: string) => sub(authors, k)?.label ?? fallback;
  rows.push({
    cells: [
      labelCell(splitLabel(authors.label)[0], { rowSpan: 2 }),
      labelCell(sl('name', '姓名')),
      valueCell(str(a.name), { colSpan: 2 }),
      labelCell(sl('unit', '工作单位')),
      valueCell(str(a.unit), { colSpan: 2 }),
    ],
  });
  rows.push({
    cells: [
      labelCell(sl('position', '职务/职称')),
      valueCell(str(a.position), { colSpan: 2 }),
      labelCell(sl('mobile', '手机号码')),
      valueCell(str(a.mobile), { colSpan: 2 }),
    ],
  });

  const stage = fieldOf(type, 'stage');
  const subject = fieldOf(type, 'subject');
  rows.push({
    cells: [
      labelCell(`${stage.label}${subject.label.split('/')[0]}`, { rowSpan: 2 }),
      labelCell(stage.label),
      cell([{ inlines: optionInlines(optionValues(stage.kind === 'select' ? stage : undefined), str(form[stage.key])) }], { colSpan: 5 }),
    ],
  });
  rows.push({ cells: [labelCell(subject.label), valueCell(str(form[subject.key]), { colSpan: 5 })] });

  const tools = toolRows(type, form, { name: 3, kind: 2, fee: 1 });
  tools.rows[0]!.cells.unshift(labelCell(tools.label, { rowSpan: 3 }));
  rows.push(...tools.rows);

  const sc = fieldOf(type, 'scenario');
  const s = obj(form[sc.key]);
  const mainScenes = sc.kind === 'scenario' ? sc.mainScenes : [];
  const allowOther = sc.kind === 'scenario' ? sc.allowOther : false;
  const mainChosen = str(s.main);
  const mainParas: Para[] = mainScenes.map((m) => ({ inlines: [{ kind: 'option', label: m, checked: m === mainChosen }] }));
  if (allowOther) {
    const other = mainChosen === '其他' || (mainChosen !== '' && !mainScenes.includes(mainChosen));
    const desc = str(s.otherDescription) || (other && mainChosen !== '其他' ? mainChosen : '');
    mainParas.push({ inlines: [{ kind: 'option', label: other && desc ? `其他（${desc}）` : '其他（请描述）', checked: other }] });
  }
  rows.push({
    cells: [
      labelCell(sc.label, { rowSpan: 2 }),
      labelCell(['主场景', '（请选择）'], { colSpan: 2 }),
      labelCell(['典型场景', '（对照附件 1 填写，也可自定义）'], { colSpan: 2 }),
      labelCell(['微场景', '（对照附件 1 填写，也可自定义）'], { colSpan: 2 }),
    ],
  });
  rows.push({
    cells: [
      cell(mainParas, { colSpan: 2 }),
      valueCell(str(s.typical), { colSpan: 2, align: 'center' }),
      valueCell(str(s.micro), { colSpan: 2, align: 'center' }),
    ],
    minHeight: 40,
  });

  rows.push(...summaryRow(fieldOf(type, type.summaryField), form, 7));

  const decl = fieldOf(type, 'declaration');
  rows.push({ cells: [labelCell(decl.label), declarationCell(type, `作者签名：${UNDERLINE}　　　　年　　月　　日`, 6)], minHeight: 60 });

  const unit = fieldOf(type, 'unitOpinion');
  const opinion = str(form[unit.key]);
  rows.push({
    cells: [
      labelCell(unit.label.length > 4 ? [unit.label.slice(0, 4), unit.label.slice(4)] : unit.label),
      cell([...(opinion ? opinion.split(/\r?\n/).map((l) => para(l)) : [blank()]), blank(), para('单位（盖章）', 'right'), para('年　　月　　日', 'right')], {
        colSpan: 6,
      }),
    ],
    minHeight: 90,
  });
  return { title: type.name.endsWith('信息表') ? type.name : `${type.name}信息表`, columns, rows };
}

// ---------- 2026 附5.1 / 附5.2: shared pieces ----------

const COLUMNS_2026 = [84, 90, 116, 96, 96];

function authorRows2026(type: CaseTypeDef, form: FormData): FormRow[] {
  const g = groupOf(type, type.authorsField);
  const [main, note] = splitLabel(g.label);
  const authors = list(form[g.key]);
  const keys = ['name', 'unit', 'position', 'mobile'];
  const n = Math.max(g.max, authors.length);
  const rows: FormRow[] = [
    {
      cells: [
        labelCell(note ? [main, note] : [main], { rowSpan: n + 1 }),
        ...keys.map((k) => labelCell(sub(g, k)?.label ?? k)),
      ],
    },
  ];
  for (let i = 0; i < n; i++) {
    const a = authors[i] ?? {};
    rows.push({ cells: keys.map((k) => valueCell(str(a[k]), { align: 'center' })) });
  }
  return rows;
}

function selectRow(type: CaseTypeDef, key: string, form: FormData): FormRow {
  const f = fieldOf(type, key);
  const opts = f.kind === 'select' ? f.options : [];
  return { cells: [labelCell(f.label), cell([{ inlines: optionInlines(opts, str(form[key])) }], { colSpan: 4 })] };
}

function textRow(type: CaseTypeDef, key: string, form: FormData): FormRow {
  const f = fieldOf(type, key);
  return { cells: [labelCell(f.label), valueCell(str(form[key]), { colSpan: 4 })] };
}

function closingRows2026(type: CaseTypeDef, form: FormData): FormRow[] {
  const rows: FormRow[] = [];
  const decl = fieldOf(type, 'declaration');
  rows.push({
    cells: [labelCell(decl.label), declarationCell(type, `作者签名：${UNDERLINE}　　日期：　　年　　月　　日`, 4)],
    minHeight: 60,
  });
  const unit = fieldOf(type, 'unitOpinion');
  const opinion = str(form[unit.key]);
  const [first, ...rest] = opinion ? opinion.split(/\r?\n/) : [''];
  rows.push({
    cells: [
      labelCell(unit.label),
      cell(
        [para(`单位意见：${first}`), ...rest.map((l) => para(l)), blank(), para('单位名称（公章）：', 'right'), para('年　　月　　日', 'right')],
        { colSpan: 4 },
      ),
    ],
    minHeight: 100,
  });
  const consent = maybeField(type, 'consent');
  if (consent && consent.kind === 'declaration') rows.push({ cells: [cell([para(consent.text)], { colSpan: 5 })] });
  return rows;
}

// ---------- 2026 附5.1: 人机协同循证教研案例信息表 ----------

function evidenceResearchLayout(_call: CallDef, type: CaseTypeDef, form: FormData): InfoFormLayout {
  const rows: FormRow[] = [];
  rows.push(textRow(type, type.titleField, form));
  rows.push(selectRow(type, 'category', form));
  rows.push(...authorRows2026(type, form));

  const sc = fieldOf(type, 'scenario');
  const s = obj(form[sc.key]);
  const scene = [str(s.typical), str(s.micro), str(s.otherDescription)].filter(Boolean).join('；');
  rows.push({ cells: [labelCell(sc.label), valueCell(scene, { colSpan: 4 })] });

  const tools = toolRows(type, form, { name: 2, kind: 1, fee: 1 });
  tools.rows[0]!.cells.unshift(labelCell(tools.label, { rowSpan: 3 }));
  rows.push(...tools.rows);

  rows.push(...summaryRow(fieldOf(type, type.summaryField), form, 5));
  rows.push(...closingRows2026(type, form));
  return { title: `${type.name}信息表`, columns: COLUMNS_2026, rows };
}

// ---------- 2026 附5.2: 名师线上工作室研修案例信息表 ----------

function onlineStudioLayout(_call: CallDef, type: CaseTypeDef, form: FormData): InfoFormLayout {
  const rows: FormRow[] = [];
  rows.push(textRow(type, type.titleField, form));
  rows.push(textRow(type, 'studioUrl', form));
  rows.push(selectRow(type, 'level', form));
  rows.push(selectRow(type, 'studioType', form));
  rows.push(textRow(type, 'theme', form));
  rows.push(...authorRows2026(type, form));
  rows.push(textRow(type, 'subjectArea', form));
  rows.push(...summaryRow(fieldOf(type, type.summaryField), form, 5));
  rows.push(...closingRows2026(type, form));
  return { title: `${type.name}信息表`, columns: COLUMNS_2026, rows };
}

// ---------- any other case type: a plain label | value table from its fields ----------

function genericLayout(_call: CallDef, type: CaseTypeDef, form: FormData): InfoFormLayout {
  const rows: FormRow[] = [];
  for (const f of type.fields) {
    const v = form[f.key];
    switch (f.kind) {
      case 'text':
        rows.push({ cells: [labelCell(f.label), valueCell(str(v), { colSpan: 4 })] });
        break;
      case 'textarea':
        if (f.summary) rows.push(...summaryRow(f, form, 5));
        else rows.push({ cells: [labelCell(f.label), valueCell(str(v), { colSpan: 4 })], minHeight: 60 });
        break;
      case 'select':
        rows.push({ cells: [labelCell(f.label), cell([{ inlines: optionInlines(f.options, str(v)) }], { colSpan: 4 })] });
        break;
      case 'group': {
        const items = list(v);
        const shown = f.fields.slice(0, 4);
        const n = Math.max(1, items.length);
        const span = (i: number) => (i === shown.length - 1 ? 4 - (shown.length - 1) : 1);
        rows.push({ cells: [labelCell(splitLabel(f.label), { rowSpan: n + 1 }), ...shown.map((s, i) => labelCell(s.label, { colSpan: span(i) }))] });
        for (let r = 0; r < n; r++) {
          const it = items[r] ?? {};
          rows.push({ cells: shown.map((s, i) => valueCell(str(it[s.key]), { colSpan: span(i), align: 'center' })) });
        }
        break;
      }
      case 'scenario': {
        const s = obj(v);
        const parts = [str(s.main), str(s.typical), str(s.micro), str(s.otherDescription)].filter(Boolean);
        rows.push({ cells: [labelCell(f.label), valueCell(parts.join('；'), { colSpan: 4 })] });
        break;
      }
      case 'declaration':
        rows.push({ cells: [labelCell(f.label), cell([{ inlines: [{ kind: 'option', label: f.text, checked: v === true }] }], { colSpan: 4 })] });
        break;
    }
  }
  return { title: `${type.name}信息表`, columns: COLUMNS_2026, rows };
}

type LayoutFn = (call: CallDef, type: CaseTypeDef, form: FormData) => InfoFormLayout;

/** The notice's form per case type id; a case type not listed gets the plain table. */
export const INFOFORM_LAYOUTS: Readonly<Record<string, LayoutFn>> = {
  'ai-application': aiApplicationLayout,
  'evidence-research': evidenceResearchLayout,
  'online-studio': onlineStudioLayout,
};

/** Builds the table model of a case's 信息表. */
export function buildInfoFormLayout(call: CallDef, type: CaseTypeDef, form: FormData): InfoFormLayout {
  const fn = INFOFORM_LAYOUTS[type.id] ?? genericLayout;
  return fn(call, type, form ?? {});
}

/** The plain text of a paragraph, with check boxes as ☑/☐. */
export function paraText(p: Para): string {
  return p.inlines.map((i) => (i.kind === 'text' ? i.text : `${i.checked ? CHECKED : UNCHECKED}${i.label}`)).join('');
}
