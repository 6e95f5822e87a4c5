"""Tests of the TMDB stand-in (tmdb.py) and of its catalogue against what catalog's TMDB adapter decodes.

    python3 -m unittest discover -s scripts/standins -p 'test_*.py'

Standard library only; each server runs on an ephemeral port of 127.0.0.1 (about 1 s in all).
"""
import copy
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.error
import urllib.parse
import urllib.request
import xml.dom.minidom

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tmdb  # noqa: E402

KEY = "standin-test-key"
APPEND = "credits,release_dates,videos,keywords,translations"

# What services/catalog/Sources/Catalog/TMDB/TMDBModels.swift decodes (JSONDecoder with
# .convertFromSnakeCase: iso_639_1 → iso6391), field by field with its Swift type. Every field is an
# optional there; the catalogue must still give each one, with a JSON value of that type (a Swift Int
# does not decode 7.5, a String does not decode a number), so that an import fills every column.
NAMED = {"id": int, "name": str}  # TMDBMovie.Named (genres, keywords)
MOVIE = {  # TMDBMovie
    "id": int, "title": str, "original_title": str, "overview": str, "runtime": int, "release_date": str,
    "genres": [NAMED], "original_language": str, "spoken_languages": [{"iso_639_1": str}],
    "poster_path": str, "backdrop_path": str, "popularity": float, "vote_average": float, "vote_count": int,
    "credits": {"cast": [{"id": int, "name": str, "character": str, "order": int}],
                "crew": [{"id": int, "name": str, "job": str}]},
    "release_dates": {"results": [{"iso_3166_1": str,
                                   "release_dates": [{"certification": str, "release_date": str, "type": int}]}]},
    "videos": {"results": [{"site": str, "key": str, "name": str, "type": str, "iso_639_1": str, "official": bool}]},
    "keywords": {"keywords": [NAMED]},
    "translations": {"translations": [{"iso_639_1": str, "data": {"title": str, "overview": str}}]},
}
SEARCH_PAGE = {  # TMDBSearchPage and TMDBSearchResult
    "page": int, "total_results": int, "total_pages": int,
    "results": [{"id": int, "title": str, "original_title": str, "release_date": str, "overview": str,
                 "poster_path": str, "popularity": float, "vote_average": float}],
}
# FilmQuery.certifications and the checks of FilmEdit.validate that an import goes through.
CERTIFICATIONS = {"U", "10", "12", "16", "18"}
CREW_JOBS = {"Director", "Screenplay", "Writer", "Novel", "Original Music Composer", "Director of Photography"}


def type_errors(value, schema, path="$"):
    """Where `value` does not match `schema` (a type, a [schema] list or a {key: schema} dict)."""
    if isinstance(schema, list):
        if not isinstance(value, list):
            return [f"{path}: not an array"]
        return [e for i, item in enumerate(value) for e in type_errors(item, schema[0], f"{path}[{i}]")]
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        errors = []
        for key, sub in schema.items():
            if key not in value or value[key] is None:
                errors.append(f"{path}.{key}: missing or null")
            else:
                errors += type_errors(value[key], sub, f"{path}.{key}")
        return errors
    if schema is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif schema is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, schema)
    return [] if ok else [f"{path}: {type(value).__name__}, expected {schema.__name__}"]


def valid_date(text):
    return bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", text or ""))


class Server:
    """A stand-in on an ephemeral port, in a thread of this process."""

    def __init__(self, catalogue=tmdb.DEFAULT_CATALOGUE):
        self.server = tmdb.make_server("127.0.0.1", 0, KEY, catalogue, quiet=True)
        self.base = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def get(self, path, params=None, headers=None, key=KEY, method="GET"):
        """(status, headers, body bytes); the key as api_key unless key is None."""
        params = dict(params or {})
        if key is not None:
            params["api_key"] = key
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        request = urllib.request.Request(url, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def json(self, path, params=None, **kw):
        status, _, body = self.get(path, params, **kw)
        return status, json.loads(body)


class StandInTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmdb = Server()
        with open(tmdb.DEFAULT_CATALOGUE, encoding="utf-8") as file:
            cls.catalogue = json.load(file)["movies"]

    @classmethod
    def tearDownClass(cls):
        cls.tmdb.close()

    # -- authentication and errors ------------------------------------------------------------------

    def test_a_wrong_or_missing_key_is_tmdbs_401(self):
        body = {"status_code": 7, "status_message": "Invalid API key: You must be granted a valid key.",
                "success": False}
        for kw in ({"key": "wrong"}, {"key": None}, {"key": None, "headers": {"Authorization": "Bearer wrong"}}):
            with self.subTest(**kw):
                self.assertEqual(self.tmdb.json("/3/movie/194", **kw), (401, body))
                self.assertEqual(self.tmdb.json("/3/search/movie", {"query": "amelie"}, **kw), (401, body))

    def test_the_key_is_accepted_as_a_bearer_token(self):
        status, movie = self.tmdb.json("/3/movie/194", key=None, headers={"Authorization": f"Bearer {KEY}"})
        self.assertEqual((status, movie["id"]), (200, 194))

    def test_an_unknown_movie_is_tmdbs_404(self):
        body = {"status_code": 34, "status_message": "The resource you requested could not be found.",
                "success": False}
        self.assertEqual(self.tmdb.json("/3/movie/999999999", {"append_to_response": APPEND}), (404, body))
        self.assertEqual(self.tmdb.json("/3/movie/999999999/credits"), (404, body))
        self.assertEqual(self.tmdb.json("/3/nothing/here"), (404, body))

    # -- search -------------------------------------------------------------------------------------

    def test_search_answers_the_adapters_query_in_french(self):
        status, page = self.tmdb.json(
            "/3/search/movie", {"query": "amelie", "language": "fr-FR", "include_adult": "false"})
        self.assertEqual(status, 200)
        self.assertEqual(type_errors(page, SEARCH_PAGE), [])
        self.assertEqual((page["page"], page["total_pages"], page["total_results"]), (1, 1, 1))
        self.assertEqual(page["results"][0]["id"], 194)
        self.assertEqual(page["results"][0]["title"], "Le Fabuleux Destin d'Amélie Poulain")
        self.assertTrue(page["results"][0]["overview"].startswith("Serveuse timide"))
        self.assertEqual(page["results"][0]["genre_ids"], [35, 10749])

    def test_search_matches_any_title_without_accents_and_filters_by_year(self):
        def ids(**params):
            return [r["id"] for r in self.tmdb.json("/3/search/movie", params)[1]["results"]]

        self.assertEqual(ids(query="voyage chihiro"), [129])  # the French title
        self.assertEqual(ids(query="SPIRITED"), [129])  # the English one
        self.assertEqual(ids(query="千と千尋"), [129])  # the original one
        self.assertEqual(ids(query="AMÉLIE"), ids(query="amelie"))
        self.assertIn(110, ids(query="trois couleurs", year="1994"))
        self.assertNotIn(108, ids(query="trois couleurs", year="1994"))
        self.assertEqual(ids(query="amelie", year="2001"), [194])
        self.assertEqual(ids(query="amelie", year="1999"), [])
        self.assertEqual(ids(query="matrix", primary_release_year="1999"), [603])
        self.assertEqual(ids(query="no such film at all"), [])
        self.assertEqual(ids(query=""), [])

    def test_search_pages_like_tmdb(self):
        # 45 films called "Film n" in a catalogue of their own: pages of 20, 20 and 5.
        base = self.catalogue[0]
        movies = []
        for n in range(1, 46):
            movie = copy.deepcopy(base)
            movie.update(id=900000 + n, title=f"Film {n}", original_title=f"Film {n}", popularity=float(n))
            movie["translations"] = {"translations": []}
            movies.append(movie)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
            json.dump({"movies": movies}, file)
        server = Server(file.name)
        try:
            seen = []
            for number, size in ((1, 20), (2, 20), (3, 5)):
                status, page = server.json("/3/search/movie", {"query": "film", "page": str(number)})
                self.assertEqual(status, 200)
                self.assertEqual((page["page"], page["total_pages"], page["total_results"]), (number, 3, 45))
                self.assertEqual(len(page["results"]), size)
                seen += [r["id"] for r in page["results"]]
            self.assertEqual(sorted(seen), sorted(m["id"] for m in movies))  # no film twice, none missing
            self.assertEqual(seen[0], 900045)  # the most popular first
            status, page = server.json("/3/search/movie", {"query": "film", "page": "4"})
            self.assertEqual((status, page["page"], page["results"], page["total_results"]), (200, 4, [], 45))
            for bad in ("0", "501", "x"):
                status, body = server.json("/3/search/movie", {"query": "film", "page": bad})
                self.assertEqual((status, body["status_code"], body["success"]), (400, 22, False))
        finally:
            server.close()
            os.unlink(file.name)

    # -- movies -------------------------------------------------------------------------------------

    def test_a_movie_with_append_to_response_as_the_adapter_asks(self):
        status, movie = self.tmdb.json("/3/movie/194", {"language": "fr-FR", "append_to_response": APPEND})
        self.assertEqual(status, 200)
        self.assertEqual(type_errors(movie, MOVIE), [])
        self.assertEqual(movie["title"], "Le Fabuleux Destin d'Amélie Poulain")
        self.assertEqual(movie["tagline"], "Elle va changer votre vie.")
        self.assertEqual([g["name"] for g in movie["genres"]], ["Comédie", "Romance"])
        self.assertEqual(movie["imdb_id"], "tt0211915")
        french = next(c for c in movie["release_dates"]["results"] if c["iso_3166_1"] == "FR")
        self.assertEqual(french["release_dates"][0]["certification"], "U")
        english = next(t for t in movie["translations"]["translations"] if t["iso_639_1"] == "en")
        self.assertTrue(english["data"]["overview"].startswith("A shy waitress"))
        self.assertEqual({v["iso_639_1"] for v in movie["videos"]["results"]}, {"fr"})  # TMDB: the language's
        self.assertIn("Director", [c["job"] for c in movie["credits"]["crew"]])
        self.assertEqual([c["order"] for c in movie["credits"]["cast"]], list(range(len(movie["credits"]["cast"]))))

    def test_a_movie_without_append_to_response_has_no_appendices(self):
        status, movie = self.tmdb.json("/3/movie/603")
        self.assertEqual((status, movie["title"], movie["original_title"]), (200, "The Matrix", "The Matrix"))
        self.assertEqual([g["name"] for g in movie["genres"]], ["Action", "Science Fiction"])
        for name in APPEND.split(","):
            self.assertNotIn(name, movie)

    def test_videos_of_other_languages_on_request_and_movie_sub_resources(self):
        _, movie = self.tmdb.json("/3/movie/603", {"language": "fr-FR", "append_to_response": "videos",
                                                   "include_video_language": "en,null"})
        self.assertEqual({v["iso_639_1"] for v in movie["videos"]["results"]}, {"fr", "en"})
        status, credits = self.tmdb.json("/3/movie/603/credits")
        self.assertEqual((status, credits["id"]), (200, 603))
        self.assertEqual(credits["cast"][0]["name"], "Keanu Reeves")
        self.assertEqual(self.tmdb.json("/3/movie/603/external_ids")[1]["imdb_id"], "tt0133093")

    def test_configuration_genres_and_popular(self):
        status, config = self.tmdb.json("/3/configuration")
        self.assertEqual(status, 200)
        self.assertEqual(config["images"]["base_url"], self.tmdb.base + "/t/p/")
        self.assertIn("w342", config["images"]["poster_sizes"])
        genres = self.tmdb.json("/3/genre/movie/list", {"language": "fr-FR"})[1]["genres"]
        self.assertIn({"id": 878, "name": "Science-Fiction"}, genres)
        self.assertEqual(len(genres), 19)
        status, page = self.tmdb.json("/3/movie/popular", {"page": "2"})
        self.assertEqual((status, page["page"], page["total_results"]), (200, 2, len(self.catalogue)))

    # -- images -------------------------------------------------------------------------------------

    def test_posters_backdrops_and_profiles_are_svg_with_long_caching(self):
        movie = next(m for m in self.catalogue if m["id"] == 194)
        profile = next(c["profile_path"] for c in movie["credits"]["cast"] if c["profile_path"])
        for size, path, expected in (("w342", movie["poster_path"], (342, 513)),
                                     ("w1280", movie["backdrop_path"], (1280, 720)),
                                     ("original", movie["poster_path"], (2000, 3000)),
                                     ("w185", profile, (185, 278)), ("h632", profile, (421, 632))):
            with self.subTest(size=size, path=path):
                status, headers, body = self.tmdb.get(f"/t/p/{size}{path}", key=None)
                self.assertEqual(status, 200)
                self.assertEqual(headers["Content-Type"], "image/svg+xml")
                self.assertIn("max-age=31536000", headers["Cache-Control"])
                root = xml.dom.minidom.parseString(body).documentElement
                self.assertEqual(root.tagName, "svg")
                self.assertEqual((int(root.getAttribute("width")), int(root.getAttribute("height"))), expected)
        _, headers, body = self.tmdb.get(f"/t/p/w500{movie['poster_path']}", key=None)
        self.assertIn("Le Fabuleux Destin", body.decode())
        self.assertIn("2001", body.decode())
        status, _, body = self.tmdb.get(f"/t/p/w500{movie['poster_path']}", key=None,
                                        headers={"If-None-Match": headers["ETag"]})
        self.assertEqual((status, body), (304, b""))
        status, headers, body = self.tmdb.get(f"/t/p/w500{movie['poster_path']}", key=None, method="HEAD")
        self.assertEqual((status, body, headers["Content-Type"]), (200, b"", "image/svg+xml"))
        self.assertEqual(self.tmdb.get(f"/t/p/w999{movie['poster_path']}", key=None)[0], 404)
        self.assertEqual(self.tmdb.get("/t/p/w500/unknown.svg", key=None)[0], 404)

    # -- the catalogue, film by film, as the adapter imports it ---------------------------------------

    def test_every_film_imports_through_the_adapter(self):
        self.assertTrue(36 <= len(self.catalogue) <= 48, len(self.catalogue))
        self.assertEqual(len({m["id"] for m in self.catalogue}), len(self.catalogue))
        images = set()
        for entry in self.catalogue:
            with self.subTest(id=entry["id"], title=entry["title"]):
                status, movie = self.tmdb.json(
                    f"/3/movie/{entry['id']}", {"language": "fr-FR", "append_to_response": APPEND})
                self.assertEqual(status, 200)
                self.assertEqual(type_errors(movie, MOVIE), [])
                # TMDBMapping.film and FilmEdit.validate, rule by rule.
                self.assertTrue(1 <= len(movie["title"]) <= 200)
                self.assertTrue(1 <= movie["runtime"] <= 600)
                self.assertTrue(movie["overview"])  # the French synopsis
                english = [t for t in movie["translations"]["translations"] if t["iso_639_1"] == "en"]
                self.assertTrue(english and english[0]["data"]["overview"])  # synopsisEn
                self.assertRegex(movie["original_language"], r"^[a-z]{2}$")
                self.assertTrue(movie["genres"] and len(movie["genres"]) <= 20)
                self.assertTrue(all(1 <= len(g["name"]) <= 50 for g in movie["genres"]))
                self.assertTrue(valid_date(movie["release_date"]))
                french = [r for c in movie["release_dates"]["results"] if c["iso_3166_1"] == "FR"
                          for r in c["release_dates"]]
                for release in french:
                    self.assertTrue(valid_date(release["release_date"][:10]))
                    self.assertIn(release["certification"], CERTIFICATIONS | {""})
                    self.assertIn(release["type"], range(1, 7))
                self.assertTrue(all(c["name"] for c in movie["credits"]["cast"]))
                self.assertIn("Director", {c["job"] for c in movie["credits"]["crew"]})
                self.assertTrue(any(v["type"] == "Trailer" for v in movie["videos"]["results"]))
                self.assertTrue(movie["keywords"]["keywords"])
                for path in (movie["poster_path"], movie["backdrop_path"]):
                    self.assertRegex(path, r"^/[A-Za-z0-9]{27}\.svg$")
                    images.add(path)
                search = self.tmdb.json("/3/search/movie", {"query": entry["title"], "language": "fr-FR"})[1]
                self.assertIn(entry["id"], [r["id"] for r in search["results"]])
        self.assertEqual(len(images), 2 * len(self.catalogue))

    def test_the_catalogue_is_varied(self):
        languages = {m["original_language"] for m in self.catalogue}
        genres = {g["id"] for m in self.catalogue for g in m["genres"]}
        years = [int(m["release_date"][:4]) for m in self.catalogue]
        self.assertGreaterEqual(sum(m["original_language"] == "fr" for m in self.catalogue), 12)
        self.assertGreaterEqual(len(languages), 6)
        self.assertTrue({16, 99} <= genres)  # animation, documentary
        self.assertLess(min(years), 1960)
        self.assertGreaterEqual(max(years), 2023)
        people = {p["id"]: p["name"] for m in self.catalogue for p in m["credits"]["cast"] + m["credits"]["crew"]}
        names = {}
        for pid, name in people.items():
            self.assertEqual(names.setdefault(name, pid), pid, f"{name} has two ids")
        jobs = {c["job"] for m in self.catalogue for c in m["credits"]["crew"]}
        self.assertTrue(jobs - CREW_JOBS, "some crew the adapter leaves out")


class CommandLineTests(unittest.TestCase):
    def test_it_starts_on_a_free_port_and_stops_on_sigterm(self):
        process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "tmdb.py"), "--port", "0", "--api-key", KEY],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = process.stdout.readline()
            match = re.search(r"(\d+) films on (http://127\.0\.0\.1:\d+)", line)
            self.assertIsNotNone(match, line)
            with urllib.request.urlopen(match.group(2) + "/health", timeout=5) as response:
                self.assertEqual(json.load(response)["movies"], int(match.group(1)))
            process.terminate()
            self.assertEqual(process.wait(timeout=5), 0)
        finally:
            if process.poll() is None:
                process.kill()
            process.stdout.close()


if __name__ == "__main__":
    unittest.main()
