"""API fuzzing of every service's OpenAPI document with schemathesis (run by scripts/fuzz).

For each service (its own port, not through the gateway) and each identity (staff = the super
admin, client = a fresh client account, anonymous = no token, public operations only), every
operation of the service's /openapi.json gets HS_FUZZ_EXAMPLES generated requests (Hypothesis,
seed HS_FUZZ_SEED, one per identity). A set-up first makes the resources (film, screening,
booking, payment…) whose ids half of the generated ids take (known_ids). Checks:

  * not_a_server_error: any 5xx fails the run, except a 502/503 that the operation's document
    declares and that names a dependency (problem code other than "internal": TMDB not
    configured, payment provider unavailable), which is reported only; the first 5xx of an
    operation is shrunk by Hypothesis to a minimal request;
  * response_schema_conformance, status_code_conformance and content_type_conformance: fatal,
    the first failure of each operation listed (HS_FUZZ_CONFORMANCE=report: listed only; off: not
    checked). A request the HTTP parser refuses (a control character in a header) is a 400
    problem+json like any other, so it conforms too.

Every request carries X-Request-Id fuzz-<seed>-<service>-<identity>-<n> (the service logs it
with its "unhandled error") and an X-Forwarded-For address of its own (198.18.0.0/15): auth's
login throttle counts failures per client address, and 50 of them would lock the address and turn
every later /login into a 429 that hides the logic behind it. The identities' own logins use
their own addresses too. Each service as each identity is one unit of work (run_units).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import uuid
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.experimental import OPEN_API_3_1
from schemathesis.generation import GenerationConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

OPEN_API_3_1.enable()  # our documents are OpenAPI 3.1 (schemathesis 3.x: experimental support)
# hypothesis-jsonschema ignores "format": "uuid"; without this every id in a body is garbage and
# the answer a 400 from the JSON decoder, far from the logic.
schemathesis.openapi.format("uuid", st.uuids().map(str))


def raw_bytes(value) -> bytes:
    value = getattr(value, "data", value)  # "format": "binary" values come wrapped
    return value if isinstance(value, bytes) else str(value).encode()


# Raw image bodies (catalog's poster and backdrop upload, PUT /films/{id}/images/{kind}): the
# generated value as the body's bytes (schemathesis has no serializer for image types).
@schemathesis.serializer("image/jpeg", aliases=("image/png", "image/webp"))
class RawBytes:
    def as_requests(self, context, value):
        return {"data": raw_bytes(value)}

    def as_werkzeug(self, context, value):
        return {"data": raw_bytes(value)}

SEED = int(os.environ.get("HS_FUZZ_SEED", "15"))
EXAMPLES = int(os.environ.get("HS_FUZZ_EXAMPLES", "20"))  # per operation and identity
VERBOSE = os.environ.get("HS_FUZZ_VERBOSE") == "1"  # answers and seconds per operation
JOBS = int(os.environ.get("HS_FUZZ_JOBS", "3"))  # units (a service as one identity) at a time
TIMEOUT = float(os.environ.get("HS_FUZZ_TIMEOUT", "10"))  # seconds, per request
CONFORMANCE = os.environ.get("HS_FUZZ_CONFORMANCE", "strict")  # strict | report | off
ADMIN = ("admin@homestudio.local", os.environ.get("HS_ADMIN_PASSWORD") or "homestudio-admin")
LOGS = os.environ.get("HS_LOGS", "")

# Operations that would break the rest of the run. Excluded for the identity that could perform
# them (the others only get their 401/403):
#   POST /signing-keys/rotate: every rotation adds a signing key that the verifiers must learn
#     (and that stays in the JWKS); not something to do a dozen times in a row.
EXCLUDED = {("auth", "staff", "POST /signing-keys/rotate")}
# Run last for each identity: they end the identity's sessions (its access token stays valid
# until it expires, 15 min, but a refresh would fail).
LAST = {"POST /logout", "POST /logout-all", "DELETE /sessions/{id}"}

CONFORMANCE_CHECKS = (response_schema_conformance, status_code_conformance, content_type_conformance)


@dataclass
class Finding:
    service: str
    identity: str
    operation: str
    status: int
    curl: str
    request_id: str
    detail: str
    fatal: bool


@dataclass
class Result:
    service: str
    identity: str
    operations: int = 0
    cases: int = 0
    server_errors: int = 0  # operations that answered a (fatal) 5xx
    dependency_errors: int = 0  # declared 502/503 of a dependency
    timeouts: int = 0
    seconds: float = 0.0
    nonconforming: dict[str, str] = field(default_factory=dict)  # operation -> first failure
    statuses: dict[str, Counter] = field(default_factory=dict)  # operation -> answers (HS_FUZZ_VERBOSE)
    durations: dict[str, float] = field(default_factory=dict)  # operation -> seconds (HS_FUZZ_VERBOSE)


class Addresses:
    """One client address per request, from 198.18.0.0/15 (RFC 2544 benchmarking); each unit of
    work counts from its own block, the set-up from block 0."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        n = self.n % (1 << 17)
        return f"198.{18 + (n >> 16)}.{(n >> 8) & 255}.{n & 255}"


ADDRESSES = Addresses()
REQUEST_IDS = iter(range(1, 1 << 62))


def post_json(url: str, body: dict) -> requests.Response:
    return requests.post(url, json=body, timeout=30, headers={"X-Forwarded-For": ADDRESSES.next()})


def login(auth_url: str, email: str, password: str) -> str:
    answer = post_json(f"{auth_url}/login", {"email": email, "password": password})
    if answer.status_code != 200:
        sys.exit(f"fuzz: login of {email} answered {answer.status_code}: {answer.text[:300]}")
    return answer.json()["accessToken"]


def tokens(auth_url: str) -> dict[str, str | None]:
    """staff: the super admin; client: a fresh client account of this run."""
    email = f"fuzz-{uuid.uuid4().hex[:12]}@example.com"
    password = f"fuzzing {uuid.uuid4().hex}"
    answer = post_json(f"{auth_url}/register", {"email": email, "password": password, "displayName": "Fuzz"})
    if answer.status_code != 202:
        sys.exit(f"fuzz: registering {email} answered {answer.status_code}: {answer.text[:300]}")
    # The order of the runs: the client's operations touch only its own resources, the staff's can
    # cancel the screening or archive the film that the others' cases use.
    return {"anonymous": None, "client": login(auth_url, email, password), "staff": login(auth_url, *ADMIN)}


IDENTITIES = ["anonymous", "client", "staff"]


class Api:
    """Plain calls for the set-up (not fuzzed), each from a client address of its own."""

    def __init__(self, urls: dict[str, str], identities: dict[str, str | None]) -> None:
        self.urls, self.identities = urls, identities

    def __call__(self, who: str, method: str, service: str, path: str, body=None, headers=None, tries: int = 1):
        headers = {**(headers or {}), "X-Forwarded-For": ADDRESSES.next()}
        if self.identities.get(who):
            headers["Authorization"] = f"Bearer {self.identities[who]}"
        for attempt in range(tries):  # events between services take a moment (409/422 "not yet")
            answer = requests.request(method, self.urls[service] + path, json=body, headers=headers, timeout=30)
            if answer.ok or attempt == tries - 1:
                break
            time.sleep(0.25)
        if not answer.ok:
            raise RuntimeError(f"{method} {service}{path} answered {answer.status_code}: {answer.text[:200]}")
        return answer.json() if answer.content else None


def known_ids(urls: dict[str, str], identities: dict[str, str | None]) -> dict[str, list[str]]:
    """Real resources for the ids in paths and bodies: random ids alone would stop nearly every
    operation at its 404 and never reach the logic behind it. Keyed by the path segment before
    the parameter (/films/{id} → "films"), else by the parameter's name (genre; filmId → "films").
    Best effort: what cannot be made is left out (and said)."""
    api = Api(urls, identities)
    run = uuid.uuid4().hex[:8]  # names of this run (cinemas, categories… are unique by name)
    ids: dict[str, list[str]] = {
        "genre": ["Drame", "Thriller"], "base": ["EUR", "USD"], "quote": ["USD", "EUR"],
        "service": ["auth", "catalog", "scheduling", "payments", "notifications"],
        "path": ["films", "cinemas", "screenings", "me", "openapi.json"],
        "file": ["catalogue.json", "asyncapi.json", "index.html"],
    }

    def add(key: str, *values) -> None:
        ids.setdefault(key, []).extend(str(v) for v in values if v)

    steps = []

    def step(function):
        steps.append(function)
        return function

    @step
    def accounts():
        add("users", api("client", "GET", "auth", "/me")["id"])
        for who in ("client", "staff"):
            add("sessions", *(s["id"] for s in api(who, "GET", "auth", "/sessions")["items"]))

    @step
    def catalog():
        film = api("staff", "POST", "catalog", "/films", {
            "title": f"Fuzz Film {run}", "runtimeMinutes": 95, "status": "published", "genres": ["Drame"],
            "audioLanguages": ["fr"], "subtitleLanguages": ["en"], "formats": ["2D"]})["id"]
        add("films", film)
        add("categories", api("staff", "POST", "catalog", "/categories", {"name": f"Fuzz {run}", "kind": "collection"})["id"])
        add("lists", api("client", "POST", "catalog", "/lists",
                         {"name": "Fuzz list", "isPublic": True, "renewShareToken": False})["id"])
        add("history", api("client", "POST", "catalog", "/me/history", {"filmId": film})["id"])

    @step
    def scheduling():
        cinema = api("staff", "POST", "scheduling", "/cinemas",
                     {"name": f"Fuzz Cinema {run}", "city": "Lyon", "timezone": "Europe/Paris", "currency": "EUR"})["id"]
        add("cinemas", cinema)
        auditorium = api("staff", "POST", "scheduling", f"/cinemas/{cinema}/auditoriums", {
            "name": "Fuzz 1", "rows": [{"label": label, "seats": 8} for label in "ABCD"]})["id"]
        add("auditoriums", auditorium)
        screening = api("staff", "POST", "scheduling", "/screenings", {
            "filmId": ids["films"][0], "auditoriumId": auditorium, "startsAt": "2031-06-01T18:00:00Z",
            "priceAmount": 1200, "currency": "EUR"}, tries=40)["id"]  # waits for catalog.film.published
        add("screenings", screening)
        seats = [s["id"] for s in api("client", "GET", "scheduling", f"/screenings/{screening}/seats")["items"]
                 if s["state"] == "free" and s.get("kind", "standard") == "standard"]
        add("seats", *seats[2:8])  # the first two are held below
        add("bookings", api("client", "POST", "scheduling", f"/screenings/{screening}/holds",
                            {"seatIds": seats[:2]})["id"])

    @step
    def payments():
        payment = api("client", "POST", "payments", "/checkouts",
                      {"bookingId": ids["bookings"][0], "paymentMethod": "tok_visa"},
                      headers={"Idempotency-Key": str(uuid.uuid4())}, tries=40)  # waits for booking.held
        add("payments", payment["paymentId"])
        add("invoices", *(i["id"] for i in api("client", "GET", "payments", "/invoices")["items"]))

    @step
    def notifications():
        add("alert-rules", api("staff", "POST", "notifications", "/alert-rules", {
            "name": f"Fuzz {run}", "kind": "fraud", "recipients": ["ops@example.com"], "channels": ["email"]})["id"])
        templates = api("staff", "GET", "notifications", "/templates")["items"][:3]
        for template in templates:
            add("kind", template.get("kind"))
            add("channel", template.get("channel"))
            add("locale", template.get("locale"))
        add("feed", *(i["id"] for i in api("client", "GET", "notifications", "/feed")["items"][:2]))

    for function in steps:
        try:
            function()
        except (RuntimeError, requests.RequestException, KeyError, IndexError, TypeError) as error:
            print(f"  set-up of {function.__name__} incomplete: {error}", flush=True)
    return {key: list(dict.fromkeys(values)) for key, values in ids.items() if values}


def with_known_ids(document: dict, ids: dict[str, list[str]]) -> dict:
    """The document with each path parameter and body property that has known values drawn from
    them or, as the document says, from any string: about half the cases reach the resource.
    Body properties: <thing>Id and <thing>Ids (filmId, seatIds) take the values of "<thing>s"."""

    def known(schema: dict, key: str) -> dict:
        return {"anyOf": [{"enum": ids[key]}, schema]} if ids.get(key) else schema

    def body(schema: dict) -> None:
        for name, property in list(schema.get("properties", {}).items()):
            if name.endswith("Id"):
                schema["properties"][name] = known(property, name[:-2] + "s")
            elif name.endswith("Ids") and "items" in property:
                property["items"] = known(property["items"], name[:-3] + "s")
            else:
                body(property)
        if isinstance(schema.get("items"), dict):
            body(schema["items"])

    for path, item in document.get("paths", {}).items():
        segments = path.strip("/").split("/")
        for operation in (o for o in item.values() if isinstance(o, dict)):
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "path":
                    continue
                name = parameter["name"]
                index = segments.index("{" + name + "}")
                key = segments[index - 1] if name == "id" and index > 0 else name
                key = key[:-2] + "s" if key.endswith("Id") else key
                parameter["schema"] = known(parameter.get("schema", {"type": "string"}), key)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                body(content.get("schema", {}))
    return document


def declared(operation, status: int) -> bool:
    return str(status) in operation.definition.raw.get("responses", {})


def problem_code(response: requests.Response) -> str | None:
    try:
        return response.json().get("code")
    except (ValueError, AttributeError):
        return None


def log_error(service: str, request_id: str) -> str:
    """The "unhandled error" the service logged for this request, if any."""
    path = os.path.join(LOGS, f"{service}.log")
    if not LOGS or not os.path.exists(path):
        return ""
    with open(path, errors="replace") as log:
        for line in log:
            if request_id in line:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("error"):
                    return summary(entry["error"])
    return ""


def summary(error: str) -> str:
    """A PostgreSQL error as SQLSTATE, message and the Swift file and line that sent the query."""
    if "PSQLError" not in error:
        return " ".join(error.split())[:400]
    state, message = re.search(r"sqlState: (\w+)", error), re.search(r"message: ([^\]]*?), routine", error)
    where = re.search(r"triggeredFromRequestInFile: ([^,]*), line: (\d+)", error)
    return (f"PSQLError SQLSTATE {state and state.group(1)}: {message and message.group(1)}"
            + (f" ({where.group(1)}:{where.group(2)})" if where else ""))


class ServerError(Exception):
    """Raised by a case answered with a 5xx: Hypothesis then shrinks it to a minimal request."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.operation)
        self.finding = finding


def run_operation(service, identity, token, operation, session, result: Result, findings: list[Finding]) -> None:
    """Up to EXAMPLES generated cases of one operation as one identity (its own seed: the
    identities do not repeat each other's cases); the first 5xx stops the operation and is
    shrunk to the smallest request that still gets one."""
    name = f"{operation.method.upper()} {operation.path}"
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    @seed(SEED * 10 + IDENTITIES.index(identity))
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=False, print_blob=False,
        report_multiple_bugs=False, suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    @given(case=operation.as_strategy())
    def fuzz(case) -> None:
        request_id = f"fuzz-{SEED}-{service}-{identity}-{next(REQUEST_IDS)}"
        extra = {**headers, "X-Request-Id": request_id, "X-Forwarded-For": ADDRESSES.next()}
        result.cases += 1
        try:
            # stream=True: an event stream (SSE) answers its head and then stays open.
            response = session.request(**case.as_requests_kwargs(headers=extra), stream=True, timeout=TIMEOUT)
            if response.headers.get("Content-Type", "").startswith("text/event-stream"):
                response.close()
                return
            _ = response.content
        except requests.RequestException as error:  # not shrunk: each attempt could wait TIMEOUT
            result.timeouts += 1
            findings.append(Finding(service, identity, name, 0, curl(case, extra, token), request_id,
                                    f"{type(error).__name__}: {error}", True))
            return
        result.statuses.setdefault(name, Counter())[response.status_code] += 1
        try:
            case.validate_response(response, checks=(not_a_server_error,))
        except AssertionError:
            finding = Finding(service, identity, name, response.status_code, curl(case, extra, token),
                              request_id, response.text[:300], True)
            if response.status_code in (502, 503) and declared(operation, response.status_code) \
                    and problem_code(response) not in (None, "internal"):
                result.dependency_errors += 1  # a dependency's declared answer: reported only
                finding.fatal = False
                findings.append(finding)
                return
            raise ServerError(finding) from None
        if CONFORMANCE != "off" and name not in result.nonconforming:
            try:
                case.validate_response(response, checks=CONFORMANCE_CHECKS)
            except (AssertionError, BaseExceptionGroup) as error:  # several failed checks come as a group
                failures = error.exceptions if isinstance(error, BaseExceptionGroup) else (error,)
                result.nonconforming[name] = f"[{response.status_code}] " + "; ".join(map(check_detail, failures))

    try:
        fuzz()
    except ServerError as failure:  # the smallest failing case
        result.server_errors += 1
        findings.append(failure.finding)
    except BaseExceptionGroup as group:  # Hypothesis's Flaky: the shrunk case did not fail again
        failure = next((e for e in group.exceptions if isinstance(e, ServerError)), None)
        if failure is None:
            raise
        result.server_errors += 1
        findings.append(failure.finding)


def check_detail(error: BaseException) -> str:
    """A failed check's detail (its message's second paragraph), else its title."""
    paragraphs = str(error).strip().split("\n\n")
    return (paragraphs[1] if len(paragraphs) > 1 else paragraphs[0]).strip()[:200]


def curl(case, headers: dict, token: str | None) -> str:
    command = case.as_curl_command(headers=headers)
    return command.replace(token, "$TOKEN") if token else command


def order(operation) -> tuple[bool, bool]:
    """Destructive operations (DELETE, cancel, release, archive) after the others, and those
    that end the identity's sessions last."""
    name = f"{operation.method.upper()} {operation.path}"
    destructive = operation.method.upper() == "DELETE" or name.endswith(("/cancel", "/release", "/archive"))
    return name in LAST, destructive


def fuzz_unit(service: str, url: str, identity: str, token: str | None, ids: dict[str, list[str]],
              block: int) -> tuple[Result, list[Finding]]:
    """One service's document as one identity (a unit of work for a worker process)."""
    ADDRESSES.n = block * 6800  # this unit's own range of client addresses (blocks 1–18 of 6,800)
    findings: list[Finding] = []
    document = with_known_ids(requests.get(f"{url}/openapi.json", timeout=30).json(), ids)
    schema = schemathesis.from_dict(
        document, base_url=url, generation_config=GenerationConfig(with_security_parameters=False))
    operations = [entry.ok() for entry in schema.get_all_operations()]  # raises on an unreadable operation
    result = Result(service, identity)
    chosen = [
        op for op in operations
        if (service, identity, f"{op.method.upper()} {op.path}") not in EXCLUDED
        and (token or "security" not in op.definition.raw)  # anonymous: public operations only
    ]
    chosen.sort(key=order)
    result.operations = len(chosen)
    started = time.monotonic()
    with requests.Session() as session:
        for operation in chosen:
            operation_started = time.monotonic()
            run_operation(service, identity, token, operation, session, result, findings)
            result.durations[f"{operation.method.upper()} {operation.path}"] = time.monotonic() - operation_started
    result.seconds = time.monotonic() - started
    if VERBOSE:
        for name, statuses in result.statuses.items():
            print(f"    {service} {identity} {name}: {dict(sorted(statuses.items()))} "
                  f"in {result.durations.get(name, 0.0):.1f} s", flush=True)
    print(f"  {service:<13} {identity:<9} {result.operations:>3} operations {result.cases:>5} cases "
          f"{result.server_errors:>3} 5xx {result.seconds:6.1f} s", flush=True)
    return result, findings


def run_units(targets: dict[str, str], identities: dict[str, str | None],
              ids: dict[str, list[str]]) -> tuple[list[Result], list[Finding]]:
    """Every service as every identity, one unit of work each, JOBS at a time. A service's staff
    unit starts only once its client unit is over (see tokens()). Auth's units go first: its
    client's and staff's runs are the longest, mostly waiting out the progressive delays of
    wrong passwords (auth.login.delay.ms) while the other units keep the cores busy."""
    ready = deque((service, identity) for service in sorted(targets, key=lambda s: s != "auth")
                  for identity in ("client", "anonymous"))
    # Block 0 of the client addresses is the set-up's (this process's logins and known_ids).
    blocks = {unit: block for block, unit in enumerate(((s, i) for s in targets for i in IDENTITIES), 1)}
    results: dict[tuple[str, str], Result] = {}
    findings: list[Finding] = []
    with ProcessPoolExecutor(max_workers=JOBS) as pool:
        running: dict = {}
        while ready or running:
            while ready and len(running) < JOBS:
                service, identity = unit = ready.popleft()
                running[pool.submit(fuzz_unit, service, targets[service], identity, identities[identity],
                                    ids, blocks[unit])] = unit
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                service, identity = running.pop(future)
                results[(service, identity)], unit_findings = future.result()
                findings += unit_findings
                if identity == "client":
                    ready.appendleft((service, "staff"))
    return [results[unit] for unit in sorted(results, key=blocks.get)], findings


def main() -> int:
    urls = dict(entry.split("=", 1) for entry in os.environ.get("HS_FUZZ_URLS", "").split())
    targets = {service: urls[service] for service in sys.argv[1:] if service in urls}
    if not targets or "auth" not in urls:
        sys.exit("usage: HS_FUZZ_URLS='auth=URL catalog=URL …' fuzz.py service… (scripts/fuzz passes them)")
    print(f"schemathesis {schemathesis.__version__}, seed {SEED}, {EXAMPLES} examples per operation, "
          f"{TIMEOUT:g} s per request, conformance {CONFORMANCE}", flush=True)
    started = time.monotonic()
    identities = tokens(urls["auth"])
    ids = known_ids(urls, identities)
    print(f"  set-up: {sum(map(len, ids.values()))} known path values in {time.monotonic() - started:.1f} s", flush=True)
    findings: list[Finding] = []
    results: list[Result] = []
    results, findings = run_units(targets, identities, ids)
    total = time.monotonic() - started

    print(f"\n{'service':<14}{'token':<10}{'operations':>11}{'cases':>8}{'5xx':>6}{'dep-5xx':>9}"
          f"{'timeouts':>10}{'seconds':>9}")
    for r in results:
        print(f"{r.service:<14}{r.identity:<10}{r.operations:>11}{r.cases:>8}{r.server_errors:>6}"
              f"{r.dependency_errors:>9}{r.timeouts:>10}{r.seconds:>9.1f}")
    print(f"{'total':<24}{sum(r.operations for r in results):>11}{sum(r.cases for r in results):>8}"
          f"{sum(r.server_errors for r in results):>6}{sum(r.dependency_errors for r in results):>9}"
          f"{sum(r.timeouts for r in results):>10}{total:>9.1f}")

    # One finding per (service, operation, status): the shortest reproduction, and who got it.
    distinct: dict[tuple, Finding] = {}
    who: dict[tuple, set[str]] = {}
    for f in findings:
        key = (f.service, f.operation, f.status, f.fatal)
        who.setdefault(key, set()).add(f.identity)
        if key not in distinct or len(f.curl) < len(distinct[key].curl):
            distinct[key] = f
    fatal = [(f, who[key]) for key, f in distinct.items() if f.fatal]
    reported = [f for f in distinct.values() if not f.fatal]
    if reported:
        print(f"\nDeclared dependency answers (not failures): "
              + ", ".join(sorted({f"{f.service} {f.operation} {f.status}" for f in reported})))
    if CONFORMANCE != "off":
        nonconforming: dict[tuple[str, str], set[str]] = {}
        for r in results:
            for op, message in r.nonconforming.items():
                nonconforming.setdefault((r.service, op), set()).add(" ".join(message.split())[:160])
        print(f"\nConformance ({'fatal' if CONFORMANCE == 'strict' else 'reported, not fatal'}): "
              f"{len(nonconforming)} operation(s) answered outside their document")
        for (service, op), messages in sorted(nonconforming.items()):
            print(f"  {service} {op}: {' | '.join(sorted(messages))}")
    if fatal:
        print(f"\n{len(fatal)} distinct server error(s) (service, operation, status):")
        for f, identities in sorted(fatal, key=lambda pair: (pair[0].service, pair[0].operation)):
            print(f"\n--- {f.service} {f.operation}: {f.status or 'no answer'} as {', '.join(sorted(identities))}")
            print(f"  {f.curl}" if f.identity == "anonymous" else f"  TOKEN=<{f.identity} token>; {f.curl}")
            error = log_error(f.service, f.request_id)
            print(f"  log: {error}" if error else f"  answer: {' '.join(f.detail.split())[:300]}")
    failed = bool(fatal) or (CONFORMANCE == "strict" and any(r.nonconforming for r in results))
    print(f"\nfuzz: {'FAILED' if failed else 'passed'} in {total:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
