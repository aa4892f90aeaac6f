//! Business time: when the office works (opening hours per weekday in the office's time
//! zone, minus holidays), and the arithmetic SLA clocks need: the moment a number of
//! business seconds after a start, and the business seconds between two moments. A
//! conversation that arrives on Friday evening is due on Monday morning, not Saturday.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const DAY: i64 = 86_400;
/// Julian day number of 1970-01-01.
const EPOCH_JULIAN: i64 = 2_440_588;

/// Opening hours of one day, `HH:MM` local time; `close` after `open`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Hours {
    pub open: String,
    pub close: String,
}

/// When the office works.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct Calendar {
    /// Minutes east of UTC of the office's clock (South Africa: 120).
    pub utc_offset_minutes: i32,
    /// Monday first, seven entries; `null` for a closed day.
    pub week: Vec<Option<Hours>>,
    /// Closed dates, `YYYY-MM-DD` in the office's time zone.
    pub holidays: Vec<String>,
}

impl Default for Calendar {
    fn default() -> Self {
        let h = |o: &str, c: &str| {
            Some(Hours {
                open: o.into(),
                close: c.into(),
            })
        };
        Calendar {
            utc_offset_minutes: 120,
            week: vec![
                h("08:00", "17:00"),
                h("08:00", "17:00"),
                h("08:00", "17:00"),
                h("08:00", "17:00"),
                h("08:00", "17:00"),
                h("08:00", "13:00"),
                None,
            ],
            holidays: Vec::new(),
        }
    }
}

fn minutes(hhmm: &str) -> Option<i64> {
    let (h, m) = hhmm.split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..=24).contains(&h) && (0..60).contains(&m) && h * 60 + m <= 1440).then_some(h * 60 + m)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn day_number(date: &str) -> Option<i64> {
    let mut it = date.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    let date = time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()?;
    Some(i64::from(date.to_julian_day()) - EPOCH_JULIAN)
}

/// A calendar ready for arithmetic.
struct Compiled {
    offset: i64,
    /// Per weekday (Monday first): open and close in seconds after local midnight.
    week: [Option<(i64, i64)>; 7],
    holidays: std::collections::HashSet<i64>,
}

impl Compiled {
    fn open_span(&self, day: i64) -> Option<(i64, i64)> {
        if self.holidays.contains(&day) {
            return None;
        }
        // 1970-01-01 was a Thursday (index 3 with Monday first).
        let weekday = (day + 3).rem_euclid(7) as usize;
        self.week[weekday].map(|(o, c)| (day * DAY + o, day * DAY + c))
    }

    fn any_open(&self) -> bool {
        self.week.iter().any(Option::is_some)
    }
}

/// How far ahead the arithmetic looks before giving up (a calendar of holidays only).
const HORIZON_DAYS: i64 = 800;

impl Calendar {
    /// The field that is wrong, if any.
    pub fn validate(&self) -> Result<(), &'static str> {
        if self.week.len() != 7 {
            return Err("week");
        }
        for h in self.week.iter().flatten() {
            match (minutes(&h.open), minutes(&h.close)) {
                (Some(o), Some(c)) if o < c => {}
                _ => return Err("week"),
            }
        }
        if self.week.iter().all(Option::is_none) {
            return Err("week");
        }
        if self.holidays.iter().any(|d| day_number(d).is_none()) {
            return Err("holidays");
        }
        if !(-14 * 60..=14 * 60).contains(&self.utc_offset_minutes) {
            return Err("utc_offset_minutes");
        }
        Ok(())
    }

    fn compile(&self) -> Compiled {
        let mut week = [None; 7];
        for (i, h) in self.week.iter().take(7).enumerate() {
            if let Some(h) = h
                && let (Some(o), Some(c)) = (minutes(&h.open), minutes(&h.close))
                && o < c
            {
                week[i] = Some((o * 60, c * 60));
            }
        }
        Compiled {
            offset: i64::from(self.utc_offset_minutes) * 60,
            week,
            holidays: self.holidays.iter().filter_map(|d| day_number(d)).collect(),
        }
    }

    /// The moment `secs` business seconds after `start` (Unix seconds). Time outside
    /// opening hours does not count; a start outside them counts from the next opening.
    pub fn add(&self, start: i64, secs: i64) -> i64 {
        let c = self.compile();
        if !c.any_open() {
            return start + secs;
        }
        let mut t = start + c.offset;
        let mut left = secs.max(0);
        let first = t.div_euclid(DAY);
        for day in first..first + HORIZON_DAYS {
            if let Some((open, close)) = c.open_span(day)
                && t < close
            {
                let from = t.max(open);
                if left <= close - from {
                    return from + left - c.offset;
                }
                left -= close - from;
            }
            t = (day + 1) * DAY;
        }
        start + secs
    }

    /// Business seconds from `a` to `b` (0 when `b` is not after `a`).
    pub fn between(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        let c = self.compile();
        if !c.any_open() {
            return b - a;
        }
        let (a, b) = (a + c.offset, b + c.offset);
        let mut total = 0;
        for day in a.div_euclid(DAY)..=b.div_euclid(DAY) {
            if let Some((open, close)) = c.open_span(day) {
                let (from, to) = (a.max(open), b.min(close));
                if to > from {
                    total += to - from;
                }
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unix seconds of a UTC date and time.
    fn at(date: &str, hh: i64, mm: i64) -> i64 {
        day_number(date).unwrap() * DAY + hh * 3600 + mm * 60
    }

    fn utc_office() -> Calendar {
        Calendar {
            utc_offset_minutes: 0,
            ..Calendar::default()
        }
    }

    #[test]
    fn time_inside_opening_hours_counts_as_is() {
        let c = utc_office();
        // Wednesday 2026-11-18, 09:00 + 2 h.
        assert_eq!(c.add(at("2026-11-18", 9, 0), 7200), at("2026-11-18", 11, 0));
        assert_eq!(
            c.between(at("2026-11-18", 9, 0), at("2026-11-18", 11, 0)),
            7200
        );
    }

    #[test]
    fn a_friday_evening_message_is_due_on_monday() {
        let c = utc_office();
        // Friday 2026-11-20 16:30 + 4 business hours: 30 min Friday, 5 h Saturday
        // (08:00–13:00) covers the rest: Saturday 11:30.
        assert_eq!(
            c.add(at("2026-11-20", 16, 30), 4 * 3600),
            at("2026-11-21", 11, 30)
        );
        // + 6 h: Friday 30 min, Saturday 5 h, Monday 30 min.
        assert_eq!(
            c.add(at("2026-11-20", 16, 30), 6 * 3600),
            at("2026-11-23", 8, 30)
        );
        // Sunday counts nothing.
        assert_eq!(c.between(at("2026-11-22", 0, 0), at("2026-11-23", 0, 0)), 0);
        // Before opening: counts from 08:00.
        assert_eq!(c.add(at("2026-11-23", 3, 0), 60), at("2026-11-23", 8, 1));
    }

    #[test]
    fn holidays_and_time_zones_move_the_clock() {
        let mut c = utc_office();
        c.holidays.push("2026-11-23".into());
        assert_eq!(
            c.add(at("2026-11-21", 12, 0), 2 * 3600),
            at("2026-11-24", 9, 0)
        );
        // An office at UTC+2 opens at 06:00 UTC.
        let sa = Calendar::default();
        assert_eq!(sa.add(at("2026-11-18", 5, 0), 60), at("2026-11-18", 6, 1));
        assert_eq!(
            sa.between(at("2026-11-18", 0, 0), at("2026-11-19", 0, 0)),
            9 * 3600
        );
    }

    #[test]
    fn add_and_between_agree() {
        let c = Calendar::default();
        let start = at("2026-11-19", 14, 17);
        for secs in [0, 59, 3600, 9 * 3600, 40 * 3600, 200 * 3600] {
            let end = c.add(start, secs);
            assert_eq!(c.between(start, end), secs, "{secs}");
        }
    }

    #[test]
    fn a_calendar_must_open_sometime() {
        let mut c = Calendar::default();
        assert!(c.validate().is_ok());
        c.week = vec![None; 7];
        assert_eq!(c.validate(), Err("week"));
        let mut c = Calendar::default();
        c.week[0] = Some(Hours {
            open: "18:00".into(),
            close: "09:00".into(),
        });
        assert_eq!(c.validate(), Err("week"));
        let mut c = Calendar::default();
        c.holidays.push("2026-02-30".into());
        assert_eq!(c.validate(), Err("holidays"));
    }
}
