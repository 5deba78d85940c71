-- The case page's form checks count the other submitted cases of the call that name the same person (by an author's
-- mobile). Without an index that count read every case of the call on each page view; this index holds every
-- `mobile` inside the form's group fields (a superset of the authors' mobiles, which the query then checks exactly).
create index if not exists cases_form_mobiles on cases using gin (jsonb_path_query_array(form, '$.*[*].mobile'));
