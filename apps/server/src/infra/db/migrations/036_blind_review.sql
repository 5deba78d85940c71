-- Whether experts of a review round see the authors' names and units (open review, the default: the notices have the
-- video open on the PPT's first page, which carries the author and the unit) or not (blind review). Issue 18 item 6.
alter table review_rounds add column blind boolean not null default false;
