"""Guard: the back office is Dutch everywhere an editor reads, also for third-party apps.

Three guards:

* every concrete field of every model of the project has an explicit (Dutch) verbose name,
  never the one Django makes from the field's name ("age_min" -> "age min");
* an administrator's tour of the whole back office (index, every list, add form, change form,
  history and revert page) shows no auto-generated label and no English word in what labels
  the data: headings, column heads, field labels, help texts, filters, actions, the menu;
* every permission the group and user forms offer is named in Dutch (app, model, action), the
  history tables simple-history makes and the third-party models included.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils.text import camel_case_to_spaces

from tests.staff.admin_pages import admin_pages
from tests.support.html import VOID

#: Apps whose Dutch names another branch owns (the link checker names its own models).
OWNED_ELSEWHERE: set[str] = set()  # every app of ours is held to Dutch

#: Words of Django's English admin or of labels made from field names; none may show.
ENGLISH = frozenset(
    """
    access add added age anonymous attempt attempts audience audiences author axes base by
    change changed changes choose cost count created credits date day decided decision
    definition delete deleted device devices edition editor explicitness failed formats free
    group groups guide handled helpline history home intro languages log logout max min name
    note object organisation organisations otp parent password permissions phone position
    previous profession professions query question recognition related remark report resource
    reviewed revert save search section sections select selected slug source summary term themes
    time title totp updated url user username verified view year yes json id
    """.split()  # noqa: SIM905
)
#: Dutch labels that happen to equal a field's name.
SAME_IN_DUTCH = {"status", "chat"}

_LABEL_TAGS = {"th", "label", "legend", "h1", "h2", "h3", "caption", "title", "button"}
_LABEL_CLASSES = {"help", "helptext", "breadcrumbs", "object-tools", "paginator", "messagelist"}
_LABEL_IDS = {"changelist-filter", "nav-sidebar", "user-tools", "toolbar"}


class LabelText(HTMLParser):
    """Collects the text that labels things, not the data: see the module docstring."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []
        self.skip = 0
        self.in_action_select = False
        self.in_results = False  # the changelist's table: its rows are data, even a row's <th>

    def _labelling(self) -> bool:
        return any(flag for _tag, flag in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style", "textarea"):
            self.skip += 1
        classes = set((attributes.get("class") or "").split())
        in_rows = any(t == "tbody" for t, _f in self.stack) and self.in_results
        if tag == "table" and attributes.get("id") == "result_list":
            self.in_results = True
        labelling = (
            (tag in _LABEL_TAGS and not (tag == "th" and in_rows))
            or bool(classes & _LABEL_CLASSES)
            or attributes.get("id") in _LABEL_IDS
            or (tag == "option" and self.in_action_select)
        )
        if tag == "select" and attributes.get("name") == "action":
            self.in_action_select = True
        if tag == "select" and attributes.get("name") != "action" and not self._labelling():
            self.skip += 1
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.texts.append(attributes.get("value") or "")
        for name in ("title", "aria-label", "placeholder"):
            if attributes.get(name) and tag not in ("a", "option", "input"):
                self.texts.append(attributes[name])
        if tag not in VOID:
            self.stack.append((tag, labelling))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea"):
            self.skip -= 1
        if tag == "table":
            self.in_results = False
        if tag == "select":
            if not self.in_action_select and not self._labelling():
                self.skip -= 1
            self.in_action_select = False
        while self.stack:
            top, _flag = self.stack.pop()
            if top == tag:
                break

    def handle_data(self, data):
        if self.skip <= 0 and self._labelling() and data.strip():
            self.texts.append(data.strip())


def label_texts(html: str) -> list[str]:
    parser = LabelText()
    parser.feed(html)
    return parser.texts


def _project_models():
    for config in apps.get_app_configs():
        if config.name.startswith("bronwijzer.") and config.label not in OWNED_ELSEWHERE:
            for model in config.get_models():
                if not model.__name__.startswith("Historical"):
                    yield model


def _auto_labels() -> set[str]:
    """What Django would write for a field or model nobody named: the field name with spaces."""
    labels = set()
    for model in apps.get_models():
        if model._meta.app_label in OWNED_ELSEWHERE:
            continue
        labels.add(camel_case_to_spaces(model.__name__))
        for field in model._meta.get_fields():
            labels.add(field.name.replace("_", " ").lower())
    for model_admin in admin.site._registry.values():
        for name in (*model_admin.list_display, *model_admin.get_list_filter(None)):
            if isinstance(name, str):
                labels.add(name.replace("_", " ").lower())
    return labels - SAME_IN_DUTCH


def test_every_field_of_the_project_has_an_explicit_dutch_name():
    unnamed = []
    for model in _project_models():
        if model._meta.verbose_name == camel_case_to_spaces(model.__name__):
            unnamed.append(f"{model.__name__} (the model itself)")
        if model._meta.proxy:  # a third-party model under a Dutch name; its admin labels its columns
            continue
        for field in model._meta.concrete_fields:
            if field.auto_created:
                continue
            if field.verbose_name == field.name.replace("_", " ") and field.name not in SAME_IN_DUTCH:
                unnamed.append(f"{model.__name__}.{field.name}")
    assert not unnamed, f"fields without a Dutch verbose_name: {unnamed}"


def test_the_label_collector_sees_headings_labels_and_filters_but_not_the_data():
    html = """<h1>Bronnen</h1><table><thead><tr><th>Titel</th></tr></thead>
    <tbody><tr><td>Internet Matters: the title of a resource</td></tr></tbody></table>
    <table id="result_list"><tbody><tr><th><a>Parents' guide</a></th></tr></tbody></table>
    <div id="changelist-filter"><h2>Filter</h2><h3>Op kosten</h3></div>
    <label for="x">Leeftijd vanaf:</label><input type="submit" value="Opslaan">
    <select name="action"><option>Verwijder geselecteerde bronnen</option></select>
    <select name="organisation"><option>Youth for Christ</option></select>
    <div class="help">Een hulptekst.</div><script>var title = 1;</script>"""
    texts = label_texts(html)
    assert texts == [
        "Bronnen",
        "Titel",
        "Filter",
        "Op kosten",
        "Leeftijd vanaf:",
        "Opslaan",
        "Verwijder geselecteerde bronnen",
        "Een hulptekst.",
    ]


@pytest.mark.django_db
def test_an_administrator_meets_no_english_and_no_generated_label_anywhere(
    client, admin_user, one_of_everything
):
    client.force_login(admin_user)
    auto = _auto_labels()
    problems: dict[str, set[str]] = {}
    pages = admin_pages(skip_apps=OWNED_ELSEWHERE)
    assert len(pages) > 60
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")  # the back office ignores the browser
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        for text in label_texts(response.content.decode()):
            cleaned = text.strip(" :*").lower()
            words = set(re.findall(r"[a-z]+", cleaned))
            found = {cleaned} & auto or words & ENGLISH
            if found:
                problems.setdefault(url, set()).add(text)
    assert not problems, "\n".join(f"{url}: {sorted(texts)}" for url, texts in problems.items())


@pytest.mark.django_db
def test_the_back_office_is_dutch_for_a_browser_that_asks_for_english(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = page.content.decode()
    assert page["Content-Language"] == "nl"
    assert "Uitloggen" in html or "Afmelden" in html
    assert "Log out" not in html


def _permission_labels(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no {name} list"
    return [unescape(label) for label in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))]


@pytest.mark.django_db
def test_every_permission_a_group_or_user_form_offers_has_a_dutch_name(client, admin_user):
    client.force_login(admin_user)
    auto = {camel_case_to_spaces(model.__name__) for model in apps.get_models()}
    auto |= {model.__name__.lower() for model in apps.get_models()}
    english = ENGLISH | {"historical", "can"}
    group_form = client.get(reverse("admin:auth_group_add")).content.decode()
    user_form = client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).content.decode()
    labels = _permission_labels(group_form, "permissions")
    assert len(labels) > 100 and _permission_labels(user_form, "user_permissions") == labels
    foreign = []
    for label in labels:
        parts = label.split(" | ")
        words = set(re.findall(r"[a-z]+", label.lower()))
        camel = re.search(r"[a-z][A-Z]|_", label)
        if len(parts) != 3 or camel or words & english or {part.lower() for part in parts} & auto:
            foreign.append(label)
    assert not foreign, f"permissions not named in Dutch: {sorted(set(foreign))}"
