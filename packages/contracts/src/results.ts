// Results and the public case library: the organiser's publication list, the public results list and its Excel, and
// the library. The lists page, sort and filter on the server ({ items, total, page, pageSize }); the Excel export takes
// the same filters and writes every matching row.
import { z } from 'zod';
import { Id, IsoTime, pageOf, pageQuery } from './common.ts';

export const CaseIdParams = z.object({ caseId: Id });

/** An empty query value ("") means “no filter”. */
const filterText = (max: number) => z.string().max(max).optional();

/** A published case as the public sees it: names and the first author's unit, never a phone number. */
export const PublishedCase = z.object({
  id: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  caseType: z.string(),
  caseTypeName: z.string(),
  title: z.string(),
  authors: z.array(z.string()),
  unit: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  award: z.string(),
  publishedAt: IsoTime,
  inLibrary: z.boolean(),
});
export type PublishedCase = z.infer<typeof PublishedCase>;

/** A value a list can be filtered by, with the name a person reads (and how many rows have it, where counted). */
export const FacetOption = z.object({ value: z.string(), label: z.string(), count: z.number().int().optional() });
export type FacetOption = z.infer<typeof FacetOption>;

/** Sort keys of the results lists (default: case type, province, title). */
export const RESULT_SORTS = ['caseType', 'province', 'title', 'award', 'publishedAt'] as const;
export type ResultSortKey = (typeof RESULT_SORTS)[number];

/** The filters of a results list (the public one and the organiser's). */
export const ResultsFilter = z.object({
  caseType: filterText(100),
  award: filterText(30),
  provinceCode: filterText(10),
  /** Case title, summary, an author's name or unit, a province's name. */
  q: filterText(50),
});
export type ResultsFilter = z.infer<typeof ResultsFilter>;

/** The case types, awards and provinces of a call's published cases (the filter choices). */
export const ResultsFacets = z.object({
  caseTypes: z.array(FacetOption),
  awards: z.array(FacetOption),
  provinces: z.array(FacetOption),
});
export type ResultsFacets = z.infer<typeof ResultsFacets>;

// ---------- public 结果公布 ----------

/** The public list: the call (the latest published one by default), a page of its published cases and the filters. */
export const PublicResultsQuery = pageQuery(RESULT_SORTS).extend(ResultsFilter.shape).extend({ callId: filterText(100) });
export type PublicResultsQuery = z.infer<typeof PublicResultsQuery>;

export const PublishedCall = z.object({ id: z.string(), title: z.string(), count: z.number().int(), publishedAt: IsoTime });

export const PublicResultsPage = pageOf(PublishedCase).extend({
  /** Calls with published results, the latest first. */
  calls: z.array(PublishedCall),
  /** The call shown; null when nothing is published yet. */
  callId: z.string().nullable(),
  facets: ResultsFacets,
});
export type PublicResultsPage = z.infer<typeof PublicResultsPage>;

/** The Excel of the public list: the same filters, every matching row. */
export const PublicResultsExportQuery = PublicResultsQuery;

// ---------- organiser 结果发布 ----------

export const OrgResultsQuery = pageQuery(RESULT_SORTS).extend(ResultsFilter.shape).extend({ callId: Id });
export type OrgResultsQuery = z.infer<typeof OrgResultsQuery>;
/** The 结果发布 Excel: the list's filters and order, every matching row (no page). */
export const OrgResultsExportQuery = OrgResultsQuery.omit({ page: true, pageSize: true });

/** A selected case waiting to be published (all of them: the publication takes every one, with its own award). */
export const SelectedCase = z.object({
  id: z.string(),
  caseTypeName: z.string(),
  title: z.string(),
  authors: z.array(z.string()),
  provinceName: z.string(),
});

export const OrgPublishedCase = PublishedCase.extend({
  certificate: z.object({ number: z.string(), revoked: z.boolean() }).nullable(),
});
export type OrgPublishedCase = z.infer<typeof OrgPublishedCase>;

/** A page of the call's published cases, with every selected case waiting for publication. */
export const OrgResultsPage = pageOf(OrgPublishedCase).extend({
  selected: z.array(SelectedCase),
  facets: ResultsFacets,
});
export type OrgResultsPage = z.infer<typeof OrgResultsPage>;

export const PublishBody = z.object({
  callId: Id,
  /** The award of every case without its own (the call's default when empty); at most 30 characters (checked by the service). */
  award: z.string().max(200).nullish(),
  /** Awards of single cases, by case id. */
  awards: z.record(z.string(), z.string().max(200)).nullish(),
  overrideReason: z.string().max(2000).nullish(),
});
export const PublishResult = z.object({ published: z.number().int(), certificatesIssued: z.number().int() });

export const LibraryFlagBody = z.object({ inLibrary: z.boolean() });
export const LibraryFlag = z.object({ id: z.string(), inLibrary: z.boolean() });

// ---------- public 优秀案例库 ----------

export const LIBRARY_SORTS = ['publishedAt', 'title', 'province'] as const;

export const LibraryQuery = pageQuery(LIBRARY_SORTS).extend({
  q: filterText(50),
  callId: filterText(100),
  caseType: filterText(100),
  sceneMain: filterText(100),
  sceneTypical: filterText(100),
  stage: filterText(100),
  subject: filterText(100),
  category: filterText(100),
  provinceCode: filterText(10),
});
export type LibraryQuery = z.infer<typeof LibraryQuery>;

export const LibraryItem = PublishedCase.extend({
  sceneMain: z.string().nullable(),
  sceneTypical: z.string().nullable(),
  sceneMicro: z.string().nullable(),
  stage: z.string().nullable(),
  subject: z.string().nullable(),
  category: z.string().nullable(),
  summary: z.string(),
});
export type LibraryItem = z.infer<typeof LibraryItem>;

/** A value of a library facet and how many library cases have it. */
const Counted = z.object({ value: z.string(), count: z.number().int() });

export const LibraryPage = pageOf(LibraryItem).extend({
  /** The choices of every filter over the whole library (not narrowed by the other filters). */
  facets: z.object({
    caseTypes: z.array(z.object({ value: z.string(), label: z.string() })),
    sceneMain: z.array(Counted),
    sceneTypical: z.array(Counted),
    stage: z.array(Counted),
    subject: z.array(Counted),
    category: z.array(Counted),
    provinces: z.array(FacetOption),
  }),
});
export type LibraryPage = z.infer<typeof LibraryPage>;

const LibraryFile = z.object({ filename: z.string(), size: z.number() });

export const LibraryCase = LibraryItem.extend({
  video: LibraryFile.nullable(),
  courseware: LibraryFile.nullable(),
  /** The video's parts (概述, 过程与方法, 成效与经验) from the author's start times. */
  chapters: z.array(z.object({ name: z.string(), at: z.number() })),
});
export type LibraryCase = z.infer<typeof LibraryCase>;
