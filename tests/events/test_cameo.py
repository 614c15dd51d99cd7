"""CAMEO verb features: the packaged data answers as the dictionary says, and the build script makes it."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from newsevents.events.cameo import load_cameo_verbs, normalise_lemma, read_cameo_verbs, singular
from newsevents.ontology import default_ontology

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_cameo_verbs.py"


# --- the packaged data ------------------------------------------------------------------------------
def test_common_verbs() -> None:
    verbs = load_cameo_verbs()
    assert verbs.default_for("accuse") == "ACCUSE"
    assert verbs.default_for("arrest") == "COERCE"
    assert verbs.default_for("attack") == "ASSAULT"
    assert "ASSAULT" in verbs.categories_for("attack")
    assert verbs.default_for("release") == "RETREAT"
    assert verbs.default_for("criticize") == "ACCUSE"
    assert verbs.default_for("sign") is None  # the bare verb codes no event ...
    assert verbs.category_for_object("sign", "agreement") == "SUPPORT"  # ... signing an agreement does (057)


def test_objects_and_prepositions() -> None:
    verbs = load_cameo_verbs()
    assert verbs.category_for_object("release", "prisoner") == "RETREAT"
    assert verbs.category_for_object("release", "Prisoners") == "RETREAT"  # singular tried too
    assert verbs.category_for_object("demand", "withdrawal") == "REQUEST"
    assert verbs.category_for_object("arrest", "no-such-noun") is None
    assert verbs.category_for_prep("look", "into") == "ACCUSE"  # investigate
    assert verbs.category_for_prep("accuse", "of") == "ACCUSE"
    assert verbs.category_for_prep("demand", "for") == "REQUEST"
    # CAMEO codes "call for/on/upon" as 020 (appeal), which PLOVER's conversion table does not cover.
    assert verbs.category_for_prep("call", "for") is None
    assert verbs.category_for_prep("call", "on") is None


def test_multi_word_and_unknown_lemmas() -> None:
    verbs = load_cameo_verbs()
    assert verbs.default_for("crack down") == "COERCE"
    assert verbs.default_for("Crack_Down") == "COERCE"
    assert "stir up" in verbs
    assert "urge" not in verbs  # not a verb line of the dictionary
    assert verbs.categories_for("no-such-verb") == frozenset()
    assert verbs.default_for("no-such-verb") is None
    assert verbs.category_for_object("no-such-verb", "attack") is None
    assert verbs.category_for_prep("no-such-verb", "for") is None


def test_every_category_is_current_and_every_lemma_normalised() -> None:
    verbs = load_cameo_verbs()
    current = set(default_ontology().categories)
    assert len(verbs) > 1500
    for lemma, verb in verbs.verbs.items():
        assert lemma == normalise_lemma(lemma)
        assert verb.categories <= current, lemma
        assert set(verb.objects.values()) | set(verb.preps.values()) <= verb.categories
        assert verb.default is None or verb.default in verb.categories


def test_loads_fast() -> None:
    best = min(_timed_read() for _ in range(3))
    assert best < 0.2, f"reading the packaged CAMEO verbs took {best:.3f} s"


def _timed_read() -> float:
    start = time.perf_counter()
    read_cameo_verbs()
    return time.perf_counter() - start


@pytest.mark.parametrize(
    ("plural", "single"),
    [("sanctions", "sanction"), ("parties", "party"), ("ties", "tie"), ("crises", "crisis"), ("taxes", "tax"),
     ("witnesses", "witness"), ("talks", "talk"), ("news", "news"), ("status", "status"), ("gas", "gas")],
)  # fmt: skip
def test_singular(plural: str, single: str) -> None:
    assert singular(plural) == single


# --- the build script --------------------------------------------------------------------------------
DICTIONARY = """\
# test dictionary
&WEAPON
+GUN
+ROCKET_LAUNCHERS  # a comment

####### VERB PATTERNS #######

---  ACCUSE   [112]  ---
ACCUSE
CHARGE {CHARGES CHARGED CHARGING} [173]
+LASH_OUT {+LASHES_OUT +LASHED_OUT +LASHING_OUT}
+KILLED_AND {}
- * (OF)                                              [112]         # ACCUSE
- * (OF CORRUPTION)                                   [1121]        # ACCUSE
- * {WAR CRIMES}                                      [1124]        # ACCUSE
- * SANCTIONS                                         [163]         # ACCUSE
- * POLICY                                            [020]         # ACCUSE
- * POLICY                                            [020]         # ACCUSE
- * POLICY                                            [111]         # ACCUSE
- * TALKS                                             [164]         # ACCUSE
- PROTESTERS *                                        [145]         # ACCUSE
- * &UNDEFINED                                        [190]         # ACCUSE

---  FIRE   [---]  ---
FIRE
- * &WEAPON                                           [193]         # FIRE
- * (ON)                                              [190]         # FIRE
- * (AT ^)                                            [:190]        # FIRE
- * UP                                                [---]         # FIRE
- * DOWN (FROM)                                       [0874]        # FIRE

######## TRANSFORMATIONS ##########

~ a (a b ATTACK) SAY = a b 015
"""

CROSSWALK = """\
# test table
11: ACCUSE
111: ACCUSE, disapprove,    # Criticize or denounce
112: ACCUSE, disapprove,    # Accuse
1121: ACCUSE, allege, crime; corruption # Accuse of crime, corruption
1124: DISAPPROVE, , # a draft name
087: RETREAT, disarm,   military # De-escalate military engagement
145: PROTEST, riot ,      # Protest violently, riot
163: COERCE, restrict,   diplomatic # Impose embargo, boycott, or sanctions
164: REDUCE, withdraw,   diplomatic # a retired category
173: COERCE, arrest, legal            # Arrest, detain, or charge with legal action
190: ASSAULT, , military # Use conventional military force
193: ASSAULT, firearms, military # Fight with small arms and light weapons
"""


def _script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_cameo_verbs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_script_builds_the_expected_structure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "verbs.txt").write_text(DICTIONARY, encoding="utf-8")
    (tmp_path / "table.txt").write_text(CROSSWALK, encoding="utf-8")
    out = tmp_path / "out" / "cameo_verbs.json"
    args = ["--cameo", str(tmp_path / "verbs.txt"), "--crosswalk", str(tmp_path / "table.txt"), "-o", str(out)]
    _script(monkeypatch).main(args)
    assert ": 4 lemmas" in capsys.readouterr().out

    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == 1 and doc["about"]
    accuse_block = {
        "objects": {"crime": "ACCUSE", "sanction": "COERCE"},  # POLICY: mostly 020, uncovered; TALKS: 164 retired
        "preps": {"of": "ACCUSE"},
        "other": ["PROTEST"],  # keyed on the subject only
    }
    assert doc["verbs"] == {
        "accuse": {"category": "ACCUSE", **accuse_block},
        "charge": {"category": "COERCE", **accuse_block},  # its own code overrides the block's
        "lash out": {"category": "ACCUSE", **accuse_block},
        "fire": {
            "objects": {"gun": "ASSAULT", "launcher": "ASSAULT"},
            "preps": {"at": "ASSAULT", "down": "RETREAT", "on": "ASSAULT"},  # 0874 -> 087; UP codes nothing
        },
    }

    verbs = read_cameo_verbs(out)
    assert verbs.categories_for("charge") == {"COERCE", "ACCUSE", "PROTEST"}
    assert verbs.default_for("fire") is None
    assert verbs.category_for_object("fire", "rocket launchers") is None  # keys are head nouns
    assert verbs.category_for_object("fire", "launchers") == "ASSAULT"
    assert verbs.category_for_prep("lash out", "of") == "ACCUSE"
