"""The web UI end to end in real headless Chromium against a real ``sluice up`` and PostgreSQL:
first-run setup, lock/unlock, login, API tokens, changing the master password, connections,
schema explorer, pipeline builder (with advanced settings), a live run, the dashboard and the
sync state. Saves a screenshot of every screen into docs/screenshots/."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psycopg
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWPORT, SluiceServer

pytestmark = pytest.mark.postgres

MASTER = "correct horse battery staple"
NEW_MASTER = "violet otter marble canyon"
WEBHOOK = "https://hooks.slack.com/services/T0000/B0000/e2e-not-a-real-hook"
ADMIN, ADMIN_PW = "admin", "s3cure-admin-pw"


def shot(page: Page, folder: Path, name: str, *, full_page: bool = False) -> None:
    """Save ``docs/screenshots/<name>.png``. ``full_page`` grows the viewport to the content
    (a plain full-page capture would paint the fixed header in the middle)."""
    size = page.viewport_size or VIEWPORT
    page.mouse.move(size["width"] - 2, 60)  # no hover highlight in the picture
    page.wait_for_timeout(300)  # let transitions settle
    if full_page:
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
        page.wait_for_timeout(200)
    page.screenshot(path=str(folder / f"{name}.png"))
    if full_page:
        page.set_viewport_size(size)


def textbox(page: Page, name: str) -> Any:
    return page.get_by_role("textbox", name=name, exact=True)


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()


def segment(scope: Any, label: str) -> Any:
    """A SegmentedControl option (its radio input is visually hidden: click the label)."""
    return scope.locator("label.mantine-SegmentedControl-label", has_text=label)


def api_status(server: SluiceServer, path: str, token: str) -> int:
    """HTTP status of ``GET path`` with only a bearer token (no session cookie)."""
    req = urllib.request.Request(  # always http://127.0.0.1  # noqa: S310
        server.url + path, headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as r:  # noqa: S310
            return int(r.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def api_json(page: Page, path: str) -> Any:
    """``GET path`` with the browser's session."""
    response = page.request.get(path)
    assert response.ok, f"{path}: HTTP {response.status} {response.text()}"
    return json.loads(response.text())


def fill_postgres_form(page: Page, db: dict[str, Any], name: str, database: str) -> None:
    textbox(page, "Connection name").fill(name)
    textbox(page, "Host").fill(db["host"])
    textbox(page, "Port").fill(str(db["port"]))
    textbox(page, "Database").fill(database)
    textbox(page, "User name").fill(db["username"])


def test_setup_to_live_run(
    page: Page,
    sluice_server: SluiceServer,
    demo_databases: dict[str, Any],
    screenshots: Path,
    record_property: Any,
) -> None:
    db = demo_databases

    # -- first run: master password (strength meter, warning) and the first admin
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome to Sluice")).to_be_visible()
    expect(page.get_by_text("It cannot be recovered")).to_be_visible()
    textbox(page, "Master password").fill("password")
    expect(page.get_by_test_id("strength-label")).to_have_text(re.compile("weak", re.I))
    textbox(page, "Master password").fill(MASTER)
    expect(page.get_by_test_id("strength-label")).to_have_text(re.compile("strong", re.I))
    textbox(page, "Repeat master password").fill(MASTER)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Please confirm you have stored it safely")).to_be_visible()
    page.get_by_label("I have stored the master password").check()
    shot(page, screenshots, "01-setup-master-password")
    page.get_by_role("button", name="Continue").click()
    textbox(page, "User name").fill(ADMIN)
    textbox(page, "Password").fill(ADMIN_PW)
    textbox(page, "Repeat password").fill(ADMIN_PW)
    page.get_by_role("button", name="Finish setup").click()

    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text("Move your first data in three steps")).to_be_visible()
    shot(page, screenshots, "02-getting-started")

    # -- lock, unlock, sign out, sign in
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Lock Sluice").click()
    expect(page.get_by_role("heading", name="Sluice is locked")).to_be_visible()
    textbox(page, "Master password").fill("not the password")
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_text(re.compile("password", re.I)).nth(1)).to_be_visible()
    textbox(page, "Master password").fill(MASTER)
    shot(page, screenshots, "03-unlock")
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    textbox(page, "User name").fill(ADMIN)
    textbox(page, "Password").fill(ADMIN_PW)
    shot(page, screenshots, "04-login")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    # -- settings: API tokens (the secret is shown once; revoked tokens stop working at once)
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Settings & API tokens").click()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    expect(page.get_by_text("No API tokens yet")).to_be_visible()
    tokens = {}
    for name, expiry in (("CI deploy", "Never"), ("Nightly export", "In 30 days")):
        page.get_by_role("button", name="New token").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_role("textbox", name="Token name").fill(name)
        dialog.get_by_role("combobox", name="Expires").click()
        page.get_by_role("option", name=expiry).click()
        dialog.get_by_role("button", name="Create token").click()
        expect(dialog.get_by_text("you won't see it again")).to_be_visible()
        tokens[name] = dialog.get_by_test_id("token-secret").inner_text().strip()
        if name == "Nightly export":
            shot(page, screenshots, "17a-settings-token-created")
        dialog.get_by_role("button", name="I have copied it").click()
        expect(page.get_by_role("dialog")).to_have_count(0)
    assert api_status(sluice_server, "/api/pipelines", tokens["CI deploy"]) == 200
    page.reload()  # "last used" is now set
    rows = page.get_by_test_id("token-row")
    expect(rows).to_have_count(2)
    ci_row = rows.filter(has_text="CI deploy")
    expect(ci_row).to_contain_text(tokens["CI deploy"][:10])
    expect(ci_row).to_contain_text("just now")
    expect(rows.filter(has_text="Nightly export")).to_contain_text("Never used")
    assert tokens["CI deploy"] not in page.content()  # never shown again
    shot(page, screenshots, "17-settings-tokens")
    page.get_by_role("button", name="Revoke CI deploy").click()
    page.get_by_role("dialog").get_by_role("button", name="Revoke token").click()
    expect(rows).to_have_count(1)
    assert api_status(sluice_server, "/api/pipelines", tokens["CI deploy"]) == 401
    assert api_status(sluice_server, "/api/pipelines", tokens["Nightly export"]) == 200

    # -- settings: change the master password, lock, unlock with the new one
    page.get_by_role("tab", name="Security").click()
    expect(page.get_by_text("Your stored credentials are not re-encrypted")).to_be_visible()
    page.get_by_label("Current master password").fill("wrong master password")
    page.get_by_label(re.compile("^New master password")).fill(NEW_MASTER)
    page.get_by_label("Repeat new master password").fill(NEW_MASTER)
    page.get_by_role("button", name="Change master password").click()
    expect(page.get_by_text("the current master password is wrong")).to_be_visible()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()  # still signed in
    page.get_by_label("Current master password").fill(MASTER)
    expect(page.get_by_test_id("strength-label")).to_have_text(re.compile("strong", re.I))
    shot(page, screenshots, "17b-settings-security", full_page=True)
    page.get_by_role("button", name="Change master password").click()
    expect(page.get_by_text("Master password changed")).to_be_visible()
    page.get_by_role("button", name="Lock now").click()
    expect(page.get_by_role("heading", name="Sluice is locked")).to_be_visible()
    textbox(page, "Master password").fill(NEW_MASTER)
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    nav(page, "Dashboard")

    # -- a PostgreSQL source, tested
    nav(page, "Connections")
    expect(page.get_by_text("No connections yet")).to_be_visible()
    page.get_by_role("link", name="New source").first.click()
    expect(page.get_by_role("radio", name=re.compile("PostgreSQL"))).to_have_attribute(
        "aria-checked", "true"
    )
    fill_postgres_form(page, db, "Shop (production)", db["source_db"])
    shot(page, screenshots, "05-new-source", full_page=True)
    page.get_by_role("button", name="Save and test").click()
    expect(page.get_by_test_id("test-result")).to_contain_text("Connection works", timeout=30_000)
    expect(page.get_by_test_id("test-result")).to_contain_text("Connected to PostgreSQL")
    # secrets are never prefilled when editing
    expect(page.get_by_placeholder("Leave empty to keep the stored value")).to_have_value("")
    shot(page, screenshots, "06-source-tested")

    # -- a PostgreSQL destination, tested
    nav(page, "Connections")
    page.get_by_role("link", name="New destination").first.click()
    fill_postgres_form(page, db, "Warehouse", db["destination_db"] + "_typo")
    page.get_by_role("button", name="Save and test").click()
    result = page.get_by_test_id("test-result")
    expect(result).to_contain_text("Connection failed", timeout=30_000)
    expect(result).to_contain_text(f'database "{db["destination_db"]}_typo" does not exist')
    shot(page, screenshots, "07-destination-test-failed")
    textbox(page, "Database").fill(db["destination_db"])
    page.get_by_role("button", name="Save and test").click()
    expect(result).to_contain_text("Connection works", timeout=30_000)

    nav(page, "Connections")
    expect(page.get_by_test_id("connection-card")).to_have_count(2)
    expect(page.get_by_text("Test passed")).to_have_count(2)
    shot(page, screenshots, "08-connections")

    # -- schema explorer: discover, search, keys and relationships
    page.get_by_role("button", name="Explore schema of Shop (production)").click()
    expect(page.get_by_text("Not discovered yet")).to_be_visible()
    page.get_by_role("button", name="Discover now").first.click()
    expect(page.get_by_test_id("stream-item")).to_have_count(2, timeout=30_000)
    expect(page.get_by_test_id("catalog-age")).to_contain_text("discovered less than a minute ago")
    page.get_by_role("textbox", name="Search tables and columns").fill("amount")
    expect(page.get_by_test_id("stream-item")).to_have_count(1)
    page.get_by_test_id("stream-item").first.click()
    table = page.get_by_test_id("columns-table")
    expect(table).to_contain_text("numeric(10,2)")
    expect(table).to_contain_text("timestamp with time zone")
    expect(table.get_by_text("PK")).to_be_visible()
    expect(table.get_by_text("FK")).to_be_visible()
    expect(page.get_by_text("Relationships")).to_be_visible()
    shot(page, screenshots, "09-schema-explorer")

    # -- pipeline builder: validation first, then streams, modes, keys, schedule
    page.get_by_role("link", name="Build a pipeline").click()
    expect(page.get_by_test_id("streams-table")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    validation = page.get_by_test_id("validation")
    expect(validation).to_contain_text("Give the pipeline a name")
    expect(validation).to_contain_text("Select at least one stream")
    shot(page, screenshots, "10a-pipeline-builder-validation")
    page.get_by_label("Copy public.orders").check()
    page.get_by_label("Copy public.customers").check()
    page.get_by_role("textbox", name="Pipeline name").fill("Shop to warehouse")
    page.get_by_role("combobox", name="Sync mode of public.customers").click()
    page.get_by_role("option", name="Full refresh").click()
    expect(page.get_by_role("combobox", name="Cursor of public.orders")).to_have_value("updated_at")
    page.get_by_role("button", name="Add SQL stream").click()
    query = page.get_by_test_id("query-stream")
    query.get_by_role("textbox", name="Stream name").fill("paid_orders")
    query.get_by_role("textbox", name="SQL").fill(
        "SELECT id, customer_id, amount FROM public.orders WHERE status = 'paid'"
    )
    page.get_by_text("Merge (upsert)").click()
    textbox(page, "Schema").fill("analytics")
    page.get_by_text("Daily 02:00").click()
    expect(page.get_by_test_id("cron-preview")).to_contain_text("At 02:00")
    expect(validation).to_contain_text("Ready to save")
    shot(page, screenshots, "10-pipeline-builder", full_page=True)

    # -- advanced settings: drift, parallelism, retries, a webhook (validated before saving)
    page.get_by_role("button", name=re.compile("^Advanced")).click()
    advanced = page.get_by_test_id("advanced-settings")
    advanced.get_by_role("radio", name=re.compile("^Freeze")).check()
    advanced.get_by_role("textbox", name="Parallel streams").fill("4")
    advanced.get_by_role("textbox", name="Attempts").fill("5")
    advanced.get_by_role("textbox", name="Backoff").fill("30")
    webhook = advanced.get_by_role("textbox", name="Failure webhook URL")
    webhook.fill("hooks.slack.com/services/oops")
    expect(advanced).to_contain_text("Webhook: enter an http:// or https:// URL")
    expect(validation).to_contain_text("Webhook: enter an http:// or https:// URL")
    webhook.fill(WEBHOOK)
    expect(advanced.get_by_test_id("retry-summary")).to_contain_text("retried up to 4 times")
    expect(validation).to_contain_text("Ready to save")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    shot(page, screenshots, "18-pipeline-advanced")

    # -- run it and watch it live
    page.get_by_role("button", name="Save and run").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    first_job = page.get_by_role("heading", name=re.compile(r"Job #\d+")).inner_text()
    badge = page.get_by_test_id("status-badge").first
    expect(badge).to_have_text(re.compile("pending|running|success"))
    if badge.inner_text().lower() in ("pending", "running"):
        # best effort: catch the orders stream moving (the run takes a few seconds)
        page.wait_for_timeout(1200)
        shot(page, screenshots, "11-job-running")
    expect(badge).to_have_text("success", timeout=90_000, ignore_case=True)
    paid = db["rows"]["orders"] // 3
    total = db["rows"]["customers"] + db["rows"]["orders"] + paid
    expect(page.get_by_test_id("rows-loaded")).to_have_text(f"{total:,}")
    expect(page.get_by_test_id("stream-progress")).to_contain_text("public.orders")
    expect(page.get_by_test_id("stream-progress")).to_contain_text("paid_orders")
    expect(page.get_by_test_id("job-logs")).to_contain_text("moving 3 stream(s)")
    shot(page, screenshots, "12-job-success")

    # -- re-run: orders are incremental (merged by key), so only the full-refresh streams move again
    page.get_by_role("button", name="Re-run").click()
    expect(page.get_by_role("heading", name=re.compile(r"Job #\d+"))).not_to_have_text(first_job)
    expect(page.get_by_test_id("status-badge").first).to_have_text(
        "success", timeout=90_000, ignore_case=True
    )

    # -- the dashboard shows the run and the rows
    nav(page, "Dashboard")
    row = page.get_by_test_id("pipelines-table").locator("tr", has_text="Shop to warehouse")
    expect(row).to_contain_text("success", ignore_case=True)
    expect(row).to_contain_text(re.compile(r"in \d+ (hours|minutes)"))
    expect(page.get_by_test_id("stat-runs")).to_have_text("2")
    moved = int(page.get_by_test_id("stat-rows-moved").inner_text().replace(",", ""))
    assert moved >= total + db["rows"]["customers"] + paid
    expect(page.get_by_test_id("jobs-table")).to_contain_text(f"{total:,}")
    expect(page.get_by_test_id("rows-chart").locator("svg").first).to_be_visible()
    shot(page, screenshots, "13-dashboard")
    nav(page, "Pipelines")
    expect(page.get_by_test_id("pipelines-table")).to_contain_text("Shop to warehouse")
    shot(page, screenshots, "16-pipelines")
    nav(page, "Dashboard")
    expect(page.get_by_test_id("rows-chart").locator("svg").first).to_be_visible()
    page.get_by_role("button", name="Toggle color scheme").click()
    shot(page, screenshots, "14-dashboard-dark")
    page.get_by_role("link", name="Shop to warehouse").first.click()
    expect(page.get_by_test_id("jobs-table")).to_contain_text(f"{total:,}")
    shot(page, screenshots, "15-pipeline-detail-dark")
    page.get_by_role("button", name="Toggle color scheme").click()

    # -- the advanced settings were saved, and the pipeline page shows them
    pipeline_id = int(re.search(r"/pipelines/(\d+)$", page.url).group(1))  # type: ignore[union-attr]
    saved = api_json(page, f"/api/pipelines/{pipeline_id}")
    advanced_fields = ("drift_policy", "max_parallel_streams", "retry_max_attempts")
    assert [saved[k] for k in advanced_fields] == ["freeze", 4, 5]
    assert (saved["retry_backoff_seconds"], saved["webhook_url"]) == (30, WEBHOOK)
    assert saved["notify_on_success"] is False
    run_settings = page.get_by_test_id("run-settings")
    expect(run_settings).to_contain_text("schema frozen")
    expect(run_settings).to_contain_text("4 parallel streams")
    expect(run_settings).to_contain_text("Notifies hooks.slack.com on failure")

    # -- sync state after two incremental runs: where orders resume, which job moved it
    state_panel = page.get_by_test_id("state-panel")
    orders_state = state_panel.get_by_test_id("state-row").filter(has_text="public.orders")
    expect(orders_state).to_contain_text("updated_at up to")
    expect(orders_state.get_by_role("link", name=re.compile(r"Job #\d+"))).to_be_visible()
    api_state = api_json(page, f"/api/pipelines/{pipeline_id}/state")["streams"]
    assert [s["stream"] for s in api_state] == ["public.orders"]
    assert api_state[0]["state"]["cursor_field"] == "updated_at"
    state_panel.evaluate("el => el.scrollIntoView({block: 'center'})")
    shot(page, screenshots, "19-pipeline-state")

    # -- reset the orders stream: confirmation, then "full re-sync next run"
    orders_state.get_by_role("button", name="Reset state of public.orders").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("re-reads it from the beginning")
    dialog.get_by_role("button", name="Reset stream").click()
    expect(orders_state).to_contain_text("Full re-sync next run")
    expect(orders_state).to_contain_text("Reset")
    api_state = api_json(page, f"/api/pipelines/{pipeline_id}/state")["streams"]
    assert api_state[0]["state"] is None

    # -- the history, newest first: the reset, then the job's advance; roll back to it
    segment(state_panel, "History").click()
    history = state_panel.get_by_test_id("state-history-row")
    expect(history.first).to_contain_text("Full re-sync next run")
    expect(history.first).to_contain_text("Current")
    advances = history.filter(has_text=re.compile(r"Job #\d+"))
    expect(advances.first).to_contain_text("updated_at up to")
    rows_before = history.count()
    shot(page, screenshots, "19a-pipeline-state-history")
    advances.first.get_by_role("button", name=re.compile("^Roll public.orders back")).click()
    page.get_by_role("dialog").get_by_role("button", name="Roll back").click()
    expect(history).to_have_count(rows_before + 1)
    expect(history.first).to_contain_text("updated_at up to")
    expect(history.first).to_contain_text("Rolled back")
    api_state = api_json(page, f"/api/pipelines/{pipeline_id}/state")["streams"]
    assert api_state[0]["state"]["cursor_field"] == "updated_at"

    # -- edit: the Advanced section opens (non-default settings); also notify on success
    page.get_by_role("link", name="Edit").click()
    notify = page.get_by_role("switch", name=re.compile("^Also notify on success"))
    expect(notify).to_be_enabled()
    notify.check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/pipelines/{pipeline_id}$"))
    expect(page.get_by_test_id("webhook-summary")).to_contain_text("on failure and success")
    saved = api_json(page, f"/api/pipelines/{pipeline_id}")
    assert (saved["notify_on_success"], saved["webhook_url"]) == (True, WEBHOOK)

    with psycopg.connect(db["destination_dsn"]) as conn:
        orders = conn.execute("SELECT count(*) FROM analytics.orders").fetchone()
        customers = conn.execute("SELECT count(*) FROM analytics.customers").fetchone()
        paid_rows = conn.execute("SELECT count(*) FROM analytics.paid_orders").fetchone()
    assert orders == (db["rows"]["orders"],)
    assert customers == (db["rows"]["customers"],)
    assert paid_rows == (paid,)

    # -- how fast the built UI loads from the embedded server (reported, not asserted):
    # a fresh browser context (cold HTTP cache) with the session cookie.
    cold = page.context.browser.new_context(  # type: ignore[union-attr]
        viewport=VIEWPORT, base_url=sluice_server.url, storage_state=page.context.storage_state()
    )
    fresh = cold.new_page()
    fresh.goto("/")
    fresh.wait_for_function(
        "() => [...document.querySelectorAll('h2')].some(h => h.textContent === 'Dashboard')"
        " && document.querySelector('[data-testid=pipelines-table]')",
        polling="raf",
    )
    timing = fresh.evaluate(
        """() => {
            const n = performance.getEntriesByType('navigation')[0];
            return {load: n.loadEventEnd, dcl: n.domContentLoadedEventEnd, ready: performance.now(),
                    bytes: performance.getEntriesByType('resource')
                        .reduce((s, r) => s + (r.transferSize || 0), n.transferSize || 0)};
        }"""
    )
    cold.close()
    record_property("ui_load_event_end_ms", round(timing["load"]))
    record_property("ui_dashboard_rendered_ms", round(timing["ready"]))
    print(
        f"\nUI cold load: loadEventEnd {timing['load']:.0f} ms, DOMContentLoaded "
        f"{timing['dcl']:.0f} ms, dashboard with data rendered at {timing['ready']:.0f} ms, "
        f"{timing['bytes'] / 1024:.0f} KiB transferred"
    )
