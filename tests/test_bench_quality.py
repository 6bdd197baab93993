"""The three-way scoring of bench/quality.py (right, honest, wrong) and its targets, without a server:
replies are built from the content files the way the assistant builds them."""

from __future__ import annotations

import shutil

import pytest

from bot.language import folded
from bench.eval_set import Facts, Question, load_eval_set
from bench.quality import Asked, scores, targets
from bench.scoring import Reply, Scorer, Verdict, content_words, template_pattern
from bot.center.answers import common_values, reply
from bot.faq.answers import answer_text
from bot.content.texts import fill
from bot.content.yamlfile import read_yaml


@pytest.fixture(scope="module")
def eval_set():
    return load_eval_set()


@pytest.fixture()
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ the test may edit, used by the content modules instead of the repository's."""
    from bot.settings import settings

    copy = tmp_path / "data"
    shutil.copytree(settings().data_dir, copy)
    monkeypatch.setenv("QICC_DATA_DIR", str(copy))
    return copy


def question(expect, text="a question", language="en", category="test") -> Question:
    return Question(text, language, category, tuple([expect] if isinstance(expect, str) else expect), 1)


@pytest.fixture()
def scorer(eval_set):
    return Scorer(Facts(eval_set.now))


def test_the_fallback_is_honest_for_a_question_with_content_and_right_without(scorer):
    center = scorer.facts.center
    for language in ("en", "zh"):
        fallback = Reply((reply(center, "fallback", language),))
        assert scorer.verdict(question("center: phone", language=language), fallback) is Verdict.HONEST
        assert scorer.verdict(question("none", language=language), fallback) is Verdict.RIGHT


def test_a_confident_reply_of_another_topic_is_wrong(scorer):
    hours = Reply((reply(scorer.facts.center, "hours_regular", "en"),))
    assert scorer.verdict(question("none", "what is 2+2"), hours) is Verdict.WRONG
    assert scorer.verdict(question("center: phone"), hours) is Verdict.WRONG
    assert scorer.verdict(question("center: hours"), hours) is Verdict.RIGHT


def test_the_fallback_is_recognised_after_staff_reword_it(data_copy, eval_set):
    path = data_copy / "center.yml"
    old = read_yaml(path)["replies"]["fallback"]["en"]
    text = path.read_text(encoding="utf-8").replace(old, "Hmm, that one I cannot answer. Ring us on {phone}.")
    path.write_text(text, encoding="utf-8")
    scorer = Scorer(Facts(eval_set.now))
    phone = scorer.facts.center.phone
    assert (
        scorer.verdict(question("none"), Reply((f"Hmm, that one I cannot answer. Ring us on {phone}.",)))
        is Verdict.RIGHT
    )
    old_reply = old.format_map(common_values(scorer.facts.center, "en"))
    assert scorer.verdict(question("none"), Reply((old_reply,))) is Verdict.WRONG


def did_you_mean(scorer: Scorer, *options: str) -> Reply:
    return Reply((fill(scorer.facts.faq.replies["did_you_mean"], "en", {}),), options)


def test_a_did_you_mean_is_honest_only_when_an_option_is_related(scorer):
    tap_water = scorer.facts.faq.get("tap_water")
    its_question = tap_water.all_questions()[0][1]
    other = scorer.facts.faq.get("time_zone").all_questions()[0][1]
    asked = question("faq: tap_water", "can I brush my teeth with hotel water?")
    assert scorer.verdict(asked, did_you_mean(scorer, other, its_question)) is Verdict.HONEST
    assert scorer.verdict(asked, did_you_mean(scorer, other)) is Verdict.WRONG
    assert scorer.verdict(asked, did_you_mean(scorer)) is Verdict.WRONG  # no option at all
    # Without content, a shared word makes an option related ("beer").
    festival = question("none", "when is the beer festival in Weifang?")
    assert scorer.verdict(festival, did_you_mean(scorer, "Where can I drink beer?")) is Verdict.RIGHT
    assert scorer.verdict(festival, did_you_mean(scorer, other)) is Verdict.WRONG


def test_a_did_you_mean_offering_an_faq_whose_answer_holds_the_fact_is_honest(scorer):
    emergency = scorer.facts.faq.get("emergency_numbers")
    number = scorer.facts.emergency_numbers["police"]
    assert number in answer_text(emergency, scorer.facts.center, "en")  # the premise: its answer has 110
    asked = question("emergency: police", "how do i call the cops")
    assert scorer.verdict(asked, did_you_mean(scorer, emergency.all_questions()[0][1])) is Verdict.HONEST


def test_the_faq_answer_itself_is_right(scorer):
    entry = scorer.facts.faq.get("tap_water")
    asked = question("faq: tap_water", "can I brush my teeth with hotel water?")
    assert scorer.verdict(asked, Reply((answer_text(entry, scorer.facts.center, "en"),))) is Verdict.RIGHT


def test_an_unknown_place_with_a_related_place_offered_is_honest(scorer):
    catalogue = scorer.facts.catalogue
    laoshan = catalogue.get("laoshan")
    unknown = Reply((fill(catalogue.replies["unknown"], "en", {"asked": "Lao mountain"}),), (laoshan.name("en"),))
    assert scorer.verdict(question("attraction: laoshan.ticket", "ticket for lao mountain?"), unknown) is Verdict.HONEST


def test_an_emergency_question_needs_the_public_number_not_the_centers(scorer):
    numbers = scorer.facts.emergency_numbers
    assert set(numbers) == {"police", "fire", "ambulance", "traffic"}
    asked = question("emergency: ambulance", "ambulance number?")
    assert scorer.verdict(asked, Reply((reply(scorer.facts.center, "phone", "en"),))) is Verdict.WRONG
    assert scorer.verdict(asked, Reply((f"Call {numbers['ambulance']} for an ambulance.",))) is Verdict.RIGHT
    assert scorer.verdict(asked, Reply((f"Room {numbers['ambulance']}5 is upstairs.",))) is Verdict.WRONG


def test_a_section_question_is_right_with_the_title_of_a_page_of_that_section(data_copy, eval_set):
    pages = data_copy / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "test-beer-festival.md").write_text(
        "---\ntitle: 'Test page: the beer festival in August'\nsection: Culture / Festival\ndate: 2026-01-01\n"
        "---\nThe festival is held every summer.\n",
        encoding="utf-8",
    )
    scorer = Scorer(Facts(eval_set.now))
    asked = question("section: Culture/Festival", "when is the beer festival?")
    assert scorer.verdict(asked, Reply(("Test page: the beer festival in August\n2026-01-01: ...",))) is Verdict.RIGHT
    assert scorer.verdict(asked, Reply((reply(scorer.facts.center, "hours_regular", "en"),))) is Verdict.WRONG
    # The page belongs to another section; a section without pages at all is never answered.
    history = question("section: Culture/History", "how old is the city?")
    assert scorer.verdict(history, Reply(("Test page: the beer festival in August",))) is Verdict.WRONG


def test_content_words_ignore_the_words_every_question_has():
    assert content_words("What is there to see in Qingdao?") == {"see"}
    assert "啤酒" in content_words("青岛啤酒节是什么时候")
    assert "青岛" not in content_words("青岛啤酒节是什么时候")


def test_content_words_take_a_plural_as_its_singular():
    assert content_words("order food in a restaurant") & content_words("Do I need to tip in restaurants?")
    assert content_words("is the glass thin?") == {"glass", "thin"}


def asked(category: str, language: str, expect: str, verdict: Verdict) -> Asked:
    return Asked(question(expect, language=language, category=category), Reply(()), verdict)


def test_scores_count_each_verdict_per_category_and_language():
    items = [
        asked("phone", "en", "center: phone", Verdict.RIGHT),
        asked("phone", "en", "center: phone", Verdict.HONEST),
        asked("phone", "zh", "center: phone", Verdict.WRONG),
        asked("none", "zh", "none", Verdict.RIGHT),
    ]
    figures = scores(items)
    assert figures["phone"]["en"] == {"right": 1, "honest": 1, "wrong": 0, "total": 2}
    assert figures["phone"]["all"]["wrong"] == 1
    assert figures["all"]["zh"] == {"right": 1, "honest": 0, "wrong": 1, "total": 2}


def test_targets_right_per_language_wrong_overall_and_every_emergency():
    good = [asked("phone", lang, "center: phone", Verdict.RIGHT) for lang in ("en", "zh") for _ in range(19)]
    honest = [asked("phone", lang, "center: phone", Verdict.HONEST) for lang in ("en", "zh")]
    emergency = [asked("emergency", "zh", "emergency: fire", Verdict.RIGHT)]
    met = [t.met for t in targets(good + honest + emergency, ["en", "zh"])]
    assert met == [True, True, True, True]  # 19/20 en and 20/21 zh right (95 %), nothing wrong, the emergency right
    one_wrong = targets(good + honest + [asked("emergency", "zh", "emergency: fire", Verdict.WRONG)], ["en", "zh"])
    assert [t.met for t in one_wrong] == [True, False, False, False]  # zh 19/21, 1 wrong of 41 > 1 %, emergency 0/1
    none_only = targets([asked("none", "en", "none", Verdict.RIGHT)], ["en"])
    assert not none_only[0].met and not none_only[-1].met  # no question with content, no emergency: not met


def test_a_reply_keeps_what_the_visitor_sees_texts_and_button_titles():
    messages = [
        {"text": "Did you mean:", "buttons": [{"title": "Tap water?", "payload": "Tap water?"}]},
        {"image": "x.png"},
        {"text": "Or call us."},
    ]
    shown = Reply.from_messages(messages)
    assert shown.texts == ("Did you mean:", "Or call us.") and shown.options == ("Tap water?",)
    assert shown.text == "Did you mean:\nOr call us.\nTap water?"


def test_a_template_matches_its_reply_with_any_visitor_words_and_spacing():
    pattern = template_pattern('Sorry, I don\'t know "{asked}". Call {phone}.', {"phone": "0532-1"})
    assert pattern.search(folded('Sorry, I  don\'t know "Disneyland".\nCall 0532-1.'))
    assert not pattern.search(folded('Sorry, I don\'t know "Disneyland". Call 0532-2.'))
