//! Leads: one per project that came from a lead (lead → contact → negotiation → signed on the
//! signing date), lost ones over the whole history, and the open pipeline of the last months.

use chrono::NaiveDate;

use super::projects::{MILLION, Meta, find_enterprise, start};
use super::text;
use super::util::*;
use super::{Ctx, LeadSeed, ProjectSeed};
use crate::names::mobile;
use crate::rng::Rng;
use crate::zone::*;

const SOURCES: [(&str, u64); 7] =
    [("business", 25), ("agency", 15), ("expo", 12), ("online", 8), ("visit", 15), ("referral", 15), ("other", 10)];

/// A lead with the city its company comes from (activities need it).
pub struct Built {
    pub lead: LeadSeed,
    pub city: &'static str,
}

/// `m` strictly increasing dates in `(from, to]`; needs `to - from ≥ m`.
fn spread(rng: &mut Rng, from: NaiveDate, to: NaiveDate, m: usize) -> Vec<NaiveDate> {
    let avail = days(from, to);
    let m64 = m as i64;
    (0..m64)
        .map(|i| {
            let lo = avail * i / m64 + 1;
            let hi = avail * (i + 1) / m64;
            add_days(from, rng.range(lo, hi.max(lo)))
        })
        .collect()
}

struct Codenames(usize);

impl Codenames {
    fn next(&mut self) -> String {
        let k = self.0;
        self.0 += 1;
        format!("项目{}-{:02}", (b'A' + (k % 26) as u8) as char, k / 26 + 1)
    }
}

fn contact(cx: &Ctx, rng: &mut Rng) -> (String, String) {
    (cx.names.person(rng), mobile(rng))
}

/// All leads sorted by creation date, and how many there are of each origin.
pub fn build(cx: &Ctx, projects: &[ProjectSeed], metas: &[Meta], rate: f64) -> Vec<Built> {
    let mut out: Vec<Built> = Vec::with_capacity(projects.len() * 3 / 2 + 64);
    let mut codes = Codenames(6);

    // Signed leads, one per project that came from one.
    for (j, (p, m)) in projects.iter().zip(metas).enumerate() {
        if !m.from_lead {
            continue;
        }
        let Some(signed) = p.stages[0].actual else { continue };
        let mut rng = Rng::from_parts(cx.seed ^ 0x1EAD_0001, j as u64);
        let yi = (p.investment / (100 * MILLION)).min(100);
        let span = rng.range(45, 200) + yi * 2;
        let created = add_days(signed, -span);
        let mut moves = Vec::with_capacity(5);
        let dates = spread(&mut rng, created, add_days(signed, -1), 2);
        moves.push((dates[0], "contact", None));
        moves.push((dates[1], "negotiation", None));
        let rest = days(dates[1], signed);
        if rest >= 6 && rng.chance(100) {
            let back = spread(&mut rng, dates[1], add_days(signed, -1), 2);
            moves.push((back[0], "contact", Some(rng.pick(&text::BACK_REASONS).to_string())));
            moves.push((back[1], "negotiation", None));
        }
        moves.push((signed, "signed", None));
        let kind = match p.enterprise {
            // The article's new plants: companies set up for the project.
            Some(_) if matches!(p.key, Some("lingyi" | "huapeng" | "kelba" | "bigfood")) => "new",
            Some(_) if rng.chance(150) => "retention",
            Some(_) => "expansion",
            None => "new",
        };
        let confidential = rng.chance(30);
        let (contact_name, contact_phone) = contact(cx, &mut rng);
        out.push(Built {
            lead: LeadSeed {
                company: m.company.clone(),
                codename: confidential.then(|| codes.next()),
                confidential,
                source: weighted(&mut rng, &SOURCES),
                kind,
                industry_code: m.industry_code,
                chain: p.chain,
                intended_investment: p.investment,
                owner: p.owner,
                park: p.park,
                created,
                moves,
                project: Some(j),
                contact_name,
                contact_phone,
                enterprise: p.enterprise,
            },
            city: m.city,
        });
    }

    // Lost leads over the whole history.
    let signed_count = out.len();
    if let Some(sampler) = DaySampler::new(start(), add_days(cx.yesterday, -20), business_weight) {
        for k in 0..signed_count * 3 / 10 {
            let mut rng = Rng::from_parts(cx.seed ^ 0x1EAD_0002, k as u64);
            let span = rng.range(20, 240);
            let mut created = sampler.sample(&mut rng);
            if add_days(created, span) > cx.yesterday {
                created = add_days(cx.yesterday, -span);
            }
            let end = add_days(created, span);
            let reached = match rng.range(0, 9) {
                0 => 0,
                1..=4 => 1,
                _ => 2,
            };
            let back = reached == 2 && rng.chance(200);
            let n = reached + if back { 2 } else { 1 };
            let dates = spread(&mut rng, created, end, n);
            let mut moves = Vec::with_capacity(n);
            let stages = ["contact", "negotiation"];
            for (i, s) in stages.iter().take(reached).enumerate() {
                moves.push((dates[i], *s, None));
            }
            if back {
                moves.push((dates[reached], "contact", Some(rng.pick(&text::BACK_REASONS).to_string())));
            }
            moves.push((dates[n - 1], "lost", Some(rng.pick(&text::LOST_REASONS).to_string())));
            out.push(open_like(cx, &mut rng, &mut codes, created, moves, None, 20));
        }
    }

    // The open pipeline: created in the last eight months.
    let n_open = ((rate * 0.8).round() as usize).max(30);
    let from = add_days(cx.yesterday, -240).max(start());
    if let Some(sampler) = DaySampler::new(from, add_days(cx.yesterday, -10), business_weight) {
        for k in 0..n_open {
            let mut rng = Rng::from_parts(cx.seed ^ 0x1EAD_0003, k as u64);
            let created = sampler.sample(&mut rng);
            // Two negotiations in park 0 for the demo accounts, then a few in every park.
            let park = if k < 2 {
                Some(PARK_AUTO)
            } else if k < 2 + 3 * PARKS.len() {
                Some((k - 2) % PARKS.len())
            } else {
                None
            };
            let stage = if k < 2 {
                2
            } else {
                match rng.range(0, 99) {
                    0..=34 => 0,
                    35..=69 => 1,
                    _ => 2,
                }
            };
            let back = stage == 2 && k >= 2 && rng.chance(100);
            let reopened = stage == 1 && rng.chance(60);
            let n = stage + if back || reopened { 1 } else { 0 };
            let dates = spread(&mut rng, created, cx.yesterday, n);
            let mut moves = Vec::with_capacity(n);
            if reopened {
                moves.push((dates[0], "lost", Some(rng.pick(&text::LOST_REASONS).to_string())));
                moves.push((dates[1], "contact", Some(rng.pick(&text::REOPEN_REASONS).to_string())));
            } else {
                let stages = ["contact", "negotiation"];
                for (i, s) in stages.iter().take(stage).enumerate() {
                    moves.push((dates[i], *s, None));
                }
                if back {
                    moves.push((dates[stage], "contact", Some(rng.pick(&text::BACK_REASONS).to_string())));
                }
            }
            let mut b = open_like(cx, &mut rng, &mut codes, created, moves, park, 80);
            if k == 0 {
                b.lead.owner = 0;
            } else if k == 1 {
                b.lead.owner = cx.by_park[PARK_AUTO].first().copied().unwrap_or(0);
            }
            out.push(b);
        }
    }

    // Stable: the same creation date keeps the order above.
    out.sort_by_key(|b| b.lead.created);
    out
}

/// A lead not tied to a project: a new company, or an expansion or retention of an enterprise.
fn open_like(
    cx: &Ctx,
    rng: &mut Rng,
    codes: &mut Codenames,
    created: NaiveDate,
    moves: Vec<(NaiveDate, &'static str, Option<String>)>,
    park: Option<usize>,
    confidential_permille: u64,
) -> Built {
    let roll = rng.range(0, 99);
    let enterprise = if roll < 30 { find_enterprise(cx, rng, None, park, created) } else { None };
    let (company, city, kind, chain, industry, park) = match enterprise {
        Some(i) => {
            let e = &cx.enterprises[i];
            let kind = if roll < 20 { "expansion" } else { "retention" };
            (e.name.clone(), "扬州", kind, e.chain, Some(e.industry_code), e.park)
        }
        None => {
            let chain = weighted(rng, &LEAD_CHAINS);
            let park = park.unwrap_or_else(|| if rng.chance(700) { home_park(chain) } else { rng.index(PARKS.len()) });
            let city = text::city(rng);
            let brand = cx.names.brand(rng);
            let list = industries(chain);
            let industry = list[rng.index(list.len())].code;
            (text::company(rng, city, &brand, chain), city, "new", chain, Some(industry), park)
        }
    };
    let units = if rng.chance(30) { rng.range(500, 1200) * 10 } else { rng.log_uniform(50, 5000) };
    let confidential = rng.chance(confidential_permille);
    let (contact_name, contact_phone) = contact(cx, rng);
    Built {
        lead: LeadSeed {
            company,
            codename: confidential.then(|| codes.next()),
            confidential,
            source: weighted(rng, &SOURCES),
            kind,
            industry_code: industry,
            chain,
            intended_investment: units * MILLION,
            owner: cx.owner(rng, park),
            park,
            created,
            moves,
            project: None,
            contact_name,
            contact_phone,
            enterprise,
        },
        city,
    }
}

const LEAD_CHAINS: [(Option<usize>, u64); 9] = [
    (Some(CH_NEWENERGY), 16),
    (Some(CH_PV), 10),
    (Some(CH_AUTO), 16),
    (Some(CH_LIGHTIND), 8),
    (Some(CH_HEALTH), 10),
    (Some(CH_MACHINERY), 14),
    (Some(CH_ICT), 16),
    (Some(CH_LOGISTICS), 6),
    (None, 4),
];
