"""Cutting long texts into pieces: the pieces tile the text, end at paragraph or sentence
breaks where there are any, and events coded on a piece are moved back onto the whole text."""

from __future__ import annotations

from spacy.tokens import Doc

from newsevents.nlp.pieces import LONG_RUN, parser_input, shift_event, shift_note, split_pieces
from newsevents.nlp.pipeline import load_nlp
from newsevents.record import Entity, Event, Location, Mention, PassageNote, TextInfo


def _tiles(text: str, max_chars: int) -> list[str]:
    pieces = split_pieces(text, max_chars)
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    for before, after in zip(pieces, pieces[1:], strict=False):
        assert before.end == after.start
    assert all(0 < len(p) <= max_chars for p in pieces)
    return [text[p.start : p.end] for p in pieces]


def test_short_text_is_one_piece() -> None:
    assert split_pieces("Short.", 100) == split_pieces("Short.", 6)
    assert len(split_pieces("Short.", 100)) == 1


def test_cuts_prefer_blank_lines() -> None:
    para = "Italy closed its ports. Malta said no. " * 3
    text = "\n\n".join([para] * 10)
    parts = _tiles(text, 300)
    assert len(parts) > 1
    assert all(part.endswith("\n\n") for part in parts[:-1])


def test_cuts_fall_back_to_sentence_ends_then_spaces_then_hard() -> None:
    sentences = "Italy closed its ports. Malta said no! Was it right? " * 20
    assert all(p.endswith((". ", "! ", "? ")) for p in _tiles(sentences, 150)[:-1])
    words = "word " * 200
    assert all(p.endswith(" ") for p in _tiles(words, 99)[:-1])
    blob = "x" * 1_000
    assert _tiles(blob, 300) == ["x" * 300, "x" * 300, "x" * 300, "x" * 100]


def test_shift_moves_every_offset_and_renames() -> None:
    event = Event(
        id="abc",
        article_id="a",
        event="CONSULT",
        actor=[Entity(code="ITA", entity_text="Italy", start=0, end=5)],
        recipient=[Entity(code="LBY", entity_text="Libya", start=10, end=15)],
        event_loc=Location(name="Tripoli", start=20, end=27),
        text_info=TextInfo(sentence="s", start=0, end=30, trigger_start=6, trigger_end=9),
        mentions=[Mention(start=0, end=30, sentence="s")],
        size={"start": 3},
    )
    moved = shift_event(event, 1000)
    assert moved.id != event.id
    assert (moved.actor[0].start, moved.actor[0].end) == (1000, 1005)
    assert (moved.recipient[0].start, moved.recipient[0].end) == (1010, 1015)
    assert moved.event_loc is not None and (moved.event_loc.start, moved.event_loc.end) == (1020, 1027)
    ti = moved.text_info
    assert (ti.start, ti.end, ti.trigger_start, ti.trigger_end) == (1000, 1030, 1006, 1009)
    assert (moved.mentions[0].start, moved.mentions[0].end) == (1000, 1030)
    assert moved.size == {"start": 3}  # quantities are not offsets
    assert shift_event(event, 0) is event
    note = PassageNote(start=1, end=2, language="it", coded=True)
    assert (shift_note(note, 5).start, shift_note(note, 5).end) == (6, 7)


def test_huge_tokens_are_tokenized_in_slices_with_the_exact_text() -> None:
    nlp = load_nlp()
    text = "Italy said \ufffd" + "\ufffd" * 5 * LONG_RUN + " no.\n\n" + "y" * (LONG_RUN + 1)
    doc = parser_input(nlp, text)
    assert isinstance(doc, Doc) and doc.text == text
    assert parser_input(nlp, "Plain text.") == "Plain text."
