//! Whether a nomination may be approved, rule by rule, each explained: the
//! rule, the article it comes from, the figures it read, and `met`,
//! `not_met` or `pending`. Pure: the use case gathers the facts (the
//! approved results, the complaints register, the other nominations of the
//! subject, the council's result, the posting) and this module judges them.
//!
//! 1. attainment — the campaign's award rule for the award type and subject;
//! 2. no founded complaint about barred conduct in the period (plan 05 §VI.2);
//! 3. one achievement, one reward (Luật 06/2022/QH15 Điều 5);
//! 4. authority — the commune chairman decides only what Điều 80 gives him;
//! 5. the council passed it;
//! 6. it was posted publicly, and the posting is over.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::award_rules::{AwardBar, AwardRule};
use super::awards::{AwardType, IssuingLevel};
use super::complaint::{ComplaintStatus, Conduct, Outcome};
use super::nomination::{CouncilResult, NominationStatus, NomineeKind, TaskRating};

/// A rule's outcome for one nominee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Met,
    /// Not known yet: something it depends on is still open.
    Pending,
    NotMet,
}

impl Verdict {
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Pending => "pending",
            Verdict::NotMet => "not_met",
        }
    }
}

/// The rules, by stable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleCode {
    Attainment,
    NoFoundedComplaint,
    OneAchievementOneReward,
    Authority,
    Council,
    Publicity,
}

impl RuleCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            RuleCode::Attainment => "attainment",
            RuleCode::NoFoundedComplaint => "no_founded_complaint",
            RuleCode::OneAchievementOneReward => "one_achievement_one_reward",
            RuleCode::Authority => "authority",
            RuleCode::Council => "council",
            RuleCode::Publicity => "publicity",
        }
    }

    /// What the rule says.
    pub const fn text(self) -> &'static str {
        match self {
            RuleCode::Attainment => {
                "The achievement earns the award under the campaign's award rule for it, read from the approved \
                 results (score, rank, targets met); for an individual, from the year's task-completion rating too."
            }
            RuleCode::NoFoundedComplaint => {
                "No complaint about the nominee's conduct in a barred category (quan liêu, cửa quyền, sách nhiễu, \
                 tham ô, lãng phí by default) during the achievement period was concluded founded or partly \
                 founded; one still open holds the nomination."
            }
            RuleCode::OneAchievementOneReward => {
                "One achievement is rewarded once (không khen thưởng nhiều lần, nhiều hình thức cho một thành \
                 tích): no other award for the same subject and the same campaign and period, in any form or at \
                 any level."
            }
            RuleCode::Authority => {
                "The commune chairman awards only what the law gives the commune (Lao động tiên tiến, Giấy khen); \
                 an award of a higher level is forwarded to it, which decides."
            }
            RuleCode::Council => "The commune's Hội đồng Thi đua – Khen thưởng reviewed the nomination and passed it.",
            RuleCode::Publicity => {
                "The nomination was posted publicly (công khai) for the posting period, and that period is over, \
                 so the feedback received is known."
            }
        }
    }
}

/// The articles the fixed rules come from; the attainment rule and the bar cite their own.
pub const ONE_REWARD_BASIS: &str = "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 5";
pub const AUTHORITY_BASIS: &str = "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 80";
pub const COUNCIL_BASIS: &str = "Luật Thi đua, khen thưởng 06/2022/QH15: Hội đồng Thi đua – Khen thưởng cấp xã";
pub const PUBLICITY_BASIS: &str =
    "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 5 (công khai); NĐ 98/2023/NĐ-CP, Điều 46 (10 ngày làm việc)";
/// Cited by the attainment rule when the campaign has no rule for the award.
pub const NO_RULE_BASIS: &str = "the campaign's award rules";

/// One rule, judged and explained.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleOutcome {
    pub code: RuleCode,
    pub basis: String,
    pub verdict: Verdict,
    /// Why, in words, naming the figures.
    pub explanation: String,
    /// The figures the rule read.
    pub figures: Value,
}

/// A unit's line on the campaign's approved scoreboard for the achievement.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// `None`: nothing counted yet.
    pub score: Option<f64>,
    pub rank: Option<u32>,
    /// Criteria met and applicable, once per counted period.
    pub met: i64,
    pub applicable: i64,
    /// How many units the rank is among.
    pub units_ranked: usize,
    /// The periods counted.
    pub periods: Vec<String>,
}

impl Results {
    fn all_targets_met(&self) -> bool {
        self.applicable > 0 && self.met == self.applicable
    }
}

/// A complaint concerning the nominee (the person; for a collective, the
/// unit and the people of the unit), as the register holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplaintFact {
    pub id: String,
    pub conduct: Conduct,
    pub incident_on: NaiveDate,
    pub status: ComplaintStatus,
    pub outcome: Option<Outcome>,
    pub conclusion_number: Option<String>,
    pub conclusion_on: Option<NaiveDate>,
    pub conclusion_issuer: Option<String>,
    /// Whether it names a person rather than the unit: for a collective, a member.
    pub about_person: bool,
}

/// Another nomination of the same subject for the same achievement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherNomination {
    pub id: String,
    pub award_type_name: String,
    pub status: NominationStatus,
    pub superior_decision_number: Option<String>,
}

/// Everything the rules read about one nomination.
pub struct Facts<'a> {
    pub kind: NomineeKind,
    pub award: &'a AwardType,
    /// The campaign's rule for this award type and kind of nominee.
    pub rule: Option<&'a AwardRule>,
    /// The unit's approved results (for an individual: the unit's); `None`
    /// when the unit is not on the board.
    pub results: Option<&'a Results>,
    pub task_rating: Option<TaskRating>,
    pub bar: &'a AwardBar,
    /// The achievement period: the period's dates, or the campaign's.
    pub achievement: (NaiveDate, NaiveDate),
    pub complaints: &'a [ComplaintFact],
    pub others: &'a [OtherNomination],
    /// Whether it was forwarded to the superior level.
    pub forwarded: bool,
    pub council_result: Option<CouncilResult>,
    pub posted_on: Option<NaiveDate>,
    pub posted_until: Option<NaiveDate>,
    pub feedback_count: i64,
    pub today: NaiveDate,
}

/// Every rule, in order.
pub fn evaluate(f: &Facts<'_>) -> Vec<RuleOutcome> {
    vec![
        attainment(f.rule, &f.award.name, f.kind, f.results, f.task_rating),
        no_founded_complaint(f),
        one_achievement_one_reward(f.others),
        authority(f.award, f.forwarded, f.today),
        council(f.council_result),
        publicity(f.posted_on, f.posted_until, f.feedback_count, f.today),
    ]
}

/// The worst of the outcomes: `met` only when every rule is.
pub fn overall(outcomes: &[RuleOutcome]) -> Verdict {
    outcomes.iter().map(|o| o.verdict).max().unwrap_or(Verdict::Met)
}

fn outcome(code: RuleCode, basis: &str, verdict: Verdict, explanation: String, figures: Value) -> RuleOutcome {
    RuleOutcome { code, basis: basis.to_owned(), verdict, explanation, figures }
}

/// Rule 1: what the campaign's award rule asks, against the approved
/// results (and an individual's rating). Also what the suggestions apply.
pub fn attainment(
    rule: Option<&AwardRule>,
    award_name: &str,
    kind: NomineeKind,
    results: Option<&Results>,
    rating: Option<TaskRating>,
) -> RuleOutcome {
    let code = RuleCode::Attainment;
    let mut figures = json!({
        "score": results.and_then(|r| r.score),
        "rank": results.and_then(|r| r.rank),
        "targets_met": results.map(|r| r.met),
        "targets_applicable": results.map(|r| r.applicable),
        "units_ranked": results.map(|r| r.units_ranked),
        "periods": results.map(|r| r.periods.clone()),
    });
    if kind == NomineeKind::Individual {
        figures["task_rating"] = json!(rating);
    }
    let Some(rule) = rule else {
        return outcome(
            code,
            NO_RULE_BASIS,
            Verdict::NotMet,
            format!(
                "The campaign has no award rule for {award_name} to {} nominee: nothing says what earns it.",
                match kind {
                    NomineeKind::Individual => "an individual",
                    NomineeKind::Collective => "a collective",
                }
            ),
            figures,
        );
    };
    figures["rule"] = json!({
        "id": rule.id,
        "min_score": rule.min_score,
        "all_targets_met": rule.all_targets_met,
        "max_rank": rule.max_rank,
        "min_rating": rule.min_rating,
    });
    let mut failed = Vec::new();
    let mut open = Vec::new();
    let mut passed = Vec::new();
    if let Some(min) = rule.min_rating {
        match rating {
            None => failed.push("no task-completion rating is recorded".to_owned()),
            Some(r) if r < min => {
                failed.push(format!("the task-completion rating {} is below {}", r.as_str(), min.as_str()))
            }
            Some(r) => passed.push(format!("the task-completion rating {} is at least {}", r.as_str(), min.as_str())),
        }
    }
    let needs_results = rule.min_score.is_some() || rule.all_targets_met || rule.max_rank.is_some();
    match results.filter(|r| r.score.is_some()) {
        None if needs_results => open.push("the unit has no approved results for the achievement yet".to_owned()),
        None => {}
        Some(r) => {
            let score = r.score.unwrap_or_default();
            if let Some(min) = rule.min_score {
                let text = format!("the score {score} against at least {min}");
                if score >= min { passed.push(text) } else { failed.push(text) }
            }
            if rule.all_targets_met {
                let text = format!("{} of {} applicable targets met, all required", r.met, r.applicable);
                if r.all_targets_met() { passed.push(text) } else { failed.push(text) }
            }
            if let Some(max) = rule.max_rank {
                match r.rank {
                    Some(rank) if rank <= max => {
                        passed.push(format!("rank {rank} of {} within the first {max}", r.units_ranked))
                    }
                    Some(rank) => failed.push(format!("rank {rank} of {} outside the first {max}", r.units_ranked)),
                    None => failed.push(format!("no rank, the first {max} required")),
                }
            }
        }
    }
    let (verdict, said) = if !failed.is_empty() {
        (Verdict::NotMet, format!("Not attained: {}.", failed.join("; ")))
    } else if !open.is_empty() {
        (Verdict::Pending, format!("Not known yet: {}.", open.join("; ")))
    } else if passed.is_empty() {
        (Verdict::Met, "The rule sets no threshold.".to_owned())
    } else {
        (Verdict::Met, format!("Attained: {}.", passed.join("; ")))
    };
    outcome(code, &rule.basis, verdict, format!("{award_name}: {said}"), figures)
}

/// Rule 2: a founded complaint about barred conduct in the period bars the
/// nominee; an open one holds it.
fn no_founded_complaint(f: &Facts<'_>) -> RuleOutcome {
    let (from, to) = f.achievement;
    let counts = |c: &&ComplaintFact| {
        f.bar.bars(c.conduct)
            && from <= c.incident_on
            && c.incident_on <= to
            && (!c.about_person || f.kind == NomineeKind::Individual || f.bar.members_bar_collective)
    };
    let relevant: Vec<&ComplaintFact> = f.complaints.iter().filter(counts).collect();
    let founded: Vec<&ComplaintFact> = relevant
        .iter()
        .copied()
        .filter(|c| c.status == ComplaintStatus::Concluded && c.outcome.is_some_and(Outcome::is_founded))
        .collect();
    let open: Vec<&ComplaintFact> = relevant
        .iter()
        .copied()
        .filter(|c| matches!(c.status, ComplaintStatus::Received | ComplaintStatus::InProgress))
        .collect();
    let figures = json!({
        "period": { "from": from, "to": to },
        "barred_conducts": f.bar.barred_conducts,
        "members_bar_collective": f.bar.members_bar_collective,
        "complaints_read": f.complaints.len(),
        "founded": founded.iter().map(|c| json!({
            "id": c.id, "conduct": c.conduct, "incident_on": c.incident_on, "outcome": c.outcome,
            "conclusion_number": c.conclusion_number, "conclusion_on": c.conclusion_on,
            "conclusion_issuer": c.conclusion_issuer,
        })).collect::<Vec<_>>(),
        "pending": open.iter().map(|c| json!({
            "id": c.id, "conduct": c.conduct, "incident_on": c.incident_on, "status": c.status,
        })).collect::<Vec<_>>(),
    });
    let basis = &f.bar.basis;
    let code = RuleCode::NoFoundedComplaint;
    if !founded.is_empty() {
        let cited: Vec<String> = founded
            .iter()
            .map(|c| {
                format!(
                    "complaint {} ({}, on {}) concluded {} by {} of {}",
                    c.id,
                    c.conduct.as_str(),
                    c.incident_on,
                    c.outcome.map_or("", Outcome::as_str),
                    c.conclusion_number.as_deref().unwrap_or("?"),
                    c.conclusion_on.map_or_else(|| "?".to_owned(), |d| d.to_string()),
                )
            })
            .collect();
        return outcome(code, basis, Verdict::NotMet, format!("Barred under {basis}: {}.", cited.join("; ")), figures);
    }
    if !open.is_empty() {
        let cited: Vec<String> = open
            .iter()
            .map(|c| format!("complaint {} ({}, {})", c.id, c.conduct.as_str(), c.status.as_str()))
            .collect();
        return outcome(code, basis, Verdict::Pending, format!("Held until concluded: {}.", cited.join("; ")), figures);
    }
    outcome(
        code,
        basis,
        Verdict::Met,
        format!(
            "No complaint about barred conduct from {from} to {to} was concluded founded or is open ({} read).",
            f.complaints.len()
        ),
        figures,
    )
}

/// Rule 3: another award for the same achievement, decided or awaited.
fn one_achievement_one_reward(others: &[OtherNomination]) -> RuleOutcome {
    let approved: Vec<&OtherNomination> = others.iter().filter(|o| o.status == NominationStatus::Approved).collect();
    let awaited: Vec<&OtherNomination> = others.iter().filter(|o| o.status == NominationStatus::Forwarded).collect();
    let figures = json!({
        "prior_awards": approved.iter().map(|o| json!({
            "nomination_id": o.id, "award_type": o.award_type_name, "status": o.status,
            "superior_decision_number": o.superior_decision_number,
        })).collect::<Vec<_>>(),
        "awaiting_superior": awaited.iter().map(|o| json!({
            "nomination_id": o.id, "award_type": o.award_type_name,
        })).collect::<Vec<_>>(),
        "other_nominations": others.len(),
    });
    let code = RuleCode::OneAchievementOneReward;
    let list = |items: &[&OtherNomination]| {
        items.iter().map(|o| format!("{} (nomination {})", o.award_type_name, o.id)).collect::<Vec<_>>().join(", ")
    };
    if !approved.is_empty() {
        return outcome(
            code,
            ONE_REWARD_BASIS,
            Verdict::NotMet,
            format!("The same achievement was already rewarded: {}.", list(&approved)),
            figures,
        );
    }
    if !awaited.is_empty() {
        return outcome(
            code,
            ONE_REWARD_BASIS,
            Verdict::Pending,
            format!("The same achievement awaits the superior level's decision: {}.", list(&awaited)),
            figures,
        );
    }
    outcome(code, ONE_REWARD_BASIS, Verdict::Met, "No other award for the same achievement.".to_owned(), figures)
}

/// Rule 4: whether the commune chairman may decide it, or it goes up.
fn authority(award: &AwardType, forwarded: bool, today: NaiveDate) -> RuleOutcome {
    let figures = json!({
        "award_type": award.name,
        "issuing_level": award.issuing_level,
        "valid_from": award.valid_from,
        "valid_to": award.valid_to,
        "on": today,
        "forwarded": forwarded,
    });
    let code = RuleCode::Authority;
    let (verdict, explanation) = match award.issuing_level {
        IssuingLevel::Commune if award.valid_on(today) => {
            (Verdict::Met, format!("{} is awarded by the commune chairman.", award.name))
        }
        IssuingLevel::Commune => {
            let until = award.valid_to.map(|d| format!(" to {d}")).unwrap_or_default();
            (Verdict::NotMet, format!("{} is awarded from {}{until}, not on {today}.", award.name, award.valid_from))
        }
        level if forwarded => (
            Verdict::Met,
            format!("{} is decided at the {} level; the nomination was forwarded there.", award.name, level.as_str()),
        ),
        level => (
            Verdict::NotMet,
            format!(
                "{} is decided at the {} level, beyond the commune chairman's power: forward the nomination.",
                award.name,
                level.as_str()
            ),
        ),
    };
    outcome(code, AUTHORITY_BASIS, verdict, explanation, figures)
}

/// Rule 5: the council's result.
fn council(result: Option<CouncilResult>) -> RuleOutcome {
    let figures = json!({ "council_result": result });
    let (verdict, explanation) = match result {
        Some(CouncilResult::Passed) => (Verdict::Met, "The council passed the nomination."),
        Some(CouncilResult::Failed) => (Verdict::NotMet, "The council did not pass the nomination."),
        None => (Verdict::Pending, "The council has not reviewed the nomination yet."),
    };
    outcome(RuleCode::Council, COUNCIL_BASIS, verdict, explanation.to_owned(), figures)
}

/// Rule 6: posted, and the posting over.
fn publicity(
    posted_on: Option<NaiveDate>,
    posted_until: Option<NaiveDate>,
    feedback: i64,
    today: NaiveDate,
) -> RuleOutcome {
    let figures = json!({ "posted_on": posted_on, "posted_until": posted_until, "feedback_count": feedback });
    let (verdict, explanation) = match (posted_on, posted_until) {
        (Some(on), Some(until)) if today > until => {
            (Verdict::Met, format!("Posted from {on} to {until}; {feedback} feedback item(s) received."))
        }
        (Some(on), Some(until)) => (
            Verdict::Pending,
            format!("Posted from {on}; the posting runs to {until} ({feedback} feedback item(s) so far)."),
        ),
        _ => (Verdict::Pending, "Not posted publicly yet.".to_owned()),
    };
    outcome(RuleCode::Publicity, PUBLICITY_BASIS, verdict, explanation, figures)
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::domain::awards::AwardKind;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn award(level: IssuingLevel, valid_to: Option<&str>) -> AwardType {
        AwardType {
            id: "t".into(),
            code: "t".into(),
            name: "Giấy khen".into(),
            kind: AwardKind::Certificate,
            issuing_level: level,
            valid_from: date("2017-10-01"),
            valid_to: valid_to.map(date),
            legal_basis_id: "lb".into(),
            verified: true,
            version: 1,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            coefficients: vec![],
        }
    }

    fn rule(kind: NomineeKind) -> AwardRule {
        AwardRule {
            id: "r".into(),
            campaign_id: "c".into(),
            award_type_id: "t".into(),
            subject_kind: kind,
            min_score: Some(90.0),
            all_targets_met: true,
            max_rank: Some(3),
            min_rating: None,
            basis: "Kế hoạch 05/KH-UBND §VI.1".into(),
            version: 1,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
        }
    }

    fn results(score: f64, rank: u32, met: i64, applicable: i64) -> Results {
        Results { score: Some(score), rank: Some(rank), met, applicable, units_ranked: 6, periods: vec!["2023".into()] }
    }

    fn complaint(
        id: &str,
        conduct: Conduct,
        on: &str,
        status: ComplaintStatus,
        outcome: Option<Outcome>,
    ) -> ComplaintFact {
        let concluded = status == ComplaintStatus::Concluded;
        ComplaintFact {
            id: id.into(),
            conduct,
            incident_on: date(on),
            status,
            outcome,
            conclusion_number: concluded.then(|| "15/KL-UBND".into()),
            conclusion_on: concluded.then(|| date("2023-10-02")),
            conclusion_issuer: concluded.then(|| "Chủ tịch UBND xã".into()),
            about_person: false,
        }
    }

    struct Case {
        kind: NomineeKind,
        award: AwardType,
        rule: Option<AwardRule>,
        results: Option<Results>,
        rating: Option<TaskRating>,
        bar: AwardBar,
        complaints: Vec<ComplaintFact>,
        others: Vec<OtherNomination>,
        forwarded: bool,
        council: Option<CouncilResult>,
        posted: Option<(&'static str, &'static str)>,
    }

    impl Case {
        /// A collective Giấy khen that meets every rule.
        fn good() -> Self {
            Self {
                kind: NomineeKind::Collective,
                award: award(IssuingLevel::Commune, None),
                rule: Some(rule(NomineeKind::Collective)),
                results: Some(results(95.0, 1, 12, 12)),
                rating: None,
                bar: AwardBar::plan_05("c"),
                complaints: vec![],
                others: vec![],
                forwarded: false,
                council: Some(CouncilResult::Passed),
                posted: Some(("2023-12-01", "2023-12-15")),
            }
        }

        fn run(&self) -> Vec<RuleOutcome> {
            let posted = self.posted.map(|(a, b)| (date(a), date(b)));
            evaluate(&Facts {
                kind: self.kind,
                award: &self.award,
                rule: self.rule.as_ref(),
                results: self.results.as_ref(),
                task_rating: self.rating,
                bar: &self.bar,
                achievement: (date("2023-01-01"), date("2023-12-31")),
                complaints: &self.complaints,
                others: &self.others,
                forwarded: self.forwarded,
                council_result: self.council,
                posted_on: posted.map(|p| p.0),
                posted_until: posted.map(|p| p.1),
                feedback_count: 2,
                today: date("2023-12-20"),
            })
        }

        fn verdict(&self, code: RuleCode) -> Verdict {
            self.outcome(code).verdict
        }

        fn outcome(&self, code: RuleCode) -> RuleOutcome {
            self.run().into_iter().find(|o| o.code == code).unwrap()
        }
    }

    #[test]
    fn a_good_nomination_meets_every_rule() {
        let outcomes = Case::good().run();
        assert_eq!(outcomes.len(), 6);
        assert!(outcomes.iter().all(|o| o.verdict == Verdict::Met), "{outcomes:#?}");
        assert_eq!(overall(&outcomes), Verdict::Met);
        assert_eq!(outcomes[0].basis, "Kế hoạch 05/KH-UBND §VI.1");
        assert_eq!(outcomes[0].figures["score"], 95.0);
        assert_eq!(outcomes[5].figures["feedback_count"], 2);
    }

    #[test]
    fn attainment_reads_score_targets_and_rank() {
        use RuleCode::Attainment as A;
        let mut case = Case::good();
        case.results = Some(results(89.99, 1, 12, 12));
        let o = case.outcome(A);
        assert_eq!(o.verdict, Verdict::NotMet);
        assert!(o.explanation.contains("89.99 against at least 90"), "{}", o.explanation);
        case.results = Some(results(95.0, 1, 11, 12));
        assert_eq!(case.verdict(A), Verdict::NotMet, "a target missed");
        case.results = Some(results(95.0, 4, 12, 12));
        assert!(case.outcome(A).explanation.contains("rank 4 of 6 outside the first 3"));
        case.results =
            Some(Results { score: None, rank: None, met: 0, applicable: 0, units_ranked: 6, periods: vec![] });
        assert_eq!(case.verdict(A), Verdict::Pending, "nothing approved yet");
        case.results = None;
        assert_eq!(case.verdict(A), Verdict::Pending);
        // A rule with no threshold is met by anyone.
        let mut open = rule(NomineeKind::Collective);
        (open.min_score, open.all_targets_met, open.max_rank) = (None, false, None);
        case.rule = Some(open);
        assert_eq!(case.verdict(A), Verdict::Met);
    }

    #[test]
    fn no_rule_for_the_award_is_not_met_and_says_so() {
        let mut case = Case::good();
        case.rule = None;
        let o = case.outcome(RuleCode::Attainment);
        assert_eq!((o.verdict, o.basis.as_str()), (Verdict::NotMet, NO_RULE_BASIS));
        assert!(o.explanation.contains("no award rule for Giấy khen to a collective"), "{}", o.explanation);
    }

    #[test]
    fn individuals_are_judged_by_their_rating() {
        let mut case = Case::good();
        case.kind = NomineeKind::Individual;
        let mut r = rule(NomineeKind::Individual);
        (r.min_score, r.all_targets_met, r.max_rank, r.min_rating) =
            (None, false, None, Some(TaskRating::CompletedWell));
        case.rule = Some(r);
        case.rating = Some(TaskRating::CompletedExcellently);
        assert_eq!(case.verdict(RuleCode::Attainment), Verdict::Met);
        case.rating = Some(TaskRating::Completed);
        let o = case.outcome(RuleCode::Attainment);
        assert_eq!(o.verdict, Verdict::NotMet);
        assert!(o.explanation.contains("completed is below completed_well"), "{}", o.explanation);
        assert_eq!(o.figures["task_rating"], "completed");
        case.rating = None;
        assert_eq!(case.verdict(RuleCode::Attainment), Verdict::NotMet);
    }

    #[test]
    fn a_founded_barred_complaint_in_the_period_bars_and_is_cited() {
        use ComplaintStatus::*;
        let mut case = Case::good();
        case.complaints =
            vec![complaint("k1", Conduct::Harassment, "2023-05-10", Concluded, Some(Outcome::PartlyFounded))];
        let o = case.outcome(RuleCode::NoFoundedComplaint);
        assert_eq!(o.verdict, Verdict::NotMet);
        assert_eq!(o.basis, "Kế hoạch 05/KH-UBND §VI.2");
        assert!(o.explanation.contains("§VI.2"), "{}", o.explanation);
        assert!(
            o.explanation.contains(
                "complaint k1 (harassment, on 2023-05-10) concluded partly_founded by 15/KL-UBND of 2023-10-02"
            ),
            "{}",
            o.explanation
        );
        assert_eq!(o.figures["founded"][0]["conclusion_number"], "15/KL-UBND");
        assert_eq!(overall(&case.run()), Verdict::NotMet);
    }

    #[test]
    fn open_complaints_hold_and_others_are_ignored() {
        use ComplaintStatus::*;
        let mut case = Case::good();
        case.complaints = vec![
            complaint("open", Conduct::Waste, "2023-06-01", InProgress, None),
            complaint("unfounded", Conduct::Waste, "2023-06-01", Concluded, Some(Outcome::Unfounded)),
        ];
        let o = case.outcome(RuleCode::NoFoundedComplaint);
        assert_eq!(o.verdict, Verdict::Pending);
        assert_eq!(o.figures["pending"][0]["id"], "open");
        assert_eq!(overall(&case.run()), Verdict::Pending);
        case.complaints = vec![
            complaint("unfounded", Conduct::Waste, "2023-06-01", Concluded, Some(Outcome::Unfounded)),
            complaint("withdrawn", Conduct::Waste, "2023-06-01", Withdrawn, None),
            complaint("not-accepted", Conduct::Waste, "2023-06-01", NotAccepted, None),
            complaint("delay", Conduct::Delay, "2023-06-01", Concluded, Some(Outcome::Founded)),
            complaint("last-year", Conduct::Waste, "2022-12-31", Concluded, Some(Outcome::Founded)),
            complaint("received-next-year", Conduct::Waste, "2024-01-01", Received, None),
        ];
        let o = case.outcome(RuleCode::NoFoundedComplaint);
        assert_eq!(o.verdict, Verdict::Met, "{o:#?}");
        assert_eq!(o.figures["complaints_read"], 6);
    }

    #[test]
    fn a_members_complaint_bars_the_collective_only_when_the_bar_says_so() {
        let mut case = Case::good();
        let mut about_member =
            complaint("m", Conduct::Bureaucracy, "2023-03-01", ComplaintStatus::Concluded, Some(Outcome::Founded));
        about_member.about_person = true;
        case.complaints = vec![about_member];
        assert_eq!(case.verdict(RuleCode::NoFoundedComplaint), Verdict::Met);
        case.bar.members_bar_collective = true;
        assert_eq!(case.verdict(RuleCode::NoFoundedComplaint), Verdict::NotMet);
        // For an individual a complaint naming the person always counts.
        let mut case2 = Case::good();
        case2.kind = NomineeKind::Individual;
        case2.complaints = case.complaints.clone();
        assert_eq!(case2.verdict(RuleCode::NoFoundedComplaint), Verdict::NotMet);
    }

    fn other(status: NominationStatus) -> OtherNomination {
        OtherNomination {
            id: "n2".into(),
            award_type_name: "Giấy khen của Chủ tịch UBND huyện".into(),
            status,
            superior_decision_number: None,
        }
    }

    #[test]
    fn one_achievement_is_rewarded_once() {
        let code = RuleCode::OneAchievementOneReward;
        let mut case = Case::good();
        case.others = vec![other(NominationStatus::Approved)];
        let o = case.outcome(code);
        assert_eq!((o.verdict, o.basis.as_str()), (Verdict::NotMet, ONE_REWARD_BASIS));
        assert!(o.basis.contains("Điều 5"));
        assert!(o.explanation.contains("already rewarded: Giấy khen của Chủ tịch UBND huyện (nomination n2)"));
        case.others = vec![other(NominationStatus::Forwarded)];
        assert_eq!(case.verdict(code), Verdict::Pending);
        case.others = vec![other(NominationStatus::Rejected), other(NominationStatus::Proposed)];
        assert_eq!(case.verdict(code), Verdict::Met, "only a decided or awaited award counts");
    }

    #[test]
    fn authority_follows_the_issuing_level_and_the_date() {
        let code = RuleCode::Authority;
        let mut case = Case::good();
        case.award = award(IssuingLevel::District, Some("2025-06-30"));
        let o = case.outcome(code);
        assert_eq!(o.verdict, Verdict::NotMet);
        assert!(o.explanation.contains("forward the nomination"), "{}", o.explanation);
        assert!(o.basis.contains("Điều 80"));
        case.forwarded = true;
        assert_eq!(case.verdict(code), Verdict::Met);
        case.award = award(IssuingLevel::Commune, Some("2023-06-30"));
        assert_eq!(case.verdict(code), Verdict::NotMet, "no longer awarded on the day");
    }

    #[test]
    fn the_council_and_the_posting_each_decide_or_wait() {
        let mut case = Case::good();
        case.council = Some(CouncilResult::Failed);
        assert_eq!(case.verdict(RuleCode::Council), Verdict::NotMet);
        case.council = None;
        assert_eq!(case.verdict(RuleCode::Council), Verdict::Pending);
        case.posted = Some(("2023-12-10", "2023-12-22"));
        let o = case.outcome(RuleCode::Publicity);
        assert_eq!(o.verdict, Verdict::Pending);
        assert!(o.explanation.contains("runs to 2023-12-22"));
        // The last day of the posting still counts as posted.
        case.posted = Some(("2023-12-06", "2023-12-20"));
        assert_eq!(case.verdict(RuleCode::Publicity), Verdict::Pending);
        case.posted = Some(("2023-12-05", "2023-12-19"));
        assert_eq!(case.verdict(RuleCode::Publicity), Verdict::Met);
        case.posted = None;
        assert_eq!(case.outcome(RuleCode::Publicity).explanation, "Not posted publicly yet.");
    }

    #[test]
    fn verdicts_order_from_met_to_not_met() {
        assert!(Verdict::Met < Verdict::Pending && Verdict::Pending < Verdict::NotMet);
        assert_eq!(overall(&[]), Verdict::Met);
    }
}
