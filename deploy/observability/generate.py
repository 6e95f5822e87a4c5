#!/usr/bin/env python3
"""Generates the observability files from the compact definitions below (checked in; run again
after editing this file, `scripts/check-observability` fails when an output is stale):

  deploy/observability/rules/slo.rules.yml       SLO recording rules and multi-window multi-burn-rate
                                                 alerts, per service (availability, latency)
  deploy/observability/dashboards/*.json         Grafana dashboards: overview, one per service,
                                                 "payments at rush hour"
  k8s/components/monitoring/prometheusrule.yaml  every rule file wrapped in a PrometheusRule
  k8s/components/monitoring/dashboards/*.json    the dashboards again, for the Grafana sidecar's
                                                 ConfigMaps (kustomize reads files under its root only)

Usage: generate.py            write the files
       generate.py --check    exit 1 (naming the files) when a written file would differ
"""
import json
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
K8S_MONITORING = ROOT / "k8s/components/monitoring"

SERVICES = ["gateway", "auth", "catalog", "scheduling", "payments", "notifications"]
CONSUMERS = ["catalog", "scheduling", "payments", "notifications", "gateway"]
RUNBOOKS = "docs/runbooks"

# ---- SLOs -------------------------------------------------------------------------------------
# Availability: requests not answered 5xx, measured where they are served (`hb_requests`; the
# gateway's own series count what the clients saw, upstream failures included).
# Latency: requests answered within LATENCY_THRESHOLD seconds. Services: their HTTP histogram,
# long-lived streams (SSE) excluded; gateway: time to the upstream's answer head
# (`gateway_upstream_duration_seconds`), which excludes streamed bodies.
AVAILABILITY_OBJECTIVE = 0.995  # 30-day error budget 0.5 %
LATENCY_OBJECTIVE = 0.99        # 99 % of requests faster than the threshold
LATENCY_THRESHOLD = "0.5"       # an `le` bucket the histograms have (0.005 … 10 s)
STREAMS = 'http_route!~".*/(live|stream)"'
WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]
# (severity, long window, short window, burn-rate factor, for) — the Google SRE workbook's table:
# 2 % of the 30-day budget in 1 h, 5 % in 6 h (page); 10 % in 1 d, 10 % in 3 d (ticket).
BURN_RATES = [
    ("critical", "1h", "5m", 14.4, "2m"),
    ("critical", "6h", "30m", 6, "15m"),
    ("warning", "1d", "2h", 3, "1h"),
    ("warning", "3d", "6h", 1, "3h"),
]


def slo_rules():
    avail, latency = [], []
    for w in WINDOWS:
        avail.append({
            "record": f"job:slo_availability_errors:ratio_rate{w}",
            # `or 0 * …`: a service that never answered 5xx has no 5xx series; its ratio is 0, not absent
            "expr": f'(\n  sum by (job) (rate(hb_requests{{http_response_status_code=~"5.."}}[{w}]))\n'
                    f"  or 0 * sum by (job) (rate(hb_requests[{w}]))\n)\n"
                    f"/ sum by (job) (rate(hb_requests[{w}]))",
        })
        latency.append({
            "record": f"job:slo_latency_slow:ratio_rate{w}",
            "expr": f'1 - (\n  sum by (job) (rate(http_server_request_duration_bucket{{job!="gateway",{STREAMS},le="{LATENCY_THRESHOLD}"}}[{w}]))\n'
                    f'  / sum by (job) (rate(http_server_request_duration_count{{job!="gateway",{STREAMS}}}[{w}]))\n)\nor\n'
                    f'1 - (\n  sum by (job) (rate(gateway_upstream_duration_seconds_bucket{{job="gateway",le="{LATENCY_THRESHOLD}"}}[{w}]))\n'
                    f'  / sum by (job) (rate(gateway_upstream_duration_seconds_count{{job="gateway"}}[{w}]))\n)',
        })

    def alerts(kind, record, budget, what):
        out = []
        for severity in ("critical", "warning"):
            terms = []
            for sev, long, short, factor, _ in BURN_RATES:
                if sev != severity:
                    continue
                threshold = round(factor * budget, 6)
                terms.append(f"(\n  {record}{long} > {threshold}\nand\n  {record}{short} > {threshold}\n)")
            name = f"SLO{kind}BurnRate{'Critical' if severity == 'critical' else 'High'}"
            fast = severity == "critical"
            out.append({
                "alert": name,
                "expr": "\nor\n".join(terms),
                "for": "2m" if fast else "15m",
                "labels": {"severity": severity, "slo": kind.lower()},
                "annotations": {
                    "summary": f"{{{{ $labels.job }}}} is burning its {kind.lower()} error budget "
                               f"{'fast: at this rate the 30-day budget is gone in days' if fast else 'steadily: the 30-day budget will not last the month'}",
                    "description": f"{what} Objective: {{{{ \"{(AVAILABILITY_OBJECTIVE if kind == 'Availability' else LATENCY_OBJECTIVE) * 100:g} %\" }}}}. "
                                   f"Burn-rate windows {'1 h/5 min at 14.4x or 6 h/30 min at 6x' if fast else '1 d/2 h at 3x or 3 d/6 h at 1x'}.",
                    "runbook_url": f"{RUNBOOKS}/slo-burn.md",
                },
            })
        return out

    return {"groups": [
        {"name": "homestudio-slo-availability", "interval": "30s", "rules": avail},
        {"name": "homestudio-slo-latency", "interval": "30s", "rules": latency},
        {"name": "homestudio-slo-alerts", "rules":
            alerts("Availability", "job:slo_availability_errors:ratio_rate", 1 - AVAILABILITY_OBJECTIVE,
                   "Share of requests answered 5xx (hb_requests).")
            + alerts("Latency", "job:slo_latency_slow:ratio_rate", 1 - LATENCY_OBJECTIVE,
                     f"Share of requests slower than {LATENCY_THRESHOLD} s (streams excluded).")},
    ]}


# ---- dashboards ---------------------------------------------------------------------------------
# A panel: (title, kind, [(expr, legend)], unit). kind: ts (time series) or stat.
RATE = "$__rate_interval"


def quantile(q, series, selector, by="job"):
    return f"histogram_quantile({q}, sum by (le, {by}) (rate({series}_bucket{{{selector}}}[{RATE}])))"


def runtime_panels(job):
    sel = f'job="{job}"'
    return [
        ("CPU (cores) per instance", "ts", [(f"rate(process_cpu_seconds_total{{{sel}}}[{RATE}])", "{{instance}}")], "short"),
        ("Resident memory per instance", "ts", [(f"process_resident_memory_bytes{{{sel}}}", "{{instance}}")], "bytes"),
        ("Open file descriptors / limit", "ts", [(f"process_open_fds{{{sel}}} / process_max_fds{{{sel}}}", "{{instance}}")], "percentunit"),
        ("Threads", "ts", [(f"process_threads{{{sel}}}", "{{instance}}")], "short"),
        ("Instances up", "stat", [(f"sum(up{{{sel}}})", "up")], "short"),
        ("Running version", "stat", [(f"count by (version, commit) (build_info{{{sel}}})", "{{version}} {{commit}}")], "short"),
    ]


def http_panels(job):
    sel = f'job="{job}"'
    return [
        ("Requests/s by route", "ts", [(f"sum by (http_route) (rate(hb_requests{{{sel}}}[{RATE}]))", "{{http_route}}")], "reqps"),
        ("5xx ratio by route", "ts", [(f'sum by (http_route) (rate(hb_requests{{{sel},http_response_status_code=~"5.."}}[{RATE}])) / sum by (http_route) (rate(hb_requests{{{sel}}}[{RATE}]))', "{{http_route}}")], "percentunit"),
        ("Latency p99 by route", "ts", [(quantile(0.99, "http_server_request_duration", f"{sel},{STREAMS}", by="http_route"), "{{http_route}}")], "s"),
        ("Latency p50 by route", "ts", [(quantile(0.5, "http_server_request_duration", f"{sel},{STREAMS}", by="http_route"), "{{http_route}}")], "s"),
        ("Error budget burn (availability, 1 h / 6 h)", "ts", [
            (f"job:slo_availability_errors:ratio_rate1h{{{sel}}} / {round(1 - AVAILABILITY_OBJECTIVE, 6)}", "1 h"),
            (f"job:slo_availability_errors:ratio_rate6h{{{sel}}} / {round(1 - AVAILABILITY_OBJECTIVE, 6)}", "6 h")], "short"),
        ("Error budget burn (latency, 1 h / 6 h)", "ts", [
            (f"job:slo_latency_slow:ratio_rate1h{{{sel}}} / {round(1 - LATENCY_OBJECTIVE, 6)}", "1 h"),
            (f"job:slo_latency_slow:ratio_rate6h{{{sel}}} / {round(1 - LATENCY_OBJECTIVE, 6)}", "6 h")], "short"),
        ("Requests in progress", "ts", [(f"sum(http_server_active_requests{{{sel}}})", "in progress")], "short"),
    ]


def database_panels(job):
    sel = f'job="{job}"'
    return [
        ("Database pool: in use / size", "ts", [(f"db_pool_connections_in_use{{{sel}}} / db_pool_connections_max{{{sel}}}", "{{instance}}")], "percentunit"),
        ("Database pool: wait for a connection p99", "ts", [(quantile(0.99, "db_pool_acquire_duration_seconds", sel), "p99")], "s"),
    ]


def messaging_panels(job, consumes=True):
    sel = f'job="{job}"'
    panels = [
        ("Events published/s", "ts", [(f"sum(rate(events_published_total{{{sel}}}[{RATE}]))", "published")], "short"),
        ("Outbox backlog and oldest age", "ts", [
            (f"max(outbox_backlog{{{sel}}})", "rows"), (f"max(outbox_oldest_age_seconds{{{sel}}})", "oldest (s)")], "short"),
    ]
    if consumes:
        panels += [
            ("Events consumed/s by outcome", "ts", [(f"sum by (outcome) (rate(events_consumed_total{{{sel}}}[{RATE}]))", "{{outcome}}")], "short"),
            ("Queue depth (ready messages)", "ts", [(f"max by (queue) (amqp_queue_messages{{{sel}}})", "{{queue}}")], "short"),
            ("Consumers on the work queue", "stat", [(f'max(amqp_queue_consumers{{{sel},queue="{job}.events"}})', "consumers")], "short"),
            ("Consumer lag p99 (event occurred → handled)", "ts", [(quantile(0.99, "amqp_consumer_lag_seconds", sel), "p99")], "s"),
            ("Parked messages waiting", "stat", [(f"max(messages_parked{{{sel}}})", "parked")], "short"),
        ]
    return panels


SPECIFIC = {
    "gateway": [
        ("Upstream latency p99 by upstream", "ts", [(quantile(0.99, "gateway_upstream_duration_seconds", 'job="gateway"', by="upstream"), "{{upstream}}")], "s"),
        ("Upstream 5xx/s by upstream", "ts", [(f'sum by (upstream) (rate(gateway_upstream_duration_seconds_count{{job="gateway",status=~"5.."}}[{RATE}]))', "{{upstream}}")], "short"),
        ("Rate-limited calls/s", "ts", [(f'sum by (upstream) (rate(gateway_ratelimit_rejections_total{{job="gateway"}}[{RATE}]))', "{{upstream}}")], "short"),
        ("Response cache by result", "ts", [(f'sum by (result) (rate(gateway_cache_requests_total{{job="gateway"}}[{RATE}]))', "{{result}}")], "short"),
    ],
    "payments": [
        ("Checkouts/s by provider and outcome", "ts", [(f'sum by (provider, outcome) (rate(checkouts_total{{job="payments"}}[{RATE}]))', "{{provider}} {{outcome}}")], "short"),
        ("Refunds/s", "ts", [(f'sum by (cause) (rate(refunds_total{{job="payments"}}[{RATE}]))', "{{cause}}")], "short"),
    ],
    "scheduling": [
        ("Holds/s by outcome", "ts", [(f'sum by (outcome) (rate(holds_total{{job="scheduling"}}[{RATE}]))', "{{outcome}}")], "short"),
    ],
    "notifications": [
        ("Messages/s by channel and outcome", "ts", [(f'sum by (channel, outcome) (rate(notifications_sent_total{{job="notifications"}}[{RATE}]))', "{{channel}} {{outcome}}")], "short"),
        ("Alert rule failures/s", "ts", [(f'sum by (kind) (rate(notifications_alert_rule_failures_total{{job="notifications"}}[{RATE}]))', "{{kind}}")], "short"),
    ],
}

JOBS = "|".join(SERVICES)
CHECKOUT_ATTEMPTS = 'outcome=~"succeeded|requires_action|failed|unavailable|error"'

OVERVIEW = [
    ("Instances up by service", "ts", [(f'sum by (job) (up{{job=~"{JOBS}"}})', "{{job}}")], "short"),
    ("Availability (1 h) by service", "ts", [("1 - job:slo_availability_errors:ratio_rate1h", "{{job}}")], "percentunit"),
    ("Requests/s by service", "ts", [(f'sum by (job) (rate(hb_requests{{job=~"{JOBS}"}}[{RATE}]))', "{{job}}")], "reqps"),
    ("Latency p99 by service (streams excluded)", "ts", [(quantile(0.99, "http_server_request_duration", f'job=~"{JOBS}",{STREAMS}'), "{{job}}")], "s"),
    ("Error budget burn (availability, 1 h)", "ts", [(f"job:slo_availability_errors:ratio_rate1h / {round(1 - AVAILABILITY_OBJECTIVE, 6)}", "{{job}}")], "short"),
    ("Error budget burn (latency, 1 h)", "ts", [(f"job:slo_latency_slow:ratio_rate1h / {round(1 - LATENCY_OBJECTIVE, 6)}", "{{job}}")], "short"),
    ("Checkout success ratio", "ts", [(f'sum(rate(checkouts_total{{outcome=~"succeeded|requires_action"}}[{RATE}])) / sum(rate(checkouts_total{{{CHECKOUT_ATTEMPTS}}}[{RATE}]))', "success")], "percentunit"),
    ("Outbox oldest unpublished event by service", "ts", [("max by (job) (outbox_oldest_age_seconds)", "{{job}}")], "s"),
    ("Queue depth by queue", "ts", [("max by (queue) (amqp_queue_messages)", "{{queue}}")], "short"),
    ("Parked messages waiting by service", "ts", [("max by (job) (messages_parked)", "{{job}}")], "short"),
    ("Database pool use by service", "ts", [("max by (job) (db_pool_connections_in_use / db_pool_connections_max)", "{{job}}")], "percentunit"),
    ("Restarts (15 min) by service", "ts", [("sum by (job) (changes(process_start_time_seconds[15m]))", "{{job}}")], "short"),
    ("Running versions", "stat", [("count by (job, version) (build_info)", "{{job}} {{version}}")], "short"),
]

RUSH = [
    ("Checkouts/s by outcome", "ts", [(f'sum by (outcome) (rate(checkouts_total{{job="payments"}}[{RATE}]))', "{{outcome}}")], "short"),
    ("Checkout success ratio", "ts", [(f'sum(rate(checkouts_total{{job="payments",outcome=~"succeeded|requires_action"}}[{RATE}])) / sum(rate(checkouts_total{{job="payments",{CHECKOUT_ATTEMPTS}}}[{RATE}]))', "success")], "percentunit"),
    ("booking-not-ready ratio (hold event not there yet)", "ts", [(f'sum(rate(checkouts_total{{job="payments",outcome="not_ready"}}[{RATE}])) / sum(rate(checkouts_total{{job="payments"}}[{RATE}]))', "not ready")], "percentunit"),
    ("payments.events depth (what KEDA scales on)", "ts", [('max(amqp_queue_messages{job="payments",queue="payments.events"})', "ready"), ('max(amqp_queue_messages{job="payments",queue="payments.retry"})', "retry")], "short"),
    ("payments consumer lag p99", "ts", [(quantile(0.99, "amqp_consumer_lag_seconds", 'job="payments"'), "p99")], "s"),
    ("payments replicas", "ts", [('count(up{job="payments"} == 1)', "up")], "short"),
    ("POST /checkouts latency p50 / p99", "ts", [
        (quantile(0.5, "http_server_request_duration", 'job="payments",http_route="/checkouts"', by="http_route"), "p50"),
        (quantile(0.99, "http_server_request_duration", 'job="payments",http_route="/checkouts"', by="http_route"), "p99")], "s"),
    ("Holds/s: created vs expired (scheduling)", "ts", [(f'sum by (outcome) (rate(holds_total{{job="scheduling",outcome=~"created|expired|confirmed"}}[{RATE}]))', "{{outcome}}")], "short"),
    ("Database pool use: payments and scheduling", "ts", [('max by (job) (db_pool_connections_in_use{job=~"payments|scheduling"} / db_pool_connections_max{job=~"payments|scheduling"})', "{{job}}")], "percentunit"),
    ("Database pool wait p99: payments and scheduling", "ts", [(quantile(0.99, "db_pool_acquire_duration_seconds", 'job=~"payments|scheduling"'), "{{job}}")], "s"),
    ("CPU per payments pod (cores)", "ts", [(f'rate(process_cpu_seconds_total{{job="payments"}}[{RATE}])', "{{instance}}")], "short"),
    ("Gateway 429s/s toward payments", "ts", [(f'sum(rate(gateway_ratelimit_rejections_total{{job="gateway",upstream="payments"}}[{RATE}]))', "429/s")], "short"),
    ("Outbox oldest age: payments and scheduling", "ts", [('max by (job) (outbox_oldest_age_seconds{job=~"payments|scheduling"})', "{{job}}")], "s"),
]


def dashboard(uid, title, panels, description):
    out, x, y = [], 0, 0
    for i, (ptitle, kind, targets, unit) in enumerate(panels):
        w, h = (12, 8) if kind == "ts" else (6, 5)
        if x + w > 24:
            x, y = 0, y + 8
        out.append({
            "id": i + 1,
            "type": "timeseries" if kind == "ts" else "stat",
            "title": ptitle,
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "gridPos": {"x": x, "y": y, "w": w, "h": h},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom"}} if kind == "ts" else {"reduceOptions": {"calcs": ["lastNotNull"]}},
            "targets": [{"refId": chr(65 + j), "expr": e, "legendFormat": legend,
                         "datasource": {"type": "prometheus", "uid": "${datasource}"}}
                        for j, (e, legend) in enumerate(targets)],
        })
        x += w
    return {
        "uid": uid, "title": title, "description": description, "tags": ["homestudio"],
        "timezone": "utc", "schemaVersion": 39, "version": 1, "editable": False,
        "refresh": "30s", "time": {"from": "now-3h", "to": "now"},
        "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus",
                                 "label": "Prometheus", "current": {}, "hide": 0}]},
        "annotations": {"list": []},
        "links": [{"title": "Homestudio", "type": "dashboards", "tags": ["homestudio"], "asDropdown": True}],
        "panels": out,
    }


def dashboards():
    result = {
        "homestudio-overview": dashboard("hs-overview", "Homestudio / overview", OVERVIEW,
                                         "Every service at a glance: up, SLOs, the saga's queues and outboxes, checkouts."),
        "homestudio-payments-rush-hour": dashboard("hs-payments-rush", "Homestudio / payments at rush hour", RUSH,
                                                   "What makes customers wait at the Saturday-evening rush; docs/runbooks/rush-hour.md."),
    }
    for svc in SERVICES:
        panels = http_panels(svc) + SPECIFIC.get(svc, [])
        if svc != "gateway":
            panels += database_panels(svc) + messaging_panels(svc, consumes=svc in CONSUMERS)
        else:
            panels += messaging_panels(svc, consumes=True)[2:4]
        panels += runtime_panels(svc)
        result[f"homestudio-{svc}"] = dashboard(f"hs-{svc}", f"Homestudio / {svc}", panels, f"The {svc} service.")
    return result


# ---- outputs ------------------------------------------------------------------------------------
class Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


Dumper.add_representer(str, _str)


def to_yaml(data):
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, width=200, allow_unicode=True)


def prometheus_rule():
    groups = []
    for path in sorted((HERE / "rules").glob("*.rules.yml")):
        if path.name == "slo.rules.yml":
            groups += slo_rules()["groups"]
        else:
            groups += yaml.safe_load(path.read_text())["groups"]
    return {
        "apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule",
        "metadata": {"name": "homestudio", "labels": {"app.kubernetes.io/part-of": "homestudio"}},
        "spec": {"groups": groups},
    }


def outputs():
    header = "# GENERATED by deploy/observability/generate.py: edit that file, then run it.\n"
    files = {HERE / "rules/slo.rules.yml": header + to_yaml(slo_rules())}
    for name, board in dashboards().items():
        text = json.dumps(board, indent=2, ensure_ascii=False) + "\n"
        files[HERE / f"dashboards/{name}.json"] = text
        files[K8S_MONITORING / f"dashboards/{name}.json"] = text
    files[K8S_MONITORING / "prometheusrule.yaml"] = (
        header + "# The rule files of deploy/observability/rules/ (same groups), for the Prometheus Operator.\n"
        + to_yaml(prometheus_rule()))
    return files


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for path, text in outputs().items():
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if stale:
        print("stale (run deploy/observability/generate.py): " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
