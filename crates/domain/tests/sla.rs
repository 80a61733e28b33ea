//! The service-level clock against the real 2020–2026 calendar: known cases worked out by hand,
//! and property tests against a reference that walks minute by minute.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use proptest::prelude::*;
use zoneops_domain::calendar::WorkCalendar;
use zoneops_domain::sla::{
    Escalation, Event, EventKind, Limit, LimitUnit, OfficeHours, OfficeHoursError, OfficeInterval, Policy, SlaState,
    WorkingTime, dispatch_due, dispatch_wait, evaluate,
};

const CN_JSON: &str = include_str!("../../../data/cn-work-calendar.json");

fn cn() -> WorkCalendar {
    WorkCalendar::from_json(CN_JSON).unwrap()
}

fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, 0).unwrap()
}

fn ev(at: NaiveDateTime, kind: EventKind) -> Event {
    Event::new(at, kind)
}

fn policy(answer: Limit, resolve: Limit) -> Policy {
    Policy { answer, resolve, ..Policy::default() }
}

fn eval(history: &[Event], p: &Policy, now: NaiveDateTime) -> SlaState {
    evaluate(history, p, &cn(), &OfficeHours::default(), now)
}

use EventKind::*;

// ---------------------------------------------------------------------------------------------
// Known cases

/// Friday before National Day 2020: Sun 09-27 is a make-up working day, 10-01..08 are holidays,
/// Sat 10-10 is a make-up working day.
#[test]
fn friday_before_national_day_2020() {
    let t = dt(2020, 9, 25, 16, 0);
    let h = [ev(t, Dispatch)];
    let now = dt(2020, 9, 25, 16, 30);
    // 1: 09-27 (Sun), 2: 09-28, 3: 09-29.
    let s = eval(&h, &policy(Limit::working_days(3), Limit::working_days(13)), now);
    assert_eq!(s.answer_due, Some(dt(2020, 9, 29, 17, 30)));
    // 4: 09-30, 5: 10-09, 6: 10-10 (Sat), 7–11: 10-12..16, 12: 10-19, 13: 10-20.
    assert_eq!(s.resolve_due, Some(dt(2020, 10, 20, 17, 30)));
    // Budget: the rest of the dispatch day (90 min) plus 13 days of 420 min.
    assert_eq!(s.resolve_elapsed_minutes, Some(30));
    assert_eq!(s.resolve_remaining_minutes, Some(90 + 13 * 420 - 30));
    let s = eval(&h, &policy(Limit::working_days(5), Limit::working_days(6)), now);
    assert_eq!(s.answer_due, Some(dt(2020, 10, 9, 17, 30)));
    assert_eq!(s.resolve_due, Some(dt(2020, 10, 10, 17, 30)));
    assert_eq!(s.level, Escalation::None);
    assert!(!s.answer_breached && !s.resolve_breached && s.open && !s.paused);
}

/// Friday before National Day 2024: Sun 09-29 is a make-up working day, Mon 09-30 a working
/// day, 10-01..07 holidays, Sat 10-12 a make-up working day.
#[test]
fn friday_before_national_day_2024() {
    let t = dt(2024, 9, 27, 16, 0);
    let s = eval(&[ev(t, Dispatch)], &Policy::default(), t);
    // 1: 09-29 (Sun), 2: 09-30, 3: 10-08.
    assert_eq!(s.answer_due, Some(dt(2024, 10, 8, 17, 30)));
    // 4–7: 10-09..12 (Sat), 8–12: 10-14..18, 13: 10-21.
    assert_eq!(s.resolve_due, Some(dt(2024, 10, 21, 17, 30)));
    // Monday 09-30 itself, one day: the next working day is after the holiday.
    let mon = dt(2024, 9, 30, 10, 0);
    let s = eval(&[ev(mon, Dispatch)], &policy(Limit::working_days(1), Limit::working_days(0)), mon);
    assert_eq!(s.answer_due, Some(dt(2024, 10, 8, 17, 30)));
    assert_eq!(s.resolve_due, Some(dt(2024, 9, 30, 17, 30)));
}

#[test]
fn escalation_ladder_2024() {
    let h = [ev(dt(2024, 9, 27, 16, 0), Dispatch)];
    let p = Policy::default(); // remind 1 working day before, notice at +5
    let at = |now| eval(&h, &p, now);
    let s = at(dt(2024, 10, 1, 12, 0));
    // Due Mon 10-21 17:30: remind from the working day before, supervise the next working day,
    // notice 5 working days on (10-22, 23, 24, 25, 28).
    assert_eq!(s.remind_at, Some(dt(2024, 10, 18, 9, 0)));
    assert_eq!(s.supervise_at, Some(dt(2024, 10, 22, 9, 0)));
    assert_eq!(s.notice_at, Some(dt(2024, 10, 28, 9, 0)));
    assert_eq!(s.level, Escalation::None);
    assert_eq!(at(dt(2024, 10, 18, 8, 59)).level, Escalation::None);
    assert_eq!(at(dt(2024, 10, 18, 9, 0)).level, Escalation::Reminder);
    let s = at(dt(2024, 10, 21, 17, 30));
    assert!(!s.resolve_breached, "met at the instant itself");
    assert_eq!(s.resolve_remaining_minutes, Some(0));
    let s = at(dt(2024, 10, 21, 17, 31));
    assert!(s.resolve_breached && s.answer_breached);
    assert_eq!(s.level, Escalation::Reminder); // overdue, supervision starts tomorrow
    assert_eq!(at(dt(2024, 10, 22, 9, 0)).level, Escalation::Supervision);
    let s = at(dt(2024, 10, 22, 10, 0));
    assert_eq!(s.resolve_remaining_minutes, Some(-60));
    assert_eq!(at(dt(2024, 10, 28, 8, 59)).level, Escalation::Supervision);
    assert_eq!(at(dt(2024, 10, 28, 9, 0)).level, Escalation::PublicNotice);
    // Resolved late: still breached, but nothing left to escalate.
    let mut late = h.to_vec();
    late.push(ev(dt(2024, 10, 23, 15, 0), Resolve));
    let s = eval(&late, &p, dt(2024, 11, 1, 9, 0));
    assert!(s.resolve_breached && !s.open);
    assert_eq!((s.level, s.remind_at, s.notice_at), (Escalation::None, None, None));
    assert_eq!(s.resolved_at, Some(dt(2024, 10, 23, 15, 0)));
    assert_eq!(s.answered_at, s.resolved_at, "a resolution answers");
}

#[test]
fn hours_limits() {
    // Wed 2020-09-30 16:00 + 4 h: 1.5 h that day, then 2.5 h after the holiday.
    let t = dt(2020, 9, 30, 16, 0);
    let p =
        Policy { remind_before: Limit::working_hours(2), ..policy(Limit::working_hours(4), Limit::working_hours(0)) };
    let s = eval(&[ev(t, Dispatch)], &p, t);
    assert_eq!(s.answer_due, Some(dt(2020, 10, 9, 11, 30)));
    assert_eq!(s.resolve_due, Some(t), "a zero budget is due at once");
    let p = Policy { resolve: Limit::working_hours(4), ..p };
    // Two working hours before 10-09 11:30: 10-09 09:00–11:30 is 2.5 h, so 10-09 09:30.
    assert_eq!(eval(&[ev(t, Dispatch)], &p, t).remind_at, Some(dt(2020, 10, 9, 9, 30)));
    let p = Policy { remind_before: Limit::working_hours(3), ..p };
    // Three hours back reaches over the holiday: 17:00 on 09-30.
    assert_eq!(eval(&[ev(t, Dispatch)], &p, t).remind_at, Some(dt(2020, 9, 30, 17, 0)));
    let p = Policy { remind_before: Limit::working_hours(8), ..p };
    assert_eq!(eval(&[ev(t, Dispatch)], &p, t).remind_at, Some(t), "never before the start");
}

#[test]
fn same_day_limit() {
    let p = policy(Limit::working_days(0), Limit::working_days(0));
    let due = |t| eval(&[ev(t, Dispatch)], &p, t).resolve_due.unwrap();
    assert_eq!(due(dt(2020, 10, 10, 10, 0)), dt(2020, 10, 10, 17, 30)); // make-up Saturday
    assert_eq!(due(dt(2020, 10, 1, 10, 0)), dt(2020, 10, 9, 17, 30)); // holiday: next working day
    assert_eq!(due(dt(2020, 9, 30, 8, 0)), dt(2020, 9, 30, 17, 30));
    assert_eq!(due(dt(2020, 9, 30, 17, 30)), dt(2020, 9, 30, 17, 30));
    assert_eq!(due(dt(2020, 9, 30, 18, 0)), dt(2020, 10, 9, 17, 30)); // after close of business
    // Days limits do not depend on the hour of dispatch.
    let p = policy(Limit::working_days(1), Limit::working_days(1));
    let due = |t| eval(&[ev(t, Dispatch)], &p, t).resolve_due.unwrap();
    assert_eq!(due(dt(2020, 9, 29, 7, 0)), dt(2020, 9, 30, 17, 30));
    assert_eq!(due(dt(2020, 9, 29, 23, 0)), dt(2020, 9, 30, 17, 30));
}

#[test]
fn pauses() {
    let t = dt(2024, 9, 27, 16, 0);
    let p = Policy::default();
    let due = |extra: &[Event], now| {
        let mut h = vec![ev(t, Dispatch)];
        h.extend_from_slice(extra);
        eval(&h, &p, now)
    };
    let later = dt(2024, 10, 16, 12, 0);
    // Over a plain weekend: nothing changes.
    let s = due(&[ev(dt(2024, 10, 18, 17, 40), Pause), ev(dt(2024, 10, 21, 8, 50), Resume)], dt(2024, 10, 21, 9, 0));
    assert_eq!(s.resolve_due, Some(dt(2024, 10, 21, 17, 30)));
    // Over the weekend of make-up Saturday 10-12: one working day (420 min) is paused.
    let s = due(&[ev(dt(2024, 10, 11, 17, 40), Pause), ev(dt(2024, 10, 14, 8, 50), Resume)], later);
    assert_eq!(s.resolve_due, Some(dt(2024, 10, 22, 17, 30)));
    // One working hour paused: the deadline moves by exactly one working hour.
    let s = due(&[ev(dt(2024, 10, 14, 10, 0), Pause), ev(dt(2024, 10, 14, 11, 0), Resume)], later);
    assert_eq!(s.resolve_due, Some(dt(2024, 10, 22, 10, 0)));
    // A second pause while paused and a resume while running are ignored.
    let s = due(
        &[
            ev(dt(2024, 10, 14, 9, 30), Resume),
            ev(dt(2024, 10, 14, 10, 0), Pause),
            ev(dt(2024, 10, 14, 10, 30), Pause),
            ev(dt(2024, 10, 14, 11, 0), Resume),
            ev(dt(2024, 10, 14, 11, 30), Resume),
        ],
        later,
    );
    assert_eq!(s.resolve_due, Some(dt(2024, 10, 22, 10, 0)));
    // Still paused at 15:00: due as if resumed now, 3.5 working hours later than planned.
    let s = due(&[ev(dt(2024, 10, 14, 10, 0), Pause)], dt(2024, 10, 14, 15, 0));
    assert!(s.paused);
    assert_eq!(s.resolve_due, Some(dt(2024, 10, 22, 14, 0)));
}

#[test]
fn return_does_not_stop_the_clock() {
    let t = dt(2024, 9, 27, 16, 0);
    let p = Policy::default();
    let now = dt(2024, 10, 15, 9, 0);
    let plain = eval(&[ev(t, Dispatch)], &p, now);
    let returned =
        eval(&[ev(t, Dispatch), ev(dt(2024, 10, 8, 10, 0), Return), ev(dt(2024, 10, 10, 10, 0), Redispatch)], &p, now);
    assert_eq!(returned, plain);
    assert_eq!(returned.resolve_due, Some(dt(2024, 10, 21, 17, 30)));
}

#[test]
fn reopen_keeps_elapsed_time() {
    let t = dt(2024, 10, 8, 9, 0);
    let p = Policy::default();
    let mut h = vec![ev(t, Dispatch), ev(dt(2024, 10, 9, 12, 0), Resolve)];
    let s = eval(&h, &p, dt(2024, 10, 10, 9, 0));
    assert_eq!(s.resolve_elapsed_minutes, Some(420 + 180));
    assert_eq!(s.resolve_due, Some(dt(2024, 10, 24, 17, 30)), "as it stood when resolved");
    assert!(!s.open && !s.resolve_breached);
    h.push(ev(dt(2024, 10, 15, 9, 0), Reopen));
    let s = eval(&h, &p, dt(2024, 10, 15, 10, 0));
    assert_eq!(s.resolved_at, None);
    assert!(s.open);
    assert_eq!(s.resolve_elapsed_minutes, Some(420 + 180 + 60));
    assert_eq!(s.resolve_remaining_minutes, Some(14 * 420 - 660));
    // The 1920 working minutes while resolved (10-09 afternoon, 10-10, 10-11, Sat 10-12,
    // 10-14) push the deadline from 10-24 17:30 to 10-31 14:30.
    assert_eq!(s.resolve_due, Some(dt(2024, 10, 31, 14, 30)));
    // Close after a resolve, then reopen and close again without resolving.
    h.extend([ev(dt(2024, 10, 16, 9, 0), Resolve), ev(dt(2024, 10, 17, 9, 0), Close)]);
    let s = eval(&h, &p, dt(2024, 10, 18, 9, 0));
    assert_eq!(s.resolved_at, Some(dt(2024, 10, 16, 9, 0)));
    assert_eq!(s.closed_at, Some(dt(2024, 10, 17, 9, 0)));
    assert_eq!(s.resolve_elapsed_minutes, Some(420 + 180 + 420));
}

#[test]
fn nothing_before_dispatch_and_nothing_after_now() {
    let p = Policy::default();
    let t = dt(2024, 10, 8, 9, 0);
    assert_eq!(eval(&[], &p, t), SlaState::default());
    let h = [ev(t, Accept), ev(t, Pause), ev(dt(2024, 10, 9, 9, 0), Dispatch), ev(dt(2024, 10, 10, 9, 0), Resolve)];
    assert_eq!(eval(&h, &p, t), SlaState::default());
    let s = eval(&h, &p, dt(2024, 10, 9, 10, 0));
    assert_eq!(s.started_at, Some(dt(2024, 10, 9, 9, 0)));
    assert_eq!((s.answered_at, s.resolved_at, s.paused), (None, None, false));
    // Recorded out of order: taken in time order.
    let mut shuffled = h;
    shuffled.reverse();
    assert_eq!(eval(&shuffled, &p, dt(2024, 11, 1, 9, 0)), eval(&h, &p, dt(2024, 11, 1, 9, 0)));
}

/// Taken by phone on Friday 17:00, entered on Monday 10:00: the clock runs from Friday, the
/// weekend does not count, and it waits from the entry until the dispatch like any new ticket.
#[test]
fn received_before_it_was_entered() {
    let p = Policy::default();
    let (fri, mon) = (dt(2025, 11, 14, 17, 0), dt(2025, 11, 17, 10, 0));
    let h = [ev(fri, Received), ev(mon, Entered)];
    let s = eval(&h, &p, mon);
    assert_eq!(s.started_at, Some(fri));
    // Friday's last half hour and Monday's first hour.
    assert_eq!(s.resolve_elapsed_minutes, Some(90));
    // Three working days after Friday: Mon, Tue, Wed (from Monday it would be Thursday).
    assert_eq!(s.answer_due, Some(dt(2025, 11, 19, 17, 30)));
    assert!(s.open && !s.paused && !s.answer_breached);
    // Dispatched at once: the same deadline.
    let at_once = [ev(fri, Received), ev(mon, Entered), ev(mon, Dispatch)];
    assert_eq!(eval(&at_once, &p, dt(2025, 11, 18, 9, 0)).answer_due, Some(dt(2025, 11, 19, 17, 30)));
    // Dispatched at 14:00: the 150 working minutes of waiting do not count.
    let later = [ev(fri, Received), ev(mon, Entered), ev(dt(2025, 11, 17, 14, 0), Dispatch)];
    let s = eval(&later, &p, dt(2025, 11, 18, 9, 0));
    assert_eq!(s.answer_due, Some(dt(2025, 11, 20, 11, 30)));
    assert_eq!(s.resolve_elapsed_minutes, Some(90 + 210));
    // The same ticket without a receipt time: its clock starts at the dispatch.
    let filed = [ev(mon, Entered), ev(dt(2025, 11, 17, 14, 0), Dispatch)];
    assert_eq!(eval(&filed, &p, dt(2025, 11, 18, 9, 0)).started_at, Some(dt(2025, 11, 17, 14, 0)));
    assert_eq!(eval(&filed, &p, dt(2025, 11, 18, 9, 0)).answer_due, Some(dt(2025, 11, 20, 17, 30)));
    // A pause before the dispatch is nothing to pause; resolving before it stops the clock.
    let h = [ev(fri, Received), ev(mon, Entered), ev(dt(2025, 11, 17, 11, 0), Resolve)];
    let s = eval(&h, &p, dt(2025, 11, 20, 9, 0));
    assert_eq!((s.resolved_at, s.resolve_elapsed_minutes, s.open), (Some(dt(2025, 11, 17, 11, 0)), Some(90), false));
}

#[test]
fn answer_clock() {
    let t = dt(2024, 10, 8, 9, 0);
    let p = policy(Limit::working_hours(4), Limit::working_days(13));
    let h = [ev(t, Dispatch), ev(dt(2024, 10, 8, 14, 0), Accept), ev(dt(2024, 10, 9, 9, 0), Accept)];
    let s = eval(&h, &p, dt(2024, 10, 20, 9, 0));
    assert_eq!(s.answered_at, Some(dt(2024, 10, 8, 14, 0)));
    assert_eq!(s.answer_due, Some(dt(2024, 10, 8, 14, 30)));
    assert!(!s.answer_breached);
    let h = [ev(t, Dispatch), ev(dt(2024, 10, 8, 14, 31), Accept)];
    assert!(eval(&h, &p, dt(2024, 10, 20, 9, 0)).answer_breached);
    // Paused before the answer: the answer clock waits too.
    let h = [ev(t, Dispatch), ev(dt(2024, 10, 8, 10, 0), Pause), ev(dt(2024, 10, 8, 11, 0), Resume)];
    assert_eq!(eval(&h, &p, dt(2024, 10, 8, 11, 0)).answer_due, Some(dt(2024, 10, 8, 15, 30)));
}

#[test]
fn changed_calendar_or_policy_recomputes() {
    let h = [ev(dt(2020, 9, 25, 16, 0), Dispatch)];
    let now = dt(2020, 9, 26, 9, 0);
    let p = policy(Limit::working_days(3), Limit::working_days(13));
    let mut cal = cn();
    cal.remove_year(2020);
    let s = evaluate(&h, &p, &cal, &OfficeHours::default(), now);
    // Without 2020's data, plain Monday–Friday: 09-28, 29, 30.
    assert_eq!(s.answer_due, Some(dt(2020, 9, 30, 17, 30)));
    assert_eq!(s.resolve_due, Some(dt(2020, 10, 14, 17, 30)));
    let p = policy(Limit::working_days(5), Limit::working_days(13));
    assert_eq!(eval(&h, &p, now).answer_due, Some(dt(2020, 10, 9, 17, 30)));
    let hours = OfficeHours::new(vec![OfficeInterval { start: t(8, 30), end: t(17, 0) }]).unwrap();
    let s = evaluate(&h, &p, &cn(), &hours, now);
    assert_eq!(s.answer_due, Some(dt(2020, 10, 9, 17, 0)));
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn seconds_are_kept() {
    let at = dt(2024, 10, 8, 9, 0) + Duration::seconds(30);
    let p = policy(Limit::working_hours(1), Limit::working_hours(1));
    let s = eval(&[ev(at, Dispatch)], &p, at + Duration::milliseconds(59_500));
    assert_eq!(s.answer_due, Some(dt(2024, 10, 8, 10, 0) + Duration::seconds(30)));
    assert_eq!(s.resolve_elapsed_minutes, Some(0));
    assert_eq!(s.resolve_remaining_minutes, Some(59));
}

/// The dispatch clock: a ticket filed on Friday afternoon waits over the weekend without the
/// weekend counting; one filed before National Day 2020 waits over the eight days of holiday.
#[test]
fn dispatch_waits_in_working_time() {
    let cal = cn();
    let hours = OfficeHours::default();
    let wait = |received, limit, now| dispatch_wait(received, limit, &cal, &hours, now);
    // Friday 2025-11-14 16:00, four working hours: 90 minutes on Friday, 150 on Monday.
    let fri = dt(2025, 11, 14, 16, 0);
    let w = wait(fri, Limit::working_hours(4), dt(2025, 11, 15, 11, 0));
    assert_eq!((w.waiting_minutes, w.due_at, w.overdue), (90, dt(2025, 11, 17, 11, 30), false));
    let w = wait(fri, Limit::working_hours(4), dt(2025, 11, 17, 10, 0));
    assert_eq!((w.waiting_minutes, w.overdue), (150, false));
    // Met at the instant, past it a second later.
    assert!(!wait(fri, Limit::working_hours(4), dt(2025, 11, 17, 11, 30)).overdue);
    let w = wait(fri, Limit::working_hours(4), dt(2025, 11, 17, 11, 30) + Duration::seconds(1));
    assert_eq!((w.waiting_minutes, w.overdue), (240, true));
    // Received on a Saturday evening: nothing counts until Monday's opening.
    let w = wait(dt(2025, 11, 15, 20, 0), Limit::working_hours(4), dt(2025, 11, 17, 9, 0));
    assert_eq!((w.waiting_minutes, w.due_at), (0, dt(2025, 11, 17, 14, 30)));
    // Wednesday 2020-09-30 16:00: 10-01..08 are holidays, so four hours end on Friday 10-09.
    let w = wait(dt(2020, 9, 30, 16, 0), Limit::working_hours(4), dt(2020, 10, 8, 17, 0));
    assert_eq!((w.waiting_minutes, w.due_at, w.overdue), (90, dt(2020, 10, 9, 11, 30), false));
    // A limit in working days ends at close of business, like the other limits.
    assert_eq!(dispatch_due(fri, Limit::working_days(1), &cal, &hours), dt(2025, 11, 17, 17, 30));
    assert_eq!(dispatch_due(fri, Limit::working_days(0), &cal, &hours), dt(2025, 11, 14, 17, 30));
    // Before its receipt (a clock set earlier), nothing has waited.
    assert_eq!(wait(fri, Limit::working_hours(4), dt(2025, 11, 14, 9, 0)).waiting_minutes, 0);
    // The defaults: an hour for urgent tickets, four for normal ones.
    assert_eq!(
        (Policy::URGENT.dispatch, Policy::default().dispatch),
        (Limit::working_hours(1), Limit::working_hours(4))
    );
}

#[test]
fn huge_limits_saturate_quickly() {
    let at = dt(2024, 10, 8, 9, 0);
    for (l, r) in [(u32::MAX, u32::MAX), (0, u32::MAX)] {
        for unit in [LimitUnit::WorkingDays, LimitUnit::WorkingHours] {
            let p = Policy {
                answer: Limit { amount: l, unit },
                resolve: Limit { amount: u32::MAX, unit },
                remind_before: Limit { amount: r, unit },
                notice_after_working_days: u32::MAX,
                ..Policy::default()
            };
            let s = eval(&[ev(at, Dispatch)], &p, at);
            assert!(s.resolve_due.unwrap() > dt(2070, 1, 1, 0, 0));
            assert_eq!(s.level, Escalation::Reminder, "a reminder that long before is due at once");
        }
    }
}

#[test]
fn office_hours_are_checked() {
    assert_eq!(OfficeHours::new(vec![]), Err(OfficeHoursError::Empty));
    let iv = |a, b| OfficeInterval { start: a, end: b };
    assert_eq!(
        OfficeHours::new(vec![iv(t(9, 0), t(9, 0))]),
        Err(OfficeHoursError::NotIncreasing { start: t(9, 0), end: t(9, 0) })
    );
    assert_eq!(
        OfficeHours::new(vec![iv(t(9, 0), t(12, 0)), iv(t(11, 0), t(13, 0))]),
        Err(OfficeHoursError::OutOfOrder(t(11, 0)))
    );
    let d = OfficeHours::default();
    assert_eq!(d.daily_minutes(), 420);
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(json, r#"[{"start":"09:00:00","end":"12:00:00"},{"start":"13:30:00","end":"17:30:00"}]"#);
    assert_eq!(serde_json::from_str::<OfficeHours>(&json).unwrap(), d);
    assert!(serde_json::from_str::<OfficeHours>("[]").is_err());
}

#[test]
fn serializes() {
    let p = Policy::default();
    let json = serde_json::to_value(p).unwrap();
    assert_eq!(json["resolve"], serde_json::json!({"amount": 13, "unit": "working_days"}));
    assert_eq!(serde_json::from_value::<Policy>(json).unwrap(), p);
    let h = [ev(dt(2024, 9, 27, 16, 0), Dispatch)];
    let s = eval(&h, &p, dt(2024, 10, 22, 9, 0));
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["level"], "supervision");
    assert_eq!(json["resolve_due"], "2024-10-21T17:30:00");
    assert_eq!(serde_json::from_value::<SlaState>(json).unwrap(), s);
    let e: Event = serde_json::from_str(r#"{"at": "2024-10-08T09:00:00", "kind": "redispatch"}"#).unwrap();
    assert_eq!(e, ev(dt(2024, 10, 8, 9, 0), Redispatch));
}

// ---------------------------------------------------------------------------------------------
// Reference: minute by minute, from the raw file, with its own replay of the history.

struct RefCal {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

impl RefCal {
    fn load(drop_year: Option<i32>) -> RefCal {
        let v: serde_json::Value = serde_json::from_str(CN_JSON).unwrap();
        let mut cal = RefCal { holidays: BTreeSet::new(), workdays: BTreeSet::new() };
        for (year, data) in v["years"].as_object().unwrap() {
            if Some(year.parse().unwrap()) == drop_year {
                continue;
            }
            let date = |s: &serde_json::Value| NaiveDate::parse_from_str(s.as_str().unwrap(), "%Y-%m-%d").unwrap();
            cal.holidays.extend(data["holidays"].as_array().unwrap().iter().map(|h| date(&h["date"])));
            cal.workdays.extend(data["workdays"].as_array().unwrap().iter().map(date));
        }
        cal
    }

    fn working(&self, d: NaiveDate) -> bool {
        self.workdays.contains(&d) || (!self.holidays.contains(&d) && d.weekday().num_days_from_monday() < 5)
    }
}

struct Ref<'a> {
    cal: &'a RefCal,
    /// Office intervals in minutes from midnight.
    spans: Vec<(u32, u32)>,
}

fn minute() -> Duration {
    Duration::minutes(1)
}

fn mod_of(m: NaiveDateTime) -> u32 {
    m.hour() * 60 + m.minute()
}

/// The history replayed minute by minute (all timestamps are whole minutes).
struct RefReplay {
    start: NaiveDateTime,
    /// Running or not, for each minute from `start` up to `now`.
    running: Vec<bool>,
    answered: Option<NaiveDateTime>,
    resolved: Option<NaiveDateTime>,
    closed: Option<NaiveDateTime>,
    paused: bool,
}

#[derive(PartialEq)]
enum St {
    Running,
    Paused,
    Stopped,
}

fn ref_replay(history: &[Event], now: NaiveDateTime) -> Option<RefReplay> {
    let mut evs: Vec<Event> = history.iter().copied().filter(|e| e.at <= now).collect();
    evs.sort_by_key(|e| e.at);
    let first = evs.iter().position(|e| matches!(e.kind, Dispatch | Redispatch))?;
    let start = evs[first].at;
    let mut r = RefReplay { start, running: vec![], answered: None, resolved: None, closed: None, paused: false };
    let mut st = St::Running;
    let mut i = first + 1;
    let mut m = start;
    while m <= now {
        while i < evs.len() && evs[i].at == m {
            match (evs[i].kind, &st) {
                (Accept, St::Running | St::Paused) => {
                    r.answered = r.answered.or(Some(m));
                }
                (Pause, St::Running) => st = St::Paused,
                (Resume, St::Paused) => st = St::Running,
                (Resolve, St::Running | St::Paused) if r.closed.is_none() && r.resolved.is_none() => {
                    st = St::Stopped;
                    r.resolved = Some(m);
                    r.answered = r.answered.or(Some(m));
                }
                (Close, _) if r.closed.is_none() => {
                    st = St::Stopped;
                    r.closed = Some(m);
                }
                (Reopen, St::Stopped) => {
                    st = St::Running;
                    r.resolved = None;
                    r.closed = None;
                }
                _ => {}
            }
            i += 1;
        }
        if m < now {
            r.running.push(st == St::Running);
        }
        m += minute();
    }
    r.paused = st == St::Paused;
    Some(r)
}

impl Ref<'_> {
    fn work_minute(&self, m: NaiveDateTime) -> bool {
        let x = mod_of(m);
        self.cal.working(m.date()) && self.spans.iter().any(|&(s, e)| s <= x && x < e)
    }

    fn opening(&self, d: NaiveDate) -> NaiveDateTime {
        d.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(i64::from(self.spans[0].0))
    }

    fn closing(&self, d: NaiveDate) -> NaiveDateTime {
        d.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(i64::from(self.spans.last().unwrap().1))
    }

    fn next_working(&self, mut d: NaiveDate) -> NaiveDate {
        d = d.succ_opt().unwrap();
        while !self.cal.working(d) {
            d = d.succ_opt().unwrap();
        }
        d
    }

    /// The n-th working day after `d`, or `d`/the next working day for 0.
    fn nth_after(&self, d: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return if self.cal.working(d) { d } else { self.next_working(d) };
        }
        (0..n).fold(d, |d, _| self.next_working(d))
    }

    fn days_deadline(&self, t: NaiveDateTime, n: u32) -> NaiveDateTime {
        if n == 0 {
            let mut d = t.date();
            loop {
                if self.cal.working(d) && self.closing(d) >= t {
                    return self.closing(d);
                }
                d = d.succ_opt().unwrap();
            }
        }
        self.closing(self.nth_after(t.date(), n))
    }

    fn budget(&self, l: Limit, start: NaiveDateTime) -> i64 {
        match l.unit {
            LimitUnit::WorkingHours => i64::from(l.amount) * 60,
            LimitUnit::WorkingDays => {
                let end = self.days_deadline(start, l.amount);
                let mut m = start;
                let mut n = 0;
                while m < end {
                    n += i64::from(self.work_minute(m));
                    m += minute();
                }
                n
            }
        }
    }

    /// The end of the minute in which the clock uses up `budget`: by the history before
    /// `resume`, running without a break from `resume` on.
    fn due(&self, r: &RefReplay, resume: NaiveDateTime, budget: i64) -> NaiveDateTime {
        let mut m = r.start;
        let mut used = 0;
        if budget == 0 {
            return m;
        }
        loop {
            let idx = ((m - r.start).num_minutes()) as usize;
            let running = if m < resume { r.running[idx] } else { true };
            if running && self.work_minute(m) {
                used += 1;
                if used == budget {
                    return m + minute();
                }
            }
            m += minute();
        }
    }

    fn elapsed(&self, r: &RefReplay, end: NaiveDateTime) -> i64 {
        let mut m = r.start;
        let mut used = 0;
        while m < end {
            let idx = ((m - r.start).num_minutes()) as usize;
            used += i64::from(r.running[idx] && self.work_minute(m));
            m += minute();
        }
        used
    }

    fn remind(&self, p: &Policy, start: NaiveDateTime, due: NaiveDateTime) -> NaiveDateTime {
        let at = match p.remind_before.unit {
            LimitUnit::WorkingHours => {
                let want = i64::from(p.remind_before.amount) * 60;
                let mut m = due;
                let mut seen = 0;
                while seen < want && m > start {
                    m -= minute();
                    seen += i64::from(self.work_minute(m));
                }
                m
            }
            LimitUnit::WorkingDays => {
                let mut d = due.date();
                let mut left = p.remind_before.amount;
                if left == 0 {
                    while !self.cal.working(d) {
                        d = d.pred_opt().unwrap();
                    }
                } else {
                    while left > 0 {
                        d = d.pred_opt().unwrap();
                        if self.cal.working(d) {
                            left -= 1;
                        }
                    }
                }
                self.opening(d).min(due)
            }
        };
        at.max(start)
    }
}

#[derive(Clone, Debug)]
struct Case {
    start: NaiveDateTime,
    /// (minutes after the previous event, kind); the first follows `start` at 0.
    events: Vec<(i64, EventKind)>,
    now_after_start: i64,
    policy: Policy,
    hours: usize,
    drop_year: Option<i32>,
}

fn hours_variants() -> Vec<Vec<(u32, u32)>> {
    vec![vec![(540, 720), (810, 1050)], vec![(510, 720), (840, 1080)], vec![(540, 1020)]]
}

fn office_hours(spans: &[(u32, u32)]) -> OfficeHours {
    let tm = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
    OfficeHours::new(spans.iter().map(|&(s, e)| OfficeInterval { start: tm(s), end: tm(e) }).collect()).unwrap()
}

fn arb_limit(days: u32, hours: u32) -> impl Strategy<Value = Limit> {
    prop_oneof![(0..=days).prop_map(Limit::working_days), (0..=hours).prop_map(Limit::working_hours)]
}

fn arb_kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        4 => Just(Pause),
        4 => Just(Resume),
        1 => Just(Dispatch),
        2 => Just(Accept),
        2 => Just(Return),
        2 => Just(Redispatch),
        2 => Just(Resolve),
        2 => Just(Reopen),
        1 => Just(Close),
    ]
}

fn arb_gap() -> impl Strategy<Value = i64> {
    prop_oneof![Just(0i64), 1..180i64, 0..1440i64, 0..(5 * 1440i64)]
}

fn arb_time_of_day() -> impl Strategy<Value = u32> {
    prop_oneof![
        prop::sample::select(vec![0, 480, 510, 539, 540, 719, 720, 810, 840, 1020, 1049, 1050, 1080, 1200]),
        0..1440u32,
    ]
}

fn arb_case() -> impl Strategy<Value = Case> {
    let first = prop_oneof![9 => Just(Dispatch), 1 => arb_kind()];
    (
        // 2019-12-01 .. 2027-01-31: the covered years and both edges.
        (0i64..2619, arb_time_of_day()),
        first,
        prop::collection::vec((arb_gap(), arb_kind()), 0..10),
        0i64..(60 * 1440),
        (arb_limit(5, 24), arb_limit(15, 60), arb_limit(3, 10), 0..=7u32),
        0..3usize,
        prop_oneof![4 => Just(None), 1 => (2019..=2027).prop_map(Some)],
    )
        .prop_map(
            |((day, tod), first, rest, now_after, (answer, resolve, remind_before, notice), hours, drop_year)| {
                let start = dt(2019, 12, 1, 0, 0) + Duration::days(day) + Duration::minutes(i64::from(tod));
                let mut events = vec![(0, first)];
                events.extend(rest);
                let span: i64 = events.iter().map(|e| e.0).sum();
                Case {
                    start,
                    events,
                    now_after_start: now_after.min(span + 20 * 1440),
                    policy: Policy {
                        answer,
                        resolve,
                        remind_before,
                        notice_after_working_days: notice,
                        ..Policy::default()
                    },
                    hours,
                    drop_year,
                }
            },
        )
}

fn history(c: &Case) -> Vec<Event> {
    let mut at = c.start;
    c.events
        .iter()
        .map(|&(gap, kind)| {
            at += Duration::minutes(gap);
            ev(at, kind)
        })
        .collect()
}

fn calendar(drop_year: Option<i32>) -> WorkCalendar {
    let mut cal = cn();
    if let Some(y) = drop_year {
        cal.remove_year(y);
    }
    cal
}

/// What the reference says `evaluate` must return.
fn reference(c: &Case) -> SlaState {
    let hist = history(c);
    let now = c.start + Duration::minutes(c.now_after_start);
    let Some(r) = ref_replay(&hist, now) else {
        return SlaState::default();
    };
    let cal = RefCal::load(c.drop_year);
    let rf = Ref { cal: &cal, spans: hours_variants()[c.hours].clone() };
    let p = &c.policy;
    let stop = r.resolved.or(r.closed);
    let answer_end = r.answered.or(stop);
    let answer_due = rf.due(&r, answer_end.unwrap_or(now), rf.budget(p.answer, r.start));
    let budget = rf.budget(p.resolve, r.start);
    let resolve_due = rf.due(&r, stop.unwrap_or(now), budget);
    let used = rf.elapsed(&r, stop.unwrap_or(now));
    let mut s = SlaState {
        started_at: Some(r.start),
        answered_at: r.answered,
        resolved_at: r.resolved,
        closed_at: r.closed,
        paused: r.paused,
        open: stop.is_none(),
        answer_due: Some(answer_due),
        resolve_due: Some(resolve_due),
        resolve_elapsed_minutes: Some(used),
        resolve_remaining_minutes: Some(budget - used),
        day_minutes: Some(hours_variants()[c.hours].iter().map(|&(s, e)| i64::from(e - s)).sum()),
        answer_breached: answer_due < answer_end.unwrap_or(now),
        resolve_breached: resolve_due < stop.unwrap_or(now),
        ..SlaState::default()
    };
    if s.open {
        let remind = rf.remind(p, r.start, resolve_due);
        let supervise = rf.opening(rf.next_working(resolve_due.date()));
        let notice = rf.opening(rf.nth_after(resolve_due.date(), p.notice_after_working_days)).max(resolve_due);
        s.level =
            [(notice, Escalation::PublicNotice), (supervise, Escalation::Supervision), (remind, Escalation::Reminder)]
                .into_iter()
                .find(|(at, _)| now >= *at)
                .map_or(Escalation::None, |(_, l)| l);
        (s.remind_at, s.supervise_at, s.notice_at) = (Some(remind), Some(supervise), Some(notice));
    }
    s
}

fn evaluate_case(c: &Case, hist: &[Event]) -> SlaState {
    let now = c.start + Duration::minutes(c.now_after_start);
    evaluate(hist, &c.policy, &calendar(c.drop_year), &office_hours(&hours_variants()[c.hours]), now)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn matches_the_minute_by_minute_reference(c in arb_case()) {
        prop_assert_eq!(evaluate_case(&c, &history(&c)), reference(&c));
    }

    /// Returns and redispatches never change the clock.
    #[test]
    fn returns_change_nothing(c in arb_case(), at in prop::collection::vec((0usize..12, any::<bool>()), 1..4)) {
        let plain: Vec<Event> = history(&c).into_iter().filter(|e| !matches!(e.kind, Return | Redispatch)).collect();
        // Inserted after the dispatch that starts the clock, at the time of the event before,
        // so the history stays in time order.
        let first = plain.iter().position(|e| e.kind == Dispatch);
        prop_assume!(first.is_some());
        let first = first.unwrap_or_default();
        let mut with = plain.clone();
        for (i, ret) in at {
            let i = first + 1 + i % (with.len() - first);
            with.insert(i, ev(with[i - 1].at, if ret { Return } else { Redispatch }));
        }
        prop_assert_eq!(evaluate_case(&c, &with), evaluate_case(&c, &plain));
    }

    /// A pause moves the deadline by exactly the working time it covers (nothing for a pause
    /// outside office hours), if it starts before the deadline.
    #[test]
    fn a_pause_shifts_the_deadline_by_its_working_time(
        day in 0i64..2557,
        tod in arb_time_of_day(),
        pause_after in 0i64..(20 * 1440),
        pause_len in 0i64..(6 * 1440),
        resolve in arb_limit(15, 60),
    ) {
        let cal = cn();
        let hours = OfficeHours::default();
        let wt = WorkingTime::new(&cal, &hours);
        let start = dt(2020, 1, 1, 0, 0) + Duration::days(day) + Duration::minutes(i64::from(tod));
        let (p0, p1) = (start + Duration::minutes(pause_after), start + Duration::minutes(pause_after + pause_len));
        let p = Policy { resolve, ..Policy::default() };
        let plain = evaluate(&[ev(start, Dispatch)], &p, &cal, &hours, p1).resolve_due.unwrap();
        let paused = evaluate(&[ev(start, Dispatch), ev(p0, Pause), ev(p1, Resume)], &p, &cal, &hours, p1);
        let paused = paused.resolve_due.unwrap();
        if p0 < plain {
            prop_assert_eq!(paused, wt.add_seconds(plain, wt.seconds_between(p0, p1)));
        } else {
            prop_assert_eq!(paused, plain);
        }
    }

    /// The dispatch clock: the limit runs out exactly when the waited working time reaches it,
    /// and a longer wait is never less overdue.
    #[test]
    fn dispatch_overdue_when_the_wait_passes_the_limit(day in 0i64..2557, tod in 0i64..1440, a in 0i64..(20 * 1440), b in 0i64..(5 * 1440), limit in arb_limit(5, 24)) {
        let cal = cn();
        let hours = OfficeHours::default();
        let wt = WorkingTime::new(&cal, &hours);
        let received = dt(2020, 1, 1, 0, 0) + Duration::days(day) + Duration::minutes(tod);
        let now = received + Duration::minutes(a);
        let w = dispatch_wait(received, limit, &cal, &hours, now);
        let budget = limit.budget_seconds(&wt, received);
        let waited = wt.seconds_between(received, now);
        prop_assert_eq!(w.waiting_minutes, waited / 60);
        prop_assert_eq!(wt.seconds_between(received, w.due_at), budget);
        if waited > budget { prop_assert!(w.overdue); }
        if w.overdue { prop_assert!(waited >= budget); }
        let later = dispatch_wait(received, limit, &cal, &hours, now + Duration::minutes(b));
        prop_assert!(later.waiting_minutes >= w.waiting_minutes && (later.overdue || !w.overdue));
        prop_assert_eq!(later.due_at, w.due_at);
    }

    /// Reopening continues from the working time used before the resolution.
    #[test]
    fn reopen_continues_elapsed(day in 0i64..2557, a in 0i64..(10 * 1440), b in 0i64..(10 * 1440), c in 0i64..(10 * 1440)) {
        let cal = cn();
        let hours = OfficeHours::default();
        let wt = WorkingTime::new(&cal, &hours);
        let start = dt(2020, 1, 1, 9, 0) + Duration::days(day);
        let resolved = start + Duration::minutes(a);
        let reopened = resolved + Duration::minutes(b);
        let now = reopened + Duration::minutes(c);
        let h = [ev(start, Dispatch), ev(resolved, Resolve), ev(reopened, Reopen)];
        let s = evaluate(&h, &Policy::default(), &cal, &hours, now);
        let used = wt.seconds_between(start, resolved) + wt.seconds_between(reopened, now);
        prop_assert_eq!(s.resolve_elapsed_minutes, Some(used / 60));
    }

    /// The order events were recorded in does not matter when their times differ.
    #[test]
    fn order_of_recording_does_not_matter(c in arb_case(), seed in any::<u64>()) {
        let hist = history(&c);
        let times: BTreeSet<_> = hist.iter().map(|e| e.at).collect();
        prop_assume!(times.len() == hist.len());
        let mut shuffled = hist.clone();
        let n = shuffled.len();
        for i in 0..n {
            shuffled.swap(i, (seed as usize).wrapping_add(i * 7919) % n);
        }
        prop_assert_eq!(evaluate_case(&c, &shuffled), evaluate_case(&c, &hist));
    }
}
