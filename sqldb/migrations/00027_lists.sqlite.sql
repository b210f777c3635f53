-- Lists are stored as lists: each list column holds a JSON array of strings (JSONB on PostgreSQL,
-- text on SQLite) instead of its entries joined by spaces (tags: by newlines), so that an entry is
-- kept whole whatever it holds and a list reads back exactly as it was written.
-- SQLite cannot change a column's type or default in place; the columns keep TEXT and their
-- default '', which civhub reads as an empty list. An entry is escaped for JSON (backslash, quote,
-- tab, line breaks), the separators become '","', and json_each drops the empty entries of doubled separators.
-- +goose Up
UPDATE organizations SET causes = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(causes, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE organizations SET languages = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(languages, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE organizations SET links = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(links, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE profiles SET links = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(links, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE needs SET causes = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(causes, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE needs SET languages = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(languages, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE tasks SET skills = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(skills, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE tasks SET languages = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(languages, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE tasks SET courses = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(courses, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE resources SET countries = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(countries, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE resources SET org_types = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(org_types, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE resources SET causes = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(causes, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE resources SET sizes = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(sizes, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE resources SET languages = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(languages, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');
UPDATE resources SET tags = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(tags, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '","') || '"]') WHERE value <> '');
UPDATE verification_requests SET links = (SELECT json_group_array(value) FROM json_each('["' || replace(replace(replace(replace(replace(replace(links, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r'), char(10), '\n'), ' ', '","') || '"]') WHERE value <> '');

-- +goose Down
UPDATE organizations SET causes = COALESCE((SELECT group_concat(value, ' ') FROM json_each(causes)), '');
UPDATE organizations SET languages = COALESCE((SELECT group_concat(value, ' ') FROM json_each(languages)), '');
UPDATE organizations SET links = COALESCE((SELECT group_concat(value, ' ') FROM json_each(links)), '');
UPDATE profiles SET links = COALESCE((SELECT group_concat(value, ' ') FROM json_each(links)), '');
UPDATE needs SET causes = COALESCE((SELECT group_concat(value, ' ') FROM json_each(causes)), '');
UPDATE needs SET languages = COALESCE((SELECT group_concat(value, ' ') FROM json_each(languages)), '');
UPDATE tasks SET skills = COALESCE((SELECT group_concat(value, ' ') FROM json_each(skills)), '');
UPDATE tasks SET languages = COALESCE((SELECT group_concat(value, ' ') FROM json_each(languages)), '');
UPDATE tasks SET courses = COALESCE((SELECT group_concat(value, ' ') FROM json_each(courses)), '');
UPDATE resources SET countries = COALESCE((SELECT group_concat(value, ' ') FROM json_each(countries)), '');
UPDATE resources SET org_types = COALESCE((SELECT group_concat(value, ' ') FROM json_each(org_types)), '');
UPDATE resources SET causes = COALESCE((SELECT group_concat(value, ' ') FROM json_each(causes)), '');
UPDATE resources SET sizes = COALESCE((SELECT group_concat(value, ' ') FROM json_each(sizes)), '');
UPDATE resources SET languages = COALESCE((SELECT group_concat(value, ' ') FROM json_each(languages)), '');
UPDATE resources SET tags = COALESCE((SELECT group_concat(value, char(10)) FROM json_each(tags)), '');
UPDATE verification_requests SET links = COALESCE((SELECT group_concat(value, ' ') FROM json_each(links)), '');
