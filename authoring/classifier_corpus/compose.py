"""Compose labelled notices from a vocabulary: labels are decided first, then words that express them.

The labels are therefore the authoring rules (docs/domain.md §4–6), not a judgement made after the fact:
- llm: the notice was written from a large-model phrase (compute bought for a named LLM use, model
  services, a hardware+model bundle, or an application built on a large model); not-llm notices are
  written from the `negatives` lists, which hold the near-miss words of docs/domain.md §4.
- industry: the buyer's kind; `medical` also when a non-health body buys for an explicitly medical use.
- type (llm only, docs/domain.md §5 precedence): compute phrases → compute; model-service phrases → model;
  hardware+model bundles and LLM applications → integrated.
- scenarios (in-scope only, docs/domain.md §6): the scenarios whose application nouns were written into the
  notice, whatever its type (1–3 uses for compute, model and bundle purchases too, stated in a
  sentence of their own or in the same sentence as the hardware / 一体机); a bare server/一体机/
  deployment purchase with no stated use has none. The supplier's service scope (运维, 集成, 质保, 培训)
  and a platform's capabilities (纳管, 编排) are optional sentences that change no label: they are not uses.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from authoring.classifier_corpus.vocabulary import Vocabulary
from domain.vocabulary import INDUSTRIES, SCENARIOS

OTHER_INDUSTRIES = tuple(i for i in INDUSTRIES if i != "medical")
SHAPE_TYPE = {"compute": "compute", "model": "model", "bundle": "integrated", "app": "integrated"}
NOTICE_MIX = (
    ("award", 40),
    ("tender", 33),
    ("intention", 10),
    ("correction", 6),
    ("contract", 6),
    ("cancellation", 5),
)


@dataclass(frozen=True)
class Spec:
    """The labels of one notice to be written, and the phrase family (`shape`) that expresses them."""

    llm: bool
    industry: str
    shape: str | None  # compute / model / bundle / app for llm notices
    scenarios: tuple[str, ...]

    @property
    def type(self) -> str | None:
        return SHAPE_TYPE[self.shape] if self.shape else None


@dataclass(frozen=True)
class Quota:
    """How many notices of each label family a file gets (exact counts, so coverage is guaranteed)."""

    medical_llm: int
    other_llm_each: int
    medical_negative: int
    other_negative_each: int
    # Share of medical llm notices bought by a body that is not a health institution, for a stated
    # medical use (docs/domain.md §4: industry `medical` by use).
    medical_use_share: float = 0.12


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


def plan(quota: Quota, rng: random.Random) -> list[Spec]:
    """The label specs of a file, in a seeded random order."""
    specs: list[Spec] = []
    for _ in range(quota.medical_llm):
        shape = _weighted(rng, (("compute", 22), ("model", 28), ("bundle", 18), ("app", 32)))
        if shape == "app":
            k = _weighted(rng, (("1", 62), ("2", 30), ("3", 8)))
        else:
            k = _weighted(rng, (("0", 45), ("1", 30), ("2", 18), ("3", 7)))
        scenarios = tuple(sorted(rng.sample(SCENARIOS, int(k)), key=SCENARIOS.index))
        specs.append(Spec(True, "medical", shape, scenarios))
    for industry in OTHER_INDUSTRIES:
        for _ in range(quota.other_llm_each):
            shape = _weighted(rng, (("compute", 25), ("model", 30), ("bundle", 15), ("app", 30)))
            specs.append(Spec(True, industry, shape, ()))
    specs += [Spec(False, "medical", None, ()) for _ in range(quota.medical_negative)]
    for industry in OTHER_INDUSTRIES:
        specs += [Spec(False, industry, None, ()) for _ in range(quota.other_negative_each)]
    rng.shuffle(specs)
    return specs


class Composer:
    """Writes one notice for a spec from one vocabulary (all randomness from the given rng)."""

    def __init__(self, vocab: Vocabulary, rng: random.Random, medical_use_share: float = 0.12):
        self.v = vocab
        self.rng = rng
        self.medical_use_share = medical_use_share

    # -- small helpers -------------------------------------------------------------------------
    def pick(self, items: tuple[Any, ...] | list[Any]) -> Any:
        return self.rng.choice(items)

    def place(self) -> dict[str, str]:
        prov, cities = self.pick(self.v.places)
        return {
            "prov": prov,
            "city": self.pick(cities),
            "county": self.pick(self.v.counties),
            "n": self.pick(("第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九")),
            "name": self.pick(self.v.names),
        }

    def fill(self, template: str, **extra: str) -> str:
        slots = self.place() | extra
        return template.format(**slots)

    def amount(self) -> str:
        wan = round(self.rng.lognormvariate(4.3, 1.2), self.rng.choice((0, 1, 2, 4)))
        style = self.rng.randrange(5)
        if style == 0:
            return f"{wan}万元"
        if style == 1:
            return f"￥{wan * 10000:,.2f}元"
        if style == 2:
            return f"{wan * 10000:.2f}元"
        if style == 3:
            return f"人民币{wan}万元"
        return f"{int(wan * 10000)}元"

    def code(self) -> str:
        r = self.rng
        letters = "".join(r.choice("ABCDEFGHJKLMNPQRSTWXYZ") for _ in range(r.randint(2, 4)))
        forms = (
            f"{letters}2025-{r.randint(1, 999):03d}",
            f"{letters}{r.randint(2024, 2025)}{r.randint(1, 12):02d}{r.randint(1, 9999):04d}",
            f"{r.randint(100000, 999999)}-{r.randint(2024, 2025)}-{r.randint(1, 99999):05d}",
            f"{letters}-{r.randint(2024, 2025)}-{letters[:2]}{r.randint(1, 999)}",
        )
        return r.choice(forms)

    def join(self, items: list[str]) -> str:
        if len(items) == 1:
            return items[0]
        sep = self.pick(("、", "及", "和", "与", "，"))
        return sep.join(items)

    # -- the notice ----------------------------------------------------------------------------
    def buyer(self, spec: Spec) -> tuple[str, bool]:
        """A buyer for the spec's industry; the flag says the medical use must be stated in the project."""
        if spec.industry == "medical":
            if spec.llm and self.rng.random() < self.medical_use_share:
                return self.fill(self.pick(self.v.medical_use_buyers)), True
            return self.fill(self.pick(self.v.health_buyers)), False
        return self.fill(self.pick(self.v.buyers[spec.industry])), False

    def llm_parts(self, spec: Spec, needs_medical_word: bool) -> tuple[str, list[str], list[str]]:
        """Project noun, body sentences and optional extra sentences of a large-model notice.

        The body sentences say what is bought and for what (kept whole); the extras (hosting, the
        supplier's service scope, platform capabilities) are dropped first when a body runs out of room.
        """
        v, r = self.v, self.rng
        medical = spec.industry == "medical"
        domain = self.pick(v.domains[spec.industry])
        model = self.pick(v.medical_models) if medical and r.random() < 0.5 else self.pick(v.models)
        hw = self.pick(v.hardware)
        if medical:
            apps = [self.pick(v.scenario_apps[s]) for s in spec.scenarios]
        elif spec.shape == "app" or r.random() < 0.35:
            apps = [self.pick(v.industry_apps[spec.industry])]
        else:
            apps = []
        slots = {"model": model, "hw": hw, "domain": domain}
        assert spec.shape is not None
        extras = self.extras(spec.shape, slots)
        # Compute bought for a named large-model platform: the title names only the platform, so the
        # body saying that only hardware is bought is always written (docs/domain.md §5: compute).
        if spec.shape == "compute" and r.random() < 0.25:
            project, sentences = self.platform_compute(spec, apps, slots, needs_medical_word)
            return project, sentences, extras
        templates = {
            "compute": v.compute_projects,
            "model": v.model_projects,
            "bundle": v.bundle_projects,
            "app": v.app_projects,
        }[spec.shape]
        bodies = {
            "compute": v.compute_bodies,
            "model": v.model_bodies,
            "bundle": v.bundle_bodies,
            "app": v.app_bodies,
        }[spec.shape]
        app_text = self.join(apps) if apps else ""
        project = self.pick(templates).format(app=app_text, **slots)
        if needs_medical_word and domain not in project:
            project = f"{domain}{project}" if r.random() < 0.5 else project + f"（{domain}领域）"
        if spec.shape in ("compute", "bundle") and r.random() < 0.1:
            project += self.pick(v.scope_suffixes)  # a lot named "…（集成及运维服务）"
        platform = spec.shape == "model" and _PLATFORM_PROJECT.search(project) is not None
        inline = {
            "compute": v.compute_uses,
            "bundle": v.bundle_uses,
            "model": v.model_uses if platform else (),
        }
        roll = r.random()
        if apps and spec.shape == "bundle" and roll < 0.3:
            # An application built on the model with the hardware included after it (docs/domain.md §5 → integrated).
            sentences = [self.pick(v.bundle_app_bodies).format(app=app_text, **slots)]
            apps = []
        elif apps and inline.get(spec.shape) and roll < 0.5 + (0.1 if spec.shape == "bundle" else 0.0):
            # The uses stated inside the hardware / 一体机 / platform sentence itself ("…，用于A与B等大模型应用").
            sentences = [self.pick(inline[spec.shape]).format(apps=app_text, **slots)]
            apps = []
        else:
            cue = self.pick(bodies).format(app=app_text, apps=app_text, **slots)
            # Some notices carry the large-model cue in the title only; the body is then plain boilerplate.
            keep_cue = spec.shape == "app" or not _has_cue(project, v) or r.random() >= 0.35
            sentences = [cue] if keep_cue else []
        if platform and r.random() < 0.4:
            extras.insert(0, self.pick(v.platform_capabilities).format(**slots))
        project, sentences = self.with_uses(spec, project, sentences, apps, slots)
        return project, sentences, extras

    def extras(self, shape: str, slots: dict[str, str]) -> list[str]:
        """Optional sentences that name hardware or services without changing a label."""
        v, r = self.v, self.rng
        lines = []
        # docs/domain.md §5: a model deployed on the buyer's own servers is still `model`; an application
        # deployed there is still `integrated` (upgrades of existing applications say so often).
        # Saying so puts hardware words into non-compute notices, as often in applications as in models.
        hosting = {"model": 0.45, "app": 0.35}.get(shape, 0.0)
        if r.random() < hosting:
            lines += [line.format(**slots) for line in r.sample(v.hosting, k=2 if r.random() < 0.3 else 1)]
        # The supplier's own service scope (运维, 集成, 质保, 培训 …): never a use (docs/domain.md §6).
        if r.random() < {"compute": 0.35, "bundle": 0.3, "app": 0.25, "model": 0.2}[shape]:
            kind = "compute" if shape == "compute" and r.random() < 0.5 else "any"
            lines.append(self.pick(v.service_scope[kind]).format(**slots))
        if shape == "bundle" and r.random() < 0.1:
            lines.append(self.pick(v.platform_capabilities).format(**slots))
        return lines

    def with_uses(
        self, spec: Spec, project: str, sentences: list[str], apps: list[str], slots: dict[str, str]
    ) -> tuple[str, list[str]]:
        """The stated uses of a compute/model/bundle purchase as a sentence of their own (and at times in
        the title too); an application's uses are already its project noun."""
        if apps and spec.shape != "app":
            app_text = self.join(apps)
            use = self.pick(self.v.use_phrases).format(apps=app_text, **slots)
            if self.rng.random() < 0.3:
                project = f"{project}（{app_text}）"
            sentences.insert(self.rng.randrange(len(sentences) + 1), use)
        return project, sentences

    def platform_compute(
        self, spec: Spec, apps: list[str], slots: dict[str, str], needs_medical_word: bool
    ) -> tuple[str, list[str]]:
        """Compute bought for a named platform: project noun naming the platform, body buying hardware only."""
        v = self.v
        platform = self.pick(v.platforms).format(**slots)
        project = self.pick(v.platform_compute_projects).format(platform=platform, **slots)
        if needs_medical_word and slots["domain"] not in project:
            project = f"{slots['domain']}{project}"
        sentences = [self.pick(v.platform_compute_bodies).format(platform=platform, **slots)]
        return self.with_uses(spec, project, sentences, apps, slots)

    def notice(self, spec: Spec) -> dict[str, Any]:
        v, r = self.v, self.rng
        buyer, needs_medical_word = self.buyer(spec)
        if spec.llm:
            project, sentences, extras = self.llm_parts(spec, needs_medical_word)
        else:
            noun, body = self.pick(v.negatives[spec.industry])
            project = self.fill(noun)
            sentences = [self.fill(body)] if r.random() < 0.85 else []
            extras = [self.pick(v.service_scope["any"])] if r.random() < 0.1 else []
        notice_type = _weighted(r, NOTICE_MIX)
        project = self.mix_english(_tidy(project))
        title = self.title(notice_type, buyer, project)
        head = [] if project in title else [self.pick(v.project_lines).format(project=project)]
        # At most four sentences: what is bought and for what is always kept, extras and filler fill the rest.
        room = max(0, 4 - len(head) - len(sentences))
        for line in r.sample(extras, k=min(room, len(extras))):
            sentences.insert(r.randrange(len(sentences) + 1), line)
        boilerplate = v.boilerplate[notice_type]
        extra_lines = r.sample(boilerplate, k=min(len(boilerplate), r.randint(1, 2)))
        filler = [
            self.fill(s, amount=self.amount(), supplier=self.fill(self.pick(v.suppliers)), date=_date(r))
            for s in extra_lines
        ]
        filler = [self.typo(s) if r.random() < 0.15 else s for s in filler]
        sentences = (sentences + filler)[: max(1, 4 - len(head))]
        if r.random() < 0.3 and len(sentences) > 1:
            sentences = sentences[1:] + sentences[:1]  # order varies between portals' templates
        text = self.mix_english(
            _tidy("".join(s if s.endswith(("。", "；", ".", "！")) else s + "。" for s in head + sentences))
        )
        return {
            "title": title,
            "text": text,
            "buyer": None if r.random() < 0.07 else buyer,
            "llm": spec.llm,
            "industry": spec.industry,
            "type": spec.type,
            "scenarios": list(spec.scenarios) if spec.llm and spec.industry == "medical" else [],
        }

    def title(self, notice_type: str, buyer: str, project: str) -> str:
        v, r = self.v, self.rng
        template = self.pick(v.titles[notice_type])
        title = template.format(
            buyer=buyer,
            agency=self.fill(self.pick(v.agencies)),
            project=project,
            method=self.pick(v.methods[notice_type]),
            year=r.choice(("2024", "2025", "2025", "2025")),
            month=r.randint(1, 12),
            code=self.code(),
        )
        if r.random() < 0.12:
            title += self.pick(("（项目编号：{c}）", "[{c}]", "({c})", "—{c}")).format(c=self.code())
        if r.random() < 0.25:
            title = title.replace("（", "(").replace("）", ")")
        if r.random() < 0.04:
            i = r.randrange(1, len(title))
            title = title[:i] + " " + title[i:]
        return title

    def typo(self, sentence: str) -> str:
        hits = [(a, b) for a, b in self.v.typos if a in sentence]
        if not hits:
            return sentence
        a, b = self.pick(hits)
        return sentence.replace(a, b, 1)

    def mix_english(self, text: str) -> str:
        if self.rng.random() >= 0.1:
            return text
        for zh, en in self.rng.sample(self.v.english, k=min(2, len(self.v.english))):
            # 智能体 inside 智能体测/智能体检 (a near miss) is not the word 智能体: swapping it for
            # "AI Agent" would write a large-model cue into a not-llm notice.
            guard = _NOT_A_WORD_BEFORE.get(zh, "")
            text = re.sub(re.escape(zh) + (f"(?![{guard}])" if guard else ""), en, text, count=1)
        return text


_NOT_A_WORD_BEFORE = {"智能体": "测检质育温重脂"}
# Model projects that are platforms (MaaS, 中台, deployment/inference services): they state capabilities.
_PLATFORM_PROJECT = re.compile(r"平台|MaaS|中台|部署|推理")


def _has_cue(text: str, v: Vocabulary) -> bool:
    words = ("大模型", "大语言模型", "LLM", "GPT", "生成式", "AIGC", "智能体", "Agent")
    return any(w in text for w in words) or any(m in text for m in v.models + v.medical_models)


def _tidy(text: str) -> str:
    # A slot filled with a name that already ends in the template's next word (豆包大模型 + 大模型).
    for word in ("大模型", "服务器", "一体机"):
        text = text.replace(word + word, word)
    return text


def _date(rng: random.Random) -> str:
    return f"2025年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
