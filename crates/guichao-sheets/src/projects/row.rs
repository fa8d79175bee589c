//! One ledger row to a project with its stage events and fellow credits, or
//! to every reason it cannot be one, each named by the file's own header.
//! The project's rules are the form's ([`ProjectDraft::check`]) and the
//! stage dates keep the rules of recorded events ([`check_new`]), applied
//! in ladder order, so a signing dated before the first inspection is
//! refused under the signing date.

use super::cells::{self, NamedFellow};
use super::columns::{LedgerColumn, header_unit};
use super::matching::Matcher;
use super::sheet::LedgerLayout;
use crate::RowError;
use crate::cell::{Cell, RawRow};
use chrono::NaiveDate;
use guichao_domain::fellows::CreditCode;
use guichao_domain::projects::{
    NewStageEvent, ORDER_HINT, ProjectDraft, ProjectKind, ProjectRole, ProjectSource, Stage, StageEvent, check_new,
};
use guichao_domain::{Lang, Msg, text};
use guichao_store::projects::{ImportedProject, LedgerCompany};
use uuid::Uuid;

/// Each stage a ledger dates, with its column, in ladder order (the drop last).
const STAGES: [(Stage, LedgerColumn); 7] = [
    (Stage::Inspected, LedgerColumn::Inspected),
    (Stage::Negotiating, LedgerColumn::Negotiating),
    (Stage::Signed, LedgerColumn::Signed),
    (Stage::Registered, LedgerColumn::Registered),
    (Stage::Started, LedgerColumn::Started),
    (Stage::InProduction, LedgerColumn::InProduction),
    (Stage::Dropped, LedgerColumn::Dropped),
];

/// Reads rows by one layout for one importing user.
pub struct RowReader<'a> {
    pub layout: &'a LedgerLayout,
    pub matcher: &'a Matcher<'a>,
    /// The importing user's own unit: the responsible unit of a row that names none.
    pub own_unit: Uuid,
    pub today: NaiveDate,
}

/// The reasons found in one row so far.
struct Faults<'a> {
    row: u64,
    layout: &'a LedgerLayout,
    errors: Vec<RowError>,
}

impl Faults<'_> {
    fn add(&mut self, column: LedgerColumn, reason: Msg) {
        let column = self.layout.label(column);
        if !self.errors.iter().any(|e| e.column == column) {
            self.errors.push(RowError { row: self.row, column, reason });
        }
    }

    /// The value of a reading, or its default with the refusal recorded.
    fn take<T: Default>(&mut self, column: LedgerColumn, read: Result<T, Msg>) -> T {
        read.unwrap_or_else(|m| {
            self.add(column, m);
            T::default()
        })
    }
}

impl RowReader<'_> {
    fn text(&self, raw: &RawRow, column: LedgerColumn) -> String {
        self.layout.text(raw, column)
    }

    fn cell<'r>(&self, raw: &'r RawRow, column: LedgerColumn) -> &'r Cell {
        self.layout.column(column).map_or(&Cell::Empty, |c| raw.cell(c))
    }

    /// An amount column: the unit from the cell, else from the file's header.
    fn amount(&self, raw: &RawRow, column: LedgerColumn) -> Result<i64, Msg> {
        let unit = self.layout.column(column).and_then(|c| header_unit(&self.layout.header[c]));
        Ok(cells::amount(self.cell(raw, column), unit)?.unwrap_or(0))
    }

    /// The row as a project, or every reason it is refused.
    pub fn read(&self, raw: &RawRow) -> Result<ImportedProject, Vec<RowError>> {
        use LedgerColumn as C;
        let mut f = Faults { row: raw.row, layout: self.layout, errors: Vec::new() };
        let name = self.text(raw, C::Name);
        if name.is_empty() {
            f.add(C::Name, Msg::new("项目名称不能为空", "Enter the project name"));
        }
        let company = self.company(raw, &mut f);
        let kind = f.take(C::Kind, kind(&self.text(raw, C::Kind)).map(Some)).unwrap_or(ProjectKind::Other);
        let investment_fen = f.take(C::Investment, self.amount(raw, C::Investment));
        let fixed_asset_fen = f.take(C::FixedAsset, self.amount(raw, C::FixedAsset));
        let foreign_fen = f.take(C::Foreign, self.amount(raw, C::Foreign));
        let jobs_planned = f.take(C::Jobs, cells::whole(self.cell(raw, C::Jobs), &["人"])).unwrap_or(0);
        let land = f.take(C::Land, cells::land(self.cell(raw, C::Land))).unwrap_or(0);
        let factory_units = ["㎡", "平方米", "平米", "m2", "m²"];
        let factory = f.take(C::Factory, cells::whole(self.cell(raw, C::Factory), &factory_units)).unwrap_or(0);
        let unit = match self.text(raw, C::Unit) {
            t if t.is_empty() => self.matcher.own_unit(self.own_unit),
            t => self.matcher.unit(&t),
        };
        let unit_id = f.take(C::Unit, unit.map(Some)).unwrap_or_default();
        let officer_id = match self.text(raw, C::Officer) {
            t if t.is_empty() => None,
            t => f.take(C::Officer, self.matcher.officer(&t).map(Some)),
        };
        let (source, source_chamber_id) = self.source(raw, &mut f);
        let events = self.events(raw, &mut f);
        let mut fellows = self.credits(raw, C::Introducer, C::IntroducerTownship, ProjectRole::Introducer, &mut f);
        fellows.extend(self.credits(raw, C::InvestorFellow, C::InvestorTownship, ProjectRole::Investor, &mut f));
        let draft = ProjectDraft {
            name,
            company_id: None,
            kind,
            investment_fen,
            fixed_asset_fen,
            foreign_fen,
            jobs_planned,
            land_need_hundredths_mu: land,
            factory_need_m2: factory,
            unit_id,
            officer_id,
            team: vec![],
            source,
            source_chamber_id,
            follows_lead_id: None,
            notes: self.text(raw, C::Notes),
        };
        let draft = match draft.check() {
            Ok(d) => d,
            Err(errors) => {
                for e in errors {
                    f.add(column_of(e.field), e.message);
                }
                draft
            }
        };
        if !f.errors.is_empty() {
            return Err(f.errors);
        }
        Ok(ImportedProject { row: raw.row, draft, company, events, fellows })
    }

    /// The investor company: a name, with a credit code that passes its check.
    fn company(&self, raw: &RawRow, f: &mut Faults) -> Option<LedgerCompany> {
        let (name, code) = (self.text(raw, LedgerColumn::Company), self.text(raw, LedgerColumn::CreditCode));
        let credit_code = match code.as_str() {
            "" => None,
            c => f.take(
                LedgerColumn::CreditCode,
                CreditCode::parse(c).map(Some).map_err(|e| Msg::new(e.message(Lang::Zh), e.message(Lang::En))),
            ),
        };
        if name.is_empty() {
            if !code.is_empty() {
                let m =
                    Msg::new("填写了统一社会信用代码，请同时填写投资方名称", "Give the company's name with its code");
                f.add(LedgerColumn::Company, m);
            }
            return None;
        }
        if name.chars().count() > 100 {
            f.add(
                LedgerColumn::Company,
                Msg::new("投资方名称不超过100个字", "A company name has at most 100 characters"),
            );
        }
        f.take(LedgerColumn::Company, text::check_lines(&[(&name, "投资方名称", "company name")]));
        Some(LedgerCompany { name, credit_code })
    }

    /// The source, and the chamber for a project a chamber brought (a named
    /// chamber with no source given means the chamber brought it).
    fn source(&self, raw: &RawRow, f: &mut Faults) -> (ProjectSource, Option<Uuid>) {
        let (text, chamber) = (self.text(raw, LedgerColumn::Source), self.text(raw, LedgerColumn::Chamber));
        let source = match text.as_str() {
            "" if chamber.is_empty() => ProjectSource::Other,
            "" => ProjectSource::Chamber,
            t => {
                let labels = ProjectSource::ALL.map(|s| s.label(Lang::Zh));
                let read = vocabulary(t, "来源", "source", ProjectSource::from_words, labels);
                f.take(LedgerColumn::Source, read.map(Some)).unwrap_or(ProjectSource::Other)
            }
        };
        if chamber.is_empty() {
            return (source, None);
        }
        if source != ProjectSource::Chamber {
            let m = Msg::new(
                format!("来源为“{}”时不填来源商会", source.label(Lang::Zh)),
                format!("A source chamber goes with the source {}", ProjectSource::Chamber.label(Lang::En)),
            );
            f.add(LedgerColumn::Chamber, m);
            return (source, None);
        }
        (source, f.take(LedgerColumn::Chamber, self.matcher.chamber(&chamber).map(Some)))
    }

    /// The row's stage dates as events, each checked against the ones before
    /// it by the rules of a recorded event.
    fn events(&self, raw: &RawRow, f: &mut Faults) -> Vec<NewStageEvent> {
        let reason = self.text(raw, LedgerColumn::DropReason);
        let (mut out, mut known) = (Vec::new(), Vec::<StageEvent>::new());
        for (stage, column) in STAGES {
            let cell = self.cell(raw, column);
            let read = cells::date(cell, stage.date_label(Lang::Zh), stage.date_label(Lang::En));
            let Some(on) = f.take(column, read) else {
                if stage == Stage::Dropped && !reason.is_empty() && cell.is_blank() {
                    f.add(
                        column,
                        Msg::new("填写了终止原因，请同时填写终止日期", "Give the date the project was dropped"),
                    );
                }
                continue;
            };
            let reason = if stage == Stage::Dropped { reason.clone() } else { String::new() };
            let new = NewStageEvent { stage, on, note: String::new(), supersedes: None, reason };
            match check_new(&known, &new, self.today) {
                Ok(()) => {
                    let id = Uuid::from_u128(known.len() as u128 + 1);
                    let reason = new.reason.clone();
                    known.push(StageEvent { id, stage, on, note: String::new(), supersedes: None, reason });
                    out.push(new);
                }
                Err(e) => {
                    let at = if e.field == "reason" { LedgerColumn::DropReason } else { column };
                    let zh = e.message.zh.strip_suffix(ORDER_HINT.0).unwrap_or(&e.message.zh).to_string();
                    let en = e.message.en.strip_suffix(ORDER_HINT.1).unwrap_or(&e.message.en).to_string();
                    f.add(at, Msg::new(zh, en));
                }
            }
        }
        out
    }

    /// The fellows a credit column names (with its township column), each
    /// found among the fellows the user may see.
    fn credits(
        &self,
        raw: &RawRow,
        column: LedgerColumn,
        township: LedgerColumn,
        role: ProjectRole,
        f: &mut Faults,
    ) -> Vec<(Uuid, ProjectRole)> {
        let named: Vec<NamedFellow> = cells::fellows(&self.text(raw, column), &self.text(raw, township));
        let mut out = Vec::new();
        for n in named {
            match self.matcher.fellow(&n) {
                Ok(id) if !out.contains(&(id, role)) => out.push((id, role)),
                Ok(_) => {}
                Err(m) => f.add(column, m),
            }
        }
        out
    }
}

/// A project kind as a ledger writes it; blank is 其他.
fn kind(text: &str) -> Result<ProjectKind, Msg> {
    if text.is_empty() {
        return Ok(ProjectKind::Other);
    }
    vocabulary(text, "项目类型", "project kind", ProjectKind::from_words, ProjectKind::ALL.map(|k| k.label(Lang::Zh)))
}

/// A word of a vocabulary, or a refusal listing the words it takes.
fn vocabulary<T, const N: usize>(
    text: &str,
    zh: &str,
    en: &str,
    read: fn(&str) -> Option<T>,
    labels: [&str; N],
) -> Result<T, Msg> {
    read(text).ok_or_else(|| {
        Msg::new(
            format!("{zh}“{text}”无法识别，可填：{}", labels.join("、")),
            format!("Unknown {en} {text:?}; use one of {}", labels.join(", ")),
        )
    })
}

/// The column that holds a field the project's rules name.
fn column_of(field: &str) -> LedgerColumn {
    match field {
        "investment_fen" => LedgerColumn::Investment,
        "fixed_asset_fen" => LedgerColumn::FixedAsset,
        "foreign_fen" => LedgerColumn::Foreign,
        "jobs_planned" => LedgerColumn::Jobs,
        "land_need_hundredths_mu" => LedgerColumn::Land,
        "factory_need_m2" => LedgerColumn::Factory,
        "notes" => LedgerColumn::Notes,
        _ => LedgerColumn::Name,
    }
}
