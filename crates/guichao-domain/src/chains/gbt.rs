//! GB/T 4754-2017 《国民经济行业分类》: its 20 doors (门类, A-T) and 97
//! major classes (大类, 01-97) with the standard's names. A chain node names
//! the major classes it covers; a code is checked against this table and
//! written in one form (`C39`: the door letter, then the two digits).

/// A door (门类): its letter and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Door {
    pub letter: char,
    pub name: &'static str,
}

/// A major class (大类): its two digits, its door and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Major {
    pub code: &'static str,
    pub door: char,
    pub name: &'static str,
}

impl Major {
    /// The code as chain nodes store and show it: `C39`.
    pub fn full_code(&self) -> String {
        format!("{}{}", self.door, self.code)
    }
}

pub const DOORS: [Door; 20] = [
    Door { letter: 'A', name: "农、林、牧、渔业" },
    Door { letter: 'B', name: "采矿业" },
    Door { letter: 'C', name: "制造业" },
    Door { letter: 'D', name: "电力、热力、燃气及水生产和供应业" },
    Door { letter: 'E', name: "建筑业" },
    Door { letter: 'F', name: "批发和零售业" },
    Door { letter: 'G', name: "交通运输、仓储和邮政业" },
    Door { letter: 'H', name: "住宿和餐饮业" },
    Door { letter: 'I', name: "信息传输、软件和信息技术服务业" },
    Door { letter: 'J', name: "金融业" },
    Door { letter: 'K', name: "房地产业" },
    Door { letter: 'L', name: "租赁和商务服务业" },
    Door { letter: 'M', name: "科学研究和技术服务业" },
    Door { letter: 'N', name: "水利、环境和公共设施管理业" },
    Door { letter: 'O', name: "居民服务、修理和其他服务业" },
    Door { letter: 'P', name: "教育" },
    Door { letter: 'Q', name: "卫生和社会工作" },
    Door { letter: 'R', name: "文化、体育和娱乐业" },
    Door { letter: 'S', name: "公共管理、社会保障和社会组织" },
    Door { letter: 'T', name: "国际组织" },
];

macro_rules! majors {
    ($($code:literal $door:literal $name:literal,)+) => {
        pub const MAJORS: [Major; [$($code),+].len()] = [$(Major { code: $code, door: $door, name: $name }),+];
    };
}

majors! {
    "01" 'A' "农业", "02" 'A' "林业", "03" 'A' "畜牧业", "04" 'A' "渔业",
    "05" 'A' "农、林、牧、渔专业及辅助性活动",
    "06" 'B' "煤炭开采和洗选业", "07" 'B' "石油和天然气开采业", "08" 'B' "黑色金属矿采选业",
    "09" 'B' "有色金属矿采选业", "10" 'B' "非金属矿采选业", "11" 'B' "开采专业及辅助性活动",
    "12" 'B' "其他采矿业",
    "13" 'C' "农副食品加工业", "14" 'C' "食品制造业", "15" 'C' "酒、饮料和精制茶制造业",
    "16" 'C' "烟草制品业", "17" 'C' "纺织业", "18" 'C' "纺织服装、服饰业",
    "19" 'C' "皮革、毛皮、羽毛及其制品和制鞋业", "20" 'C' "木材加工和木、竹、藤、棕、草制品业",
    "21" 'C' "家具制造业", "22" 'C' "造纸和纸制品业", "23" 'C' "印刷和记录媒介复制业",
    "24" 'C' "文教、工美、体育和娱乐用品制造业", "25" 'C' "石油、煤炭及其他燃料加工业",
    "26" 'C' "化学原料和化学制品制造业", "27" 'C' "医药制造业", "28" 'C' "化学纤维制造业",
    "29" 'C' "橡胶和塑料制品业", "30" 'C' "非金属矿物制品业", "31" 'C' "黑色金属冶炼和压延加工业",
    "32" 'C' "有色金属冶炼和压延加工业", "33" 'C' "金属制品业", "34" 'C' "通用设备制造业",
    "35" 'C' "专用设备制造业", "36" 'C' "汽车制造业",
    "37" 'C' "铁路、船舶、航空航天和其他运输设备制造业", "38" 'C' "电气机械和器材制造业",
    "39" 'C' "计算机、通信和其他电子设备制造业", "40" 'C' "仪器仪表制造业", "41" 'C' "其他制造业",
    "42" 'C' "废弃资源综合利用业", "43" 'C' "金属制品、机械和设备修理业",
    "44" 'D' "电力、热力生产和供应业", "45" 'D' "燃气生产和供应业", "46" 'D' "水的生产和供应业",
    "47" 'E' "房屋建筑业", "48" 'E' "土木工程建筑业", "49" 'E' "建筑安装业",
    "50" 'E' "建筑装饰、装修和其他建筑业",
    "51" 'F' "批发业", "52" 'F' "零售业",
    "53" 'G' "铁路运输业", "54" 'G' "道路运输业", "55" 'G' "水上运输业", "56" 'G' "航空运输业",
    "57" 'G' "管道运输业", "58" 'G' "多式联运和运输代理业", "59" 'G' "装卸搬运和仓储业", "60" 'G' "邮政业",
    "61" 'H' "住宿业", "62" 'H' "餐饮业",
    "63" 'I' "电信、广播电视和卫星传输服务", "64" 'I' "互联网和相关服务", "65" 'I' "软件和信息技术服务业",
    "66" 'J' "货币金融服务", "67" 'J' "资本市场服务", "68" 'J' "保险业", "69" 'J' "其他金融业",
    "70" 'K' "房地产业",
    "71" 'L' "租赁业", "72" 'L' "商务服务业",
    "73" 'M' "研究和试验发展", "74" 'M' "专业技术服务业", "75" 'M' "科技推广和应用服务业",
    "76" 'N' "水利管理业", "77" 'N' "生态保护和环境治理业", "78" 'N' "公共设施管理业", "79" 'N' "土地管理业",
    "80" 'O' "居民服务业", "81" 'O' "机动车、电子产品和日用产品修理业", "82" 'O' "其他服务业",
    "83" 'P' "教育",
    "84" 'Q' "卫生", "85" 'Q' "社会工作",
    "86" 'R' "新闻和出版业", "87" 'R' "广播、电视、电影和录音制作业", "88" 'R' "文化艺术业", "89" 'R' "体育",
    "90" 'R' "娱乐业",
    "91" 'S' "中国共产党机关", "92" 'S' "国家机构", "93" 'S' "人民政协、民主党派", "94" 'S' "社会保障",
    "95" 'S' "群众团体、社会团体和其他成员组织", "96" 'S' "基层群众自治组织及其他组织",
    "97" 'T' "国际组织",
}

/// The door with `letter`.
pub fn door(letter: char) -> Option<&'static Door> {
    DOORS.iter().find(|d| d.letter == letter)
}

/// The major class with the two digits `code`.
pub fn major(code: &str) -> Option<&'static Major> {
    MAJORS.iter().find(|m| m.code == code)
}

/// The major class a code names, as a person writes it: `39`, `C39`, `c39`,
/// or a medium or small class under it (`391`, `C3911`), full-width digits
/// and letters folded. A door letter must be the major class's own.
pub fn parse_code(text: &str) -> Option<&'static Major> {
    let folded: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .to_ascii_uppercase();
    let (letter, digits) = match folded.chars().next() {
        Some(c) if c.is_ascii_uppercase() => (Some(c), &folded[1..]),
        _ => (None, folded.as_str()),
    };
    if !(2..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let found = major(&digits[..2])?;
    letter.is_none_or(|l| l == found.door).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_the_standard() {
        assert_eq!(MAJORS.len(), 97);
        for (i, m) in MAJORS.iter().enumerate() {
            assert_eq!(m.code, format!("{:02}", i + 1), "codes run 01-97 without a gap");
            assert!(door(m.door).is_some(), "{} has a known door", m.code);
        }
        // Each door's classes are one run, in door order.
        let doors: Vec<char> = MAJORS.iter().map(|m| m.door).collect();
        let mut runs = doors.clone();
        runs.dedup();
        assert_eq!(runs, DOORS.map(|d| d.letter));
        assert_eq!(major("39").unwrap().name, "计算机、通信和其他电子设备制造业");
        assert_eq!(major("27").unwrap().full_code(), "C27");
    }

    #[test]
    fn codes_are_read_as_people_write_them() {
        for text in ["39", "C39", "c39", " C39 ", "391", "C3911", "Ｃ３９"] {
            assert_eq!(parse_code(text).map(|m| m.code), Some("39"), "{text}");
        }
        for text in ["", "C", "3", "99", "A39", "C39111", "39a", "电子"] {
            assert_eq!(parse_code(text), None, "{text}");
        }
    }
}
