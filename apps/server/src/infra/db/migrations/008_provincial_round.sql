-- Provincial review rounds (issue 6): a round run by a provincial administrator over the own province's cases
-- before the provincial recommendation; advisory only. null = a national round run by the organiser.
alter table review_rounds add column province_code text
-- ;
create index review_rounds_province on review_rounds(province_code, call_id)
