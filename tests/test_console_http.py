"""The console over HTTP: nothing without a login, CSRF on every form, roles, throttled logins, the
`qicc staff` commands, and FAQ saves that are checked, conflict-safe and recorded."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import requests

from bot.faq.content import build_faq
from bot.content.yamlfile import read_yaml
from bot.database import _engine
from bot.settings import ROOT
from bot.handoff.store import Handoffs
from tests.console_server import PASSWORDS, csrf_of, qicc

pytestmark = pytest.mark.slow  # a staff console server per module (make check skips them)

PAGES = [
    "/",
    "/faq",
    "/faq/new",
    "/faq/entry/airport",
    "/history",
    "/history/1",
    "/accounts",
    "/visitors",
    "/visitors/1",
    "/pages",
    "/pages?q=seafood",
    "/pages/ingest/some-job",
    "/attractions",
    "/attractions/place/new",
    "/attractions/place/zhanqiao",
    "/attractions/category/new",
    "/attractions/category/beach",
    "/training",
]


def _faq(console):
    path = console.data_dir / "faq.yml"
    return build_faq(read_yaml(path), str(path))


def test_every_page_refuses_a_visitor_who_is_not_logged_in_without_showing_content(console):
    answer = _faq(console).get("airport").answer["en"][:30]
    for page in PAGES:
        response = requests.get(console.url + page, allow_redirects=False)
        assert response.status_code == 303 and "/staff/login" in response.headers["Location"], page
        assert answer not in response.text
    api = requests.get(console.url + "/api/faq", headers={"Accept": "application/json"})
    assert api.status_code == 401
    post = requests.post(console.url + "/faq/save", data={"id": "airport", "answer_en": "x"})
    assert post.status_code == 401 and answer not in post.text


def test_a_talk_with_a_visitor_is_for_signed_in_staff_only(console):
    store = Handoffs(_engine(f"sqlite:///{console.data_dir.parent / 'state' / 'handoff.sqlite3'}"))
    handoff = store.open("rest:web-private", "rest", "en", "waiting")
    store.add(handoff.id, "visitor", "My passport number is E12345678")
    outsider = requests.Session()
    for response in (
        outsider.get(f"{console.url}/visitors/{handoff.id}", allow_redirects=False),
        outsider.get(f"{console.url}/api/visitors/{handoff.id}/messages"),
        outsider.post(f"{console.url}/visitors/{handoff.id}/take", allow_redirects=False),
        outsider.post(f"{console.url}/visitors/{handoff.id}/send", data={"text": "hello"}),
    ):
        assert response.status_code in (303, 401) and "E12345678" not in response.text
    assert store.get(handoff.id).state == "waiting" and len(store.messages(handoff.id)) == 1
    staff = console.login("bo")
    assert "E12345678" in staff.get(f"{console.url}/visitors").text


def test_the_session_cookie_is_httponly_and_samesite(console):
    client = requests.Session()
    page = client.get(console.url + "/login")
    response = client.post(
        console.url + "/login",
        allow_redirects=False,
        data={"name": "bo", "password": PASSWORDS["bo"], "csrf_token": csrf_of(page.text)},
    )
    cookie = response.headers["Set-Cookie"]
    assert "qicc_staff_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # plain HTTP here; behind HTTPS (X-Forwarded-Proto) it is Secure
    other = requests.Session()
    page = other.get(console.url + "/login")
    https = other.post(
        console.url + "/login",
        allow_redirects=False,
        headers={"X-Forwarded-Proto": "https"},
        data={"name": "bo", "password": PASSWORDS["bo"], "csrf_token": csrf_of(page.text)},
    )
    assert "Secure" in https.headers["Set-Cookie"]


def test_a_login_form_without_its_token_is_refused(console):
    response = requests.post(
        console.url + "/login", data={"name": "bo", "password": PASSWORDS["bo"]}, allow_redirects=False
    )
    assert response.status_code == 403 and "qicc_staff_session" not in response.headers.get("Set-Cookie", "")


def test_every_form_of_a_session_needs_its_csrf_token(console):
    client = console.login("bo")
    page = client.get(console.url + "/faq/entry/airport")
    fields = {
        "id": "airport",
        "original_id": "airport",
        "version": re.search(r'name="version" value="([^"]+)"', page.text).group(1),
        "action": "save",
    }
    for token in (None, "forged-token"):
        data = dict(fields, **({"csrf_token": token} if token else {}))
        assert client.post(console.url + "/faq/save", data=data).status_code == 403
        assert client.post(console.url + "/faq/entry/airport/delete", data=data).status_code == 403
    # the right token from another site's page is refused too
    forged = client.post(
        console.url + "/faq/entry/airport/delete",
        headers={"Origin": "https://evil.example"},
        data=dict(fields, csrf_token=csrf_of(page.text)),
    )
    assert forged.status_code == 403
    assert _faq(console).get("airport")
    logout = client.post(console.url + "/logout", data={})
    assert logout.status_code == 403 and client.get(console.url + "/faq").url.endswith("/staff/faq")


def test_an_editor_cannot_manage_accounts_or_restore_versions(console):
    client = console.login("bo")
    assert client.get(console.url + "/accounts").status_code == 403
    token = csrf_of(client.get(console.url + "/faq").text)
    response = client.post(
        console.url + "/accounts/add",
        data={"csrf_token": token, "name": "mallory", "role": "admin", "password": "long enough password"},
    )
    assert response.status_code == 403
    assert "mallory" not in qicc(console.env, "staff", "list").stdout


def test_an_admin_manages_accounts_in_the_console(console):
    client = console.login("ada")
    token = csrf_of(client.get(console.url + "/accounts").text)
    added = client.post(
        console.url + "/accounts/add",
        data={"csrf_token": token, "name": "dana", "role": "editor", "password": "dana-long-password"},
    )
    assert added.status_code == 200 and "dana" in added.text
    assert "dana" in qicc(console.env, "staff", "list").stdout
    dana = console.login("dana", "dana-long-password")
    client.post(console.url + "/accounts/remove", data={"csrf_token": token, "name": "dana"})
    assert dana.get(console.url + "/faq").url.endswith("/staff/login?next=/staff/faq")  # logged out at once


def test_the_staff_commands(console):
    env = console.env
    assert qicc(env, "staff", "add", "eve", "--role", "editor", password="short").returncode == 1
    assert qicc(env, "staff", "add", "eve", "--role", "editor", password="eve-long-password").returncode == 0
    listing = qicc(env, "staff", "list").stdout
    assert re.search(r"eve\s+editor", listing) and "eve-long-password" not in listing
    assert qicc(env, "staff", "passwd", "eve", password="eve-other-password").returncode == 0
    console.login("eve", "eve-other-password")
    removed = qicc(env, "staff", "remove", "eve")
    assert removed.returncode == 0 and "eve" not in qicc(env, "staff", "list").stdout
    assert "no account" in qicc(env, "staff", "remove", "eve").stderr


def test_after_five_wrong_passwords_even_the_right_one_waits(fresh_console):
    console = fresh_console
    client = requests.Session()
    token = csrf_of(client.get(console.url + "/login").text)
    for _ in range(5):
        wrong = client.post(console.url + "/login", data={"name": "chen", "password": "wrong", "csrf_token": token})
        assert wrong.status_code == 401
    right = client.post(
        console.url + "/login", data={"name": "chen", "password": PASSWORDS["chen"], "csrf_token": token}
    )
    assert right.status_code == 429 and "15 minutes" in right.text


def _entry_form(client, console, entry_id):
    page = client.get(f"{console.url}/faq/entry/{entry_id}").text
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    fields["id"] = entry_id
    for name in ("questions_en", "questions_zh", "answer_en", "answer_zh"):
        match = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
        fields[name] = html.unescape(match.group(1))
    return fields


def test_the_attraction_forms_open_empty_for_a_new_item_and_filled_for_one_in_the_file(console):
    client = console.login("bo")
    for kind, item_id in (("place", "zhanqiao"), ("category", "beach")):
        new = client.get(f"{console.url}/attractions/{kind}/new")
        assert new.status_code == 200 and 'name="id" value=""' in new.text, kind
        known = client.get(f"{console.url}/attractions/{kind}/{item_id}")
        assert known.status_code == 200 and f'name="id" value="{item_id}"' in known.text, kind
        assert client.get(f"{console.url}/attractions/{kind}/nowhere").status_code == 404


def test_a_saved_answer_is_checked_written_with_its_comments_and_recorded(console):
    client = console.login("bo")
    path = console.data_dir / "faq.yml"
    before = path.read_text(encoding="utf-8")
    form = _entry_form(client, console, "airport")
    bad = client.post(console.url + "/faq/save", data=dict(form, answer_en="Call {telephone}.", action="save"))
    assert bad.status_code == 422 and "{telephone}" in bad.text and 'aria-invalid="true"' in bad.text
    assert path.read_text(encoding="utf-8") == before  # a version with a mistake is never written
    saved = client.post(
        console.url + "/faq/save", data=dict(form, answer_en="Take metro line 8. Help: {phone}.", action="save")
    )
    assert saved.status_code == 200 and "Take metro line 8." in saved.text
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.split("faq:")[0])  # the comments and replies at the top are kept
    assert _faq(console).get("airport").answer["en"] == "Take metro line 8. Help: {phone}."
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(changed) == 1 and "Take metro line 8. Help: {phone}." in changed[0], changed  # only that line
    history = client.get(console.url + "/history").text
    assert "changed entry airport" in history and "bo" in history


def test_a_second_editor_saving_the_same_file_hears_it_changed_and_loses_nothing(console):
    bo, chen = console.login("bo"), console.login("chen")
    bo_form, chen_form = _entry_form(bo, console, "airport"), _entry_form(chen, console, "airport")
    first = bo.post(console.url + "/faq/save", data=dict(bo_form, answer_zh="乘地铁8号线。", action="save"))
    assert first.status_code == 200
    second = chen.post(console.url + "/faq/save", data=dict(chen_form, answer_zh="乘出租车。", action="save"))
    assert second.status_code == 409
    assert "乘地铁8号线。" in second.text and "乘出租车。" in second.text  # both versions shown
    assert _faq(console).get("airport").answer["zh"] == "乘地铁8号线。"  # the first save is not overwritten
    # saving again from the conflict page is a deliberate choice of the second version
    again = chen.post(
        console.url + "/faq/save",
        data=dict(
            chen_form,
            answer_zh="乘出租车。",
            action="save",
            version=re.search(r'name="version" value="([^"]+)"', second.text).group(1),
        ),
    )
    assert again.status_code == 200 and _faq(console).get("airport").answer["zh"] == "乘出租车。"


def test_a_hand_edit_while_the_page_is_open_is_a_conflict_too_and_kept_in_the_history(console):
    client = console.login("bo")
    form = _entry_form(client, console, "airport")
    path = console.data_dir / "faq.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- id: airport", "- id: airport  # checked"), encoding="utf-8"
    )
    response = client.post(console.url + "/faq/save", data=dict(form, answer_en="By taxi. {phone}", action="save"))
    assert response.status_code == 409
    assert "# checked" in path.read_text(encoding="utf-8")


def test_a_broken_hand_edit_is_reported_with_its_line_and_no_save_makes_it_worse(console):
    client = console.login("bo")
    form = _entry_form(client, console, "airport")
    path = console.data_dir / "faq.yml"
    good = path.read_text(encoding="utf-8")
    broken = good.replace("faq:\n", "faq:\n  - id: [unclosed\n", 1)
    path.write_text(broken, encoding="utf-8")
    try:
        listing = client.get(console.url + "/faq")
        assert listing.status_code == 200 and "not valid YAML" in listing.text and "faq.yml:" in listing.text
        save = client.post(console.url + "/faq/save", data=dict(form, action="save"))
        assert save.status_code == 422 and "not valid YAML" in save.text
        assert path.read_text(encoding="utf-8") == broken
    finally:
        path.write_text(good, encoding="utf-8")


def test_a_special_date_is_removed_with_its_button(console):
    client = console.login("bo")
    page = client.get(console.url + "/center").text
    action = re.search(r'<form method="post" action="(/staff/center/special/0/remove)"', page).group(1)
    version = re.search(
        r'action="/staff/center/special/0/remove"[^>]*>\s*<input type="hidden" name="csrf_token" '
        r'value="[^"]+">\s*<input type="hidden" name="version" value="([^"]+)"',
        page,
    ).group(1)
    path = console.data_dir / "center.yml"
    first = path.read_text(encoding="utf-8").split("special_dates:")[1].split("- date:")[1].splitlines()[0]
    response = client.post(
        console.url.replace("/staff", "") + action, data={"csrf_token": csrf_of(page), "version": version}
    )
    assert response.status_code == 200 and "special date 1" in client.get(console.url + "/history").text
    assert f"- date:{first}\n" not in path.read_text(encoding="utf-8").split("special_dates:")[1]


def test_the_training_page_says_a_starter_model_answers_while_the_full_one_trains(fresh_console, tmp_path):
    starter = tmp_path / "qicc-0123456789abcdef-starter.tar.gz"
    starter.write_bytes(b"a starter model")
    state = Path(fresh_console.env["QICC_STATE_DIR"])
    (state / "live-model").write_text(str(starter), encoding="utf-8")
    page = fresh_console.login("bo").get(f"{fresh_console.url}/training").text
    texts = read_yaml(ROOT / "bot" / "console" / "texts.yml")
    assert html.escape(texts["training_starter"]["en"], quote=False) in page
    assert "data-stale" not in page
