//! The park's forms as typed: kept as text so a refused form shows again
//! with what the user wrote, and read into the store's drafts on save, each
//! problem under the field it concerns. The API's bodies are read through
//! the same forms, so a bad area or date reads the same in both.

use crate::extract::FormData;
use chrono::NaiveDate;
use guichao_domain::date::parse_optional_date;
use guichao_domain::fellows::FormError;
use guichao_domain::park::{ParcelDraft, UnitDraft, Zoning, parse_m2, parse_mu};
use guichao_store::park::{NewParkAllocation, SiteId};
use uuid::Uuid;

/// Every problem of `errors`, plus those of `more` on fields not yet named.
fn merge(mut errors: Vec<FormError>, more: Result<(), Vec<FormError>>) -> Vec<FormError> {
    for e in more.err().unwrap_or_default() {
        if !errors.iter().any(|x| x.field == e.field) {
            errors.push(e);
        }
    }
    errors
}

/// The add-parcel form; blank, it offers industrial zoning.
#[derive(Debug, Clone)]
pub struct ParcelForm {
    pub name: String,
    /// 亩, as typed: 12.5.
    pub area_mu: String,
    /// A `Zoning` code.
    pub zoning: String,
    pub notes: String,
}

impl Default for ParcelForm {
    fn default() -> ParcelForm {
        let blank = String::new;
        ParcelForm { name: blank(), area_mu: blank(), zoning: Zoning::Industrial.code().into(), notes: blank() }
    }
}

impl ParcelForm {
    pub fn from_form(f: &FormData) -> ParcelForm {
        ParcelForm { name: f.get("name"), area_mu: f.get("area_mu"), zoning: f.get("zoning"), notes: f.get("notes") }
    }

    /// The draft, or every problem by field (the draft's own rules too, so
    /// that all show at once).
    pub fn draft(&self) -> Result<ParcelDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let area = parse_mu(&self.area_mu).unwrap_or_else(|message| {
            errors.push(FormError { field: "area_mu", message });
            1
        });
        let zoning = Zoning::parse(&self.zoning).unwrap_or_else(|| {
            errors.push(FormError::new("zoning", "请选择用地性质", "Choose the zoning"));
            Zoning::Other
        });
        let draft =
            ParcelDraft { name: self.name.clone(), area_hundredths_mu: area, zoning, notes: self.notes.clone() };
        if errors.is_empty() {
            return Ok(draft);
        }
        Err(merge(errors, draft.check().map(|_| ())))
    }
}

/// The add-unit form; blank, it offers the first floor.
#[derive(Debug, Clone)]
pub struct UnitForm {
    pub building: String,
    pub unit_no: String,
    pub floor: String,
    /// m², as typed: 1,200.
    pub area_m2: String,
    pub notes: String,
}

impl Default for UnitForm {
    fn default() -> UnitForm {
        let blank = String::new;
        UnitForm { building: blank(), unit_no: blank(), floor: "1".into(), area_m2: blank(), notes: blank() }
    }
}

impl UnitForm {
    pub fn from_form(f: &FormData) -> UnitForm {
        UnitForm {
            building: f.get("building"),
            unit_no: f.get("unit_no"),
            floor: f.get("floor"),
            area_m2: f.get("area_m2"),
            notes: f.get("notes"),
        }
    }

    /// The draft, or every problem by field.
    pub fn draft(&self) -> Result<UnitDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let area = parse_m2(&self.area_m2).unwrap_or_else(|message| {
            errors.push(FormError { field: "area_m2", message });
            1
        });
        let floor = self.floor.trim().parse::<i32>().unwrap_or_else(|_| {
            errors.push(FormError::new("floor", "楼层须为整数，如 3", "The floor is a whole number, like 3"));
            1
        });
        let draft = UnitDraft {
            building: self.building.clone(),
            unit_no: self.unit_no.clone(),
            floor,
            area_m2: area,
            notes: self.notes.clone(),
        };
        if errors.is_empty() {
            return Ok(draft);
        }
        Err(merge(errors, draft.check().map(|_| ())))
    }
}

/// The allocate form of a parcel's or a unit's page.
#[derive(Debug, Clone, Default)]
pub struct AllocationForm {
    pub project_id: String,
    pub from: String,
    pub until: String,
    pub moved_in: String,
    pub note: String,
}

/// An optional date typed in `field` (named `zh` / `en` in the refusal).
fn date(errors: &mut Vec<FormError>, field: &'static str, text: &str, zh: &str, en: &str) -> Option<NaiveDate> {
    parse_optional_date(text).unwrap_or_else(|e| {
        errors.push(FormError { field, message: e.msg(zh, en, text) });
        None
    })
}

impl AllocationForm {
    pub fn from_form(f: &FormData) -> AllocationForm {
        AllocationForm {
            project_id: f.get("project_id"),
            from: f.get("from"),
            until: f.get("until"),
            moved_in: f.get("moved_in"),
            note: f.get("note"),
        }
    }

    /// The allocation of `site`, or every problem by field.
    pub fn allocation(&self, site: SiteId) -> Result<NewParkAllocation, Vec<FormError>> {
        let mut errors = Vec::new();
        let project_id = Uuid::parse_str(self.project_id.trim()).ok();
        if project_id.is_none() {
            errors.push(FormError::new("project_id", "请选择项目", "Choose the project"));
        }
        let from = date(&mut errors, "from", &self.from, "起始日期", "start date");
        if from.is_none() && !errors.iter().any(|e| e.field == "from") {
            errors.push(FormError::new("from", "起始日期不能为空", "Enter the start date"));
        }
        let (zh, en) = match site {
            SiteId::Parcel(_) => ("建成日期", "built date"),
            SiteId::Unit(_) => ("入驻日期", "move-in date"),
        };
        let until = date(&mut errors, "until", &self.until, "截止日期", "end date");
        let moved_in = date(&mut errors, "moved_in", &self.moved_in, zh, en);
        match (project_id, from) {
            (Some(project_id), Some(from)) if errors.is_empty() => {
                Ok(NewParkAllocation { project_id, site, from, until, moved_in, note: self.note.clone() })
            }
            _ => Err(errors),
        }
    }
}

/// The release date of a held allocation: required.
pub fn release_date(text: &str) -> Result<NaiveDate, Vec<FormError>> {
    let mut errors = Vec::new();
    match date(&mut errors, "until", text, "释放日期", "release date") {
        Some(day) => Ok(day),
        None if errors.is_empty() => Err(vec![FormError::new("until", "释放日期不能为空", "Enter the release date")]),
        None => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parcel_form_names_every_problem_at_once() {
        let typed =
            ParcelForm { name: " ".into(), area_mu: "十二亩".into(), zoning: "farm".into(), notes: String::new() };
        let fields: Vec<&str> = typed.draft().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["area_mu", "zoning", "name"]);
        let ok = ParcelForm { name: "A-01".into(), area_mu: "12.5亩".into(), ..ParcelForm::default() };
        assert_eq!(ok.draft().unwrap().area_hundredths_mu, 1_250);
    }

    #[test]
    fn a_unit_form_reads_the_floor_and_the_area() {
        let typed = UnitForm {
            building: "1号楼".into(),
            unit_no: "201".into(),
            floor: "二".into(),
            area_m2: "1,200".into(),
            notes: String::new(),
        };
        let errors = typed.draft().unwrap_err();
        assert_eq!((errors[0].field, errors[0].message.zh.as_str()), ("floor", "楼层须为整数，如 3"));
        let ok = UnitForm { floor: "2".into(), ..typed };
        assert_eq!(ok.draft().unwrap().area_m2, 1_200);
    }

    #[test]
    fn an_allocation_needs_a_project_and_a_start() {
        let site = SiteId::Unit(Uuid::nil());
        let empty = AllocationForm::default().allocation(site).unwrap_err();
        assert_eq!(empty.iter().map(|e| e.field).collect::<Vec<_>>(), ["project_id", "from"]);
        let typed = AllocationForm {
            project_id: Uuid::nil().to_string(),
            from: "2023年3月1日".into(),
            until: "2023-02-30".into(),
            moved_in: "2023/5/1".into(),
            note: String::new(),
        };
        let bad = typed.allocation(site).unwrap_err();
        assert_eq!(bad[0].field, "until");
        assert!(bad[0].message.zh.starts_with("截止日期"), "{}", bad[0].message.zh);
        let ok = AllocationForm { until: String::new(), ..typed }.allocation(site).unwrap();
        assert_eq!(
            (ok.from.to_string(), ok.moved_in.map(|d| d.to_string())),
            ("2023-03-01".into(), Some("2023-05-01".into()))
        );
        assert_eq!(release_date("").unwrap_err()[0].message.zh, "释放日期不能为空");
        assert!(release_date("明天").unwrap_err()[0].message.zh.contains("无法识别"));
    }
}
