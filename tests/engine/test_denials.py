"""What is refused or denied is not coded as done: the denial is the event, its complement is not."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("Hasan denied reports that Jakarta had agreed to lift its ban on palm oil exports.", "AGREE"),
        ("The ministry denied that its troops had shelled the village.", "ASSAULT"),
        ("The army rejected claims that soldiers had arrested journalists in the capital.", "COERCE"),
        ("Iran refused to attend the talks in Vienna.", "CONSULT"),
    ],
)
def test_denied_or_refused_acts_are_not_coded_as_done(engine: Any, text: str, inner: str) -> None:
    events = engine.extract(text, published="2024-10-15")
    assert [e.event for e in events if e.event == "REJECT"], text
    assert not [e for e in events if e.event == inner and e.modality == "asserted"], text


def test_an_act_beside_a_denial_is_still_coded(engine: Any) -> None:
    text = "Police arrested twelve protesters in Nairobi, but the ministry denied that anyone was hurt."
    events = engine.extract(text, published="2024-10-15")
    assert "COERCE" in {e.event for e in events}
