"""How user data and totals are worded on widgets."""

import pytest

from app.domain.duration import Duration
from app.ui.labels import contract_balance, literal


def test_an_ampersand_in_user_text_stays_an_ampersand_on_buttons_and_menus():
    assert literal("WEB/Design & wireframes") == "WEB/Design && wireframes"


@pytest.mark.parametrize(
    ("overtime", "words"),
    [
        (Duration.of(hours=1, minutes=20), "overtime 1:20"),
        (-Duration.of(hours=17, minutes=39), "17:39 below contract"),
        (Duration.ZERO, "on contract"),
    ],
)
def test_net_time_against_the_contract_reads_in_words(overtime, words):
    assert contract_balance(overtime) == words
