"""Differential check of the parsers: does this tree parse every input exactly as another tree does?

Run from the repository root, with the other tree (the committed parser, say) exported beside it:

    git archive main | (mkdir -p /tmp/before && tar -x -C /tmp/before)
    .venv/bin/python bench/parse_diff.py --before /tmp/before        # everything (about 15 s)
    .venv/bin/python bench/parse_diff.py --before /tmp/before --replay-stride 10 --mutants 500
    .venv/bin/python bench/parse_diff.py --before /tmp/before --seed 8 --show 30

("This tree" is the one the tool sits in: it puts that tree first on sys.path itself, whichever checkout
the venv's editable install points at.)

A parser speed-up must change no output at all. The tool builds every input once, in this process, from
this tree's replay corpus and fixtures:

- replay detail pages: every `--replay-stride`-th replay corpus notice as the replay site serves it
  (ccgp detail pages, ggzy content pages, 政采云 detail records), rendered in memory through the site's
  routing like bench/bench_parse.py, parsed by `crawler.parse.parse_document`;
- 政采云 fragments: the `content` HTML of each 政采云 record, parsed alone;
- real pages: every saved page under domain.paths.REAL_PAGES_DIR (or --real-pages), as bytes and as
  text, and each HTML one also as a ccgp search page (mostly errors: they must be the same errors);
- search pages: ccgp search result pages (`crawler.parse.ccgp_lists.parse_search_page`) for every
  default keyword, both search types, every page (and the one after the last, which lists no rows) over
  the corpus's whole date range, at the URL the spider asks for (`crawler.spiders.ccgp.search_url`);
- mutants: `--mutants` pages made from the pages above by one to three random edits each (cells removed,
  rows duplicated, tables, paragraphs or rows swapped, labels changed, truncation, snippets inserted —
  hidden elements inside header cells, comments, invalid bytes …, th↔td, classes removed, slices cut),
  detail pages and search pages alike, the same for the same --seed; every 10th also as text.

It writes them to a temporary folder and runs each tree's parsers in a child process of their own
(`PYTHONPATH=<tree>`, the tree as working directory), both at once. Outcomes are compared input by
input: every notice's fields (dataclasses.asdict, each value's repr), a search page's total, page count
and rows' fields, and for an input that fails the error's class and reason (PageParseError.reason), or the
class and message of any other exception.

It prints, per kind of input, how many inputs gave notices (or a search page), errors and crashes in this
tree and how many differ, then the first `--show` differences: the input's name and each differing field
before and after. Exit code 0 when no input differs, 1 when some do, 2 on bad arguments (a --before that
is not a tree of this repository) or when a tree's parsers could not run at all.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pickle
import random
import re
import subprocess
import sys
import tempfile
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The hidden sub-command a child process runs: parse the inputs file with the tree on its PYTHONPATH.
CHILD_COMMAND = "_parse-inputs"

DOCUMENT, SEARCH = "document", "search"  # which parser an input goes to
KINDS = (
    "replay detail pages",
    "政采云 fragments",
    "real pages (bytes)",
    "real pages (text)",
    "real pages as search pages",
    "search pages",
    "mutated detail pages",
    "mutated search pages",
)


@dataclasses.dataclass(frozen=True)
class ParseInput:
    kind: str  # one of KINDS
    name: str  # what a difference is reported under
    parser: str  # DOCUMENT or SEARCH
    data: bytes | str
    url: str


# ---------------------------------------------------------------- inputs


def replay_inputs(stride: int) -> Iterator[ParseInput]:
    """Every `stride`-th replay notice as served, and each 政采云 record's content fragment alone."""
    from bench_parse import replay_pages  # bench/ is the script's folder, first on sys.path

    for source, data, html, url in replay_pages(stride):
        yield ParseInput("replay detail pages", f"replay {source} {url}", DOCUMENT, data, url)
        if source == "zcy":
            yield ParseInput("政采云 fragments", f"政采云 fragment {url}", DOCUMENT, html, url)


def real_page_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and path.suffix.lower() in (".html", ".htm", ".json")
    )


def utf8_text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def as_text(data: bytes) -> str:
    """A saved page as a client would decode it: UTF-8, else GB18030 (the portals' legacy encoding)."""
    text = utf8_text(data)
    return text if text is not None else data.decode("gb18030", "replace")


def real_inputs(folder: Path) -> Iterator[ParseInput]:
    # A page that is not a search page must fail the search parser in the same way in both trees.
    search_url = "https://search.ccgp.gov.cn/bxsearch?searchtype=1&page_index=1"
    for path in real_page_files(folder):
        data, url, name = path.read_bytes(), path.resolve().as_uri(), str(path.relative_to(folder))
        yield ParseInput("real pages (bytes)", f"real {name} (bytes)", DOCUMENT, data, url)
        yield ParseInput("real pages (text)", f"real {name} (text)", DOCUMENT, as_text(data), url)
        if path.suffix.lower() != ".json":
            yield ParseInput("real pages as search pages", f"real {name} (search)", SEARCH, data, search_url)


def search_inputs() -> Iterator[ParseInput]:
    """Every page of every default keyword's searches (both search types), as text like the spider gets
    them, over the corpus's whole date range; then the page after the last, which lists no rows."""
    from bench_parse import served  # bench/ is the script's folder, first on sys.path

    from crawler.parse.ccgp_lists import parse_search_page
    from crawler.spiders.base import default_keywords
    from crawler.spiders.ccgp import search_url
    from replay import ReplaySite

    site = ReplaySite()
    dates = [n.publish_date for n in site.corpus.notices if n.publish_date is not None]
    window = (min(dates), max(dates))
    for keyword in default_keywords():
        for search_type in (1, 2):
            page, pages = 1, 1
            while page <= pages + 1:
                url = search_url(keyword, window, search_type, page)
                body = served(site, url)
                text = body.decode("utf-8") if isinstance(body, bytes) else body
                if page == 1:
                    pages = parse_search_page(text, url).pages  # this tree's count drives the paging
                name = f"search kw={keyword} type={search_type} page={page}"
                yield ParseInput("search pages", name, SEARCH, text, url)
                page += 1


# ---------------------------------------------------------------- mutations

# Label words both kinds of page use: swapping one for another moves a value to another field.
LABELS = (
    "供应商名称", "中标金额", "项目编号", "采购人", "预算金额", "结果类型", "标包", "合同金额", "采购代理机构",
    "中标供应商", "成交金额", "采购人名称", "项目名称", "代理机构名称", "中标（成交）金额", "包组", "标项",
    "供应商地址", "序号", "名称", "代理机构", "共找到", "条内容",
)  # fmt: skip
# Bytes that are not UTF-8: a stray byte, a continuation byte alone, a character cut after two bytes.
INVALID_BYTES = (b"\xff", b"\x80", b"\xe4\xb8")
COMMON_SNIPPETS = (
    "<!-- c -->", "<td>", "</td>", "</tr>", "<tr>", "</table>", "<th>", "\u3000", "&nbsp;", "<br>", "</span>",
    "<input value=x>", "<script>供应商名称</script>", "<title>商</title>", "<style>td{}</style>",
)  # fmt: skip
DETAIL_SNIPPETS = (
    "<th>供应商名称</th>", '<td class="title">采购人</td><td>某某大学</td>', "<tr><th>合同金额</th><td>12.5万元</td></tr>",
    "<table><tr><td>供应商名称</td><td>中标金额</td></tr><tr><td>甲科技有限公司</td><td>100万元</td></tr></table>",
    "<table><tr><th>中标供应商</th><th>成交金额</th></tr><tr><td>乙公司</td><td>5000</td></tr></table>",
    "<table><tr><td>中标人名称</td></tr><tr><td>丙公司</td></tr></table>",
    "<p>第3包：本包废标</p>", "<p>结果类型：废标</p>", "<p>包组编号：002</p>", '<span class="code-00004">ABC-123</span>',
    '<td class="code-winningSupplierName">丁公司</td>', "<p>项目编号：XY-2025-01</p>", "<p>采购人：某医院，地址：北京市</p>",
    "<p>预算金额：300万元</p>", "<p>中标供应商名称：戊公司</p><p>中标金额：88元</p>", "<p>标包：B</p>",
    # Hidden elements and comments inside header cells: their text must not count as the label's.
    "<td><script>x</script>供应商名称</td>", "<td>供应<title>商</title>名称</td>", "<td> 供 应 商 名 称 </td>",
    "<th>中标<style>x{}</style>金额</th>", "<td>供应<!-- x -->商名称</td>",
    '<p class="p_o"><span>发布时间：2024-01-02</span></p>', '<h4 class="h4_o">标题</h4>', '<div id="mycontent">',
    "<table><tr><td>预算金额（万元）</td></tr><tr><td>12</td></tr><tr><td>合计</td></tr></table>",
    '<a href="x.pdf">附件.pdf</a>', '<ul class="fjxx"><li><a>f</a></li></ul>',
    '<div class="table"><table><tr><td class="title">采购单位</td><td>Z</td></tr></table></div>',
)  # fmt: skip
SEARCH_SNIPPETS = (
    "|", " ", "  \u3000", "http://www.ccgp.gov.cn/cggg/x.htm#a", "javascript:", "<strong>", "</strong>",
    "采购人：", "| 代理机构：某代理公司", "2025.01.02 03:04:05", '<font color="red">大模型</font>',
    '<li><a href="javascript:void(0)">x</a></li>', '<li><a href="/cggg/dfgg/x.htm">y</a><span>z</span></li>',
    '<a href="http://www.ccgp.gov.cn/cggg/zygg/a.htm">a</a>', "<p>摘要</p>",
    '<script>var ohtmlurls="http://www.ccgp.gov.cn/cggg/a.htm,";</script>',
    "共找到 <span>3</span> 条内容", "Pager({ size: 3,",
)  # fmt: skip
# Markers the parsers look for; removing one turns a layout into its fallback.
MARKERS = (
    b"code-", b'class="title"', b"h4_o", b"p_o", b"mycontent", b"<thead>", b"</tr>",
    b"vT-srch-result-list-bid", b"ohtmlurls", b"<br>", b"Pager(",
)  # fmt: skip
BLOCK_TAGS = (b"td", b"th", b"tr", b"table", b"p", b"span", b"div", b"li")
TAG_BLOCK = {tag: re.compile(rb"<%s\b[^>]*>.*?</%s>" % (tag, tag), re.S) for tag in BLOCK_TAGS}

Mutation = Callable[[bytes, random.Random, Sequence[bytes]], bytes | None]  # None: not applicable


def block_spans(data: bytes, tag: bytes) -> list[tuple[int, int]]:
    return [match.span() for match in TAG_BLOCK[tag].finditer(data)]


def remove_cell(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> bytes | None:
    spans = block_spans(data, rng.choice((b"td", b"th")))
    if not spans:
        return None
    start, end = rng.choice(spans)
    return data[:start] + data[end:]


def duplicate_row(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> bytes | None:
    spans = block_spans(data, rng.choice((b"tr", b"li")))
    if not spans:
        return None
    start, end = rng.choice(spans)
    return data[:end] + data[start:end] + data[end:]


def swap_blocks(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> bytes | None:
    spans = block_spans(data, rng.choice((b"table", b"p", b"tr", b"li")))
    if len(spans) < 2:
        return None
    (a, b), (c, d) = sorted(rng.sample(spans, 2))
    if b > c:  # nested blocks: no clean swap
        return None
    return data[:a] + data[c:d] + data[b:c] + data[a:b] + data[d:]


def change_label(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> bytes | None:
    present = [label.encode() for label in LABELS if label.encode() in data]
    if not present:
        return None
    old = rng.choice(present)
    start = rng.choice([match.start() for match in re.finditer(re.escape(old), data)])
    return data[:start] + rng.choice(LABELS).encode() + data[start + len(old) :]


def truncate(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> bytes | None:
    return data[: rng.randrange(len(data) + 1)]


def insert_snippet(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> bytes | None:
    # Mostly right after a tag, where markup changes shift what the parsers find; sometimes anywhere.
    tag_ends = [match.end() for match in re.finditer(rb">", data)]
    at = rng.choice(tag_ends) if tag_ends and rng.random() < 0.85 else rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(snippets) + data[at:]


def remove_block(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> bytes | None:
    spans = block_spans(data, rng.choice((b"p", b"span", b"div", b"table", b"li")))
    if not spans:
        return None
    start, end = rng.choice(spans)
    return data[:start] + data[end:]


def swap_th_td(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> bytes | None:
    old, new = (b"th", b"td") if rng.random() < 0.5 else (b"td", b"th")
    if b"<" + old not in data:
        return None
    count = rng.randrange(1, 5)
    return data.replace(b"<" + old, b"<" + new, count).replace(b"</" + old + b">", b"</" + new + b">", count)


def remove_marker(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> bytes | None:
    present = [marker for marker in MARKERS if marker in data]
    if not present:
        return None
    marker = rng.choice(present)
    start = rng.choice([match.start() for match in re.finditer(re.escape(marker), data)])
    return data[:start] + data[start + len(marker) :]


def cut_slice(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> bytes | None:
    if len(data) <= 10:
        return None
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randrange(1, 400) :]


# Inserting is listed twice: most of what a changed page brings is new markup.
MUTATIONS: tuple[tuple[str, Mutation], ...] = (
    ("cell removed", remove_cell),
    ("row duplicated", duplicate_row),
    ("blocks swapped", swap_blocks),
    ("label changed", change_label),
    ("truncated", truncate),
    ("snippet inserted", insert_snippet),
    ("snippet inserted", insert_snippet),
    ("block removed", remove_block),
    ("th↔td", swap_th_td),
    ("class removed", remove_marker),
    ("slice cut", cut_slice),
)


def snippets_for(parser: str) -> tuple[bytes, ...]:
    own = DETAIL_SNIPPETS if parser == DOCUMENT else SEARCH_SNIPPETS
    return tuple(snippet.encode() for snippet in (*COMMON_SNIPPETS, *own)) + INVALID_BYTES


def mutate(data: bytes, rng: random.Random, snippets: Sequence[bytes]) -> tuple[bytes, str]:
    """One random edit that applies to the page, and its name."""
    for _ in range(20):
        name, mutation = rng.choice(MUTATIONS)
        mutated = mutation(data, rng, snippets)
        if mutated is not None:
            return mutated, name
    return data + b" ", "space appended"


def as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


# The share of mutants made from search pages, whatever the sample of detail pages (about the share of
# the whole run before search pages were added): detail pages have far more layouts to get wrong.
SEARCH_MUTANT_SHARE = 1 / 6


def mutation_bases(inputs: Sequence[ParseInput]) -> tuple[list[ParseInput], list[ParseInput]]:
    """The pages mutants are made from, detail pages and search pages: a sample of the replay pages,
    the few real pages (the most varied layouts) many times over, every search page."""
    by_kind: dict[str, list[ParseInput]] = {}
    for item in inputs:
        by_kind.setdefault(item.kind, []).append(item)
    real_html = [item for item in by_kind.get("real pages (bytes)", []) if not item.url.endswith(".json")]
    details = [
        *by_kind.get("replay detail pages", [])[::7],
        *by_kind.get("政采云 fragments", [])[::9],
        *real_html * 12,
    ]
    return details, by_kind.get("search pages", [])


def mutants(
    details: Sequence[ParseInput], searches: Sequence[ParseInput], count: int, seed: int
) -> Iterator[ParseInput]:
    """`count` pages of one to three edits each, the same for the same seed; every 10th also as text."""
    if not details and not searches:
        return
    rng = random.Random(seed)
    for number in range(count):
        family = searches if rng.random() < SEARCH_MUTANT_SHARE else details
        base = rng.choice(family or details or searches)  # with one family empty, the other
        data, edits = as_bytes(base.data), []
        for _ in range(rng.randint(1, 3)):
            data, edit = mutate(data, rng, snippets_for(base.parser))
            edits.append(edit)
        kind = "mutated detail pages" if base.parser == DOCUMENT else "mutated search pages"
        name = f"mutant {number} ({', '.join(edits)}) of {base.name}"
        yield ParseInput(kind, name, base.parser, data, base.url)
        text = utf8_text(data) if number % 10 == 0 else None  # invalid bytes: only the bytes are parsed
        if text is not None:
            yield ParseInput(kind, f"{name} as text", base.parser, text, base.url)


def build_inputs(stride: int, real_pages: Path, mutant_count: int, seed: int) -> list[ParseInput]:
    inputs: list[ParseInput] = []
    if stride > 0:
        inputs += replay_inputs(stride)
    if real_pages.is_dir():
        inputs += real_inputs(real_pages)
    else:
        print(f"real pages: {real_pages} is absent; going on without them")
    inputs += search_inputs()
    inputs += mutants(*mutation_bases(inputs), mutant_count, seed)
    return inputs


# ---------------------------------------------------------------- the child: one tree's parsers


def dataclass_fields(prefix: str, record: Any) -> dict[str, str]:
    return {f"{prefix}{name}": repr(value) for name, value in dataclasses.asdict(record).items()}


def notices_outcome(notices: Sequence[Any]) -> dict[str, str]:
    outcome = {"outcome": "notices", "notices": str(len(notices))}
    for number, notice in enumerate(notices):
        outcome |= dataclass_fields(f"notice {number}: ", notice)
    return outcome


def search_page_outcome(page: Any) -> dict[str, str]:
    outcome = {"outcome": "search page", "total": repr(page.total), "pages": repr(page.pages)}
    outcome["rows"] = str(len(page.rows))
    for number, row in enumerate(page.rows):
        outcome |= dataclass_fields(f"row {number}: ", row)
    return outcome


def parse_outcome(parser: str, data: bytes | str, url: str) -> dict[str, str]:
    """What one input gives in the tree on sys.path: its fields, or the error, flattened to strings."""
    from crawler.parse import PageParseError, parse_document
    from crawler.parse.ccgp_lists import parse_search_page

    try:
        if parser == SEARCH:
            return search_page_outcome(parse_search_page(data, url))
        return notices_outcome(parse_document(data, url))
    except PageParseError as exc:
        return {"outcome": "error", "error": type(exc).__name__, "reason": repr(exc.reason)}
    except Exception as exc:  # any other failure is a crash, and must be the same crash in both trees
        return {"outcome": "crash", "error": type(exc).__name__, "message": repr(str(exc))}


def run_child(inputs_file: Path, results_file: Path, tree: Path) -> int:
    import crawler.parse

    imported = Path(crawler.parse.__file__ or "").resolve()
    if not imported.is_relative_to(tree.resolve()):
        # An installed copy first on sys.path would compare one tree with itself and find nothing.
        print(f"crawler.parse imported from {imported}, not from {tree}", file=sys.stderr)
        return 2
    entries = pickle.loads(inputs_file.read_bytes())
    results = [parse_outcome(parser, data, url) for parser, data, url in entries]
    results_file.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return 0


# ---------------------------------------------------------------- the parent: both trees, compared


def not_a_tree_reason(folder: Path) -> str | None:
    """Why `folder` is not a tree of this repository, or None when it is one."""
    if not folder.is_dir():
        return "no such folder"
    try:
        project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        project = {}
    if project.get("name") != "tenders":
        return 'no pyproject.toml naming the project "tenders"'
    if not (folder / "crawler" / "parse" / "__init__.py").is_file():
        return "no crawler/parse package"
    return None


def start_child(tree: Path, inputs_file: Path, results_file: Path, log: Path) -> subprocess.Popen[bytes]:
    # Only the tree on PYTHONPATH (an inherited one could shadow it); its own folder as working directory.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, str(Path(__file__).resolve()), CHILD_COMMAND]
    command += [str(inputs_file), str(results_file), str(tree)]
    with log.open("wb") as stderr:
        return subprocess.Popen(command, cwd=tree, env=env, stdout=stderr, stderr=stderr)


def run_trees(
    trees: Sequence[Path], inputs: Sequence[ParseInput], folder: Path
) -> list[list[dict[str, str]]]:
    """Each tree's outcome of every input, both trees' children running at once; RuntimeError names a
    tree whose child failed."""
    inputs_file = folder / "inputs.pickle"
    inputs_file.write_bytes(pickle.dumps([(item.parser, item.data, item.url) for item in inputs]))
    children = []
    for number, tree in enumerate(trees):
        results_file, log = folder / f"results-{number}.json", folder / f"child-{number}.log"
        children.append((tree, results_file, log, start_child(tree, inputs_file, results_file, log)))
    outcomes = []
    for tree, results_file, log, child in children:
        if child.wait() != 0:
            lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines() or ["(no output)"]
            raise RuntimeError(f"the parsers of {tree} could not run (exit {child.returncode}): {lines[-1]}")
        outcomes.append(json.loads(results_file.read_text(encoding="utf-8")))
    return outcomes


def differing_fields(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [key for key in dict.fromkeys([*before, *after]) if before.get(key) != after.get(key)]


def clipped(value: str | None, start: int, width: int = 160) -> str:
    """`width` characters of a value from near `start` (where it differs), marked where cut."""
    if value is None:
        return "(absent)"
    begin = max(0, start - 40)
    text = value[begin : begin + width]
    return ("…" if begin else "") + text + ("…" if begin + width < len(value) else "")


def first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


FIELDS_SHOWN = 6  # per differing input: a search page's 20 rows would otherwise fill the screen


def difference_lines(item: ParseInput, before: dict[str, str], after: dict[str, str]) -> list[str]:
    lines = [
        f"{item.name}  ({item.kind}, {len(item.data):,} {'bytes' if isinstance(item.data, bytes) else 'chars'})"
    ]
    keys = differing_fields(before, after)
    for key in keys[:FIELDS_SHOWN]:
        old, new = before.get(key), after.get(key)
        at = first_difference(old or "", new or "")
        lines.append(f"  {key}:\n    before {clipped(old, at)}\n    after  {clipped(new, at)}")
    if len(keys) > FIELDS_SHOWN:
        lines.append(f"  … and {len(keys) - FIELDS_SHOWN} more fields")
    return lines


def padded(text: str, width: int) -> str:
    """`text` left-aligned in `width` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def summary_lines(
    inputs: Sequence[ParseInput], after: Sequence[dict[str, str]], differing: set[int]
) -> list[str]:
    """Per kind: inputs, what this tree made of them (parsed, errors, crashes) and how many differ."""
    columns = ("inputs", "parsed", "errors", "crashes", "differ")
    counts = {kind: Counter[str]() for kind in KINDS}
    for index, (item, outcome) in enumerate(zip(inputs, after, strict=True)):
        count = counts[item.kind]
        count["inputs"] += 1
        count[{"error": "errors", "crash": "crashes"}.get(outcome["outcome"], "parsed")] += 1
        count["differ"] += index in differing
    counts["all"] = sum(counts.values(), Counter[str]())
    lines = [padded("kind (outcomes in this tree)", 30) + "".join(f"{column:>8}" for column in columns)]
    for kind, count in counts.items():
        if count["inputs"]:
            lines.append(padded(kind, 30) + "".join(f"{count[column]:>8,}" for column in columns))
    return lines


def compare(before_tree: Path, args: argparse.Namespace) -> int:
    inputs = build_inputs(args.replay_stride, args.real_pages, args.mutants, args.seed)
    print(f"before: {before_tree}\nafter:  {REPO}")
    print(
        f"{len(inputs):,} inputs ({args.mutants:,} mutants, seed {args.seed}, replay stride {args.replay_stride})"
    )
    with tempfile.TemporaryDirectory(prefix="parse-diff-") as folder:
        try:
            before, after = run_trees([before_tree, REPO], inputs, Path(folder))
        except RuntimeError as exc:
            print(f"parse_diff.py: {exc}", file=sys.stderr)
            return 2
    differing = [index for index, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    print()
    print("\n".join(summary_lines(inputs, after, set(differing))))
    if differing and args.show:
        print(f"\nfirst {min(args.show, len(differing))} differences:")
        for index in differing[: args.show]:
            print("\n".join(difference_lines(inputs[index], before[index], after[index])))
    print(f"\n{len(inputs):,} inputs: {len(differing):,} differ")
    return 1 if differing else 0


def non_negative(text: str) -> int:
    number = int(text)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{number} is negative")
    return number


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [CHILD_COMMAND]:
        inputs_file, results_file, tree = argv[1:4]
        return run_child(Path(inputs_file), Path(results_file), Path(tree))

    # This tree's replay corpus and fixtures build the inputs, whichever checkout the venv installs.
    sys.path.insert(0, str(REPO))
    from domain.paths import REAL_PAGES_DIR

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--before", type=Path, required=True, help="the other tree (e.g. a git archive export)"
    )
    parser.add_argument("--mutants", type=non_negative, default=6000, help="mutated pages (default 6000)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the mutations (default 7)")
    parser.add_argument(
        "--replay-stride",
        type=non_negative,
        default=1,
        help="every Nth replay notice (default 1: all; 0: none)",
    )
    parser.add_argument("--show", type=non_negative, default=10, help="differences printed (default 10)")
    parser.add_argument(
        "--real-pages", type=Path, default=REAL_PAGES_DIR, help=f"saved real pages (default {REAL_PAGES_DIR})"
    )
    args = parser.parse_args(argv)
    reason = not_a_tree_reason(args.before)
    if reason is not None:
        print(
            f"parse_diff.py: --before {args.before} is not a tree of this repository: {reason}",
            file=sys.stderr,
        )
        return 2
    return compare(args.before.resolve(), args)


if __name__ == "__main__":
    sys.exit(main())
