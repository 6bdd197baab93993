"""Actions about Qingdao attractions: suggestions, one place's details, and follow-up questions.

The place a message is about is decided here, against the live catalogue: first the names the
NLU recognised, then the whole message (fuzzy), then the place discussed last (slot
`attraction`). A follow-up with no place to refer to is about the center itself, like the
same question asked without an attraction in mind.
"""

from __future__ import annotations

from typing import List, Optional

from rasa_sdk.events import SlotSet

from bot.attractions import answers
from bot.attractions.catalogue import Attraction, current_catalogue
from bot.attractions.answers import Reply
from bot.center.facts import current_center
from bot.center.answers import hours_answer
from bot.pages.search import question_terms
from bot.pages.sections import TICKETS
from bot.trust.choice import name_like, nothing_beyond

from actions.base import Turn, VisitorAction
from actions.fallback import say_honestly
from actions.pages import say_best_page

PLACE_SLOT = "attraction"
CHOICES_SLOT = "attraction_choices"


def _entity_values(turn: Turn, entity: str) -> List[str]:
    """What the model marked as a place or a kind of place, when it can be a name (not the 路 of 怎么走路)."""
    return [
        str(e.get("value"))
        for e in turn.tracker.latest_message.get("entities") or []
        if e.get("entity") == entity and e.get("value") and name_like(str(e.get("value")))
    ]


def _say(turn: Turn, reply: Reply) -> None:
    turn.say(reply.text, buttons=reply.buttons)


def _offered(turn: Turn, reply: Reply) -> None:
    """Say a list of places and remember it, so that "how do I get there?" can ask which of them."""
    _say(turn, reply)
    turn.events += [SlotSet(PLACE_SLOT, None), SlotSet(CHOICES_SLOT, reply.offered)]


def _discussed(turn: Turn, place: Attraction) -> None:
    turn.events += [SlotSet(PLACE_SLOT, place.id), SlotSet(CHOICES_SLOT, None)]


class ActionAttractionSuggest(VisitorAction):
    """Up to five places, of the category asked for if any ("beaches", "something for kids"); one place's
    details when the message names it and no kind of place ("when can I visit the Qingdao Museum?" is not
    a question for the list of museums)."""

    action_name = "action_attraction_suggest"

    def answer(self, turn: Turn) -> None:
        catalogue = current_catalogue()
        finder = catalogue.category_finder
        category = finder.from_entities(_entity_values(turn, "attraction_category"))
        if not category:
            found = answers.resolve(catalogue, _entity_values(turn, "attraction"), turn.text)
            if found.place:
                _discussed(turn, found.place)
                _say(turn, answers.details(catalogue, found.place, turn.language))
                return
        _offered(turn, answers.suggestions(catalogue, turn.language, category or finder.in_text(turn.text)))


class AttractionAction(VisitorAction):
    """A question about one place, named in the message or discussed before."""

    def answer(self, turn: Turn) -> None:
        catalogue = current_catalogue()
        found = answers.resolve(catalogue, _entity_values(turn, "attraction"), turn.text)
        if found.place:
            _discussed(turn, found.place)
            self.about(turn, found.place)
        elif found.named:
            _offered(turn, answers.which_named(catalogue, turn.language, found.named))
        elif found.asked:
            unknown = answers.unknown(catalogue, found.asked, turn.language)
            if unknown:
                _offered(turn, unknown)
            else:
                say_honestly(turn)
        else:
            earlier = catalogue.get(turn.tracker.get_slot(PLACE_SLOT))
            if earlier:
                self.about(turn, earlier)
            else:
                self.without_place(turn, turn.tracker.get_slot(CHOICES_SLOT) or [])

    def about(self, turn: Turn, place: Attraction) -> None:
        raise NotImplementedError

    def without_place(self, turn: Turn, choices: List[str]) -> None:
        """No place named and none discussed: which one, from the places just listed if any."""
        _offered(turn, answers.which_place(current_catalogue(), turn.language, choices))


class ActionAttractionDetails(AttractionAction):
    action_name = "action_attraction_details"

    def about(self, turn: Turn, place: Attraction) -> None:
        _say(turn, answers.details(current_catalogue(), place, turn.language))

    def without_place(self, turn: Turn, choices: List[str]) -> None:
        if choices:
            super().without_place(turn, choices)
        else:
            _offered(turn, answers.suggestions(current_catalogue(), turn.language))


class FollowUp(AttractionAction):
    """How to get there, when it is open, what the ticket costs: ``aspect`` names the reply."""

    aspect: Optional[str] = None

    def about(self, turn: Turn, place: Attraction) -> None:
        _say(turn, answers.aspect(current_catalogue(), place, self.aspect, turn.language))


class ActionAttractionDirections(FollowUp):
    action_name, aspect = "action_attraction_directions", "directions"

    def without_place(self, turn: Turn, choices: List[str]) -> None:
        if choices:
            super().without_place(turn, choices)
        elif nothing_beyond(turn.text, "ask_address"):  # "how do I get there?" with no attraction in mind
            turn.center_reply("address")
        else:
            say_honestly(turn)


class ActionAttractionHours(FollowUp):
    action_name, aspect = "action_attraction_hours", "hours"

    def without_place(self, turn: Turn, choices: List[str]) -> None:
        if choices:
            super().without_place(turn, choices)
        elif nothing_beyond(turn.text, "ask_hours"):  # "when is it open?" with no attraction in mind
            turn.say(hours_answer(current_center(), turn.language, turn.text))
        else:
            say_honestly(turn)


class ActionAttractionTicket(FollowUp):
    action_name, aspect = "action_attraction_ticket", "ticket"

    def without_place(self, turn: Turn, choices: List[str]) -> None:
        """No place in mind and no list just offered: a question about tickets in general, with more in it
        than the ticket ("discounts for students?", "how do I book?"), is the entrance tickets page's when it
        answers it; the price alone ("how much is the ticket?") depends on the place: which place."""
        general = not choices and len(question_terms(turn.text)) > 1
        if not (general and say_best_page(turn, TICKETS)):
            super().without_place(turn, choices)
