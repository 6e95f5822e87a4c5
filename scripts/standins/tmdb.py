#!/usr/bin/env python3
"""A local stand-in for TMDB (The Movie Database): API v3 and the image server, Python standard library only.

Serves the films of tmdb-catalogue.json in TMDB's wire format (https://developer.themoviedb.org/reference),
for what catalog's TMDB adapter calls (services/catalog/Sources/Catalog/TMDB/) and a little more:

  GET /3/search/movie?query=&page=&year=&primary_release_year=&language=
      TMDB's paging: {page, results[20 at most], total_pages, total_results}; a page outside 1…500 is 400
      (status_code 22). Words match titles (original, English, every translation) without accents or case.
  GET /3/movie/{id}?language=&append_to_response=credits,release_dates,videos,keywords,translations,external_ids
      404 with status_code 34 for an unknown id. Videos are filtered like TMDB does: the language's own and
      the ones of include_video_language (comma-separated ISO 639-1 codes, "null" for none).
  GET /3/movie/{id}/credits | release_dates | videos | keywords | translations | external_ids
  GET /3/movie/popular, /3/genre/movie/list, /3/configuration
  GET /t/p/{size}/{file}.svg   posters (2:3), backdrops (16:9) and profile pictures (2:3), drawn as SVG from
      the catalogue (title, year, a gradient derived from the id); sizes as TMDB's (w92 … w1280, h632,
      original); no authentication, like image.tmdb.org; long-lived cache headers, ETag and 304.
  GET /health  (not TMDB's) 200 once listening: for the start scripts.

Authentication as TMDB does it, on every /3/ call: the key as the api_key query parameter or as
"Authorization: Bearer <key>"; anything else is 401 with TMDB's body (status_code 7).

Localisation: the catalogue holds TMDB's en-US answer; for ?language=fr-FR (what the adapter asks) title,
overview and tagline come from the French translation and genre names are TMDB's French ones, as TMDB does
(an overview without a translation in that language is "", also as TMDB does).

  python3 scripts/standins/tmdb.py --port 8093 --api-key-file .run/dev/secrets/db-tmdb
  python3 scripts/standins/tmdb.py --port 0 --api-key test      (0: any free port, printed on start)
"""
import argparse
import hashlib
import json
import os
import re
import signal
import sys
import threading
import unicodedata
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CATALOGUE = os.path.join(HERE, "tmdb-catalogue.json")
PAGE_SIZE = 20

# TMDB's movie genres (GET /3/genre/movie/list) in English and French.
GENRES_FR = {28: "Action", 12: "Aventure", 16: "Animation", 35: "Comédie", 80: "Crime", 99: "Documentaire",
             18: "Drame", 10751: "Familial", 14: "Fantastique", 36: "Histoire", 27: "Horreur", 10402: "Musique",
             9648: "Mystère", 10749: "Romance", 878: "Science-Fiction", 10770: "Téléfilm", 53: "Thriller",
             10752: "Guerre", 37: "Western"}
GENRES_EN = {28: "Action", 12: "Adventure", 16: "Animation", 35: "Comedy", 80: "Crime", 99: "Documentary",
             18: "Drama", 10751: "Family", 14: "Fantasy", 36: "History", 27: "Horror", 10402: "Music",
             9648: "Mystery", 10749: "Romance", 878: "Science Fiction", 10770: "TV Movie", 53: "Thriller",
             10752: "War", 37: "Western"}

# The image server's sizes (GET /3/configuration); like image.tmdb.org, any of them works for any image.
POSTER_SIZES = ["w92", "w154", "w185", "w342", "w500", "w780", "original"]
BACKDROP_SIZES = ["w300", "w780", "w1280", "original"]
PROFILE_SIZES = ["w45", "w185", "h632", "original"]
LOGO_SIZES = ["w45", "w92", "w154", "w185", "w300", "w500", "original"]
STILL_SIZES = ["w92", "w185", "w300", "original"]
ALL_SIZES = set(POSTER_SIZES + BACKDROP_SIZES + PROFILE_SIZES + LOGO_SIZES + STILL_SIZES)
# Width × height of an image at "original" size.
ORIGINAL = {"poster": (2000, 3000), "backdrop": (3840, 2160), "profile": (1000, 1500)}
APPENDABLE = ("credits", "release_dates", "videos", "keywords", "translations", "external_ids")

INVALID_KEY = {"status_code": 7, "status_message": "Invalid API key: You must be granted a valid key.",
               "success": False}
NOT_FOUND = {"status_code": 34, "status_message": "The resource you requested could not be found.",
             "success": False}
INVALID_PAGE = {"status_code": 22, "status_message":
                "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.",
                "success": False}


def fold(text):
    """Lower case without accents or punctuation: "Amélie" and "amelie" match."""
    text = unicodedata.normalize("NFKD", text or "").casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text).strip()


def xml(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def hue(seed, salt=""):
    return int(hashlib.sha256(f"{salt}{seed}".encode()).hexdigest()[:8], 16) % 360


def glyph_width(text):
    """Width of a text in em, roughly: wide (CJK) glyphs 1 em, others about 0.6 em (bold Latin)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def wrap(text, max_em):
    """Greedy line breaking at spaces; a word longer than a line (e.g. CJK text) breaks anywhere."""
    lines, line = [], ""
    for word in text.split():
        while glyph_width(word) > max_em:
            cut = max(1, next(i for i in range(len(word), 0, -1) if glyph_width(word[:i]) <= max_em))
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        if line and glyph_width(f"{line} {word}") > max_em:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def fit(text, width, largest, smallest, max_lines):
    """Font size and lines so that the text fits `width` in at most `max_lines` lines (else cut)."""
    size = largest
    while True:
        lines = wrap(text, width / size)
        if len(lines) <= max_lines or size <= smallest:
            return size, lines[:max_lines]
        size -= 4


def text_block(lines, x, y, size, anchor="middle", weight=700, fill="#fff", spacing=1.15):
    tspans = "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else round(size * spacing)}">{xml(line)}</tspan>'
        for i, line in enumerate(lines))
    return (f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
            f'text-anchor="{anchor}">{tspans}</text>')


def dimensions(kind, size):
    natural_w, natural_h = ORIGINAL[kind]
    if size == "original":
        return natural_w, natural_h
    number = int(size[1:])
    if size.startswith("h"):
        return round(number * natural_w / natural_h), number
    return number, round(number * natural_h / natural_w)


def svg(kind, subject, size):
    """The SVG of a poster or backdrop (subject: a movie) or a profile picture (subject: a person)."""
    width, height = dimensions(kind, size)
    font = "font-family=\"'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif\""
    seed = subject["id"]
    h1, h2 = hue(seed), (hue(seed, "second") % 120 + hue(seed) + 120) % 360
    if kind == "profile":
        vw, vh = 300, 450
        initials = "".join(part[0] for part in subject["name"].replace("-", " ").split()[:3] if part).upper()
        size_name, name_lines = fit(subject["name"], 260, 34, 20, 2)
        body = (
            f'<circle cx="150" cy="170" r="105" fill="hsl({h1},45%,82%)" fill-opacity="0.9"/>'
            f'<text x="150" y="200" font-size="84" font-weight="700" fill="hsl({h1},55%,28%)" '
            f'text-anchor="middle">{xml(initials)}</text>'
            + text_block(name_lines, 150, 345, size_name, weight=600))
        title = subject["name"]
    else:
        year = (subject.get("release_date") or "")[:4]
        directors = [c["name"] for c in subject.get("credits", {}).get("crew", []) if c.get("job") == "Director"]
        original = subject.get("original_title") or subject.get("title") or ""
        french = next((t["data"].get("title") for t in subject.get("translations", {}).get("translations", [])
                       if t.get("iso_639_1") == "fr" and t.get("data", {}).get("title")), "")
        subtitle = french if french and fold(french) != fold(original) else ""
        rings = "".join(
            f'<circle cx="{(hue(seed, f"x{i}") * 7) % 100}%" cy="{(hue(seed, f"y{i}") * 11) % 100}%" '
            f'r="{8 + hue(seed, f"r{i}") % 30}%" fill="none" stroke="#fff" stroke-opacity="0.{1 + i % 2}" '
            f'stroke-width="{2 + i}"/>'
            for i in range(5))
        if kind == "poster":
            vw, vh = 600, 900
            size_title, lines = fit(original, 520, 76, 30, 5)
            top = 430 - (len(lines) - 1) * size_title * 0.58
            body = rings + text_block(lines, 300, round(top), size_title)
            below = round(top + (len(lines) - 1) * size_title * 1.15 + 70)
            if subtitle:
                size_sub, sub_lines = fit(subtitle, 500, 32, 20, 2)
                body += text_block(sub_lines, 300, below, size_sub, weight=400, fill="#f4f4f4")
            body += text_block([year], 300, 800, 44, weight=300, fill="#ffffffcc")
            if directors:
                body += text_block(wrap(" · ".join(directors), 520 / 26)[:2], 300, 90, 26, weight=400, fill="#ffffffdd")
        else:
            vw, vh = 1600, 900
            size_title, lines = fit(original, 1300, 110, 48, 3)
            body = rings + text_block(lines, 120, 560 - (len(lines) - 1) * size_title, size_title, anchor="start")
            tagline = subject.get("tagline") or subtitle
            detail = " · ".join(x for x in (year, tagline) if x)
            if detail:
                body += text_block(wrap(detail, 1360 / 38)[:2], 120, 680, 38, anchor="start", weight=400,
                                   fill="#ffffffdd")
        title = original
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {vw} {vh}" '
        f'preserveAspectRatio="xMidYMid slice" role="img" {font}>'
        f"<title>{xml(title)}</title>"
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="hsl({h1},62%,42%)"/><stop offset="1" stop-color="hsl({h2},58%,16%)"/>'
        f"</linearGradient></defs>"
        f'<rect width="{vw}" height="{vh}" fill="url(#g)"/>{body}</svg>'
    ).encode()


class Catalogue:
    """The films, the people in their credits and the image files, indexed."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as file:
            self.movies = {m["id"]: m for m in json.load(file)["movies"]}
        self.images = {}  # file name → (kind, movie or person)
        people = {}
        for movie in self.movies.values():
            for kind in ("poster", "backdrop"):
                if movie.get(f"{kind}_path"):
                    self.images[movie[f"{kind}_path"].lstrip("/")] = (kind, movie)
            credits = movie.get("credits", {})
            for person in credits.get("cast", []) + credits.get("crew", []):
                people.setdefault(person["id"], person)
        for person in people.values():
            if person.get("profile_path"):
                self.images[person["profile_path"].lstrip("/")] = ("profile", person)
        self.search_text = {
            movie_id: fold(" ".join(
                [movie.get("title") or "", movie.get("original_title") or ""]
                + [t.get("data", {}).get("title") or "" for t in movie.get("translations", {}).get("translations", [])]))
            for movie_id, movie in self.movies.items()}

    @staticmethod
    def translation(movie, language):
        """The movie's translation for an "fr-FR"-style language (same region first), if any."""
        code, _, region = (language or "").partition("-")
        candidates = [t for t in movie.get("translations", {}).get("translations", []) if t.get("iso_639_1") == code]
        for t in candidates:
            if t.get("iso_3166_1") == region:
                return t
        return candidates[0] if candidates else None

    def localised(self, movie, language):
        """Title, overview, tagline and genre names in `language`, as TMDB answers for ?language=."""
        result = {k: v for k, v in movie.items() if k not in APPENDABLE}
        code = (language or "en-US").partition("-")[0]
        genre_names = GENRES_FR if code == "fr" else GENRES_EN
        result["genres"] = [{"id": g["id"], "name": genre_names.get(g["id"], g.get("name"))}
                            for g in movie.get("genres", [])]
        if code != "en":
            data = (self.translation(movie, language) or {}).get("data", {})
            result["title"] = data.get("title") or (
                movie.get("original_title") if movie.get("original_language") == code else movie.get("title"))
            result["overview"] = data.get("overview") or ""
            result["tagline"] = data.get("tagline") or ""
        return result

    def search_result(self, movie, language):
        m = self.localised(movie, language)
        return {
            "adult": m.get("adult", False), "backdrop_path": m.get("backdrop_path"),
            "genre_ids": [g["id"] for g in m.get("genres", [])], "id": m["id"],
            "original_language": m.get("original_language"), "original_title": m.get("original_title"),
            "overview": m.get("overview") or "", "popularity": m.get("popularity", 0),
            "poster_path": m.get("poster_path"), "release_date": m.get("release_date") or "",
            "title": m.get("title"), "video": m.get("video", False), "vote_average": m.get("vote_average", 0),
            "vote_count": m.get("vote_count", 0)}

    def videos(self, movie, language, include):
        """TMDB filters videos to the request's language plus include_video_language."""
        wanted = {(language or "en-US").partition("-")[0]}
        wanted |= {code.strip() for code in (include or "").split(",") if code.strip()}
        results = [v for v in movie.get("videos", {}).get("results", [])
                   if (v.get("iso_639_1") or "null") in wanted]
        return {"results": results}

    def appendix(self, movie, name, query):
        if name == "videos":
            return self.videos(movie, query.get("language"), query.get("include_video_language"))
        if name == "external_ids":
            return {"imdb_id": movie.get("imdb_id"), "wikidata_id": None, "facebook_id": None,
                    "instagram_id": None, "twitter_id": None}
        return movie.get(name, {})


def page_of(items, query):
    """TMDB's paging of a result list, or None when ?page= is not an integer in 1…500."""
    raw = query.get("page") or "1"
    if not raw.isdigit() or not 1 <= int(raw) <= 500:
        return None
    page = int(raw)
    total = len(items)
    return {"page": page, "results": items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE],
            "total_pages": max(1, -(-total // PAGE_SIZE)), "total_results": total}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tmdb-standin/1"
    timeout = 60  # an idle keep-alive connection is closed after a minute

    catalogue: Catalogue  # set on the subclass by make_server
    api_key: str
    quiet = False

    def log_message(self, format, *args):  # noqa: A002 (BaseHTTPRequestHandler's signature)
        if not self.quiet:
            sys.stderr.write(f"{self.log_date_time_string()} {format % args}\n")

    def log_request(self, code="-", size="-"):
        # The request line without the api_key (a secret).
        path = re.sub(r"(api_key=)[^&\s]*", r"\1***", self.path)
        self.log_message('"%s %s" %s', self.command, path, getattr(code, "value", code))

    # -- responses --------------------------------------------------------------------------------

    def send(self, status, body, content_type, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def json(self, status, payload, cache="public, max-age=3600"):
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        self.send(status, body, "application/json;charset=utf-8",
                  [("Cache-Control", cache if status == 200 else "no-store")])

    # -- routing ----------------------------------------------------------------------------------

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def do_GET(self):  # noqa: N802
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        path = url.path
        if path == "/health":
            return self.json(200, {"status": "ok", "movies": len(self.catalogue.movies)}, cache="no-store")
        match = re.fullmatch(r"/t/p/([a-z0-9]+)/([^/]+)", path)
        if match:
            return self.image(match.group(1), match.group(2))
        if not path.startswith("/3/"):
            return self.json(404, NOT_FOUND)
        if not self.authorised(query):
            return self.json(401, INVALID_KEY)
        routes = [
            (r"/3/search/movie", self.search),
            (r"/3/movie/popular", self.popular),
            (r"/3/genre/movie/list", self.genres),
            (r"/3/configuration", self.configuration),
            (r"/3/movie/(\d+)", self.movie),
            (r"/3/movie/(\d+)/(" + "|".join(APPENDABLE) + ")", self.movie_part),
        ]
        for pattern, handler in routes:
            match = re.fullmatch(pattern, path.rstrip("/") or "/")
            if match:
                return handler(query, *match.groups())
        return self.json(404, NOT_FOUND)

    def authorised(self, query):
        bearer = self.headers.get("Authorization", "")
        token = bearer[7:].strip() if bearer[:7].lower() == "bearer " else None
        return self.api_key and (query.get("api_key") == self.api_key or token == self.api_key)

    # -- API --------------------------------------------------------------------------------------

    def search(self, query):
        words = fold(query.get("query", "")).split()
        year = query.get("year") or ""
        primary_year = query.get("primary_release_year") or ""
        language = query.get("language") or "en-US"
        found = []
        for movie_id, movie in self.catalogue.movies.items():
            text = self.catalogue.search_text[movie_id]
            padded = f" {text} "
            if not words or not all(f" {w}" in padded for w in words):
                continue
            release = movie.get("release_date") or ""
            if primary_year and release[:4] != primary_year:
                continue
            if year:
                years = {release[:4]} | {r["release_date"][:4]
                                         for country in movie.get("release_dates", {}).get("results", [])
                                         for r in country.get("release_dates", [])}
                if year not in years:
                    continue
            exact = fold(query.get("query", "")) in {fold(movie.get("title")), fold(movie.get("original_title"))}
            found.append((not exact, -(movie.get("popularity") or 0), movie_id))
        results = [self.catalogue.search_result(self.catalogue.movies[i], language) for _, _, i in sorted(found)]
        page = page_of(results, query)
        return self.json(200, page) if page else self.json(400, INVALID_PAGE)

    def popular(self, query):
        movies = sorted(self.catalogue.movies.values(), key=lambda m: -(m.get("popularity") or 0))
        language = query.get("language") or "en-US"
        page = page_of([self.catalogue.search_result(m, language) for m in movies], query)
        return self.json(200, page) if page else self.json(400, INVALID_PAGE)

    def genres(self, query):
        names = GENRES_FR if (query.get("language") or "").startswith("fr") else GENRES_EN
        return self.json(200, {"genres": [{"id": i, "name": n} for i, n in names.items()]})

    def configuration(self, query):
        base = f"http://{self.headers.get('Host') or '%s:%d' % self.server.server_address[:2]}/t/p/"
        return self.json(200, {
            "images": {"base_url": base, "secure_base_url": base, "backdrop_sizes": BACKDROP_SIZES,
                       "logo_sizes": LOGO_SIZES, "poster_sizes": POSTER_SIZES, "profile_sizes": PROFILE_SIZES,
                       "still_sizes": STILL_SIZES},
            "change_keys": ["adult", "credits", "genres", "images", "overview", "poster_path", "release_dates",
                            "runtime", "title", "translations", "videos"]})

    def movie(self, query, movie_id):
        movie = self.catalogue.movies.get(int(movie_id))
        if movie is None:
            return self.json(404, NOT_FOUND)
        result = self.catalogue.localised(movie, query.get("language") or "en-US")
        for name in (query.get("append_to_response") or "").split(",")[:20]:
            name = name.strip()
            if name in APPENDABLE:
                result[name] = self.catalogue.appendix(movie, name, query)
        return self.json(200, result)

    def movie_part(self, query, movie_id, part):
        movie = self.catalogue.movies.get(int(movie_id))
        if movie is None:
            return self.json(404, NOT_FOUND)
        return self.json(200, {"id": movie["id"], **self.catalogue.appendix(movie, part, query)})

    # -- images -----------------------------------------------------------------------------------

    def image(self, size, name):
        entry = self.catalogue.images.get(name)
        if size not in ALL_SIZES or entry is None:
            return self.send(404, b"Not Found\n", "text/plain;charset=utf-8")
        kind, subject = entry
        body = svg(kind, subject, size)
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:32]
        headers = [("Cache-Control", "public, max-age=31536000, immutable"), ("ETag", etag)]
        if etag in [t.strip() for t in (self.headers.get("If-None-Match") or "").split(",")]:
            self.send_response(304)
            for header in headers:
                self.send_header(*header)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return self.send(200, body, "image/svg+xml", headers)


def make_server(host, port, api_key, catalogue_path=DEFAULT_CATALOGUE, quiet=False):
    """A server ready to serve_forever(); port 0 binds any free port (server.server_address[1])."""
    handler = type("BoundHandler", (Handler,),
                   {"catalogue": Catalogue(catalogue_path), "api_key": api_key, "quiet": quiet})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description="Local stand-in for TMDB's API v3 and image server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True, help="0 for any free port")
    key = parser.add_mutually_exclusive_group()
    key.add_argument("--api-key", help="the accepted key (else $TMDB_STANDIN_API_KEY)")
    key.add_argument("--api-key-file", help="a file holding the accepted key")
    parser.add_argument("--catalogue", default=DEFAULT_CATALOGUE)
    args = parser.parse_args(argv)
    if args.api_key_file:
        with open(args.api_key_file, encoding="utf-8") as file:
            api_key = file.read().strip()
    else:
        api_key = args.api_key or os.environ.get("TMDB_STANDIN_API_KEY", "")
    if not api_key:
        parser.error("an API key is required (--api-key, --api-key-file or $TMDB_STANDIN_API_KEY)")
    server = make_server(args.host, args.port, api_key, args.catalogue)
    host, port = server.server_address[:2]
    # SIGTERM (scripts/standins/run stop) ends serve_forever from another thread, then the process.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    print(f"TMDB stand-in: {len(server.RequestHandlerClass.catalogue.movies)} films on http://{host}:{port}"
          f" (API /3/, images /t/p/)", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
