//! Dates as 2FAuth writes them: Laravel's JSON timestamps, the log format `Thu, May 2, 2024 6:32 AM`
//! and Carbon's English "diff for humans" (`1 week ago`, `8 seconds`).

use alloc::format;
use alloc::string::String;

/// Days since 1970-01-01 → (year, month, day), Howard Hinnant's civil-from-days algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) → days since 1970-01-01, the inverse of `civil_from_days`.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A wall-clock date and time read as if it were UTC, in Unix seconds: the difference with the
/// real instant is a time zone's offset.
pub fn unix_from_civil(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
) -> i64 {
    days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second)
}

/// Unix seconds as Laravel's JSON date: `2024-05-02T06:32:00.000000Z`.
pub fn iso8601(unix: i64) -> String {
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000000Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Unix seconds as 2FAuth's log date (`D, M j, Y g:i A`), in UTC.
pub fn log_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let secs = unix.rem_euclid(86_400);
    let (hour, minute) = (secs / 3600, secs / 60 % 60);
    let (hour12, half) = match hour {
        0 => (12, "AM"),
        1..=11 => (hour, "AM"),
        12 => (12, "PM"),
        _ => (hour - 12, "PM"),
    };
    format!(
        "{}, {} {day}, {year} {hour12}:{minute:02} {half}",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize]
    )
}

/// A length of time as Carbon words it with one part: `8 seconds`, `1 minute`, `3 weeks`.
pub fn duration(seconds: u64) -> String {
    const UNITS: [(u64, &str); 6] = [
        (365 * 86_400, "year"),
        (30 * 86_400, "month"),
        (7 * 86_400, "week"),
        (86_400, "day"),
        (3600, "hour"),
        (60, "minute"),
    ];
    let (count, unit) = UNITS
        .iter()
        .find(|(size, _)| seconds >= *size)
        .map_or((seconds.max(1), "second"), |(size, unit)| {
            (seconds / size, *unit)
        });
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {unit}{plural}")
}

/// How long ago `then` was at `now`: `1 week ago` (Carbon's `diffForHumans`).
pub fn ago(then: i64, now: i64) -> String {
    format!("{} ago", duration(now.saturating_sub(then).max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_go_back_to_the_same_instant() {
        for unix in [0i64, 951_782_400, 1_714_631_520, 4_107_542_400, -86_400] {
            let days = unix.div_euclid(86_400);
            let (y, m, d) = civil_from_days(days);
            let secs = unix.rem_euclid(86_400);
            let (h, min, s) = (
                (secs / 3600) as u32,
                (secs / 60 % 60) as u32,
                (secs % 60) as u32,
            );
            assert_eq!(unix_from_civil(y, m, d, h, min, s), unix);
        }
        assert_eq!(unix_from_civil(2024, 5, 2, 6, 32, 0), 1_714_631_520);
    }

    #[test]
    fn formats_like_laravel() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(iso8601(1714631520), "2024-05-02T06:32:00.000000Z");
        assert_eq!(iso8601(951782400), "2000-02-29T00:00:00.000000Z");
        assert_eq!(iso8601(4102444799), "2099-12-31T23:59:59.000000Z");
    }

    #[test]
    fn log_dates_like_2fauth() {
        assert_eq!(log_date(1714631520), "Thu, May 2, 2024 6:32 AM");
        assert_eq!(log_date(1714651200), "Thu, May 2, 2024 12:00 PM");
        assert_eq!(log_date(1714608000), "Thu, May 2, 2024 12:00 AM");
        assert_eq!(log_date(0), "Thu, Jan 1, 1970 12:00 AM");
    }

    #[test]
    fn human_diffs() {
        assert_eq!(duration(8), "8 seconds");
        assert_eq!(duration(0), "1 second");
        assert_eq!(duration(60), "1 minute");
        assert_eq!(duration(150), "2 minutes");
        assert_eq!(ago(0, 8 * 86_400), "1 week ago");
        assert_eq!(ago(0, 400 * 86_400), "1 year ago");
    }
}
