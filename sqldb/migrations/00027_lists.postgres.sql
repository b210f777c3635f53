-- Lists are stored as lists: each list column holds a JSON array of strings (JSONB on PostgreSQL,
-- text on SQLite) instead of its entries joined by spaces (tags: by newlines), so that an entry is
-- kept whole whatever it holds and a list reads back exactly as it was written.
-- +goose Up
ALTER TABLE organizations ALTER COLUMN causes DROP DEFAULT, ALTER COLUMN causes TYPE JSONB USING to_jsonb(array_remove(string_to_array(causes, ' '), '')), ALTER COLUMN causes SET DEFAULT '[]';
ALTER TABLE organizations ALTER COLUMN languages DROP DEFAULT, ALTER COLUMN languages TYPE JSONB USING to_jsonb(array_remove(string_to_array(languages, ' '), '')), ALTER COLUMN languages SET DEFAULT '[]';
ALTER TABLE organizations ALTER COLUMN links DROP DEFAULT, ALTER COLUMN links TYPE JSONB USING to_jsonb(array_remove(string_to_array(links, ' '), '')), ALTER COLUMN links SET DEFAULT '[]';
ALTER TABLE profiles ALTER COLUMN links DROP DEFAULT, ALTER COLUMN links TYPE JSONB USING to_jsonb(array_remove(string_to_array(links, ' '), '')), ALTER COLUMN links SET DEFAULT '[]';
ALTER TABLE needs ALTER COLUMN causes DROP DEFAULT, ALTER COLUMN causes TYPE JSONB USING to_jsonb(array_remove(string_to_array(causes, ' '), '')), ALTER COLUMN causes SET DEFAULT '[]';
ALTER TABLE needs ALTER COLUMN languages DROP DEFAULT, ALTER COLUMN languages TYPE JSONB USING to_jsonb(array_remove(string_to_array(languages, ' '), '')), ALTER COLUMN languages SET DEFAULT '[]';
ALTER TABLE tasks ALTER COLUMN skills DROP DEFAULT, ALTER COLUMN skills TYPE JSONB USING to_jsonb(array_remove(string_to_array(skills, ' '), '')), ALTER COLUMN skills SET DEFAULT '[]';
ALTER TABLE tasks ALTER COLUMN languages DROP DEFAULT, ALTER COLUMN languages TYPE JSONB USING to_jsonb(array_remove(string_to_array(languages, ' '), '')), ALTER COLUMN languages SET DEFAULT '[]';
ALTER TABLE tasks ALTER COLUMN courses DROP DEFAULT, ALTER COLUMN courses TYPE JSONB USING to_jsonb(array_remove(string_to_array(courses, ' '), '')), ALTER COLUMN courses SET DEFAULT '[]';
ALTER TABLE resources ALTER COLUMN countries DROP DEFAULT, ALTER COLUMN countries TYPE JSONB USING to_jsonb(array_remove(string_to_array(countries, ' '), '')), ALTER COLUMN countries SET DEFAULT '[]';
ALTER TABLE resources ALTER COLUMN org_types DROP DEFAULT, ALTER COLUMN org_types TYPE JSONB USING to_jsonb(array_remove(string_to_array(org_types, ' '), '')), ALTER COLUMN org_types SET DEFAULT '[]';
ALTER TABLE resources ALTER COLUMN causes DROP DEFAULT, ALTER COLUMN causes TYPE JSONB USING to_jsonb(array_remove(string_to_array(causes, ' '), '')), ALTER COLUMN causes SET DEFAULT '[]';
ALTER TABLE resources ALTER COLUMN sizes DROP DEFAULT, ALTER COLUMN sizes TYPE JSONB USING to_jsonb(array_remove(string_to_array(sizes, ' '), '')), ALTER COLUMN sizes SET DEFAULT '[]';
ALTER TABLE resources ALTER COLUMN languages DROP DEFAULT, ALTER COLUMN languages TYPE JSONB USING to_jsonb(array_remove(string_to_array(languages, ' '), '')), ALTER COLUMN languages SET DEFAULT '[]';
ALTER TABLE resources ALTER COLUMN tags DROP DEFAULT, ALTER COLUMN tags TYPE JSONB USING to_jsonb(array_remove(string_to_array(tags, E'\n'), '')), ALTER COLUMN tags SET DEFAULT '[]';
ALTER TABLE verification_requests ALTER COLUMN links DROP DEFAULT, ALTER COLUMN links TYPE JSONB USING to_jsonb(array_remove(string_to_array(links, ' '), '')), ALTER COLUMN links SET DEFAULT '[]';

-- +goose Down
-- +goose StatementBegin
CREATE FUNCTION civhub_joined(j JSONB, sep TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
	SELECT COALESCE(string_agg(e, sep ORDER BY i), '') FROM jsonb_array_elements_text(j) WITH ORDINALITY AS a(e, i)
$$;
-- +goose StatementEnd
ALTER TABLE organizations ALTER COLUMN causes DROP DEFAULT, ALTER COLUMN causes TYPE TEXT USING civhub_joined(causes, ' '), ALTER COLUMN causes SET DEFAULT '';
ALTER TABLE organizations ALTER COLUMN languages DROP DEFAULT, ALTER COLUMN languages TYPE TEXT USING civhub_joined(languages, ' '), ALTER COLUMN languages SET DEFAULT '';
ALTER TABLE organizations ALTER COLUMN links DROP DEFAULT, ALTER COLUMN links TYPE TEXT USING civhub_joined(links, ' '), ALTER COLUMN links SET DEFAULT '';
ALTER TABLE profiles ALTER COLUMN links DROP DEFAULT, ALTER COLUMN links TYPE TEXT USING civhub_joined(links, ' '), ALTER COLUMN links SET DEFAULT '';
ALTER TABLE needs ALTER COLUMN causes DROP DEFAULT, ALTER COLUMN causes TYPE TEXT USING civhub_joined(causes, ' '), ALTER COLUMN causes SET DEFAULT '';
ALTER TABLE needs ALTER COLUMN languages DROP DEFAULT, ALTER COLUMN languages TYPE TEXT USING civhub_joined(languages, ' '), ALTER COLUMN languages SET DEFAULT '';
ALTER TABLE tasks ALTER COLUMN skills DROP DEFAULT, ALTER COLUMN skills TYPE TEXT USING civhub_joined(skills, ' '), ALTER COLUMN skills SET DEFAULT '';
ALTER TABLE tasks ALTER COLUMN languages DROP DEFAULT, ALTER COLUMN languages TYPE TEXT USING civhub_joined(languages, ' '), ALTER COLUMN languages SET DEFAULT '';
ALTER TABLE tasks ALTER COLUMN courses DROP DEFAULT, ALTER COLUMN courses TYPE TEXT USING civhub_joined(courses, ' '), ALTER COLUMN courses SET DEFAULT '';
ALTER TABLE resources ALTER COLUMN countries DROP DEFAULT, ALTER COLUMN countries TYPE TEXT USING civhub_joined(countries, ' '), ALTER COLUMN countries SET DEFAULT '';
ALTER TABLE resources ALTER COLUMN org_types DROP DEFAULT, ALTER COLUMN org_types TYPE TEXT USING civhub_joined(org_types, ' '), ALTER COLUMN org_types SET DEFAULT '';
ALTER TABLE resources ALTER COLUMN causes DROP DEFAULT, ALTER COLUMN causes TYPE TEXT USING civhub_joined(causes, ' '), ALTER COLUMN causes SET DEFAULT '';
ALTER TABLE resources ALTER COLUMN sizes DROP DEFAULT, ALTER COLUMN sizes TYPE TEXT USING civhub_joined(sizes, ' '), ALTER COLUMN sizes SET DEFAULT '';
ALTER TABLE resources ALTER COLUMN languages DROP DEFAULT, ALTER COLUMN languages TYPE TEXT USING civhub_joined(languages, ' '), ALTER COLUMN languages SET DEFAULT '';
ALTER TABLE resources ALTER COLUMN tags DROP DEFAULT, ALTER COLUMN tags TYPE TEXT USING civhub_joined(tags, E'\n'), ALTER COLUMN tags SET DEFAULT '';
ALTER TABLE verification_requests ALTER COLUMN links DROP DEFAULT, ALTER COLUMN links TYPE TEXT USING civhub_joined(links, ' '), ALTER COLUMN links SET DEFAULT '';
DROP FUNCTION civhub_joined(JSONB, TEXT);
