//! Two years of contact history for the demo county (issue 10, item 8), up to
//! the demo's today: each assigned cadre keeps in touch with their fellows in
//! rounds (calls, WeChat, visits on trips to a city, group greetings), as
//! often as their diligence makes them, so some cadres are on top of their
//! fellows and others let most of them lapse; busier weeks before Spring
//! Festival and Mid-Autumn, with gifts and greetings; forums in 长沙, 深圳 and
//! 上海 and in every township at Spring Festival, when fellows are home; a
//! few inspection tours; and open follow-ups, some overdue and some due soon,
//! for the demo users `xinqiang` and `village`.

use super::contact_text::{FOLLOW_UPS, notes, outcome};
use super::festivals::{Festival, between};
use super::pick::{Weighted, pick};
use chrono::{Datelike, Days, NaiveDate};
use guichao_domain::liaison::{ContactDraft, ContactKind, FollowUpDraft, LiaisonLevel, MAX_CADRES};
use guichao_store::Store;
use guichao_store::contacts::BulkContact;
use guichao_store::entities::{chamber, org_unit};
use guichao_store::fellows::BulkFellow;
use rand::Rng;
use rand::seq::IndexedRandom;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// How far back the history goes.
const HISTORY_DAYS: u64 = 730;
/// The cities with a remote chamber, as fellows record them.
const FORUM_CITIES: [&str; 3] = ["长沙市", "深圳市", "上海市"];
/// Inspection tours a year.
const INSPECTIONS_A_YEAR: usize = 8;

/// A fellow seeded in this run, as the history needs them.
pub struct Person {
    id: Uuid,
    township_id: Uuid,
    city: String,
    /// (cadre, level, first day of the assignment).
    duties: Vec<(Uuid, LiaisonLevel, NaiveDate)>,
}

/// The fellows of a seeding, taken before they are written.
pub fn people(fellows: &[BulkFellow]) -> Vec<Person> {
    fellows
        .iter()
        .map(|f| Person {
            id: f.id,
            township_id: f.draft.township_id,
            city: f.draft.city.clone(),
            duties: f.assignments.iter().map(|a| (a.cadre_id, a.level, a.started_at.date_naive())).collect(),
        })
        .collect()
}

/// One cadre's fellows and how well they keep in touch (0 lax to 1 diligent).
struct Duty {
    cadre: Uuid,
    level: LiaisonLevel,
    cycle: u64,
    diligence: f64,
    /// (index into the people, first day of the assignment).
    fellows: Vec<(usize, NaiveDate)>,
}

/// The contact records being generated.
struct History<'a> {
    people: &'a [Person],
    units: HashMap<Uuid, &'a str>,
    from: NaiveDate,
    today: NaiveDate,
    rows: Vec<BulkContact>,
}

/// Writes the contact history of `people` and, on the county's first
/// seeding, the demo users' follow-ups. Returns the records written.
pub async fn add(
    store: &Store,
    tenant_id: Uuid,
    units: &[org_unit::Model],
    people: &[Person],
    first_run: bool,
    rng: &mut impl Rng,
) -> anyhow::Result<usize> {
    let today = guichao_domain::date::today();
    let from = today - Days::new(HISTORY_DAYS - 1);
    let mut demo_users = Vec::new();
    for name in ["xinqiang", "village"] {
        demo_users.extend(store.system().user_id_by_name(tenant_id, name).await?);
    }
    let chambers = chamber::Entity::find()
        .filter(chamber::Column::TenantId.eq(tenant_id))
        .filter(chamber::Column::Kind.eq("remote"))
        .all(store.system().connection())
        .await?;
    let units = units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let mut history = History { people, units, from, today, rows: Vec::new() };
    let duties = duties(people, &demo_users, rng);
    let festivals = between(from, today);
    for duty in &duties {
        history.rounds(duty, &festivals, rng);
    }
    for (festival, day) in &festivals {
        if *festival == Festival::SpringFestival {
            history.township_forums(*day, rng);
        }
        for city in FORUM_CITIES {
            let held = *day - Days::new(rng.random_range(5..25));
            let chamber = chambers.iter().find(|c| c.city == city).map(|c| (c.id, c.name.as_str()));
            history.city_forum(city, chamber, held, &format!("{}乡友恳谈会", festival.name()), rng);
        }
    }
    for year in from.year()..=today.year() {
        for city in FORUM_CITIES {
            let held = NaiveDate::from_ymd_opt(year, 6, 1).expect("a real day") + Days::new(rng.random_range(0..30));
            let chamber = chambers.iter().find(|c| c.city == city).map(|c| (c.id, c.name.as_str()));
            history.city_forum(city, chamber, held, "招商推介座谈会", rng);
        }
        for _ in 0..INSPECTIONS_A_YEAR {
            history.inspection(year, rng);
        }
    }
    if first_run {
        for user in &demo_users {
            if let Some(duty) = duties.iter().find(|d| d.cadre == *user) {
                history.follow_ups(duty);
            }
        }
    }
    let counts = store.system().insert_contacts(tenant_id, &history.rows).await?;
    Ok(counts.contacts)
}

/// Every cadre's fellows, in the order the cadres first appear, each with a
/// diligence: a third keep close touch, a quarter hardly any. The demo users
/// are middling, so their own lists show both kept and lapsed fellows.
fn duties(people: &[Person], demo_users: &[Uuid], rng: &mut impl Rng) -> Vec<Duty> {
    let mut out: Vec<Duty> = Vec::new();
    let mut at: HashMap<Uuid, usize> = HashMap::new();
    for (i, p) in people.iter().enumerate() {
        for (cadre, level, start) in &p.duties {
            let slot = *at.entry(*cadre).or_insert_with(|| {
                let diligence = if demo_users.contains(cadre) {
                    0.6
                } else {
                    match pick(rng, &Weighted(&[(0u8, 25), (1, 45), (2, 30)])) {
                        0 => rng.random_range(0.75..1.0),
                        1 => rng.random_range(0.4..0.8),
                        _ => rng.random_range(0.0..0.4),
                    }
                };
                let cycle = match level {
                    LiaisonLevel::Village => 30,
                    LiaisonLevel::Township => 60,
                    LiaisonLevel::County => 90,
                };
                out.push(Duty { cadre: *cadre, level: *level, cycle, diligence, fellows: Vec::new() });
                out.len() - 1
            });
            out[slot].fellows.push((i, *start));
        }
    }
    out
}

/// Splits fellows into the groups one record covers: often one, sometimes a
/// trip's or a group message's worth.
fn chunks(rng: &mut impl Rng, mut fellows: Vec<usize>, single: u32, most: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    while !fellows.is_empty() {
        let n = if rng.random_range(0..100) < single { 1 } else { rng.random_range(2..=most) };
        let rest = fellows.split_off(n.min(fellows.len()));
        out.push(std::mem::replace(&mut fellows, rest));
    }
    out
}

impl History<'_> {
    fn record(&mut self, date: NaiveDate, kind: ContactKind, place: String, fellows: Vec<Uuid>, cadres: Vec<Uuid>) {
        self.rows.push(BulkContact {
            author_id: cadres[0],
            draft: ContactDraft {
                kind,
                date,
                place,
                cadre_ids: cadres,
                fellow_ids: fellows,
                chamber_id: None,
                notes: String::new(),
                outcome: String::new(),
                follow_up: None,
            },
        });
    }

    /// Fills in the last record's notes and outcome.
    fn words(&mut self, rng: &mut impl Rng, festival: Option<Festival>) {
        let last = &mut self.rows.last_mut().expect("a record was just added").draft;
        last.notes = notes(rng, last.kind, last.fellow_ids.len(), festival.map(Festival::name));
        last.outcome = outcome(rng, last.kind);
    }

    fn in_window(&self, day: NaiveDate) -> bool {
        (self.from..=self.today).contains(&day)
    }

    /// A cadre's regular rounds over the window, and their festival rounds.
    fn rounds(&mut self, duty: &Duty, festivals: &[(Festival, NaiveDate)], rng: &mut impl Rng) {
        let d = duty.diligence;
        let spacing = duty.cycle as f64 * (0.6 + (1.0 - d) * (1.0 - d) * 2.8);
        let reach = 0.3 + 0.45 * d;
        let mut day = self.from + Days::new(rng.random_range(0..spacing as u64));
        while day <= self.today {
            self.round(duty, day, reach, None, rng);
            day = day + Days::new((spacing * rng.random_range(0.7..1.3)).max(1.0) as u64);
        }
        for (festival, on) in festivals {
            let day = *on - Days::new(rng.random_range(2..21));
            if self.in_window(day) && rng.random_bool(0.35 + 0.6 * d) {
                self.round(duty, day, reach, Some(*festival), rng);
            }
        }
    }

    /// One round on `day`: each of the cadre's fellows (assigned by then) is
    /// reached with chance `reach`; fellows in one city share a trip or a
    /// group message now and then.
    fn round(&mut self, duty: &Duty, day: NaiveDate, reach: f64, festival: Option<Festival>, rng: &mut impl Rng) {
        let mut reached: Vec<usize> =
            duty.fellows.iter().filter(|(_, start)| *start <= day && rng.random_bool(reach)).map(|(i, _)| *i).collect();
        reached.sort_by(|a, b| self.people[*a].city.cmp(&self.people[*b].city).then(a.cmp(b)));
        let (single, most) = match (festival, duty.level) {
            (Some(_), _) => (40, 25),
            (None, LiaisonLevel::Village) => (25, 16),
            (None, _) => (20, 20),
        };
        for group in chunks(rng, reached, single, most) {
            let first = &self.people[group[0]];
            let same_city = group.iter().all(|i| self.people[*i].city == first.city);
            let kind = match (festival, group.len()) {
                (None, 1) => pick(
                    rng,
                    &Weighted(&[
                        (ContactKind::Call, 45),
                        (ContactKind::WeChat, 27),
                        (ContactKind::Visit, 10),
                        (ContactKind::Sms, 8),
                        (ContactKind::Letter, 4),
                        (ContactKind::Other, 3),
                    ]),
                ),
                (None, _) if same_city && rng.random_range(0..100) < 35 => ContactKind::Visit,
                (None, _) => pick(rng, &Weighted(&[(ContactKind::WeChat, 75), (ContactKind::Sms, 25)])),
                (Some(_), 1) => pick(
                    rng,
                    &Weighted(&[
                        (ContactKind::Gift, 45),
                        (ContactKind::Visit, 20),
                        (ContactKind::Call, 20),
                        (ContactKind::WeChat, 15),
                    ]),
                ),
                (Some(_), _) => pick(
                    rng,
                    &Weighted(&[(ContactKind::Sms, 45), (ContactKind::Letter, 25), (ContactKind::WeChat, 30)]),
                ),
            };
            // Fellows are home at Spring Festival: visits and gifts are in the township.
            let place = match kind {
                ContactKind::Visit | ContactKind::Gift if festival == Some(Festival::SpringFestival) => {
                    self.units.get(&first.township_id).copied().unwrap_or_default().to_string()
                }
                ContactKind::Visit | ContactKind::Gift => first.city.clone(),
                _ => String::new(),
            };
            let fellows = group.iter().map(|i| self.people[*i].id).collect();
            self.record(day, kind, place, fellows, vec![duty.cadre]);
            self.words(rng, festival);
        }
    }

    /// Each township's Spring Festival forum of fellows back home, with the
    /// township's cadres and some of the villages'.
    fn township_forums(&mut self, festival: NaiveDate, rng: &mut impl Rng) {
        let mut townships: Vec<Uuid> = Vec::new();
        for p in self.people {
            if !townships.contains(&p.township_id) {
                townships.push(p.township_id);
            }
        }
        for township in townships {
            let day = festival.checked_add_signed(chrono::Duration::days(rng.random_range(-6..=4))).unwrap_or(festival);
            if !self.in_window(day) {
                continue;
            }
            let here: Vec<usize> = (0..self.people.len()).filter(|i| self.people[*i].township_id == township).collect();
            let n = rng.random_range(15..=40).min(here.len());
            let came: Vec<usize> = here.choose_multiple(rng, n).copied().collect();
            let cadres = self.cadres_of(&came, day, &[LiaisonLevel::Township, LiaisonLevel::Village]);
            if cadres.is_empty() {
                continue;
            }
            let name = self.units.get(&township).copied().unwrap_or_default();
            let fellows = came.iter().map(|i| self.people[*i].id).collect();
            self.record(day, ContactKind::Forum, format!("{name}人民政府会议室"), fellows, cadres);
            let last = &mut self.rows.last_mut().expect("just added").draft;
            last.notes = format!("{name}春节返乡乡友座谈会：通报家乡发展情况，听取乡友意见建议（{n}位乡友参加）");
            last.outcome = outcome(rng, ContactKind::Forum);
        }
    }

    /// A forum of the fellows living in `city`, held with the city's chamber;
    /// the county and township cadres of those who came attend.
    fn city_forum(
        &mut self,
        city: &str,
        chamber: Option<(Uuid, &str)>,
        day: NaiveDate,
        title: &str,
        rng: &mut impl Rng,
    ) {
        if !self.in_window(day) {
            return;
        }
        let here: Vec<usize> = (0..self.people.len()).filter(|i| self.people[*i].city == city).collect();
        let n = rng.random_range(30..=70).min(here.len());
        let came: Vec<usize> = here.choose_multiple(rng, n).copied().collect();
        let cadres = self.cadres_of(&came, day, &[LiaisonLevel::County, LiaisonLevel::Township]);
        if cadres.is_empty() {
            return;
        }
        let place = match chamber {
            Some((_, name)) => format!("{city}（{name}）"),
            None => city.to_string(),
        };
        let fellows = came.iter().map(|i| self.people[*i].id).collect();
        self.record(day, ContactKind::Forum, place, fellows, cadres);
        let last = &mut self.rows.last_mut().expect("just added").draft;
        last.chamber_id = chamber.map(|c| c.0);
        last.notes = format!("在{city}召开{title}，介绍县重点产业链和招商政策（{n}位乡友参加）");
        last.outcome = outcome(rng, ContactKind::Forum);
    }

    /// Fellows shown round the county's park by their county and township cadres.
    fn inspection(&mut self, year: i32, rng: &mut impl Rng) {
        let Some(start) = NaiveDate::from_ymd_opt(year, 1, 1) else { return };
        let day = start + Days::new(rng.random_range(0..365));
        if !self.in_window(day) || self.people.is_empty() {
            return;
        }
        let n = rng.random_range(1..=3);
        let mut came: Vec<usize> = (0..n).map(|_| rng.random_range(0..self.people.len())).collect();
        came.sort();
        came.dedup();
        let cadres = self.cadres_of(&came, day, &[LiaisonLevel::County, LiaisonLevel::Township]);
        if cadres.is_empty() {
            return;
        }
        let fellows = came.iter().map(|i| self.people[*i].id).collect();
        self.record(day, ContactKind::Inspection, "岳阳县经济开发区".to_string(), fellows, cadres);
        let last = &mut self.rows.last_mut().expect("just added").draft;
        last.notes = "陪同乡友回乡考察经开区标准厂房和产业配套".to_string();
        last.outcome = outcome(rng, ContactKind::Inspection);
    }

    /// The cadres at `levels` assigned by `day` to any of `fellows`, first seen first, at most [`MAX_CADRES`].
    fn cadres_of(&self, fellows: &[usize], day: NaiveDate, levels: &[LiaisonLevel]) -> Vec<Uuid> {
        let mut out = Vec::new();
        for level in levels {
            for i in fellows {
                for (cadre, l, start) in &self.people[*i].duties {
                    if l == level && *start <= day && !out.contains(cadre) && out.len() < MAX_CADRES {
                        out.push(*cadre);
                    }
                }
            }
        }
        out
    }

    /// A demo user's open follow-ups: two past their day, two due soon, each
    /// left by a call to one of their fellows.
    fn follow_ups(&mut self, duty: &Duty) {
        // (days ago the call was made, days from today the follow-up is due)
        let plan: [(u64, i64); 4] = [(45, -10), (30, -3), (6, 4), (2, 9)];
        let fellows = duty.fellows.iter().map(|(i, _)| *i);
        for ((ago, due), (what, i)) in plan.into_iter().zip(FOLLOW_UPS.iter().zip(fellows)) {
            let date = self.today - Days::new(ago);
            let due = self.today.checked_add_signed(chrono::Duration::days(due)).unwrap_or(self.today);
            self.record(date, ContactKind::Call, String::new(), vec![self.people[i].id], vec![duty.cadre]);
            let last = &mut self.rows.last_mut().expect("just added").draft;
            last.notes = format!("电话联系，乡友提出需要帮助：{what}");
            last.follow_up = Some(FollowUpDraft { what: what.to_string(), owner_id: duty.cadre, due });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn rounds_split_into_records_of_one_or_a_group() {
        let mut rng = StdRng::seed_from_u64(7);
        let groups = chunks(&mut rng, (0..100).collect(), 50, 8);
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), 100, "everyone once");
        assert!(groups.iter().all(|g| (1..=8).contains(&g.len())));
        assert!(groups.iter().any(|g| g.len() == 1) && groups.iter().any(|g| g.len() > 1));
        assert_eq!(groups.concat(), (0..100).collect::<Vec<_>>(), "in order");
    }
}
