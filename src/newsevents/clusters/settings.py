"""The clustering settings, read from `data/clusters.yaml` or a file of the same shape.

In: a YAML file. Out: a validated, immutable `ClusterSettings`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from newsevents.errors import InputError
from newsevents.ontology import default_ontology


class Weights(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    category: float = Field(ge=0)
    parties: float = Field(ge=0)
    date: float = Field(ge=0)
    story: float = Field(ge=0)
    words: float = Field(ge=0)


class Penalties(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    other_country: float = Field(default=0.0, ge=0)
    other_modality: float = Field(default=0.0, ge=0)


class ClusterSettings(BaseModel):
    """What makes two events one: category families, a date window, weights and a threshold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    families: Mapping[str, tuple[str, ...]]
    window_days: int = Field(ge=0, le=366)
    weights: Weights
    family_credit: float = Field(ge=0, le=1)
    story_saturation: float = Field(gt=0, le=1)
    words_saturation: float = Field(gt=0, le=1)
    penalties: Penalties = Penalties()
    threshold: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _known_categories(self) -> ClusterSettings:
        known = set(default_ontology().categories)
        seen: dict[str, str] = {}
        for family, members in self.families.items():
            for cat in members:
                if cat not in known:
                    raise ValueError(f"family {family!r}: unknown category {cat!r}")
                if cat in seen:
                    raise ValueError(f"category {cat} is in two families ({seen[cat]}, {family})")
                seen[cat] = family
        return self

    @functools.cached_property
    def family_of(self) -> dict[str, str]:
        """Category -> its family; a category in no family is a family of its own."""
        out = {cat: cat for cat in default_ontology().categories}
        out.update({cat: family for family, members in self.families.items() for cat in members})
        return out


def _parse(data: object, where: str) -> ClusterSettings:
    try:
        return ClusterSettings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "top level"
        raise InputError(where, f"bad cluster settings at {loc}: {first['msg']}") from exc


@functools.cache
def default_settings() -> ClusterSettings:
    """The packaged settings, loaded once."""
    ref = resources.files("newsevents.clusters") / "data" / "clusters.yaml"
    return _parse(yaml.safe_load(ref.read_text(encoding="utf-8")), "clusters.yaml")


def load_settings(path: str | Path | None = None) -> ClusterSettings:
    """Settings from `path`, or the packaged ones when None."""
    if path is None:
        return default_settings()
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(p), f"cannot read cluster settings: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise InputError(str(p), f"not valid YAML: {str(exc).splitlines()[0]}") from exc
    return _parse(data, str(p))
