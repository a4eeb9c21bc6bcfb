"""Held-out vocabulary: a second phrase set, written separately from `train_vocab.py`.

Nothing here is imported from or sampled out of the training vocabulary. Places are other provinces
(cities written without 市, so buyer names come out differently), buyers, agencies, suppliers, title
forms, project nouns, body sentences, boilerplate and noise were all retyped with other wording. Only
the domain's own cue words (大模型, 医院, 卫健委, the public names of models) necessarily recur,
because they are what SPEC §4 defines the labels by. Some model names and uses here never occur in
training at all (MiniMax, 书生, 紫东太初, 岐黄问道 …), to see whether the models generalise.
"""

from __future__ import annotations

from classifier.corpus.vocabulary import Vocabulary

PLACES = (
    ("贵州省", ("贵阳", "遵义", "六盘水", "安顺", "毕节", "铜仁")),
    ("甘肃省", ("兰州", "天水", "白银", "酒泉", "张掖", "庆阳")),
    ("吉林省", ("长春", "吉林", "四平", "通化", "白山", "延边")),
    ("山西省", ("太原", "大同", "长治", "晋中", "运城", "临汾")),
    ("海南省", ("海口", "三亚", "儋州", "琼海")),
    ("宁夏回族自治区", ("银川", "石嘴山", "吴忠", "固原")),
    ("青海省", ("西宁", "海东", "格尔木")),
    ("天津市", ("滨海新区", "和平区", "南开区", "河西区")),
    ("北京市", ("海淀区", "朝阳区", "丰台区", "通州区")),
    ("上海市", ("浦东新区", "徐汇区", "闵行区", "嘉定区")),
    ("西藏自治区", ("拉萨", "日喀则", "林芝")),
)

COUNTIES = (
    "花溪",
    "红花岗",
    "城关",
    "安宁",
    "宽城",
    "朝阳",
    "小店",
    "迎泽",
    "龙华",
    "秀英",
    "兴庆",
    "城东",
    "堆龙德庆",
    "仁怀",
    "敦煌",
    "梅河口",
    "介休",
    "文昌",
)

NAMES = (
    "安康",
    "益民",
    "春晖",
    "济世",
    "瑞康",
    "华夏",
    "光明",
    "新元",
    "远航",
    "鼎泰",
    "云帆",
    "锦程",
    "智远",
    "恒信",
)

HEALTH_BUYERS = (
    "{city}市中心医院",
    "{city}市{n}医院",
    "{city}市中医药医院",
    "{prov}直属机关医院",
    "{county}县人民医院",
    "{city}市{county}区中心卫生院",
    "{county}县妇幼保健院",
    "{city}市卫生健康局",
    "{county}区卫生健康局",
    "{city}市疾病预防控制中心（{city}市卫生监督所）",
    "{city}市紧急医疗救援中心",
    "{city}市血液中心",
    "{prov}卫生健康委",
    "{city}市医疗保障局",
    "{county}县医疗保障局",
    "{prov}{name}肿瘤医院",
    "{city}医学院第二附属医院",
    "{prov}儿童医学中心",
    "{city}市精神病医院",
    "{city}市结核病防治所",
    "{county}县{name}乡卫生院",
    "{city}市{county}社区卫生服务站",
    "{city}{name}中医医院有限公司",
    "{city}市妇产医院",
    "{prov}骨科医院",
    "{city}市中心医院医疗集团",
    "{county}县县域医共体",
    "{prov}中医院",
    "{city}市人民医院（{city}医学院附属医院）",
    "{city}市公共卫生医疗中心",
    "{prov}健康管理中心",
    "{city}市卫生健康信息中心",
    "{prov}医科大学第一临床医学院",
    "{city}市口腔病防治院",
)

MEDICAL_USE_BUYERS = (
    "{city}市数据局",
    "{prov}{name}科技大学",
    "{county}县人民政府办公室",
    "{prov}工业和信息化厅",
    "{city}市残疾人联合会",
    "{prov}社会科学院",
    "{city}市退役军人事务局",
)

BUYERS = {
    "government": (
        "{city}市人民政府",
        "{county}县政务服务管理局",
        "{city}市公安局交通警察支队",
        "{city}市中级法院",
        "{county}县人民检察院",
        "{city}市审计局",
        "{prov}司法厅",
        "{city}市水利局",
        "{county}县农业农村局",
        "{city}市文化广电和旅游局",
        "{city}市退役军人事务局",
        "{prov}人民政府办公厅",
        "{city}市行政审批局",
        "{county}区综合行政执法局",
        "{prov}政务大数据中心",
        "{city}市纪委监委",
    ),
    "education": (
        "{prov}{name}职业学院",
        "{city}学院",
        "{city}市{n}高级中学",
        "{county}县教育和科技局",
        "{prov}{name}理工学院",
        "{city}市{name}幼儿园",
        "{prov}广播电视大学",
        "{city}市特殊教育学校",
        "{prov}财经大学",
        "{city}市中等职业学校",
        "{prov}{name}科技大学",
    ),
    "finance": (
        "{city}银行股份有限公司",
        "中国建设银行{city}市分行",
        "{prov}{name}农商银行",
        "交通银行{prov}分行",
        "{city}市金融服务中心",
        "中国人民财产保险{city}市分公司",
        "{prov}{name}证券股份有限公司",
        "{city}市融资担保有限公司",
    ),
    "energy": (
        "国网{prov}电力公司{city}供电分公司",
        "{city}供电局有限公司",
        "中国石油{city}销售分公司",
        "{prov}{name}电力集团",
        "{city}市天然气有限公司",
        "{prov}{name}风电有限公司",
        "{prov}{name}矿业集团",
        "{city}市集中供热公司",
    ),
    "telecom": (
        "中国移动通信集团{prov}有限公司{city}分公司",
        "中国电信{city}分公司",
        "联通{prov}省分公司",
        "中国广电{prov}网络有限公司",
        "{prov}通信管理局",
    ),
    "transport": (
        "{city}市城市轨道交通集团",
        "{city}机场集团",
        "{prov}铁路投资集团",
        "{city}市公共交通有限公司",
        "{prov}交通投资集团",
        "{city}市道路运输管理处",
        "{prov}{name}航运有限公司",
    ),
    "manufacturing": (
        "{prov}{name}装备制造有限公司",
        "{city}市{name}新材料有限公司",
        "{prov}{name}汽车零部件有限公司",
        "{city}{name}半导体有限公司",
        "{prov}{name}钢铁有限公司",
        "{city}市{name}食品有限公司",
    ),
    "other": (
        "{prov}美术馆",
        "{city}市融媒体中心",
        "{city}市少年宫",
        "{prov}地质调查院",
        "{city}市档案局",
        "{prov}{name}文化传媒集团",
        "{city}市园林绿化中心",
        "{prov}红十字会",
    ),
}

AGENCIES = (
    "{prov}{name}招标有限公司",
    "{city}市政府采购服务中心",
    "{city}市公共资源交易服务中心",
    "{name}工程项目管理有限公司",
    "{prov}{name}造价咨询有限公司",
    "{name}咨询集团有限公司",
)

SUPPLIERS = (
    "{prov}{name}网络科技有限公司",
    "{name}数据技术有限公司",
    "中国电信股份有限公司{prov}分公司",
    "{city}{name}电子工程有限公司",
    "{name}人工智能研究院有限公司",
    "{name}健康科技有限公司",
)

TITLES = {
    "award": (
        "【{method}】{buyer}{project}结果公告",
        "{buyer}-{project}-中标结果",
        "{project}项目{method}成交公示",
        "{buyer}：{project}中标公示",
        "关于{project}采购项目的结果公示",
        "{agency}：{project}（{code}）中标（成交）公告",
        "{project}中选结果公告",
    ),
    "tender": (
        "{project}招标公告（第二次）",
        "【{method}】{project}",
        "{buyer}：{project}{method}公告",
        "{project}-{method}",
        "{agency}受{buyer}委托{project}{method}公告",
    ),
    "intention": (
        "{buyer}（{year}年第{month}批）采购意向公示",
        "采购意向：{project}",
        "{buyer}{project}意向公开",
    ),
    "correction": (
        "{project}（{code}）更正事项",
        "{buyer}：{project}补充公告",
        "关于{project}延期开标的公告",
    ),
    "cancellation": ("{project}（{code}）废标（终止）公告", "关于{project}项目终止采购的公告"),
    "contract": ("{project}合同信息公开", "{buyer}：{project}合同备案"),
}

METHODS = {
    "award": ("公开招标", "竞争性磋商", "单一来源", "询价采购", "电子卖场竞价"),
    "tender": ("公开招标", "竞争性磋商", "谈判采购", "询价采购", "单一来源公示", "电子卖场竞价"),
    "intention": ("意向",),
    "correction": ("招标",),
    "cancellation": ("招标",),
    "contract": ("采购",),
}

MODELS = (
    "DeepSeek-R1-671B满血版",
    "deepseek",
    "DeepSeek-R1蒸馏版",
    "Qwen3",
    "千问",
    "文心4.5",
    "ERNIE Bot",
    "Hunyuan",
    "星火X1",
    "Pangu",
    "GLM4",
    "智谱清言",
    "Kimi k1.5",
    "Doubao",
    "Baichuan-M1",
    "MiniMax",
    "书生浦语",
    "紫东太初",
    "九天大模型",
    "通义大模型",
)

MEDICAL_MODELS = (
    "WiNGPT2",
    "MedGPT",
    "灵医Bot",
    "京医千询",
    "讯飞晓医",
    "医渡云大模型",
    "岐黄问道",
    "百川-M1医疗",
)

HARDWARE = (
    "Atlas 800T A2",
    "昇腾训练卡",
    "鲲鹏服务器",
    "海光K100",
    "H100",
    "L20",
    "RTX 4090",
    "国产智算节点",
    "AI加速卡",
    "算力一体柜",
    "推理卡",
)

DOMAINS = {
    "medical": ("医院", "临床", "健康", "医药卫生", "中医药"),
    "government": ("数字政府", "政法", "社会治理"),
    "education": ("智慧教育", "职业教育"),
    "finance": ("普惠金融", "保险"),
    "energy": ("新能源", "油气"),
    "telecom": ("数智网络",),
    "transport": ("智慧交通", "民航"),
    "manufacturing": ("智能制造", "产线"),
    "other": ("融媒体", "文博"),
}

COMPUTE_PROJECTS = (
    "{domain}智能算力集群采购",
    "{hw}计算节点采购",
    "AI训练推理卡及服务器购置",
    "智算资源池（一期）硬件",
    "大模型GPU集群租用",
    "{hw}推理节点扩容",
    "{model}运行所需算力设备购置",
    "人工智能算力底座建设（硬件部分）",
    "智算一体柜采购",
    "异构算力服务租赁",
)

COMPUTE_BODIES = (
    "采购{hw}若干台，为{model}推理提供算力支撑",
    "租用GPU集群一年，用于{domain}大模型训练",
    "硬件采购项目，不含任何模型与应用软件，后续部署大语言模型",
    "算力节点需支持千亿级参数大模型并发推理",
)

MODEL_PROJECTS = (
    "{model}私有化部署项目",
    "{domain}大模型精调及知识注入服务",
    "大模型知识问答库建设（RAG）",
    "{model}使用许可",
    "大模型token资源包采购",
    "{domain}大模型训练数据集加工",
    "大模型开发平台（MaaS）软件",
    "{model}院内部署与调优",
    "大语言模型推理服务订阅",
    "{domain}垂直大模型研发服务",
)

MODEL_BODIES = (
    "利用采购人既有算力完成{model}部署，不另购硬件",
    "对{domain}大模型开展指令微调和效果评测",
    "按调用量购买大模型推理服务，含tokens额度",
    "整理标注训练语料并形成大模型训练数据集",
)

BUNDLE_PROJECTS = (
    "{model}训练推理一体化设备",
    "{domain}大模型软硬一体机",
    "{hw}与{model}整体部署项目",
    "国产化大模型一体机购置",
    "{model}一体化机柜采购",
    "AI大模型算力+平台+应用整体建设",
)

BUNDLE_BODIES = (
    "交付内容含{hw}、{model}及配套应用，整机交付",
    "设备内置{model}模型，含三年维保",
    "项目打包采购算力硬件与大模型平台软件",
)

APP_PROJECTS = (
    "{app}大模型应用",
    "{model}+{app}",
    "{domain}AI大模型{app}场景建设",
    "{app}智能体（Agent）",
    "大模型驱动的{app}系统",
    "{app}生成式AI应用开发",
    "{app}LLM应用",
)

APP_BODIES = (
    "以{model}为底座开发{app}应用",
    "运用大语言模型能力实现{app}",
    "建设基于大模型的{app}智能体，与现有业务系统集成",
)

USE_PHRASES = ("用于{apps}", "服务于{apps}等业务", "支撑{apps}场景落地")

SCENARIO_APPS = {
    "clinical": (
        "门急诊病历智能撰写",
        "临床诊疗辅助",
        "放射科报告智能生成",
        "药学服务智能审方",
        "护理文书自动生成",
        "专病诊疗智能体",
        "病理辅助诊断",
        "心电报告解读",
        "重症监护辅助决策",
        "中医处方辅助",
    ),
    "management": (
        "运营管理决策",
        "病案质控",
        "医保结算审核",
        "绩效考核分析",
        "院务办公助手",
        "感控管理",
        "设备物资管理",
        "规章制度问答",
    ),
    "patient": (
        "在线问诊导航",
        "诊前预问诊",
        "出院随访",
        "健康宣教",
        "患者服务数字人",
        "智能客服热线",
        "检查报告患者解读",
    ),
    "research": (
        "临床科研分析",
        "医学论文写作辅助",
        "规培考核",
        "药物临床试验",
        "医学知识图谱科研",
        "医学生实训",
    ),
    "public_health": (
        "区域全民健康信息平台",
        "乡村医生辅助",
        "传染病监测预警",
        "公共卫生应急",
        "老年人健康管理",
        "医保基金智能监管",
        "妇幼健康管理",
    ),
}

INDUSTRY_APPS = {
    "government": ("政务热线工单分拨", "行政复议文书辅助", "基层治理问答", "政策兑现助手"),
    "education": ("课程思政备课", "学业辅导", "高校科研辅助", "就业指导问答"),
    "finance": ("理赔审核", "网点数字员工", "信贷报告撰写", "投诉处理"),
    "energy": ("检修工单辅助", "调控规程问答", "油气勘探资料分析"),
    "telecom": ("故障工单处理", "营业厅数字员工"),
    "transport": ("航班保障调度", "路网运行研判", "旅客服务问答"),
    "manufacturing": ("产线故障问答", "供应链分析", "设备运维知识问答"),
    "other": ("新闻稿件写作", "展品讲解", "公文档案问答"),
}

NEGATIVES = {
    "medical": (
        ("医院信息平台互联互通测评改造", "完成互联互通标准化成熟度测评整改"),
        ("LIS检验信息系统更新", "更新检验科信息系统"),
        ("冠脉CTA智能后处理软件", "采用传统图像算法自动完成血管分割"),
        ("糖尿病视网膜病变AI筛查软件", "基于图像识别的眼底筛查"),
        ("合理用药监测系统（规则版）", "基于药品说明书规则进行处方点评"),
        ("服务器及虚拟化软件采购", "承载HIS、EMR等核心业务"),
        ("医学影像GPU工作站", "用于三维重建及手术规划"),
        ("自助挂号缴费机", "门诊大厅自助设备"),
        ("信息发布查询一体机", "医院大厅信息查询"),
        ("心肺复苏训练模型采购", "用于急救技能培训"),
        ("解剖3D打印模型", "用于术前规划"),
        ("病案数据模型梳理服务", "建立病案数据标准和数据模型"),
        ("卫生健康大数据中心建设", "建设数据采集与治理平台"),
        ("智能化病房呼叫系统", "病房呼叫对讲"),
        ("导医机器人租赁", "提供语音导航及迎宾服务"),
        ("数字化手术室建设", "手术示教及转播系统"),
        ("DR数字化X射线摄影系统", "用于放射科"),
        ("全自动血细胞分析仪", "用于检验科血常规检测"),
        ("麻醉工作站采购", "用于手术麻醉"),
        ("输液泵及注射泵采购", "临床科室通用设备"),
        ("肝功能（GPT、GOT）检测试剂", "检验试剂年度采购"),
        ("医院保安服务", "安保人员驻场"),
        ("中药饮片采购", "中药房年度饮片"),
        ("卫生院污水处理设施改造", "污水处理站提标"),
        ("120急救车载监护系统", "车载心电监护"),
        ("DIP病种分值付费监管系统", "实现病种分值测算"),
        ("医疗质量控制平台（指标版）", "采集医疗质量指标"),
        ("慢病管理随访系统", "高血压糖尿病随访管理"),
        ("基层医疗机构信息系统", "乡镇卫生院HIS部署"),
        ("核医学PET-CT采购", "用于肿瘤诊断"),
        ("医院网络设备更新", "核心交换机及防火墙"),
        ("智慧后勤管理平台", "能耗监测与工单管理"),
        ("语音识别录入系统", "将口述转写为病历文字"),
        ("AI辅助诊断系统（影像识别）", "基于深度学习的骨折识别"),
    ),
    "government": (
        ("公共数据开放平台", "建设数据开放门户"),
        ("便民服务查询一体机", "社区服务中心放置"),
        ("视频会议系统升级", "会议终端及MCU"),
        ("智慧社区平台建设", "门禁及人脸识别"),
        ("公务车辆维修服务", "定点维修"),
        ("地下管网数据模型建设", "建立三维管网数据模型"),
        ("政务服务中心装修", "大厅窗口改造"),
        ("城市数字孪生底座", "三维实景建模"),
    ),
    "education": (
        ("化学实验室设备", "通风橱及实验台"),
        ("机械原理教学模型", "用于机械类课程"),
        ("3D打印创客空间", "配置3D打印机"),
        ("高校一站式服务大厅", "自助打印一体机"),
        ("教学数据模型分析服务", "学情数据建模"),
        ("体育器材采购", "田径训练器材"),
    ),
    "finance": (
        ("网点智能叫号机", "排队叫号设备"),
        ("征信数据模型优化", "评分模型迭代"),
        ("金库安防改造", "门禁及报警系统"),
        ("柜面终端采购", "柜员PC及外设"),
        ("大数据风控平台", "建设风控数据平台"),
    ),
    "energy": (
        ("电缆隧道监控系统", "温度及气体监测"),
        ("风机叶片检测服务", "无人机检测"),
        ("配网数据模型治理", "电网资源数据建模"),
        ("充电桩建设工程", "新建直流快充桩"),
        ("智能巡检系统", "基于图像识别的表计读数"),
    ),
    "telecom": (
        ("通信机房UPS采购", "不间断电源更换"),
        ("光交箱改造工程", "老旧光交更新"),
        ("话务平台扩容", "呼叫中心坐席扩容"),
    ),
    "transport": (
        ("站台门系统维护", "地铁站台门维保"),
        ("ETC收费车道改造", "收费站车道设备"),
        ("客运站安检设备", "X光安检机"),
        ("船舶模型试验服务", "船模水池试验"),
    ),
    "manufacturing": (
        ("激光切割机采购", "钣金下料"),
        ("冲压模具开发", "汽车覆盖件模具"),
        ("产线数字孪生建模", "产线三维数据模型"),
        ("AGV小车采购", "车间物流"),
    ),
    "other": (
        ("古建筑缩比模型制作", "展陈用模型"),
        ("融媒体演播系统", "虚拟演播室"),
        ("红十字应急物资采购", "救灾帐篷及被褥"),
        ("园林绿化养护服务", "公园绿地养护"),
    ),
}

PROJECT_LINES = ("采购标的：{project}", "本次意向公开项目为{project}", "标的名称：{project}")

BOILERPLATE = {
    "award": (
        "成交供应商名称：{supplier}；成交价：{amount}",
        "中选单位：{supplier}",
        "评审日期：{date}",
        "中标（成交）金额（元）：{amount}",
        "对本结果有异议的，可在公示期内提出质疑",
    ),
    "tender": (
        "采购预算：{amount}",
        "开标地点：线上开标",
        "递交响应文件截止：{date}",
        "本项目专门面向中小企业采购",
        "报价超过预算的作无效响应处理",
    ),
    "intention": ("预计{date}前后实施采购，预算约{amount}", "此意向仅供供应商了解，不作为采购依据"),
    "correction": ("响应文件递交时间顺延至{date}", "原采购文件中的技术参数作如下修改"),
    "cancellation": ("因财政预算调整，项目取消", "截止时间后参加磋商的供应商不足三家，采购终止"),
    "contract": ("合同总价：{amount}", "合同签署时间：{date}", "乙方：{supplier}"),
}

ENGLISH = (("算力", "computing power"), ("智能体", "AI Agent"), ("服务", "service"), ("应用", "application"))

TYPOS = (("供应商", "供应啇"), ("预算", "预筭"), ("日期", "曰期"), ("采购", "釆购"), ("公示", "公式"))

HELDOUT = Vocabulary(
    name="heldout",
    places=PLACES,
    counties=COUNTIES,
    names=NAMES,
    health_buyers=HEALTH_BUYERS,
    medical_use_buyers=MEDICAL_USE_BUYERS,
    buyers=BUYERS,
    agencies=AGENCIES,
    suppliers=SUPPLIERS,
    titles=TITLES,
    methods=METHODS,
    models=MODELS,
    medical_models=MEDICAL_MODELS,
    hardware=HARDWARE,
    domains=DOMAINS,
    compute_projects=COMPUTE_PROJECTS,
    model_projects=MODEL_PROJECTS,
    bundle_projects=BUNDLE_PROJECTS,
    app_projects=APP_PROJECTS,
    compute_bodies=COMPUTE_BODIES,
    model_bodies=MODEL_BODIES,
    bundle_bodies=BUNDLE_BODIES,
    app_bodies=APP_BODIES,
    use_phrases=USE_PHRASES,
    scenario_apps=SCENARIO_APPS,
    industry_apps=INDUSTRY_APPS,
    negatives=NEGATIVES,
    project_lines=PROJECT_LINES,
    boilerplate=BOILERPLATE,
    english=ENGLISH,
    typos=TYPOS,
)
