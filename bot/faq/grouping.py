"""Similar wordings of unanswered questions grouped together, most asked first.

"is there wifi", "Is there WiFi?" and "is there free wi-fi here" are one question for staff:
each group counts every message and distinct visitor behind it, and names the closest FAQ
entry, so that staff can add the wording there or write a new entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional, Sequence

from bot.faq.content import Faq, wording_key
from bot.faq.matcher import Match, matcher_of, similarity
from bot.faq.unanswered import Message

# Wordings at least this similar (see bot.faq.matcher) are shown as one group.
SAME_QUESTION = 0.6


@dataclass
class Group:
    wordings: Counter = field(default_factory=Counter)  # original text -> times asked
    senders: set = field(default_factory=set)
    languages: Counter = field(default_factory=Counter)
    channels: Counter = field(default_factory=Counter)
    last_asked: Optional[datetime] = None
    closest: Optional[Match] = None

    @property
    def count(self) -> int:
        return sum(self.wordings.values())

    @property
    def wording(self) -> str:
        """The most frequent wording stands for the group."""
        return self.wordings.most_common(1)[0][0]

    def add(self, message: Message) -> None:
        self.wordings[message.text] += 1
        self.senders.add(message.sender_hash)
        self.languages[message.language] += 1
        self.channels[message.channel] += 1
        self.last_asked = max(filter(None, (self.last_asked, message.at)))


def group(messages: Sequence[Message], faq: Optional[Faq] = None) -> List[Group]:
    """Groups of similar messages, the most asked first."""
    by_text: Dict[str, List[Message]] = {}
    for message in messages:
        if wording_key(message.text):
            by_text.setdefault(wording_key(message.text), []).append(message)
    texts = sorted(by_text, key=lambda t: -len(by_text[t]))  # frequent wordings found the groups
    if not texts:
        return []
    scores = similarity(texts)
    leaders: List[int] = []  # index of the wording each group was founded by
    groups: List[Group] = []
    for index, text in enumerate(texts):
        home = next((g for g, leader in enumerate(leaders) if scores[index][leader] >= SAME_QUESTION), None)
        if home is None:
            leaders.append(index)
            groups.append(Group())
            home = len(groups) - 1
        for message in by_text[text]:
            groups[home].add(message)
    if faq is not None:
        for item in groups:
            item.closest = matcher_of(faq).best(item.wording)
    return sorted(groups, key=lambda g: (-g.count, -len(g.senders)))
