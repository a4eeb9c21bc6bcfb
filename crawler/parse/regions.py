"""Province-level region names (docs/domain.md §2 `region`, e.g. `广东省`) from codes and place names.

Sources, strongest first: GB/T 2260 codes (ccgp zoneId `44`/`4403`, ggzy `DEAL_PROVINCE` 440000,
政采云 `districtCode` 451026), a province name (`广西壮族自治区`, `山东`), then a city, county or district
named in the text (ccgp 行政区域 can be a county such as 林口县; buyers are named after their place).
Place names with their suffix are looked up in the complete division table (divisions.csv); names
shared by two provinces (龙华区 is in 深圳 and in 海口) resolve through the buyer's name instead. The
short city names a buyer's name may start with (济南大学) are a small curated list. Unknown places give
None: a region is never guessed.
"""

from __future__ import annotations

import csv
import re
from importlib import resources

PROVINCES: dict[str, str] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省",
    "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}  # fmt: skip

# ggzy lists 新疆生产建设兵团 as its own "province" (660000); its units lie in Xinjiang.
_EXTRA_CODES = {"66": "65"}

# The names portals print for provinces (ccgp list shows `山东`, `内蒙古`), mapped to GB codes.
_PROVINCE_NAMES: dict[str, str] = {name: code for code, name in PROVINCES.items()} | {
    "北京": "11", "天津": "12", "河北": "13", "山西": "14", "内蒙古": "15", "内蒙": "15",
    "辽宁": "21", "吉林": "22", "黑龙江": "23", "上海": "31", "江苏": "32", "浙江": "33", "安徽": "34",
    "福建": "35", "江西": "36", "山东": "37", "河南": "41", "湖北": "42", "湖南": "43", "广东": "44",
    "广西": "45", "广西自治区": "45", "海南": "46", "重庆": "50", "四川": "51", "贵州": "52", "云南": "53",
    "西藏": "54", "陕西": "61", "甘肃": "62", "青海": "63", "宁夏": "64", "宁夏自治区": "64",
    "新疆": "65", "新疆自治区": "65", "新疆生产建设兵团": "65", "兵团": "65",
    "台湾": "71", "香港": "81", "澳门": "82",
}  # fmt: skip

# Prefecture-level cities (name without 市 → province code): capitals, sub-provincial and major cities,
# and cities met on saved pages.
CITIES: dict[str, str] = {
    "石家庄": "13", "唐山": "13", "保定": "13", "邯郸": "13", "廊坊": "13",
    "太原": "14", "大同": "14",
    "呼和浩特": "15", "包头": "15", "鄂尔多斯": "15",
    "沈阳": "21", "大连": "21", "鞍山": "21",
    "长春": "22",
    "哈尔滨": "23", "大庆": "23",
    "南京": "32", "苏州": "32", "无锡": "32", "常州": "32", "徐州": "32", "南通": "32", "扬州": "32",
    "杭州": "33", "宁波": "33", "温州": "33", "绍兴": "33", "嘉兴": "33", "金华": "33", "台州": "33",
    "湖州": "33",
    "合肥": "34", "芜湖": "34",
    "福州": "35", "厦门": "35", "泉州": "35", "漳州": "35",
    "南昌": "36", "赣州": "36", "九江": "36", "新余": "36",
    "济南": "37", "青岛": "37", "烟台": "37", "潍坊": "37", "临沂": "37", "淄博": "37", "济宁": "37",
    "德州": "37", "威海": "37",
    "郑州": "41", "洛阳": "41", "南阳": "41",
    "武汉": "42", "宜昌": "42", "襄阳": "42",
    "长沙": "43", "株洲": "43", "岳阳": "43", "衡阳": "43", "常德": "43",
    "广州": "44", "深圳": "44", "东莞": "44", "佛山": "44", "珠海": "44", "惠州": "44", "汕头": "44",
    "中山": "44", "江门": "44", "湛江": "44",
    "南宁": "45", "柳州": "45", "桂林": "45", "梧州": "45", "百色": "45",
    "海口": "46", "三亚": "46",
    "成都": "51", "绵阳": "51", "宜宾": "51",
    "贵阳": "52", "遵义": "52",
    "昆明": "53",
    "拉萨": "54", "那曲": "54",
    "西安": "61",
    "兰州": "62", "陇南": "62",
    "西宁": "63",
    "银川": "64",
    "乌鲁木齐": "65",
}  # fmt: skip

# Every province, prefecture and county-level division by its printed name (林口县, 岫岩满族自治县,
# 牡丹江市), from divisions.csv (GB/T 2260 codes; written by authoring/divisions.py). A name found in
# more than one province (朝阳区, 鼓楼区, 龙华区) is ambiguous and never resolves on its own.
# Read as package data, not a path: Scrapyd nodes load the spiders from a zipped egg.
_DIVISIONS_FILE = resources.files("crawler.parse").joinpath("divisions.csv")
# Two-character names ending in 区 or 市 are also common words (城区, 郊区, 矿区): only 县/旗 ones count.
_SHORT_NAME_ENDS = ("县", "旗")
_PLACE_ENDS = frozenset("县区市旗州盟")
_LONGEST_PLACE = 12


def _read_divisions() -> tuple[dict[str, str], frozenset[str]]:
    provinces_of: dict[str, set[str]] = {}
    for row in csv.DictReader(_DIVISIONS_FILE.read_text(encoding="utf-8").splitlines()):
        name, code = row["name"], row["code"]
        if len(name) < 2 or (len(name) == 2 and not name.endswith(_SHORT_NAME_ENDS)):
            continue
        provinces_of.setdefault(name, set()).add(_EXTRA_CODES.get(code[:2], code[:2]))
    places = {name: next(iter(codes)) for name, codes in provinces_of.items() if len(codes) == 1}
    return places, frozenset(name for name, codes in provinces_of.items() if len(codes) > 1)


_PLACES, AMBIGUOUS_PLACES = _read_divisions()
_FULL_PROVINCE_PATTERN = re.compile(
    "|".join(sorted(map(re.escape, PROVINCES.values()), key=len, reverse=True))
)
# Province and city names a name may start with, by the province code they stand for; looked up
# by the name's prefix of each length, longest first (so `内蒙古` wins over `内蒙`).
_PREFIX_CODES: dict[str, str] = {
    name: _PROVINCE_NAMES.get(name) or CITIES[name] for name in (*_PROVINCE_NAMES, *CITIES)
}
_PREFIX_LENGTHS = sorted({len(name) for name in _PREFIX_CODES}, reverse=True)


def place_codes(text: str) -> set[str]:
    """Province codes of the division names in `text` (the longest name ending at each 县/区/市/旗/州/盟)."""
    codes = set()
    for index, char in enumerate(text):
        if char not in _PLACE_ENDS:
            continue
        for length in range(min(_LONGEST_PLACE, index + 1), 1, -1):
            code = _PLACES.get(text[index + 1 - length : index + 1])
            if code:
                codes.add(code)
                break
    return codes


def region_from_code(code: str | int | None) -> str | None:
    """The province of a GB/T 2260 code: 2 digits (ccgp zoneId), 4 (city, e.g. 4403), 6 (county)."""
    if code is None:
        return None
    digits = str(code).strip()
    if not digits.isdigit() or len(digits) < 2 or int(digits) == 0:
        return None
    prefix = _EXTRA_CODES.get(digits[:2], digits[:2])
    return PROVINCES.get(prefix)


def region_from_name(text: str | None) -> str | None:
    """The province a place or organisation name belongs to, or None when it does not say.

    A full province name anywhere wins (`广西壮族自治区胸科医院`); then a province or city name at the
    start (`山东`, `济南大学`, `深圳市龙华…`); then cities/counties with their suffix anywhere
    (`国家税务总局深圳市税务局`) when they all point to one province."""
    if not text:
        return None
    name = "".join(text.split())
    if not name or name in AMBIGUOUS_PLACES:
        return None
    match = _FULL_PROVINCE_PATTERN.search(name)
    if match:
        return match.group(0)
    # A division named in full at the start beats a province name inside it (河南蒙古族自治县 is in
    # 青海, not 河南).
    for length in range(min(_LONGEST_PLACE, len(name)), 2, -1):
        code = _PLACES.get(name[:length])
        if code:
            return PROVINCES[code]
    for length in _PREFIX_LENGTHS:
        code = _PREFIX_CODES.get(name[:length])
        if code:
            return PROVINCES[code]
    codes = place_codes(name)
    if len(codes) == 1:
        return PROVINCES[codes.pop()]
    return None


def region_of(value: str | int | None) -> str | None:
    """region_from_code for digit strings, region_from_name for everything else."""
    if value is None:
        return None
    text = str(value).strip()
    return region_from_code(text) if text.isdigit() else region_from_name(text)


_CODE_PREFIX = re.compile(r"\[(\d{6})\]")


def region_from_project_code(code: str | None) -> str | None:
    """The province of a division code opening a project code (`[231025]FAGC[GK]20260002`, the
    Heilongjiang platform's form), or None."""
    match = _CODE_PREFIX.match(code or "")
    return region_from_code(match.group(1)) if match else None


def resolve_region(*candidates: str | int | None) -> str | None:
    """The first candidate (codes, 行政区域, buyer name …, strongest first) that names a province."""
    for candidate in candidates:
        region = region_of(candidate)
        if region:
            return region
    return None
