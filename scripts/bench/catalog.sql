-- :films generated published films for the catalog benchmark (run as the catalog role; psql -v films=10000),
-- each with the keyword 'benchgen' (the smoke run deletes them by it afterwards).
-- Titles and synopses mix French words (with accents) so that full-text search has realistic
-- selectivity; filters get realistic spreads of genres, languages, formats and dates.
INSERT INTO films (id, status, title, synopsis, synopsis_en, runtime_minutes, release_date, certification, genres,
                   audio_languages, subtitle_languages, formats, keywords, popularity, rating, vote_count,
                   published_at)
SELECT gen_random_uuid(), 'published',
       initcap(w[1 + (i * 7) % 24]) || ' ' || w[1 + (i * 13) % 24] || ' ' || i,
       array_to_string(ARRAY(SELECT w[1 + ((i * k * 31 + k) % 24)] FROM generate_series(1, 14) k), ' ') || '.',
       array_to_string(ARRAY(SELECT e[1 + ((i * k * 17 + k) % 12)] FROM generate_series(1, 10) k), ' ') || '.',
       80 + (i * 37) % 100, date '1960-01-01' + ((i * 7919) % 23000),
       (ARRAY['U', '10', '12', '16'])[1 + i % 4],
       ARRAY[g[1 + i % 8]] || CASE WHEN i % 3 = 0 THEN ARRAY[g[1 + (i / 3) % 8]] ELSE '{}' END,
       CASE i % 3 WHEN 0 THEN ARRAY['fr'] WHEN 1 THEN ARRAY['en'] ELSE ARRAY['fr', 'en'] END,
       ARRAY[(ARRAY['en', 'fr', 'de'])[1 + (i / 3) % 3]],
       CASE (i / 2) % 4 WHEN 0 THEN ARRAY['2D'] WHEN 1 THEN ARRAY['2D', '3D'] WHEN 2 THEN ARRAY['IMAX', '3D']
            ELSE ARRAY['2D', '4DX'] END,
       ARRAY[w[1 + (i * 5) % 24], 'benchgen'], (i * 7727 % 10000) / 100.0, 3 + (i * 31 % 60) / 10.0, i % 5000, now()
FROM generate_series(1, :films) i,
     (SELECT ARRAY['nuit', 'été', 'voyage', 'amour', 'paris', 'ombre', 'lumière', 'mer', 'forêt', 'rêve', 'cœur',
                   'ville', 'guerre', 'enfance', 'secret', 'retour', 'chanteuses', 'hiver', 'frères', 'route',
                   'silence', 'étoile', 'jardin', 'île'] AS w,
             ARRAY['night', 'summer', 'journey', 'love', 'shadow', 'light', 'sea', 'forest', 'dream', 'heart',
                   'city', 'war'] AS e,
             ARRAY['Drame', 'Comédie', 'Thriller', 'Romance', 'Aventure', 'Animation', 'Documentaire',
                   'Science-Fiction'] AS g) words;
ANALYZE films;
