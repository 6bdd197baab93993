"""The fit check (bot.trust): emergency questions, near-verbatim content, and intents whose answer fits.

The model's ranking is given by each test, as the Rasa server would send it; the words come from the
repository's content files (data/fit.yml, data/faq.yml, data/attractions.yml, data/nlu/).
"""

from __future__ import annotations

import pytest

from bot import cli
from bot.faq.content import current_faq
from bot.settings import ROOT
from bot.trust import choice
from bot.trust.choice import choose
from bot.trust.content import build_fit_words, live_fit_words
from bot.trust.emergency import asks_emergency
from bot.training.faq import RETRIEVAL_INTENT
from bot.content.yamlfile import ContentError, parse_yaml


@pytest.mark.parametrize(
    "text",
    [
        "急救电话是多少",
        "报警电话",
        "火警电话多少",
        "叫救护车打几号",
        "着火了怎么办",
        "出车祸了",
        "what is the emergency number",
        "How do I call an ambulance?",
        "what's the police number in china",
        "fire department phone?",
        "I need help, there was a car accident",
        "number for the cops",
        "someone stole my wallet, which number do I call?",
        "smoke is coming out of the flat upstairs, who do I call?",
        "遇到危险打什么号码",
    ],
)
def test_emergency_questions_in_any_wording(text):
    assert asks_emergency(live_fit_words().get(), text)


@pytest.mark.parametrize(
    "text",
    [
        "Do I need to register with the police after arriving?",
        "where can I watch fireworks",
        "what's your phone number",
        "哪里有好吃的海鲜",
        "is the hospital near the center open on sunday",
        "I want a real human to help me",
    ],
)
def test_other_questions_are_no_emergency(text):
    assert not asks_emergency(live_fit_words().get(), text)


def test_an_emergency_wins_over_every_intent():
    chosen = choose("报警电话", [("ask_phone", 0.99)])
    assert chosen.kind == choice.EMERGENCY and chosen.intent != "ask_phone"  # no office phone after the numbers


def test_an_emergency_with_a_faq_question_gets_the_faq_after_the_numbers():
    chosen = choose("我的护照被偷了", [("ask_phone", 0.99)])  # nearly a question of the lost_passport entry
    assert (chosen.kind, chosen.intent) == (choice.EMERGENCY, RETRIEVAL_INTENT)


@pytest.mark.parametrize(
    "text,ranking",
    [
        ("When is the Qingdao beer festival?", [("ask_hours", 0.93), ("ask_attractions", 0.03)]),
        ("青岛啤酒节是什么时候", [("ask_hours", 0.9)]),
        ("Can you recommend a hotel near the beach?", [("ask_attractions", 0.95)]),
        ("推荐一家酒店", [("ask_attractions", 0.9)]),
        ("Do you offer Chinese language classes?", [("switch_language", 0.97)]),
        ("你们有中文课吗", [("switch_language", 0.9)]),
        ("What events are on this weekend?", [("ask_hours", 0.9)]),
        ("I want to volunteer at the center", [("ask_hours", 0.8)]),
        ("what is 2+2", [("ask_news", 0.7)]),
        ("晚上八点去哪里吃饭", [("ask_hours", 0.8)]),
    ],
)
def test_an_answer_the_words_do_not_fit_is_not_given(text, ranking):
    assert choose(text, ranking).kind == choice.NOTHING


@pytest.mark.parametrize(
    "text,ranking,intent",
    [
        ("contact details please", [("ask_attractions", 0.6), ("ask_phone", 0.3)], "ask_phone"),
        ("can I visit on sunday", [("ask_attractions", 0.7), ("ask_hours", 0.2)], "ask_hours"),
        ("what time does the office open in the morning", [("ask_hours", 0.9)], "ask_hours"),
        ("请问中心每天几点开门呀", [("ask_hours", 0.9)], "ask_hours"),
        ("when r u guys open", [("ask_hours", 0.9)], "ask_hours"),
        ("how do I get to the beer musuem?", [("ask_attraction_directions", 0.9)], "ask_attraction_directions"),
        ("English please", [("switch_language", 0.9)], "switch_language"),
        # a time in Chinese numerals is a number, as "3pm" is; 着 and 呀 are grammar, not what is asked
        ("下周三下午三点你们上班吗", [("ask_hours", 0.99)], "ask_hours"),
        ("中心现在还开着吗", [("ask_hours", 0.97)], "ask_hours"),
        ("元旦那天中心开门吗", [("ask_hours", 0.6)], "ask_hours"),
        ("Is the center open at the moment?", [("ask_hours", 0.99)], "ask_hours"),
        ("极地海洋世界成人票多少钱一张", [("ask_attraction_ticket", 0.9)], "ask_attraction_ticket"),
    ],
)
def test_the_first_ranked_intent_that_fits_answers(text, ranking, intent):
    chosen = choose(text, ranking)
    assert (chosen.kind, chosen.intent) == (choice.INTENT, intent)


def test_a_follow_up_without_words_of_its_own_is_left_to_a_sure_model():
    assert choose("how much is it?", [("ask_attraction_ticket", 0.9)]).intent == "ask_attraction_ticket"
    assert choose("how much is it?", [("ask_attraction_ticket", 0.3)]).kind == choice.NOTHING


def test_only_the_models_first_candidates_are_considered():
    assert choose("can I visit on sunday", [("ask_attractions", 0.98), ("ask_hours", 0.0)]).intent == "ask_hours"
    ranking = [("ask_attractions", 0.97), ("greet", 0.01), ("thank", 0.01), ("ask_hours", 0.01)]
    assert choose("can I visit on sunday", ranking).kind == choice.NOTHING


def test_words_no_faq_question_uses_go_to_the_faq_when_the_model_and_the_live_file_name_one_entry():
    text = "my visa runs out next week, can I extend it?"  # "runs out", "week": no FAQ question's words
    assert choose(text, [("faq", 0.9)], selected_faq="visa_extension").intent == "faq"
    assert choose(text, [("faq", 0.9)], selected_faq="visa_free").kind == choice.NOTHING  # they disagree
    assert choose(text, [("ask_hours", 0.9)], selected_faq="visa_extension").kind == choice.NOTHING


def test_faq_words_that_point_at_one_entry_go_to_the_faq_whatever_the_model_ranked():
    plugs = "中国的插座是什么样的，电压多少"
    assert choose(plugs, [("ask_phone", 0.81), ("ask_address", 0.04), ("ask_pages", 0.04)]).intent == "faq"
    # a page sharing one word ("passport") is no answer beside the entry about the question
    passport = "I can't find my passport anywhere, what now?"
    assert choose(passport, [("ask_attractions", 0.82), ("greet", 0.04), ("ask_pages", 0.03)]).intent == "faq"
    assert choose("兵马俑门票多少钱", [("ask_phone", 0.9)]).kind == choice.NOTHING  # not all FAQ words


def test_a_name_the_model_marked_is_what_the_question_is_about():
    """The attraction action says itself that it does not know a place; the words need not fit."""
    assert (
        choose("迪士尼乐园怎么样", [("ask_attraction_info", 0.9)], [("attraction", "迪士尼乐园")]).intent
        == "ask_attraction_info"
    )
    # A single character is no name, whatever the model marked: its words must fit as any others.
    assert choose("去中心的路怎么走", [("ask_attraction_info", 0.9)], [("attraction", "路")]).kind == choice.NOTHING
    # The center's hours read no place name: a place's opening hours are not the center's.
    assert choose("when is laoshan open", [("ask_hours", 0.9)], [("attraction", "laoshan")]).kind == choice.NOTHING


def test_words_of_another_name_fit_only_as_that_name():
    """'night market' is of Taidong Night Market's name: next to the Beer Museum it is what is asked about."""
    text = "is there a night market near the beer museum"
    spans = [("attraction", "night"), ("attraction", "market"), ("attraction", "beer museum")]
    assert choose(text, [("ask_attraction_hours", 0.9)], spans).kind == choice.NOTHING
    assert choose(text, [("ask_attraction_hours", 0.9)]).kind == choice.NOTHING


def test_a_name_the_model_did_not_mark_fits_as_the_action_finds_it():
    assert choose("when does zhongshan park open", [("ask_attraction_hours", 0.9)]).intent == "ask_attraction_hours"
    assert choose("zhongshen park opening hours", [("ask_attraction_hours", 0.9)]).intent == "ask_attraction_hours"
    assert choose("晚上八点中山公园还让进吗", [("ask_attraction_hours", 0.9)]).intent == "ask_attraction_hours"


def test_a_faq_question_word_for_word_is_answered_from_its_entry_whatever_the_model_says():
    entry = current_faq().entries[3]
    for _, question in entry.all_questions():
        chosen = choose(question, [("ask_hours", 0.99)])
        assert (chosen.kind, chosen.entry.id if chosen.entry else None) == (choice.FAQ_ENTRY, entry.id)


def test_an_entry_added_by_staff_is_answered_for_its_own_question(content):
    data, _ = content
    with (data / "faq.yml").open("a", encoding="utf-8") as faq:
        faq.write(
            "\n  - id: kite_festival\n    questions:\n      en:\n        - When is the Weifang kite festival?\n"
            "        - kite festival dates\n    answer:\n      en: In April.\n      zh: 四月。\n"
        )
    chosen = choose("When is the Weifang kite festival?", [("ask_hours", 0.95)])
    assert chosen.kind == choice.FAQ_ENTRY and chosen.entry.id == "kite_festival"


def test_a_place_named_alone_is_about_that_place():
    assert choose("Laoshan", [("ask_hours", 0.8)]).intent == "ask_attraction_info"
    assert choose("崂山", [("greet", 0.8)]).intent == "ask_attraction_info"


def test_a_word_added_to_the_file_makes_the_question_fit(content):
    data, _ = content
    assert choose("are you open for volunteers", [("ask_hours", 0.9)]).kind == choice.NOTHING
    text = (data / "fit.yml").read_text(encoding="utf-8")
    (data / "fit.yml").write_text(
        text.replace("early, until, till,", "early, until, till, volunteer,"), encoding="utf-8"
    )
    assert choose("are you open for volunteers", [("ask_hours", 0.9)]).intent == "ask_hours"


def test_a_broken_fit_file_names_the_line_and_what_to_fix():
    text = (
        (ROOT / "data" / "fit.yml").read_text(encoding="utf-8").replace("  police:\n      en:", "  polis:\n      en:")
    )
    with pytest.raises(ContentError) as raised:
        build_fit_words(parse_yaml(text, "fit.yml"), "fit.yml")
    [problem] = raised.value.problems
    assert "police, fire, ambulance, traffic" in str(problem) and problem.line


def test_a_word_yaml_reads_as_true_or_false_is_refused_with_its_line():
    text = (ROOT / "data" / "fit.yml").read_text(encoding="utf-8").replace(' in, "on", at,', " in, on, at,")
    with pytest.raises(ContentError) as raised:
        build_fit_words(parse_yaml(text, "fit.yml"), "fit.yml")
    [problem] = raised.value.problems
    assert "quotes" in str(problem) and problem.line == next(
        n for n, line in enumerate(text.splitlines(), 1) if " in, on, at," in line
    )


def test_the_words_yes_no_on_and_off_are_general():
    general = build_fit_words(
        parse_yaml((ROOT / "data" / "fit.yml").read_text(encoding="utf-8"), "fit.yml"), "fit.yml"
    ).general
    assert {"yes", "no", "on", "off"} <= general and "true" not in general


def test_a_typo_of_a_known_word_fits_and_a_different_word_does_not():
    assert choose("what is your shedule on tusday", [("ask_hours", 0.9)]).intent == "ask_hours"
    # "married" shares most letters with "arrive" (a greeting's word), but is two mistakes away from it.
    assert choose("can I get married at the community center", [("greet", 0.9)]).kind == choice.NOTHING


def test_qicc_fit_explain_takes_a_place_named_as_that_place(capsys):
    assert cli.main(["fit", "explain", "when does zhongshan park open"]) == 0
    assert "fits ask_attraction_hours (about: zhongshan, park, open)" in capsys.readouterr().out


@pytest.mark.parametrize("text", ["今天星期几", "what time is it now?", "what's the date today?", "现在几点"])
def test_a_question_of_days_and_times_alone_is_no_question_about_the_hours(text):
    assert choose(text, [("ask_hours", 0.95)]).intent != "ask_hours"  # the time zone's FAQ entry may answer it


@pytest.mark.parametrize("text", ["on saturday?", "明天呢", "what about tomorrow morning?"])
def test_days_and_times_alone_follow_the_hours_answer(text):
    assert choose(text, [("ask_hours", 0.95)]).kind == choice.NOTHING  # a first message: about what?
    chosen = choose(text, [("ask_hours", 0.95)], following="ask_hours")
    assert (chosen.kind, chosen.intent) == (choice.INTENT, "ask_hours")


@pytest.mark.parametrize(
    "text", ["can I come over right now?", "周一上午能去中心吗", "can I come and see you on a Sunday"]
)
def test_coming_to_the_center_on_a_day_is_a_question_about_the_hours(text):
    chosen = choose(text, [("ask_hours", 0.95)])
    assert (chosen.kind, chosen.intent) == (choice.INTENT, "ask_hours")


def test_a_chinese_word_made_of_a_day_word_and_a_general_one_is_no_cue_either():
    assert choose("今天几号", [("ask_hours", 0.95)]).intent != "ask_hours"  # 几号: 几 + 号


@pytest.mark.parametrize(
    "text", ["what is Qingdao's local food?", "why are there so many German buildings in Qingdao?", "青岛有什么好吃的"]
)
def test_a_topic_question_gets_the_pages_not_a_list_of_places(text):
    chosen = choose(text, [("ask_attractions", 0.95), ("faq", 0.03)])
    assert (chosen.kind, chosen.intent) == (choice.INTENT, "ask_pages")


@pytest.mark.parametrize(
    "text",
    [
        "where can I see old German buildings?",
        "what are the nicest beaches around Qingdao?",
        "where do locals go for seafood",
        "free things to do in Qingdao",
        "青岛有什么好玩的",
        "想去看看老城区的历史建筑",
    ],
)
def test_a_question_asking_for_places_gets_the_list(text):
    chosen = choose(text, [("ask_attractions", 0.95), ("ask_pages", 0.03)])
    assert (chosen.kind, chosen.intent) == (choice.INTENT, "ask_attractions")


def test_without_the_places_words_every_question_may_get_the_list(content):
    data, _ = content
    text = (data / "fit.yml").read_text(encoding="utf-8")
    start = text.index("asking_for_places:")
    (data / "fit.yml").write_text(text[:start] + text[text.index("\n\n", start) + 2 :], encoding="utf-8")
    assert choose("what is Qingdao's local food?", [("ask_attractions", 0.95)]).intent == "ask_attractions"


def test_qicc_fit_explain_says_when_a_question_asks_for_no_places(capsys):
    assert cli.main(["fit", "explain", "why are there so many German buildings?"]) == 0
    assert "asks for no places" in capsys.readouterr().out
    assert cli.main(["fit", "explain", "where can I see German buildings?"]) == 0
    assert "asks for no places" not in capsys.readouterr().out
