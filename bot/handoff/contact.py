"""A way to reply to a visitor who left a message on the web: an e-mail address or a phone number in what they
wrote, checked by the libraries that know the rules (email-validator for addresses, phonenumbers, Google's
libphonenumber, for numbers of every country, read as Chinese when they have no country code).
"""

from __future__ import annotations

import re
from typing import Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email

_EMAIL_LIKE = re.compile(r"[^\s<>()\[\],;:，。；：、]+@[^\s<>()\[\],;:，。；：、]+")
HOME_REGION = "CN"


def contact_in(text: str) -> Optional[str]:
    """The first valid e-mail address or phone number in ``text``, written the standard way; None if none."""
    for candidate in _EMAIL_LIKE.findall(text):
        try:
            return validate_email(candidate.rstrip("."), check_deliverability=False).normalized
        except EmailNotValidError:
            continue
    for match in phonenumbers.PhoneNumberMatcher(text, HOME_REGION, leniency=phonenumbers.Leniency.VALID):
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return None
