"""The PLOVER ontology and its CAMEO crosswalk, loaded from the package's YAML data.

In: `data/plover.yaml` (categories, quad classes, scores, modes, contexts, sectors, codes) and
`data/cameo.yaml` (CAMEO code <-> category/mode/context), or any two files of the same shape; the
partially recognised entities come from the actor knowledge base (`actors/data/countries.yaml`)
unless the plover file lists its own.
Out: an immutable `Ontology` answering questions such as a category's quad class, the score of
a category and mode, whether a category/mode pair is valid, and CAMEO codes in both directions.
`default_ontology()` loads the packaged data once and caches it. `NON_STATE_CODES` are the codes
of actors that are not states, read from the packaged `data/plover.yaml`: the one list of them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from newsevents.errors import ResourceError
from newsevents.record import MODALITIES

DEFAULT_MODE_KEY = "_default"


@dataclass(frozen=True)
class Mode:
    """One mode of a category: a sub-type with its own score (None where the manual gives none)."""

    name: str
    score: float | None
    description: str = ""


@dataclass(frozen=True)
class Category:
    """One of the 16 PLOVER event categories."""

    name: str
    quad: int
    score: float
    recipient_required: bool
    description: str
    modes: Mapping[str, Mode] = field(default_factory=dict)


@dataclass(frozen=True)
class CameoEntry:
    """What one CAMEO code means in PLOVER."""

    code: str
    category: str
    mode: str | None
    contexts: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class Ontology:
    """PLOVER categories, modes, contexts and codes, with the CAMEO crosswalk."""

    categories: Mapping[str, Category]
    contexts: list[str]
    sectors: Mapping[str, str]
    non_state_codes: Mapping[str, str]
    partially_recognised: Mapping[str, str]
    auxiliary_modes: tuple[str, ...]
    cameo_codes: Mapping[str, CameoEntry]
    cameo_reverse: Mapping[tuple[str, str | None], str]

    # --- categories and modes -------------------------------------------------------------------
    def _category(self, category: str) -> Category:
        try:
            return self.categories[category.upper()]
        except KeyError:
            raise KeyError(f"unknown PLOVER category {category!r}") from None

    def quad(self, category: str) -> int:
        """Quad class: 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict."""
        return self._category(category).quad

    def score(self, category: str, mode: str | None = None) -> float | None:
        """The mode's score where it has one, else the category default; None for an unknown category."""
        cat = self.categories.get(category.upper())
        if cat is None:
            return None
        if mode is not None:
            m = cat.modes.get(mode)
            if m is not None and m.score is not None:
                return m.score
        return cat.score

    def is_valid(self, category: str, mode: str | None = None) -> bool:
        """True if `category` is a PLOVER category and `mode` (when given) is one of its modes."""
        cat = self.categories.get(category.upper()) if category else None
        if cat is None:
            return False
        return mode is None or mode in cat.modes

    @property
    def quads(self) -> tuple[int, ...]:
        """The quad classes of the categories, in order: 1 verbal coop. ... 4 material conflict."""
        return tuple(sorted({c.quad for c in self.categories.values()}))

    @property
    def modalities(self) -> tuple[str, ...]:
        """What an event record says of its event's reality (`newsevents.record.Modality`)."""
        return MODALITIES

    def is_context(self, context: str) -> bool:
        return context in self._context_set

    @functools.cached_property
    def _context_set(self) -> frozenset[str]:
        return frozenset(self.contexts)

    # --- CAMEO --------------------------------------------------------------------------------
    def cameo(self, category: str, mode: str | None = None) -> str | None:
        """The CAMEO code that best represents a category (and mode); falls back to the category's."""
        cat = category.upper()
        code = self.cameo_reverse.get((cat, mode))
        if code is None:
            code = self.cameo_reverse.get((cat, None))
        return code

    def from_cameo(self, code: str) -> tuple[str, str | None, list[str]] | None:
        """Category, mode and contexts of a CAMEO code.

        Root codes ("04") read as their 3-digit base ("040"); an unlisted 4-digit code falls back to
        its 3-digit parent. Codes PLOVER does not cover (01x, 02x) give None.
        """
        code = code.strip()
        if not code.isdigit():
            return None
        candidates = [code]
        if len(code) == 2:
            candidates.append(code + "0")
        elif len(code) == 4:
            candidates.append(code[:3])
        for c in candidates:
            entry = self.cameo_codes.get(c)
            if entry is not None:
                return entry.category, entry.mode, list(entry.contexts)
        return None


# --- loading ---------------------------------------------------------------------------------------
def _read_yaml(path: Path | None, name: str) -> dict[str, Any]:
    if path is None:
        return _packaged("newsevents.ontology", name)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"ontology data {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"ontology data {path}: not a mapping")
    return data


@functools.cache
def _packaged(package: str, name: str) -> dict[str, Any]:
    """A YAML mapping shipped in `package`'s `data/`, parsed once (by libyaml where it is installed).

    Callers only read it.
    """
    try:
        text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"ontology data {name}: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"ontology data {name}: not a mapping")
    return data


def _partially_recognised(plover: dict[str, Any]) -> dict[str, str]:
    """Partially recognised entity -> claimant country: the plover file's own table if it has one,
    else the actor knowledge base's (`newsevents/actors/data/countries.yaml`), where they are listed once."""
    table = plover.get("partially_recognised")
    if table is not None:
        return {str(k): str(v) for k, v in (table or {}).items()}
    entries = _packaged("newsevents.actors", "countries.yaml").get("partially_recognised") or []
    return {str(entry["name"]): str(entry["code"]) for entry in entries}


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def load_ontology(plover_path: Path | None = None, cameo_path: Path | None = None) -> Ontology:
    """Build an `Ontology` from YAML files (the packaged ones by default) and check their links."""
    plover = _read_yaml(plover_path, "plover.yaml")
    cameo = _read_yaml(cameo_path, "cameo.yaml")

    categories: dict[str, Category] = {}
    for name, spec in plover["categories"].items():
        modes = {
            m: Mode(name=m, score=_num(ms.get("score")), description=str(ms.get("description", "")))
            for m, ms in (spec.get("modes") or {}).items()
        }
        categories[name] = Category(
            name=name,
            quad=int(spec["quad"]),
            score=float(spec["score"]),
            recipient_required=bool(spec.get("recipient_required", False)),
            description=str(spec.get("description", "")),
            modes=MappingProxyType(modes),
        )
    contexts = [str(c) for c in plover["contexts"]]
    sectors: dict[str, str] = {}
    for group in plover.get("sectors", {}).values():
        sectors.update({str(k): str(v) for k, v in group.items()})

    context_set = set(contexts)
    codes: dict[str, CameoEntry] = {}
    for code, spec in (cameo.get("codes") or {}).items():
        code = str(code)
        cat, mode = str(spec["category"]), spec.get("mode")
        ctx = tuple(str(c) for c in spec.get("contexts") or ())
        if cat not in categories or (mode is not None and mode not in categories[cat].modes):
            raise ResourceError(f"CAMEO {code}: {cat}/{mode} is not in the ontology")
        if not context_set.issuperset(ctx):
            raise ResourceError(f"CAMEO {code}: unknown context in {ctx}")
        codes[code] = CameoEntry(code, cat, mode, ctx, str(spec.get("name", "")))
    reverse: dict[tuple[str, str | None], str] = {}
    for cat, table in (cameo.get("reverse") or {}).items():
        for mode_key, item in table.items():
            mode = None if mode_key == DEFAULT_MODE_KEY else str(mode_key)
            if cat not in categories or (mode is not None and mode not in categories[cat].modes):
                raise ResourceError(f"CAMEO reverse: {cat}/{mode} is not in the ontology")
            reverse[(cat, mode)] = str(item["code"])

    return Ontology(
        categories=MappingProxyType(categories),
        contexts=contexts,
        sectors=MappingProxyType(sectors),
        non_state_codes=MappingProxyType(
            {str(k): str(v) for k, v in (plover.get("non_state_codes") or {}).items()}
        ),
        partially_recognised=MappingProxyType(_partially_recognised(plover)),
        auxiliary_modes=tuple(plover.get("auxiliary_modes") or ()),
        cameo_codes=MappingProxyType(codes),
        cameo_reverse=MappingProxyType(reverse),
    )


@functools.cache
def default_ontology() -> Ontology:
    """The packaged ontology, loaded once per process."""
    return load_ontology()


NON_STATE_CODES: frozenset[str] = frozenset(_packaged("newsevents.ontology", "plover.yaml")["non_state_codes"])
"""Codes of actors that are not states (IGO, UNO, EUR, NGO, ISM, IMG, MNC): the keys of
`non_state_codes` in the packaged `data/plover.yaml`, the one list of them."""
