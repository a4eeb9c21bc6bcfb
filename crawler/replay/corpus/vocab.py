"""Word lists the corpus generator draws from: places, buyers, agencies, suppliers, products.

Names follow the patterns seen on the portals (PORTALS.md §5): hospitals as 采购人, agencies as
代理机构, carriers and integrators as frequent winners. Organisation names are built from places and
generic words; the few real company names are the well-known market players SPEC §7 names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    """A province-level division as the portals code it (PORTALS.md §1.1 zoneId, §2.1 DEAL_PROVINCE)."""

    zone: str  # GB 2-digit code, ccgp zoneId
    name: str  # full name, the 行政区域 value
    short: str  # display name in ccgp search rows
    cities: tuple[str, ...]
    # Separately-listed cities (计划单列市) have their own 4-digit ccgp zone, excluded from the province's.
    listed: tuple[tuple[str, str], ...] = ()

    @property
    def ggzy(self) -> str:
        return f"{self.zone}0000"


PROVINCES: tuple[Province, ...] = (
    Province("11", "北京市", "北京", ("北京市",)),
    Province("12", "天津市", "天津", ("天津市",)),
    Province("13", "河北省", "河北", ("石家庄市", "唐山市", "保定市", "邯郸市", "沧州市")),
    Province("14", "山西省", "山西", ("太原市", "大同市", "长治市", "运城市")),
    Province("15", "内蒙古自治区", "内蒙古", ("呼和浩特市", "包头市", "鄂尔多斯市", "赤峰市")),
    Province("21", "辽宁省", "辽宁", ("沈阳市", "鞍山市", "锦州市"), (("大连市", "2102"),)),
    Province("22", "吉林省", "吉林", ("长春市", "吉林市", "延边朝鲜族自治州")),
    Province("23", "黑龙江省", "黑龙江", ("哈尔滨市", "齐齐哈尔市", "大庆市", "牡丹江市")),
    Province("31", "上海市", "上海", ("上海市",)),
    Province("32", "江苏省", "江苏", ("南京市", "苏州市", "无锡市", "常州市", "南通市", "徐州市", "扬州市")),
    Province(
        "33",
        "浙江省",
        "浙江",
        ("杭州市", "温州市", "湖州市", "嘉兴市", "绍兴市", "金华市", "台州市"),
        (("宁波市", "3302"),),
    ),
    Province("34", "安徽省", "安徽", ("合肥市", "芜湖市", "蚌埠市", "安庆市", "阜阳市")),
    Province("35", "福建省", "福建", ("福州市", "泉州市", "漳州市", "莆田市"), (("厦门市", "3502"),)),
    Province("36", "江西省", "江西", ("南昌市", "赣州市", "九江市", "上饶市")),
    Province(
        "37",
        "山东省",
        "山东",
        ("济南市", "烟台市", "潍坊市", "临沂市", "济宁市", "淄博市"),
        (("青岛市", "3702"),),
    ),
    Province("41", "河南省", "河南", ("郑州市", "洛阳市", "新乡市", "南阳市", "商丘市")),
    Province("42", "湖北省", "湖北", ("武汉市", "宜昌市", "襄阳市", "荆州市", "十堰市")),
    Province("43", "湖南省", "湖南", ("长沙市", "株洲市", "湘潭市", "衡阳市", "常德市")),
    Province(
        "44",
        "广东省",
        "广东",
        ("广州市", "佛山市", "东莞市", "珠海市", "汕头市", "惠州市"),
        (("深圳市", "4403"),),
    ),
    Province("45", "广西壮族自治区", "广西", ("南宁市", "柳州市", "桂林市", "梧州市", "百色市", "玉林市")),
    Province("46", "海南省", "海南", ("海口市", "三亚市", "儋州市")),
    Province("50", "重庆市", "重庆", ("重庆市",)),
    Province("51", "四川省", "四川", ("成都市", "绵阳市", "德阳市", "南充市", "宜宾市", "泸州市")),
    Province("52", "贵州省", "贵州", ("贵阳市", "遵义市", "六盘水市", "毕节市")),
    Province("53", "云南省", "云南", ("昆明市", "曲靖市", "大理白族自治州", "红河哈尼族彝族自治州")),
    Province("54", "西藏自治区", "西藏", ("拉萨市", "日喀则市")),
    Province("61", "陕西省", "陕西", ("西安市", "宝鸡市", "咸阳市", "延安市")),
    Province("62", "甘肃省", "甘肃", ("兰州市", "天水市", "酒泉市")),
    Province("63", "青海省", "青海", ("西宁市", "海东市")),
    Province("64", "宁夏回族自治区", "宁夏", ("银川市", "石嘴山市", "吴忠市")),
    Province("65", "新疆维吾尔自治区", "新疆", ("乌鲁木齐市", "克拉玛依市", "喀什地区", "伊犁哈萨克自治州")),
)

PROVINCE_BY_ZONE = {p.zone: p for p in PROVINCES}
PROVINCE_BY_NAME = {p.name: p for p in PROVINCES}

# Relative weight of each province in the market (more notices from the big coastal provinces).
PROVINCE_WEIGHTS = {
    "11": 6,
    "12": 2,
    "13": 3,
    "14": 2,
    "15": 2,
    "21": 3,
    "22": 2,
    "23": 2,
    "31": 5,
    "32": 7,
    "33": 7,
    "34": 4,
    "35": 4,
    "36": 3,
    "37": 7,
    "41": 5,
    "42": 5,
    "43": 4,
    "44": 9,
    "45": 4,
    "46": 1,
    "50": 3,
    "51": 6,
    "52": 3,
    "53": 3,
    "54": 1,
    "61": 3,
    "62": 2,
    "63": 1,
    "64": 1,
    "65": 2,
}

DISTRICTS = (
    "城关区",
    "高新区",
    "经开区",
    "新城区",
    "开发区",
    "滨江区",
    "东城区",
    "西城区",
    "南湖区",
    "北塘区",
)
COUNTIES = (
    "东阳县",
    "平安县",
    "长乐县",
    "永宁县",
    "青山县",
    "兴隆县",
    "清河县",
    "临江县",
    "安吉县",
    "丰乐县",
)
TOWNS = ("城关镇", "新集镇", "石桥镇", "白沙镇", "龙泉镇", "双河镇", "太平镇", "马坊镇")

# Buyer name patterns by industry; {p} province short, {pf} province full, {c} city, {d} district, {t} town.
MEDICAL_BUYERS = (
    ("{c}第一人民医院", "hospital"),
    ("{c}人民医院", "hospital"),
    ("{c}中心医院", "hospital"),
    ("{c}第二人民医院", "hospital"),
    ("{c}中医院", "hospital"),
    ("{c}中西医结合医院", "hospital"),
    ("{c}妇幼保健院", "hospital"),
    ("{c}儿童医院", "hospital"),
    ("{c}肿瘤医院", "hospital"),
    ("{c}精神卫生中心", "hospital"),
    ("{pf}人民医院", "hospital"),
    ("{p}省中医院", "hospital"),
    ("{p}医科大学附属第一医院", "hospital"),
    ("{p}医科大学第二附属医院", "hospital"),
    ("{c}{d}人民医院", "hospital"),
    ("{c}{d}社区卫生服务中心", "primary"),
    ("{c}{t}卫生院", "primary"),
    ("{c}疾病预防控制中心", "cdc"),
    ("{pf}疾病预防控制中心", "cdc"),
    ("{c}卫生健康委员会", "health_admin"),
    ("{c}{d}卫生健康局", "health_admin"),
    ("{c}医疗保障局", "insurance"),
    ("{c}急救中心", "emergency"),
    ("{c}中心血站", "blood"),
    ("{p}医科大学", "med_university"),
    ("{c}医疗集团", "hospital"),
)

OTHER_BUYERS: dict[str, tuple[str, ...]] = {
    "government": (
        "{c}政务服务和数据管理局",
        "{c}人民政府办公室",
        "{c}大数据发展管理局",
        "{c}{d}人民政府",
        "{c}市场监督管理局",
        "{c}人力资源和社会保障局",
        "{c}中级人民法院",
        "{c}人民检察院",
        "{c}税务局",
        "{c}公安局",
        "{c}自然资源和规划局",
        "{c}12345政务服务便民热线管理中心",
        "{pf}档案馆",
    ),
    "education": (
        "{p}大学",
        "{p}师范大学",
        "{c}职业技术学院",
        "{c}第一中学",
        "{c}教育局",
        "{p}理工大学",
        "{c}实验学校",
        "{p}工业职业技术学院",
    ),
    "finance": (
        "{c}农村商业银行股份有限公司",
        "{p}省农村信用社联合社",
        "中国人民银行{c}分行",
        "{c}金融工作局",
        "{c}住房公积金管理中心",
    ),
    "energy": (
        "{c}供电公司",
        "{p}能源集团有限公司",
        "{c}燃气集团有限公司",
        "{c}水务集团有限公司",
        "{p}电力交易中心有限公司",
    ),
    "telecom": (
        "{p}省通信管理局",
        "{c}广播电视台",
        "{p}广播电视网络集团有限公司",
        "{c}融媒体中心",
    ),
    "transport": (
        "{c}交通运输局",
        "{c}地铁集团有限公司",
        "{c}港口集团有限公司",
        "{c}公路事业发展中心",
        "{c}机场集团有限公司",
        "{c}公共交通集团有限公司",
    ),
    "manufacturing": (
        "{p}重工集团有限公司",
        "{c}机床集团有限公司",
        "{c}汽车制造有限公司",
        "{p}钢铁集团有限公司",
        "{c}纺织集团有限公司",
    ),
    "other": (
        "{c}博物馆",
        "{c}图书馆",
        "{c}气象局",
        "{c}文化广电和旅游局",
        "{c}规划展览馆",
        "{c}科技馆",
    ),
}

AGENCY_WORDS = (
    "华信",
    "中诚",
    "正信",
    "恒远",
    "建科",
    "国咨",
    "明达",
    "诚信",
    "中正",
    "金诚",
    "鼎信",
    "众成",
    "海信",
    "联合",
)
AGENCY_FORMS = (
    "{c}{w}项目管理有限公司",
    "{p}{w}招标代理有限公司",
    "{p}{w}工程咨询有限公司",
    "{c}{w}招标有限公司",
    "{p}省政府采购中心",
    "{c}公共资源交易中心",
)

INTEGRATOR_WORDS = (
    "智联",
    "数云",
    "天合",
    "博远",
    "汇通",
    "鸿图",
    "信达",
    "华智",
    "云创",
    "锐捷",
    "中科",
    "德信",
    "卓越",
    "安恒",
    "迅捷",
    "精诚",
)
INTEGRATOR_FORMS = (
    "{c}{w}信息技术有限公司",
    "{p}{w}科技有限公司",
    "{c}{w}网络科技有限公司",
    "{p}{w}数字科技股份有限公司",
    "{c}{w}智能科技有限公司",
)

CARRIERS = (
    "中国电信股份有限公司{c}分公司",
    "中国移动通信集团{p}有限公司{c}分公司",
    "中国联合网络通信有限公司{c}分公司",
)

# Suppliers the market reports name (SPEC §7), written the way award notices print them,
# with bracket variants that supplier normalisation must fold.
BRAND_SUPPLIERS: dict[str, tuple[str, ...]] = {
    "compute": (
        "华为技术有限公司",
        "浪潮电子信息产业股份有限公司",
        "新华三技术有限公司",
        "超聚变数字技术有限公司",
        "中科曙光信息产业股份有限公司",
        "联想（北京）有限公司",
    ),
    "model": (
        "北京百度网讯科技有限公司",
        "医渡云（北京）技术有限公司",
        "讯飞医疗科技股份有限公司",
        "科大讯飞股份有限公司",
        "阿里云计算有限公司",
        "腾讯云计算(北京)有限责任公司",
        "东软集团股份有限公司",
        "北京智谱华章科技有限公司",
    ),
    "integrated": (
        "科大讯飞股份有限公司",
        "东软集团股份有限公司",
        "上海联影智能医疗科技有限公司",
        "数坤（北京）网络科技股份有限公司",
        "阿里健康科技（中国）有限公司",
        "医渡云（北京）技术有限公司",
        "北京百度网讯科技有限公司",
        "卫宁健康科技集团股份有限公司",
        "创业慧康科技股份有限公司",
    ),
}

# Vendors branded and sold as medical: a non-medical buyer does not buy large-model services from them.
MEDICAL_VENDORS = frozenset(
    {
        "医渡云（北京）技术有限公司",
        "讯飞医疗科技股份有限公司",
        "上海联影智能医疗科技有限公司",
        "数坤（北京）网络科技股份有限公司",
        "阿里健康科技（中国）有限公司",
        "卫宁健康科技集团股份有限公司",
        "创业慧康科技股份有限公司",
    }
)


def brand_suppliers(type_: str, medical: bool) -> tuple[str, ...]:
    """The market players (SPEC §7) that win a project of this type; medical vendors only for medical projects."""
    names = BRAND_SUPPLIERS[type_]
    return names if medical else tuple(n for n in names if n not in MEDICAL_VENDORS)


GPU_SERVERS = (
    ("华为", "Atlas 800I A2 推理服务器（昇腾910B×8）"),
    ("华为", "Atlas 800T A2 训练服务器"),
    ("浪潮", "NF5688M7 GPU服务器"),
    ("浪潮", "NF5468M7 推理服务器"),
    ("新华三", "UniServer R5500 G6"),
    ("超聚变", "FusionServer G5500 V7"),
    ("中科曙光", "X785-G30 海光DCU服务器"),
    ("联想", "ThinkSystem SR675 V3"),
    ("宝德", "PR4908W AI服务器"),
)
AIO_MACHINES = (
    ("华为", "FusionCube A3000 训推一体机"),
    ("联想", "问天 WA7785a 大模型一体机"),
    ("浪潮", "元脑 R1 推理一体机"),
    ("新华三", "LinSeer Cube 大模型一体机"),
    ("中科曙光", "DeepSeek 大模型一体机"),
    ("宝德", "DeepSeek 推理一体机"),
    ("讯飞", "星火大模型一体机"),
)
# Appliances sold as medical products: only health buyers (or a medical purpose) buy them.
AIO_MACHINES_MEDICAL = (("讯飞", "星火医疗大模型一体机"),)


def appliances(medical: bool) -> tuple[tuple[str, str], ...]:
    """The 一体机 a buyer can draw: medical-branded ones only for medical projects."""
    return AIO_MACHINES + AIO_MACHINES_MEDICAL if medical else AIO_MACHINES


MODELS_GENERAL = (
    "DeepSeek-R1",
    "DeepSeek-V3",
    "DeepSeek-R1-671B 满血版",
    "Qwen2.5-72B（通义千问）",
    "通义千问 Qwen3",
    "文心一言 ERNIE 4.0",
    "GLM-4（智谱）",
    "讯飞星火",
    "腾讯混元",
    "豆包大模型",
    "Kimi",
    "百川大模型",
    "盘古大模型",
)
MODELS_MEDICAL = (
    "WiNGPT 医疗大模型",
    "MedGPT",
    "灵医大模型",
    "京医千询",
    "讯飞星火医疗大模型",
    "医渡云 医疗大模型",
    "DeepSeek-R1 医疗版",
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文红玉兰志晨宇浩然欣怡嘉"

# Centrally-administered buyers publish under ccgp 中央公告 (zygg); all sit in Beijing here.
CENTRAL_BUYERS: dict[str, tuple[str, ...]] = {
    "medical": (
        "中国医学科学院北京协和医院",
        "中国疾病预防控制中心",
        "国家卫生健康委统计信息中心",
        "北京大学第一医院",
        "中国医学科学院肿瘤医院",
    ),
    "government": ("国家信息中心", "海关总署信息中心", "国家税务总局信息中心", "应急管理部信息研究院"),
    "education": ("北京航空航天大学", "中国人民大学", "北京师范大学"),
    "other": ("国家图书馆", "中国气象局公共气象服务中心"),
}

# Two-letter prefixes agencies put in project codes (拼音 initials of the province).
CODE_PREFIX = {
    "11": "BJ",
    "12": "TJ",
    "13": "HB",
    "14": "SX",
    "15": "NM",
    "21": "LN",
    "22": "JL",
    "23": "HL",
    "31": "SH",
    "32": "JS",
    "33": "ZJ",
    "34": "AH",
    "35": "FJ",
    "36": "JX",
    "37": "SD",
    "41": "HN",
    "42": "HB",
    "43": "HN",
    "44": "GD",
    "45": "GX",
    "46": "HI",
    "50": "CQ",
    "51": "SC",
    "52": "GZ",
    "53": "YN",
    "54": "XZ",
    "61": "SN",
    "62": "GS",
    "63": "QH",
    "64": "NX",
    "65": "XJ",
}

ROADS = ("人民路", "解放路", "中山路", "建设路", "文化路", "健康路", "滨河路", "新华路", "长江路", "科技路")
