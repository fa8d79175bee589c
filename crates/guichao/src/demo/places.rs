//! Where fellows live and work: mostly 长沙, 深圳, 岳阳市区, 广州, 上海, 武汉
//! and 北京, with province, city and district that agree, and the employers
//! of the 党政军 and 文化教育艺术 categories found in each city.

/// A city fellows live in.
pub struct City {
    pub province: &'static str,
    pub city: &'static str,
    /// The short name companies registered there start with (深圳市…).
    pub company_prefix: &'static str,
    /// A made-up 4-digit code for synthetic credit codes (after the area 99).
    pub code: &'static str,
    pub districts: &'static [&'static str],
    /// Government, army and public bodies (党政军).
    pub official: &'static [&'static str],
    /// Universities, schools, media, arts bodies (文化教育艺术).
    pub cultural: &'static [&'static str],
}

/// The cities and their weights.
pub const CITIES: &[(City, u32)] = &[
    (
        City {
            province: "湖南省",
            city: "长沙市",
            company_prefix: "长沙",
            code: "0101",
            districts: &["岳麓区", "芙蓉区", "天心区", "开福区", "雨花区", "望城区"],
            official: &[
                "湖南省发展和改革委员会",
                "湖南省交通运输厅",
                "长沙市人民政府",
                "长沙市公安局",
                "湖南省军区",
                "湖南省商务厅",
            ],
            cultural: &[
                "中南大学",
                "湖南大学",
                "湖南师范大学",
                "长沙市第一中学",
                "湖南广播电视台",
                "湖南省博物馆",
                "湖南省作家协会",
            ],
        },
        24,
    ),
    (
        City {
            province: "广东省",
            city: "深圳市",
            company_prefix: "深圳市",
            code: "0201",
            districts: &["南山区", "福田区", "宝安区", "龙岗区", "龙华区", "罗湖区"],
            official: &["深圳市人民政府", "深圳市发展和改革委员会", "深圳海关", "深圳市公安局", "南山区人民政府"],
            cultural: &["深圳大学", "南方科技大学", "深圳中学", "深圳报业集团", "深圳交响乐团"],
        },
        18,
    ),
    (
        City {
            province: "湖南省",
            city: "岳阳市",
            company_prefix: "岳阳",
            code: "0102",
            districts: &["岳阳楼区", "云溪区", "君山区", "经济技术开发区"],
            official: &["岳阳市人民政府", "岳阳市发展和改革委员会", "岳阳市公安局", "岳阳军分区", "岳阳海关"],
            cultural: &["湖南理工学院", "岳阳市第一中学", "岳阳日报社", "岳阳市博物馆", "岳阳职业技术学院"],
        },
        16,
    ),
    (
        City {
            province: "广东省",
            city: "广州市",
            company_prefix: "广州",
            code: "0202",
            districts: &["天河区", "越秀区", "海珠区", "白云区", "番禺区", "黄埔区"],
            official: &["广东省人民政府", "广州市人民政府", "南部战区某部", "广州海关", "广东省商务厅"],
            cultural: &["中山大学", "华南理工大学", "广州美术学院", "南方报业传媒集团", "广东省博物馆"],
        },
        12,
    ),
    (
        City {
            province: "上海市",
            city: "上海市",
            company_prefix: "上海",
            code: "0301",
            districts: &["浦东新区", "徐汇区", "闵行区", "静安区", "长宁区", "杨浦区"],
            official: &["上海市人民政府", "上海海关", "浦东新区人民政府", "上海市商务委员会"],
            cultural: &["复旦大学", "上海交通大学", "同济大学", "上海音乐学院", "上海交响乐团", "上海博物馆"],
        },
        10,
    ),
    (
        City {
            province: "湖北省",
            city: "武汉市",
            company_prefix: "武汉",
            code: "0401",
            districts: &["武昌区", "洪山区", "江汉区", "江岸区", "汉阳区"],
            official: &["湖北省人民政府", "武汉市人民政府", "中部战区某部", "武汉海关"],
            cultural: &["武汉大学", "华中科技大学", "华中师范大学", "湖北美术学院", "长江日报社"],
        },
        8,
    ),
    (
        City {
            province: "北京市",
            city: "北京市",
            company_prefix: "北京",
            code: "0501",
            districts: &["海淀区", "朝阳区", "东城区", "西城区", "丰台区"],
            official: &["国家发展和改革委员会", "交通运输部", "中国人民解放军某部", "商务部", "国务院某部委"],
            cultural: &["北京大学", "清华大学", "北京师范大学", "中央美术学院", "中国作家协会", "中央音乐学院"],
        },
        7,
    ),
    (
        City {
            province: "浙江省",
            city: "杭州市",
            company_prefix: "杭州",
            code: "0601",
            districts: &["西湖区", "余杭区", "滨江区"],
            official: &["杭州市人民政府", "浙江省商务厅"],
            cultural: &["浙江大学", "中国美术学院", "浙江日报社"],
        },
        2,
    ),
    (
        City {
            province: "广东省",
            city: "东莞市",
            company_prefix: "东莞",
            code: "0203",
            districts: &["松山湖", "长安镇", "虎门镇"],
            official: &["东莞市人民政府"],
            cultural: &["东莞理工学院", "东莞中学"],
        },
        2,
    ),
    (
        City {
            province: "江苏省",
            city: "苏州市",
            company_prefix: "苏州",
            code: "0701",
            districts: &["工业园区", "姑苏区", "吴中区"],
            official: &["苏州市人民政府", "苏州工业园区管委会"],
            cultural: &["苏州大学", "苏州博物馆"],
        },
        1,
    ),
    (
        City {
            province: "四川省",
            city: "成都市",
            company_prefix: "成都",
            code: "0801",
            districts: &["武侯区", "锦江区", "高新区"],
            official: &["成都市人民政府", "西部战区某部"],
            cultural: &["四川大学", "电子科技大学", "成都画院"],
        },
        1,
    ),
];

/// The index of a city in [`CITIES`] by its short name (长沙, 深圳, 上海...).
pub fn city_index(short: &str) -> Option<usize> {
    CITIES.iter().position(|(c, _)| c.city.trim_end_matches('市') == short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_city_is_complete() {
        for (c, weight) in CITIES {
            assert!(*weight > 0 && !c.districts.is_empty() && !c.official.is_empty() && !c.cultural.is_empty());
            assert!(c.province.ends_with('省') || c.province == c.city, "{}", c.city);
            assert_eq!(c.code.len(), 4);
        }
        for short in ["长沙", "深圳", "上海", "广州", "武汉", "北京", "岳阳"] {
            assert!(city_index(short).is_some(), "{short}");
        }
        let main: u32 = CITIES.iter().take(7).map(|c| c.1).sum();
        let all: u32 = CITIES.iter().map(|c| c.1).sum();
        assert!(main * 100 / all >= 90, "most fellows live in the seven main cities");
    }
}
