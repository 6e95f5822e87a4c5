import Persistence

enum CatalogMigrations {
    static let all = [
        Migration(
            1, "films and viewing history",
            [
                """
                CREATE TABLE films (
                    id uuid PRIMARY KEY,
                    title text NOT NULL,
                    original_title text,
                    synopsis text NOT NULL DEFAULT '',
                    runtime_minutes integer NOT NULL CHECK (runtime_minutes BETWEEN 1 AND 600),
                    release_date date,
                    genres text[] NOT NULL DEFAULT '{}',
                    poster_path text,
                    status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'archived')),
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now())
                """,
                "CREATE INDEX films_title ON films (lower(title), id)",
                """
                CREATE TABLE viewing_history (
                    booking_id uuid PRIMARY KEY,
                    user_id uuid NOT NULL,
                    film_id uuid NOT NULL,
                    screening_starts_at timestamptz NOT NULL,
                    recorded_at timestamptz NOT NULL DEFAULT now())
                """,
                "CREATE INDEX viewing_history_user ON viewing_history (user_id, screening_starts_at DESC)",
            ]),
        Migration(2, "rich metadata, search, categories, personal features, screening replica", discovery),
        // GIN's pending list (fastupdate) makes searches scan the table until a vacuum merges it
        // (measured: a one-film search read all 10,000 rows). Films are written rarely and read
        // constantly: entries go straight into the index.
        Migration(3, "search index without a pending list", withoutPendingList("films_search")),
        // Posters and backdrops uploaded by staff, by kind: size and stored variants (ImageStore).
        Migration(
            4, "uploaded images",
            ["ALTER TABLE films ADD COLUMN uploaded_images jsonb NOT NULL DEFAULT '{}'"]),
        // Where and how each screening plays (scheduling's events carry it since its migration 11,
        // which announced the screenings to come again): the browse filters by cinema, version,
        // local time of day and wheelchair places.
        Migration(
            5, "screening places",
            [
                """
                ALTER TABLE screenings ADD COLUMN auditorium_id uuid, ADD COLUMN cinema_id uuid,
                    ADD COLUMN timezone text, ADD COLUMN version text, ADD COLUMN format text,
                    ADD COLUMN wheelchair_spaces integer
                """,
                "CREATE INDEX screenings_auditorium ON screenings (auditorium_id) WHERE NOT cancelled",
            ]),
        Migration(6, "one search query per text; a negated word excludes every form of it", searchQuery),
        // Migration 3's reason holds for the filter indexes too: after 10,000 films were loaded
        // (the bench), the genre index's scan read its pending list, 6 ms instead of 0.6 ms.
        Migration(7, "filter indexes without a pending list", filterIndexes.flatMap(withoutPendingList)),
    ]

    static let filterIndexes = [
        "films_genres", "films_audio", "films_subtitles", "films_formats", "films_cast", "films_crew",
    ]

    /// A GIN index's entries go straight into it from now on, and what its pending list held is merged.
    static func withoutPendingList(_ index: String) -> [String] {
        ["ALTER INDEX \(index) SET (fastupdate = off)", "SELECT gin_clean_pending_list('\(index)'::regclass)"]
    }

    /// What a search text matches, built once in SQL (IMMUTABLE: folded to a constant when planned).
    /// - The wanted words: French stems, English stems (once when they are the same) and prefixes
    ///   of the words as typed, keeping the text's own operators ("quotes", or); the prefixes alone
    ///   when they already cover the stems. A frequent word's rank then costs a third, and the
    ///   planner estimates its matches well enough to combine the indexes.
    /// - `-word` and `-"a phrase"` exclude every form of it (French, English and as typed, not its
    ///   prefixes): OR-ed forms each negating their own stem let a film through the form whose stem
    ///   it lacks.
    static let searchQuery = [
        #"""
        CREATE FUNCTION catalog_prefixes(query tsquery) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT regexp_replace(query::text, '''((?:[^'']|'''')*)''', '''\1'':*', 'g')::tsquery
        $$
        """#,
        """
        CREATE FUNCTION catalog_words(folded text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN fr = en AND catalog_prefixes(fr) = typed THEN typed
                        WHEN fr = en THEN fr || typed ELSE fr || en || typed END
            FROM (SELECT websearch_to_tsquery('french', folded) AS fr, websearch_to_tsquery('english', folded) AS en,
                         catalog_prefixes(websearch_to_tsquery('simple', folded)) AS typed) forms
        $$
        """,
        #"""
        CREATE FUNCTION catalog_query(input text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN excluded = '' THEN catalog_words(wanted)
                        ELSE catalog_words(wanted) && !!(websearch_to_tsquery('french', excluded)
                             || websearch_to_tsquery('english', excluded) || websearch_to_tsquery('simple', excluded)) END
            FROM (SELECT regexp_replace(folded, '(^|\s)-("[^"]*"?|[^\s"]+)', ' ', 'g') AS wanted,
                         coalesce((SELECT string_agg(m[2], ' or ')
                                   FROM regexp_matches(folded, '(^|\s)-("[^"]*"?|[^\s"]+)', 'g') m), '') AS excluded
                  FROM catalog_fold(input) folded) parts
        $$
        """#,
    ]

    /// Accent folding and the search document are SQL functions declared IMMUTABLE (translate and
    /// to_tsvector with an explicit configuration are), so that the document is a stored generated
    /// column kept in step with every write, and queries fold their terms the same way.
    static let discovery = [
        """
        CREATE FUNCTION catalog_fold(input text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT translate(lower(coalesce(input, '')),
                'àáâãäåāçćčèéêëēėęîïíīìñńôöòóõøōœßùúûüūÿýžźż',
                'aaaaaaaccceeeeeeeiiiiinnoooooooosuuuuuyyzzz')
        $$
        """,
        """
        CREATE FUNCTION catalog_document(title text, original text, synopsis text, synopsis_en text,
                                         keywords text[], people text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT setweight(to_tsvector('simple'::regconfig, catalog_fold(title) || ' ' || catalog_fold(original)), 'A')
                || setweight(to_tsvector('french'::regconfig, catalog_fold(title) || ' ' || catalog_fold(synopsis)), 'B')
                || setweight(to_tsvector('english'::regconfig, catalog_fold(title) || ' ' || catalog_fold(synopsis_en)), 'C')
                || setweight(to_tsvector('simple'::regconfig,
                       catalog_fold(array_to_string(keywords, ' ')) || ' ' || catalog_fold(people)), 'D')
        $$
        """,
        "ALTER TABLE films DROP CONSTRAINT films_status_check",
        "ALTER TABLE films DROP CONSTRAINT films_runtime_minutes_check",
        // 0: not known yet (an import TMDB knows no runtime of); a film cannot be published so.
        "ALTER TABLE films ADD CONSTRAINT films_runtime_minutes_check CHECK (runtime_minutes BETWEEN 0 AND 600)",
        "ALTER TABLE films ADD CONSTRAINT films_status_check CHECK (status IN ('draft', 'published', 'archived'))",
        """
        ALTER TABLE films
            ADD COLUMN tmdb_id integer UNIQUE, ADD COLUMN synopsis_en text NOT NULL DEFAULT '',
            ADD COLUMN certification text, ADD COLUMN original_language text,
            ADD COLUMN spoken_languages text[] NOT NULL DEFAULT '{}',
            ADD COLUMN audio_languages text[] NOT NULL DEFAULT '{}',
            ADD COLUMN subtitle_languages text[] NOT NULL DEFAULT '{}',
            ADD COLUMN formats text[] NOT NULL DEFAULT '{}', ADD COLUMN keywords text[] NOT NULL DEFAULT '{}',
            ADD COLUMN cast_members jsonb NOT NULL DEFAULT '[]', ADD COLUMN crew jsonb NOT NULL DEFAULT '[]',
            ADD COLUMN people_text text NOT NULL DEFAULT '', ADD COLUMN trailers jsonb NOT NULL DEFAULT '[]',
            ADD COLUMN backdrop_path text, ADD COLUMN popularity double precision NOT NULL DEFAULT 0,
            ADD COLUMN rating numeric(3,1), ADD COLUMN vote_count integer NOT NULL DEFAULT 0,
            ADD COLUMN local_edits text[] NOT NULL DEFAULT '{}', ADD COLUMN synced_at timestamptz,
            ADD COLUMN published_at timestamptz
        """,
        """
        ALTER TABLE films ADD COLUMN search tsvector GENERATED ALWAYS AS
            (catalog_document(title, original_title, synopsis, synopsis_en, keywords, people_text)) STORED
        """,
        "CREATE INDEX films_search ON films USING gin (search)",
        "CREATE INDEX films_genres ON films USING gin (genres)",
        "CREATE INDEX films_audio ON films USING gin (audio_languages)",
        "CREATE INDEX films_subtitles ON films USING gin (subtitle_languages)",
        "CREATE INDEX films_formats ON films USING gin (formats)",
        "CREATE INDEX films_cast ON films USING gin (cast_members jsonb_path_ops)",
        "CREATE INDEX films_crew ON films USING gin (crew jsonb_path_ops)",
        "CREATE INDEX films_published_title ON films (lower(title) COLLATE \"C\", id) WHERE status = 'published'",
        "CREATE INDEX films_published_release ON films (release_date DESC NULLS LAST, id) WHERE status = 'published'",
        "CREATE INDEX films_published_popularity ON films (popularity DESC, id) WHERE status = 'published'",
        """
        CREATE TABLE categories (
            id uuid PRIMARY KEY, name text NOT NULL, slug text NOT NULL UNIQUE,
            kind text NOT NULL CHECK (kind IN ('genre', 'collection')),
            parent_id uuid REFERENCES categories ON DELETE CASCADE, created_at timestamptz NOT NULL DEFAULT now())
        """,
        """
        CREATE TABLE film_categories (
            film_id uuid NOT NULL REFERENCES films ON DELETE CASCADE,
            category_id uuid NOT NULL REFERENCES categories ON DELETE CASCADE, PRIMARY KEY (category_id, film_id))
        """,
        "CREATE INDEX film_categories_film ON film_categories (film_id)",
        """
        CREATE TABLE screenings (
            screening_id uuid PRIMARY KEY, film_id uuid NOT NULL, starts_at timestamptz NOT NULL,
            cancelled boolean NOT NULL DEFAULT false)
        """,
        "CREATE INDEX screenings_film ON screenings (film_id, starts_at) WHERE NOT cancelled",
        "CREATE INDEX screenings_starts ON screenings (starts_at, film_id) WHERE NOT cancelled",
        """
        CREATE TABLE favourites (
            user_id uuid NOT NULL, film_id uuid NOT NULL REFERENCES films ON DELETE CASCADE,
            created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (user_id, film_id))
        """,
        """
        CREATE TABLE lists (
            id uuid PRIMARY KEY, user_id uuid NOT NULL, name text NOT NULL, public boolean NOT NULL DEFAULT false,
            share_token text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now())
        """,
        "CREATE INDEX lists_user ON lists (user_id, created_at)",
        """
        CREATE TABLE list_items (
            list_id uuid NOT NULL REFERENCES lists ON DELETE CASCADE,
            film_id uuid NOT NULL REFERENCES films ON DELETE CASCADE, position integer NOT NULL,
            PRIMARY KEY (list_id, film_id))
        """,
        "ALTER TABLE viewing_history DROP CONSTRAINT viewing_history_pkey",
        """
        ALTER TABLE viewing_history ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
            ALTER COLUMN booking_id DROP NOT NULL, ADD COLUMN source text NOT NULL DEFAULT 'booking',
            ADD CONSTRAINT viewing_history_booking UNIQUE (booking_id)
        """,
        "CREATE INDEX viewing_history_film ON viewing_history (film_id, user_id)",
    ]
}
