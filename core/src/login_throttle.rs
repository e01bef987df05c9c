//! Sign-in guards: how many password checks an attacker gets.
//!
//! Two counters stand in front of every password check, and each attempt is counted *before* the
//! password is verified, so parallel requests cannot all slip through between a read and a write:
//! - per (e-mail, client address): 2FAuth's `LOGIN_THROTTLE` failures in a one-minute window,
//!   then 429 until the window ends ([`Rule::Pair`]);
//! - per e-mail, whatever the address: [`ACCOUNT_FREE_ATTEMPTS`] failures, then a wait of
//!   [`ACCOUNT_FIRST_DELAY`] that doubles with each further failure up to [`ACCOUNT_MAX_DELAY`]
//!   ([`Rule::Account`]), so an attacker spreading guesses over many addresses gains only a few
//!   guesses an hour.
//!
//! A successful sign-in clears both counters. The worker stores [`Attempts`] and swaps them with a
//! compare-and-set, so two requests never both take the last free attempt.

/// The window of the per-(e-mail, address) counter, in seconds (2FAuth's one minute).
pub const PAIR_WINDOW: i64 = 60;
/// Failed attempts per e-mail (from any address) before delays start.
pub const ACCOUNT_FREE_ATTEMPTS: i64 = 10;
/// The wait after the free attempts, in seconds; it doubles with each further failure.
pub const ACCOUNT_FIRST_DELAY: i64 = 30;
/// The longest delay between two attempts on one e-mail, in seconds.
pub const ACCOUNT_MAX_DELAY: i64 = 15 * 60;
/// After this long without an attempt, an e-mail's counter starts again, in seconds.
pub const ACCOUNT_QUIET_RESET: i64 = 24 * 3600;
/// Requests per minute and client address to each sign-in, registration and password-recovery
/// route when `THROTTLE_AUTH` is unset (2FAuth's route throttle on `POST /user/login`).
pub const DEFAULT_ROUTE_LIMIT: u32 = 10;

/// A counter as stored: attempts so far, when its window started and when the last one came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts {
    /// Attempts counted (a success clears the counter, so these are failures or in flight).
    pub count: i64,
    /// Unix time of the window's first attempt.
    pub window_start: i64,
    /// Unix time of the latest attempt.
    pub last_at: i64,
}

/// Which counter a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `limit` attempts per (e-mail, address) in [`PAIR_WINDOW`].
    Pair {
        /// `LOGIN_THROTTLE`.
        limit: i64,
    },
    /// Attempts per e-mail with exponential backoff past [`ACCOUNT_FREE_ATTEMPTS`].
    Account,
}

/// What a new attempt meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// The attempt may check the password; the counter becomes this.
    Open(Attempts),
    /// Refused: try again in this many seconds (at least 1).
    Shut(u64),
}

/// The delay an e-mail waits after its `count`-th attempt before the next one, in seconds.
pub fn account_delay(count: i64) -> i64 {
    if count < ACCOUNT_FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (count - ACCOUNT_FREE_ATTEMPTS).min(20) as u32;
    (ACCOUNT_FIRST_DELAY << doublings).min(ACCOUNT_MAX_DELAY)
}

/// Whether an attempt at `now` may go on, given the stored counter (`None`: none yet).
pub fn take(rule: Rule, stored: Option<Attempts>, now: i64) -> Gate {
    let fresh = Attempts {
        count: 1,
        window_start: now,
        last_at: now,
    };
    let Some(prev) = stored else {
        return Gate::Open(fresh);
    };
    match rule {
        Rule::Pair { limit } => {
            let ends = prev.window_start + PAIR_WINDOW;
            if ends <= now {
                Gate::Open(fresh)
            } else if prev.count >= limit {
                Gate::Shut((ends - now).max(1) as u64)
            } else {
                Gate::Open(Attempts {
                    count: prev.count + 1,
                    last_at: now,
                    ..prev
                })
            }
        }
        Rule::Account => {
            if prev.last_at + ACCOUNT_QUIET_RESET <= now {
                return Gate::Open(fresh);
            }
            let next = prev.last_at + account_delay(prev.count);
            if next > now {
                Gate::Shut((next - now) as u64)
            } else {
                Gate::Open(Attempts {
                    count: prev.count + 1,
                    last_at: now,
                    ..prev
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rule: Rule, times: &[i64]) -> (Option<Attempts>, alloc::vec::Vec<Gate>) {
        let mut stored = None;
        let mut gates = alloc::vec::Vec::new();
        for &now in times {
            let gate = take(rule, stored, now);
            if let Gate::Open(next) = gate {
                stored = Some(next);
            }
            gates.push(gate);
        }
        (stored, gates)
    }

    #[test]
    fn pair_allows_the_limit_then_shuts_until_the_window_ends() {
        let (_, gates) = run(
            Rule::Pair { limit: 5 },
            &[100, 101, 102, 103, 104, 105, 159, 160],
        );
        assert!(gates[..5].iter().all(|g| matches!(g, Gate::Open(_))));
        assert_eq!(gates[5], Gate::Shut(55), "6th: until 100 + 60");
        assert_eq!(gates[6], Gate::Shut(1));
        assert_eq!(
            gates[7],
            Gate::Open(Attempts {
                count: 1,
                window_start: 160,
                last_at: 160
            }),
            "a new window"
        );
    }

    #[test]
    fn account_delays_double_after_the_free_attempts_and_are_capped() {
        assert_eq!(account_delay(9), 0);
        assert_eq!(account_delay(10), 30);
        assert_eq!(account_delay(11), 60);
        assert_eq!(account_delay(13), 240);
        assert_eq!(account_delay(40), ACCOUNT_MAX_DELAY);
        assert_eq!(account_delay(i64::MAX), ACCOUNT_MAX_DELAY);
        // Ten attempts in one second pass, the eleventh waits 30 s, the twelfth 60 s more.
        let times: alloc::vec::Vec<i64> = (0..11).map(|_| 1000).collect();
        let (stored, gates) = run(Rule::Account, &times);
        assert!(gates[..10].iter().all(|g| matches!(g, Gate::Open(_))));
        assert_eq!(gates[10], Gate::Shut(30));
        let stored = stored.unwrap();
        assert_eq!(take(Rule::Account, Some(stored), 1029), Gate::Shut(1));
        let Gate::Open(after) = take(Rule::Account, Some(stored), 1030) else {
            panic!("open after the delay")
        };
        assert_eq!(after.count, 11);
        assert_eq!(take(Rule::Account, Some(after), 1031), Gate::Shut(59));
        assert!(matches!(
            take(Rule::Account, Some(after), 1090),
            Gate::Open(_)
        ));
    }

    #[test]
    fn an_hour_of_guessing_on_one_account_gets_few_guesses() {
        // An attacker retrying as soon as allowed, from any number of addresses.
        let (mut now, mut stored, mut checked) = (0, None, 0);
        while now < 3600 {
            match take(Rule::Account, stored, now) {
                Gate::Open(next) => {
                    stored = Some(next);
                    checked += 1;
                }
                Gate::Shut(wait) => now += wait as i64,
            }
        }
        assert!(checked <= 20, "{checked} guesses in an hour");
    }
}
