"""The shape of an authoring vocabulary: what a phrase set must provide to compose notices.

Two independent instances exist, each a JSON data file under data/: `TRAIN` (train_vocab.json) and
`HELDOUT` (heldout_vocab.json). They were typed
separately (different buyers, places, agencies, title and body phrasings, project nouns); only this
shape and the label rules in `compose.py` are shared.

Template slots: {prov} {city} {county} {n} {name} (buyers); {buyer} {agency} {project} {method}
{year} {month} {code} (titles); {model} {hw} {domain} {app} {apps} {platform} (projects and bodies);
{amount} {supplier} {date} (boilerplate).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from classifier.page_shapes import PageVocabulary, load_vocabulary


@dataclass(frozen=True)
class Vocabulary:
    """One independently written phrase set. Lists are templates; dict keys are labels."""

    name: str
    # Places: (province, [cities]) and county/district names.
    places: tuple[tuple[str, tuple[str, ...]], ...]
    counties: tuple[str, ...]
    # Short proper names used inside buyer names (e.g. 仁济, 同仁).
    names: tuple[str, ...]
    # Health institutions (industry medical by who buys).
    health_buyers: tuple[str, ...]
    # Bodies that are not health institutions but may buy for an explicitly medical use.
    medical_use_buyers: tuple[str, ...]
    # Non-medical industry → buyer templates.
    buyers: dict[str, tuple[str, ...]]
    agencies: tuple[str, ...]
    suppliers: tuple[str, ...]
    # notice type → title templates; notice type → procurement-method words used in {method}.
    titles: dict[str, tuple[str, ...]]
    methods: dict[str, tuple[str, ...]]
    # Large-model vocabulary.
    models: tuple[str, ...]
    medical_models: tuple[str, ...]
    hardware: tuple[str, ...]
    # industry → adjective for "X大模型" (医疗, 政务 …).
    domains: dict[str, tuple[str, ...]]
    # Project nouns by type. compute: hardware only; model: model services only;
    # bundle: hardware + model; app: an application built on a large model ({app}).
    compute_projects: tuple[str, ...]
    model_projects: tuple[str, ...]
    bundle_projects: tuple[str, ...]
    app_projects: tuple[str, ...]
    # Body sentences that state the large-model nature of each type.
    compute_bodies: tuple[str, ...]
    model_bodies: tuple[str, ...]
    bundle_bodies: tuple[str, ...]
    app_bodies: tuple[str, ...]
    # Sentences that attach stated uses ({apps}) to a compute/model/bundle purchase.
    use_phrases: tuple[str, ...]
    # Compute and bundle body sentences that state the uses inline, in the same clause as the hardware
    # or the 一体机 ({apps} {hw} {model} {domain}): docs/domain.md §6, a stated use gives the scenario whatever the type.
    compute_uses: tuple[str, ...]
    bundle_uses: tuple[str, ...]
    # Compute bought for a named large-model platform ({domain}): platform names, project nouns naming
    # the platform ({platform}), and bodies saying only hardware is bought for it (docs/domain.md §5: compute).
    platforms: tuple[str, ...]
    platform_compute_projects: tuple[str, ...]
    platform_compute_bodies: tuple[str, ...]
    # Sentences saying the model runs on the buyer's existing hardware or that no hardware is bought
    # ({hw} {model}); added to model-service notices (docs/domain.md §5: still `model`) and to some application
    # notices (still `integrated`), so hardware words appear where hardware is not the deliverable.
    hosting: tuple[str, ...]
    # What the supplier does around its own delivery (运维, 集成, 质保, 驻场, 售后, 使用培训, 项目管理) ({hw}
    # {model}): added to notices of every type and never a use (docs/domain.md §6: IT运维 is a management use only
    # when the large model serves the buyer's IT operations); lot-name suffixes of the same kind.
    service_scope: dict[str, tuple[str, ...]]  # "compute" (said of hardware) and "any"
    scope_suffixes: tuple[str, ...]
    # What a model/MaaS platform can do (纳管, 推理服务, 编排, 模型管理 …) ({model}): capabilities, not uses;
    # and the same capabilities followed by the uses they serve ({apps}: 支撑/用于/服务于 …).
    platform_capabilities: tuple[str, ...]
    model_uses: tuple[str, ...]
    # An application built on a large model with the hardware included in the same sentence ({model} {app}
    # {hw}): hardware together with an application (docs/domain.md §5 precedence → integrated).
    bundle_app_bodies: tuple[str, ...]
    # Medical scenario → application nouns; non-medical industry → application nouns.
    scenario_apps: dict[str, tuple[str, ...]]
    industry_apps: dict[str, tuple[str, ...]]
    # Not-llm projects: industry → (project noun, body sentence) pairs, hard negatives included.
    negatives: dict[str, tuple[tuple[str, str], ...]]
    # Sentences naming the project in the body, for titles that do not (采购意向 lists and the like).
    project_lines: tuple[str, ...]
    # notice type → boilerplate sentences.
    boilerplate: dict[str, tuple[str, ...]]
    # Harmless Chinese → English swaps for mixed-language noise (never a cue word's removal).
    english: tuple[tuple[str, str], ...]
    # Character confusions for typos in non-cue text.
    typos: tuple[tuple[str, str], ...]


DATA_DIR = Path(__file__).resolve().parent / "data"
TRAIN = load_vocabulary(Vocabulary, DATA_DIR / "train_vocab.json")
HELDOUT = load_vocabulary(Vocabulary, DATA_DIR / "heldout_vocab.json")
HELDOUT_PAGES = load_vocabulary(PageVocabulary, DATA_DIR / "heldout_pages.json")
