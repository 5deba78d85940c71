-- A GIN index with fastupdate (PostgreSQL's default) puts new entries in a pending list that every search reads
-- through, until VACUUM or the list's 4 MB limit merges them. Every case update writes a new row version and so new
-- entries (its other indexes hold updated_at and state), and a deadline's saves and submissions grew the list by
-- thousands: the count behind the form checks (case page, each save) took 0.32 ms in the index on the deadline-load
-- bench's database against 0.009 ms after the list was merged. Without the pending list each update merges its one or
-- two mobiles at once, and a search reads only the index.
alter index cases_form_mobiles set (fastupdate = off);
-- ;
select gin_clean_pending_list('cases_form_mobiles'::regclass);
