//! The service-level clock of a ticket ("马上就办"): answer and resolve deadlines in working time
//! on the zone's [`WorkCalendar`], pauses, and the escalation ladder 催办 → 督办 → 通报.
//!
//! Nothing is stored: [`evaluate`] derives the whole state from the ticket's history, the
//! policy, the calendar, the office hours and `now`, so a changed calendar or policy gives the
//! new state by evaluating again.
//!
//! The rules, in one place:
//! - Working time is time inside [`OfficeHours`] on working days. Precision is one second
//!   (sub-second parts of timestamps are dropped).
//! - The clock starts at the first `Dispatch` (or `Redispatch`), whether or not the department
//!   accepts: it cannot stop the clock by not accepting. A `Return` (退单) does not stop it.
//! - A ticket taken by phone and entered later starts its clock when it was received
//!   (`Received`): the time until it was entered (`Entered`) counts, as the enterprise waited
//!   it; from the entry to the dispatch it waits like any new ticket, then runs on.
//! - `Pause` .. `Resume` is not counted. A `Pause` while paused and a `Resume` while running are
//!   ignored. `Resolve` (or a `Close` without resolution) stops the clock; `Reopen` restarts it
//!   where it stopped, keeping the working time used so far.
//! - A limit is a budget of working time measured from the start (see [`Limit`]); the deadline
//!   is the instant the running clock has used the whole budget. So a pause during working time
//!   moves the deadline by exactly the paused working time, and a pause outside office hours
//!   moves nothing. While the clock is stopped, the deadline is where it would be if the clock
//!   ran again from `now` (paused) or from the stop (resolved, closed).
//! - A deadline is met at the instant itself, breached after it.
//! - Before all that, the dispatch clock ([`dispatch_wait`]): from the ticket's receipt until its
//!   first dispatch, the policy's `dispatch` limit in working time; nothing pauses it.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::WorkCalendar;

const DAY_SECS: i64 = 86_400;

/// Limits beyond this many days or hours are configuration mistakes; capping them keeps every
/// walk through the calendar short (100 000 working days is several centuries).
pub const MAX_LIMIT_AMOUNT: u32 = 100_000;

/// One stretch of office hours, `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OfficeInterval {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Office hours on a working day: ascending, non-overlapping intervals (at least one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "Vec<OfficeInterval>", into = "Vec<OfficeInterval>")]
pub struct OfficeHours {
    intervals: Vec<OfficeInterval>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum OfficeHoursError {
    #[error("office hours need at least one interval")]
    Empty,
    #[error("office interval {start}–{end} does not end after it starts")]
    NotIncreasing { start: NaiveTime, end: NaiveTime },
    #[error("office interval starting at {0} overlaps or precedes the one before it")]
    OutOfOrder(NaiveTime),
}

fn secs_of(t: NaiveTime) -> i64 {
    i64::from(t.num_seconds_from_midnight())
}

fn at(day: NaiveDate, secs: i64) -> NaiveDateTime {
    let secs = u32::try_from(secs.clamp(0, DAY_SECS - 1)).expect("clamped to a day");
    day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).expect("within a day"))
}

impl OfficeHours {
    pub fn new(intervals: Vec<OfficeInterval>) -> Result<Self, OfficeHoursError> {
        if intervals.is_empty() {
            return Err(OfficeHoursError::Empty);
        }
        let mut prev_end: Option<i64> = None;
        for iv in &intervals {
            let (s, e) = (secs_of(iv.start), secs_of(iv.end));
            if e <= s {
                return Err(OfficeHoursError::NotIncreasing { start: iv.start, end: iv.end });
            }
            if prev_end.is_some_and(|p| s < p) {
                return Err(OfficeHoursError::OutOfOrder(iv.start));
            }
            prev_end = Some(e);
        }
        Ok(OfficeHours { intervals })
    }

    pub fn intervals(&self) -> &[OfficeInterval] {
        &self.intervals
    }

    /// Start of business.
    pub fn opening(&self) -> NaiveTime {
        self.intervals[0].start
    }

    /// Close of business.
    pub fn closing(&self) -> NaiveTime {
        self.intervals[self.intervals.len() - 1].end
    }

    /// Working minutes in one working day (420 for the default hours).
    pub fn daily_minutes(&self) -> i64 {
        self.spans().map(|(s, e)| e - s).sum::<i64>() / 60
    }

    /// The intervals as seconds from midnight.
    fn spans(&self) -> impl DoubleEndedIterator<Item = (i64, i64)> + '_ {
        self.intervals.iter().map(|iv| (secs_of(iv.start), secs_of(iv.end)))
    }
}

/// 09:00–12:00 and 13:30–17:30.
impl Default for OfficeHours {
    fn default() -> Self {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
        OfficeHours {
            intervals: vec![
                OfficeInterval { start: t(9, 0), end: t(12, 0) },
                OfficeInterval { start: t(13, 30), end: t(17, 30) },
            ],
        }
    }
}

impl TryFrom<Vec<OfficeInterval>> for OfficeHours {
    type Error = OfficeHoursError;
    fn try_from(v: Vec<OfficeInterval>) -> Result<Self, Self::Error> {
        OfficeHours::new(v)
    }
}

impl From<OfficeHours> for Vec<OfficeInterval> {
    fn from(h: OfficeHours) -> Self {
        h.intervals
    }
}

/// Working-time arithmetic on one calendar with one set of office hours.
#[derive(Clone, Copy, Debug)]
pub struct WorkingTime<'a> {
    pub calendar: &'a WorkCalendar,
    pub hours: &'a OfficeHours,
}

impl<'a> WorkingTime<'a> {
    pub fn new(calendar: &'a WorkCalendar, hours: &'a OfficeHours) -> Self {
        WorkingTime { calendar, hours }
    }

    /// Working seconds in `[from, to)`; zero when `to <= from`.
    pub fn seconds_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        let mut day = from.date();
        loop {
            if self.calendar.is_working_day(day) {
                let lo = if day == from.date() { secs_of(from.time()) } else { 0 };
                let hi = if day == to.date() { secs_of(to.time()) } else { DAY_SECS };
                total += self.hours.spans().map(|(s, e)| (e.min(hi) - s.max(lo)).max(0)).sum::<i64>();
            }
            if day >= to.date() {
                return total;
            }
            day = day.succ_opt().expect("before `to`, so not the last date");
        }
    }

    /// The earliest instant at or after `from` when `seconds` of working time have passed since
    /// `from` (`from` itself for zero). Saturates at `NaiveDateTime::MAX`.
    pub fn add_seconds(&self, from: NaiveDateTime, seconds: i64) -> NaiveDateTime {
        if seconds <= 0 {
            return from;
        }
        let mut left = seconds;
        let mut day = from.date();
        let mut lo = secs_of(from.time());
        loop {
            if self.calendar.is_working_day(day) {
                for (s, e) in self.hours.spans() {
                    let s = s.max(lo);
                    if s >= e {
                        continue;
                    }
                    if left <= e - s {
                        return at(day, s + left);
                    }
                    left -= e - s;
                }
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => return NaiveDateTime::MAX,
            }
            lo = 0;
        }
    }

    /// The latest instant at or before `to` from which `seconds` of working time remain until
    /// `to`: the start of the last `seconds` of working time. Never earlier than `floor`.
    fn sub_seconds_not_before(&self, to: NaiveDateTime, seconds: i64, floor: NaiveDateTime) -> NaiveDateTime {
        if seconds <= 0 {
            return to.max(floor);
        }
        let mut left = seconds;
        let mut day = to.date();
        let mut hi = secs_of(to.time());
        while day >= floor.date() {
            if self.calendar.is_working_day(day) {
                for (s, e) in self.hours.spans().rev() {
                    let e = e.min(hi);
                    if s >= e {
                        continue;
                    }
                    if left <= e - s {
                        return at(day, e - left).max(floor);
                    }
                    left -= e - s;
                }
            }
            match day.pred_opt() {
                Some(prev) => day = prev,
                None => break,
            }
            hi = DAY_SECS;
        }
        floor
    }

    /// Start of business on `day`.
    pub fn opening_of(&self, day: NaiveDate) -> NaiveDateTime {
        day.and_time(self.hours.opening())
    }

    /// Close of business on `day`.
    pub fn closing_of(&self, day: NaiveDate) -> NaiveDateTime {
        day.and_time(self.hours.closing())
    }

    /// The end of a working-days limit of `n` counted from `t` (see [`LimitUnit::WorkingDays`]).
    pub fn working_days_deadline(&self, t: NaiveDateTime, n: u32) -> NaiveDateTime {
        let close = self.closing_of(self.calendar.add_working_days(t.date(), n));
        if n == 0 && close < t {
            // Same-day case dispatched after close of business: the next working day.
            return self.closing_of(self.calendar.add_working_days(t.date(), 1));
        }
        close
    }

    /// The `n`-th working day before `day` (`day` itself, or the working day before it, for
    /// `n == 0`); `None` once the walk passes `floor`.
    fn working_day_before(&self, day: NaiveDate, n: u32, floor: NaiveDate) -> Option<NaiveDate> {
        let mut d = if n == 0 { day } else { day.pred_opt()? };
        let mut left = n.max(1);
        loop {
            if d < floor {
                return None;
            }
            if self.calendar.is_working_day(d) {
                left -= 1;
                if left == 0 {
                    return Some(d);
                }
            }
            d = d.pred_opt()?;
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LimitUnit {
    /// `amount` hours of working time.
    WorkingHours,
    /// "X个工作日内": the day of dispatch does not count; the limit ends at close of business of
    /// the `amount`-th working day after the dispatch date (whatever the hour of dispatch).
    /// `amount == 0` is the same-day case: close of business of the dispatch date if it is a
    /// working day and the dispatch is not after its close, else of the next working day.
    WorkingDays,
}

/// A time limit. Amounts are capped at [`MAX_LIMIT_AMOUNT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub amount: u32,
    pub unit: LimitUnit,
}

impl Limit {
    pub const fn working_days(amount: u32) -> Self {
        Limit { amount, unit: LimitUnit::WorkingDays }
    }

    pub const fn working_hours(amount: u32) -> Self {
        Limit { amount, unit: LimitUnit::WorkingHours }
    }

    fn capped(&self) -> u32 {
        self.amount.min(MAX_LIMIT_AMOUNT)
    }

    /// The working time the limit allows a clock started at `start`. A days limit is turned into
    /// the working time from `start` to its deadline, so pauses shift it like an hours limit.
    pub fn budget_seconds(&self, wt: &WorkingTime<'_>, start: NaiveDateTime) -> i64 {
        match self.unit {
            LimitUnit::WorkingHours => i64::from(self.capped()) * 3600,
            LimitUnit::WorkingDays => wt.seconds_between(start, wt.working_days_deadline(start, self.capped())),
        }
    }
}

/// The service level of one category and priority of ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Policy {
    /// From its receipt until it is dispatched (派单) to a department: how long a filed ticket may
    /// wait for the dispatcher (see [`dispatch_wait`]).
    pub dispatch: Limit,
    /// Until the department answers (签收 / first reply).
    pub answer: Limit,
    /// Until it is resolved (办结).
    pub resolve: Limit,
    /// 催办 starts this long before the resolve deadline. In working days, at start of business
    /// of the `n`-th working day before the deadline's day (`n == 0`: of the deadline's day); in
    /// working hours, when that much working time is left.
    pub remind_before: Limit,
    /// 通报 at start of business of this many working days after the deadline's day.
    pub notice_after_working_days: u32,
}

impl Policy {
    /// Urgent cases: dispatched within a working hour, answered and resolved the same day, reminded
    /// two working hours before.
    pub const URGENT: Policy = Policy {
        dispatch: Limit::working_hours(1),
        answer: Limit::working_days(0),
        resolve: Limit::working_days(0),
        remind_before: Limit::working_hours(2),
        notice_after_working_days: 5,
    };
}

/// Hotline practice: dispatched within 4 working hours, answered in 3 working days, resolved in
/// 13, reminded a working day before, publicly noticed 5 working days after the deadline.
impl Default for Policy {
    fn default() -> Self {
        Policy {
            dispatch: Limit::working_hours(4),
            answer: Limit::working_days(3),
            resolve: Limit::working_days(13),
            remind_before: Limit::working_days(1),
            notice_after_working_days: 5,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// 派单: starts the clock (the first one).
    Dispatch,
    /// 签收 / answer: the first one answers.
    Accept,
    /// 暂停 (waiting for the enterprise): stops counting.
    Pause,
    /// 恢复办理: counts again.
    Resume,
    /// 退单: the department hands the ticket back; the clock keeps running.
    Return,
    /// 改派 / 坚持派单 after a return: the clock keeps running.
    Redispatch,
    /// 办结: stops the resolve clock (and answers, if nothing did before).
    Resolve,
    /// 重新办理: the clock runs again, from where it stopped.
    Reopen,
    /// 关闭 (with or without resolution): stops the clock if still running.
    Close,
    /// 受理 of a ticket taken by phone (or found on a visit) and entered afterwards: starts the
    /// clock at the moment it was received.
    Received,
    /// The entry of such a ticket: its clock waits from here until the dispatch.
    Entered,
}

/// One entry of a ticket's history; `at` is zone-local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Event {
    #[schema(value_type = String, example = "2026-12-03T17:26:00")]
    pub at: NaiveDateTime,
    pub kind: EventKind,
}

impl Event {
    pub fn new(at: NaiveDateTime, kind: EventKind) -> Self {
        Event { at, kind }
    }
}

/// The escalation ladder, lowest first.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Escalation {
    #[default]
    None,
    /// 催办: the resolve deadline is near (or just passed, until supervision begins).
    Reminder,
    /// 督办: from start of business of the first working day after the deadline's day.
    Supervision,
    /// 通报: from start of business of the `notice_after_working_days`-th working day after it.
    PublicNotice,
}

/// The clock as of `now`. Before the first dispatch it is empty (`SlaState::default()`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SlaState {
    #[schema(value_type = Option<String>, example = "2026-12-03T17:26:00")]
    pub started_at: Option<NaiveDateTime>,
    #[schema(value_type = Option<String>, example = "2026-12-03T17:26:00")]
    pub answered_at: Option<NaiveDateTime>,
    /// The resolution in force (None again after a reopen).
    #[schema(value_type = Option<String>, example = "2026-12-03T17:26:00")]
    pub resolved_at: Option<NaiveDateTime>,
    /// The close in force (None again after a reopen).
    #[schema(value_type = Option<String>, example = "2026-12-03T17:26:00")]
    pub closed_at: Option<NaiveDateTime>,
    pub paused: bool,
    /// Neither resolved nor closed (the clock runs or is paused).
    pub open: bool,
    #[schema(value_type = Option<String>, example = "2026-12-03T17:26:00")]
    pub answer_due: Option<NaiveDateTime>,
    #[schema(value_type = Option<String>, example = "2026-12-03T17:26:00")]
    pub resolve_due: Option<NaiveDateTime>,
    /// Working minutes the resolve clock has run (rounded down).
    pub resolve_elapsed_minutes: Option<i64>,
    /// Working minutes left of the resolve budget (rounded down); negative once it is used up.
    pub resolve_remaining_minutes: Option<i64>,
    /// Working minutes in one working day of the office hours this clock ran on: the console
    /// shows minutes as 工作日/小时 with it (the zone may change its hours, so it is not a constant).
    pub day_minutes: Option<i64>,
    /// The answer deadline passed before the answer (before `now` while unanswered).
    pub answer_breached: bool,
    /// The resolve deadline passed before the resolution or close (before `now` while open).
    pub resolve_breached: bool,
    /// Where the ticket stands on the ladder now; `None` once resolved or closed.
    pub level: Escalation,
    /// When each level begins, while open, so a scheduler can act then.
    #[schema(value_type = Option<String>, example = "2026-12-03T17:26:00")]
    pub remind_at: Option<NaiveDateTime>,
    #[schema(value_type = Option<String>, example = "2026-12-03T17:26:00")]
    pub supervise_at: Option<NaiveDateTime>,
    #[schema(value_type = Option<String>, example = "2026-12-03T17:26:00")]
    pub notice_at: Option<NaiveDateTime>,
}

/// The history replayed: when the clock ran, and where it stands.
#[derive(Default)]
struct Replay {
    started_at: Option<NaiveDateTime>,
    answered_at: Option<NaiveDateTime>,
    resolved_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
    /// `[from, to)` stretches the clock ran; the current one is cut at `now`.
    runs: Vec<(NaiveDateTime, NaiveDateTime)>,
    running_since: Option<NaiveDateTime>,
    paused: bool,
    /// Received earlier, entered, not yet dispatched: the clock waits for the dispatch.
    awaiting_dispatch: bool,
    dispatched: bool,
}

impl Replay {
    fn new(history: &[Event], now: NaiveDateTime) -> Self {
        let mut events: Vec<Event> =
            history.iter().map(|e| Event { at: whole_second(e.at), ..*e }).filter(|e| e.at <= now).collect();
        // Stable: events at the same instant keep the order they were recorded in.
        events.sort_by_key(|e| e.at);
        let mut r = Replay::default();
        for Event { at, kind } in events {
            r.apply(at, kind);
        }
        if let Some(since) = r.running_since {
            r.runs.push((since, now));
        }
        r
    }

    fn stopped(&self) -> bool {
        self.resolved_at.is_some() || self.closed_at.is_some()
    }

    fn stop_running(&mut self, at: NaiveDateTime) {
        if let Some(since) = self.running_since.take() {
            self.runs.push((since, at));
        }
    }

    fn apply(&mut self, at: NaiveDateTime, kind: EventKind) {
        use EventKind::*;
        if self.started_at.is_none() {
            // Nothing counts before the ticket reaches a department, or before it was received
            // when it was entered afterwards.
            if matches!(kind, Dispatch | Redispatch | Received) {
                self.started_at = Some(at);
                self.running_since = Some(at);
                self.dispatched = kind != Received;
            }
            return;
        }
        match kind {
            Entered if !self.dispatched && self.running_since.is_some() => {
                self.stop_running(at);
                self.awaiting_dispatch = true;
            }
            Dispatch | Redispatch if self.awaiting_dispatch => {
                self.awaiting_dispatch = false;
                self.dispatched = true;
                if !self.stopped() {
                    self.running_since = Some(at);
                }
            }
            Dispatch | Redispatch => self.dispatched = true,
            Return | Received | Entered => {}
            // An answer counts only while the ticket is open.
            Accept if !self.stopped() => {
                self.answered_at.get_or_insert(at);
            }
            Pause if self.running_since.is_some() => {
                self.stop_running(at);
                self.paused = true;
            }
            Resume if self.paused => {
                self.paused = false;
                self.running_since = Some(at);
            }
            Pause | Resume => {}
            Resolve if self.resolved_at.is_none() && self.closed_at.is_none() => {
                self.stop_running(at);
                self.paused = false;
                self.resolved_at = Some(at);
                // A resolution is an answer too.
                self.answered_at.get_or_insert(at);
            }
            Close if self.closed_at.is_none() => {
                self.stop_running(at);
                self.paused = false;
                self.closed_at = Some(at);
            }
            Reopen if self.stopped() => {
                self.resolved_at = None;
                self.closed_at = None;
                self.running_since = Some(at);
            }
            Accept | Resolve | Close | Reopen => {}
        }
    }

    /// When the resolve clock stopped, if it is stopped.
    fn stop(&self) -> Option<NaiveDateTime> {
        self.resolved_at.or(self.closed_at)
    }
}

fn whole_second(t: NaiveDateTime) -> NaiveDateTime {
    t.with_nanosecond(0).unwrap_or(t)
}

/// Runs a clock of `budget` working seconds over `runs` cut at `end`: the deadline and the
/// working time used. If the runs do not use the budget up, the clock is taken to run on from
/// `resume` (the stop, or `now`).
fn run_clock(
    wt: &WorkingTime<'_>,
    runs: &[(NaiveDateTime, NaiveDateTime)],
    end: Option<NaiveDateTime>,
    resume: NaiveDateTime,
    budget: i64,
) -> (NaiveDateTime, i64) {
    let mut used = 0;
    let mut due = None;
    for &(from, to) in runs {
        let to = end.map_or(to, |e| to.min(e));
        if to < from {
            break;
        }
        let secs = wt.seconds_between(from, to);
        if due.is_none() && used + secs >= budget {
            due = Some(wt.add_seconds(from, budget - used));
        }
        used += secs;
    }
    let due = due.unwrap_or_else(|| wt.add_seconds(resume, budget - used));
    (due, used)
}

/// The service-level state of a ticket with `history` as of `now`. Events after `now` are not
/// yet history and are ignored; events are taken in time order (recorded order at equal times).
pub fn evaluate(
    history: &[Event],
    policy: &Policy,
    calendar: &WorkCalendar,
    hours: &OfficeHours,
    now: NaiveDateTime,
) -> SlaState {
    let now = whole_second(now);
    let r = Replay::new(history, now);
    let Some(started) = r.started_at else {
        return SlaState::default();
    };
    let wt = WorkingTime::new(calendar, hours);

    let stop = r.stop();
    let answer_end = r.answered_at.or(stop);
    let (answer_due, _) =
        run_clock(&wt, &r.runs, answer_end, answer_end.unwrap_or(now), policy.answer.budget_seconds(&wt, started));
    let budget = policy.resolve.budget_seconds(&wt, started);
    let (resolve_due, used) = run_clock(&wt, &r.runs, stop, stop.unwrap_or(now), budget);

    let open = stop.is_none();
    let mut state = SlaState {
        started_at: Some(started),
        answered_at: r.answered_at,
        resolved_at: r.resolved_at,
        closed_at: r.closed_at,
        paused: r.paused,
        open,
        answer_due: Some(answer_due),
        resolve_due: Some(resolve_due),
        resolve_elapsed_minutes: Some(used.div_euclid(60)),
        resolve_remaining_minutes: Some((budget - used).div_euclid(60)),
        day_minutes: Some(hours.daily_minutes()),
        answer_breached: answer_due < answer_end.unwrap_or(now),
        resolve_breached: resolve_due < stop.unwrap_or(now),
        ..SlaState::default()
    };
    if open {
        let (remind, supervise, notice) = ladder(&wt, policy, started, resolve_due);
        state.level = if now >= notice {
            Escalation::PublicNotice
        } else if now >= supervise {
            Escalation::Supervision
        } else if now >= remind {
            Escalation::Reminder
        } else {
            Escalation::None
        };
        (state.remind_at, state.supervise_at, state.notice_at) = (Some(remind), Some(supervise), Some(notice));
    }
    state
}

/// When 催办, 督办 and 通报 begin for a clock started at `started` and due at `due`.
fn ladder(
    wt: &WorkingTime<'_>,
    policy: &Policy,
    started: NaiveDateTime,
    due: NaiveDateTime,
) -> (NaiveDateTime, NaiveDateTime, NaiveDateTime) {
    let before = policy.remind_before;
    let remind = match before.unit {
        LimitUnit::WorkingHours => wt.sub_seconds_not_before(due, i64::from(before.capped()) * 3600, started),
        LimitUnit::WorkingDays => match wt.working_day_before(due.date(), before.capped(), started.date()) {
            Some(day) => wt.opening_of(day).min(due),
            None => started,
        },
    };
    // A short limit can put the reminder before the start: remind at once, then.
    let remind = remind.max(started);
    let supervise = wt.opening_of(wt.calendar.add_working_days(due.date(), 1));
    let notice = wt.opening_of(wt.calendar.add_working_days(due.date(), policy.notice_after_working_days)).max(due);
    (remind, supervise, notice)
}

/// How long a ticket not yet dispatched has waited, as of `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DispatchWait {
    /// Working minutes since it was received (rounded down).
    pub waiting_minutes: i64,
    /// When the dispatch limit runs out (zone-local).
    #[schema(value_type = String, example = "2026-12-03T17:26:00")]
    pub due_at: NaiveDateTime,
    /// The limit ran out before `now` (met at the instant itself, like every deadline).
    pub overdue: bool,
}

/// The instant the dispatch `limit` runs out for a ticket received at `received`: the limit's
/// working time counted from the receipt on the zone's calendar (received on a Friday at 20:00
/// with four working hours and the default office hours, it is due on Monday at 14:30).
pub fn dispatch_due(
    received: NaiveDateTime,
    limit: Limit,
    calendar: &WorkCalendar,
    hours: &OfficeHours,
) -> NaiveDateTime {
    let wt = WorkingTime::new(calendar, hours);
    let received = whole_second(received);
    wt.add_seconds(received, limit.budget_seconds(&wt, received))
}

/// The dispatch clock of a ticket received at `received` and not yet dispatched, as of `now`:
/// the working time it has waited and whether the limit ran out. Nothing pauses it; time outside
/// office hours, weekends and holidays does not count.
pub fn dispatch_wait(
    received: NaiveDateTime,
    limit: Limit,
    calendar: &WorkCalendar,
    hours: &OfficeHours,
    now: NaiveDateTime,
) -> DispatchWait {
    let wt = WorkingTime::new(calendar, hours);
    let (received, now) = (whole_second(received), whole_second(now));
    let due_at = dispatch_due(received, limit, calendar, hours);
    DispatchWait { waiting_minutes: wt.seconds_between(received, now).div_euclid(60), due_at, overdue: due_at < now }
}
