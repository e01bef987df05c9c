//! Who may do what with a two-factor account, as 2FAuth decides it: its owner may do everything;
//! a borrower (a user the owner shares it with, directly or through a share with all users) may
//! read it without its secret, ask its codes and file it into his own groups; anyone else gets
//! nothing. The storage reads the facts (owner, shares); every decision is taken here.
//!
//! The functions are `#[inline]`: `core` is built for speed (codes), these small per-request
//! checks are built with their callers, for size.

use alloc::string::String;

use serde_json::Value;

/// What the instance's settings allow of sharing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sharing {
    /// `enableSharing`: accounts can be shared at all.
    pub enabled: bool,
    /// `enableAllUsersSharingScope`: accounts can be shared with all users.
    pub all_users: bool,
}

impl Sharing {
    /// No sharing: only what a user owns counts (e.g. an import's duplicates, 2FAuth's rule).
    pub const OFF: Self = Self {
        enabled: false,
        all_users: false,
    };

    /// What the admin settings `all` allow.
    #[inline]
    pub fn from_settings(all: &[(String, Value)]) -> Self {
        Self {
            enabled: crate::settings::enabled(all, "enableSharing"),
            all_users: crate::settings::enabled(all, "enableAllUsersSharingScope"),
        }
    }

    /// Whether an account's share with all users is in force: only while that scope is on (a
    /// share made before the admin turned it off is kept but counts for nothing).
    #[inline]
    pub fn with_all_counts(self, shared_with_all: bool) -> bool {
        self.all_users && shared_with_all
    }
}

/// The stored facts about one account, seen from one caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// The owner's user id.
    pub owner_id: i64,
    /// Shared with at least one specific user.
    pub shared_with_users: bool,
    /// Shared with all users.
    pub shared_with_all: bool,
    /// Shared with the caller himself.
    pub shared_with_caller: bool,
}

/// How a caller stands to an account (none at all is `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The caller owns it.
    Owner,
    /// Someone shares it with the caller (directly, or with all users).
    Borrower,
}

/// How `caller_id` stands to the account of `facts` under `sharing`: the owner always; a
/// borrower only while sharing is on (and, for a share with all users, that scope).
#[inline]
pub fn access(caller_id: i64, facts: &Facts, sharing: Sharing) -> Option<Access> {
    if facts.owner_id == caller_id {
        return Some(Access::Owner);
    }
    let shared = facts.shared_with_caller || sharing.with_all_counts(facts.shared_with_all);
    (sharing.enabled && shared).then_some(Access::Borrower)
}

/// What an action on an account asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Right {
    /// Read it (without its secret), get its codes, file it into one's groups, order it.
    See,
    /// Everything else: its secret, edit, delete, export, QR code, code logs, shares, transfer.
    Own,
}

/// Why an account is refused to a caller who may not act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// It is not his and sharing is off (2FAuth answers some routes `Sharing feature is
    /// disabled`, others a plain 403).
    SharingOff,
    /// It is another user's (not shared with him, or the action is the owner's).
    Foreign,
}

impl core::fmt::Display for Refusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::SharingOff => "Sharing feature is disabled",
            Self::Foreign => "This action is unauthorized.",
        })
    }
}

impl core::error::Error for Refusal {}

/// Whether `caller_id` has `right` to the account of `facts` under `sharing`; the refusal says
/// why not.
#[inline]
pub fn allows(
    caller_id: i64,
    facts: &Facts,
    right: Right,
    sharing: Sharing,
) -> Result<Access, Refusal> {
    match (access(caller_id, facts, sharing), right) {
        (Some(held @ Access::Owner), _) | (Some(held @ Access::Borrower), Right::See) => Ok(held),
        (Some(Access::Borrower), Right::Own) => Err(Refusal::Foreign),
        (None, Right::See) if !sharing.enabled => Err(Refusal::SharingOff),
        (None, _) => Err(Refusal::Foreign),
    }
}

impl Access {
    /// Whether the account's secret is shown: only to its owner (a borrower's codes are
    /// computed by the server).
    pub fn shows_secret(self) -> bool {
        self == Self::Owner
    }
}

/// The sharing mark an account carries in its resource for one caller (2FAuth's
/// `is_borrowed`/`borrowed_by`, `is_shared_with_all` and `is_shared`, mutually exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// No mark: the caller's own account, not shared (or sharing is off).
    None,
    /// Borrowed: someone else's, shared with the caller.
    Borrowed,
    /// The caller's, shared with all users.
    SharedWithAll,
    /// The caller's, shared with specific users (and not with all).
    SharedWithUsers,
}

/// The mark of the account of `facts` for `caller_id` under `sharing`.
#[inline]
pub fn mark(caller_id: i64, facts: &Facts, sharing: Sharing) -> Mark {
    match access(caller_id, facts, sharing) {
        Some(Access::Borrower) => Mark::Borrowed,
        Some(Access::Owner) if !sharing.enabled => Mark::None,
        Some(Access::Owner) if sharing.with_all_counts(facts.shared_with_all) => {
            Mark::SharedWithAll
        }
        Some(Access::Owner) if facts.shared_with_users => Mark::SharedWithUsers,
        _ => Mark::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ON: Sharing = Sharing {
        enabled: true,
        all_users: true,
    };
    const USERS_ONLY: Sharing = Sharing {
        enabled: true,
        all_users: false,
    };

    fn facts(owner_id: i64, users: bool, all: bool, caller: bool) -> Facts {
        Facts {
            owner_id,
            shared_with_users: users,
            shared_with_all: all,
            shared_with_caller: caller,
        }
    }

    #[test]
    fn the_owner_always_has_access() {
        for sharing in [ON, USERS_ONLY, Sharing::OFF] {
            assert_eq!(
                access(1, &facts(1, true, true, false), sharing),
                Some(Access::Owner)
            );
        }
    }

    #[test]
    fn a_borrower_needs_sharing_on_and_the_right_scope() {
        let direct = facts(1, true, false, true);
        let with_all = facts(1, false, true, false);
        assert_eq!(access(2, &direct, ON), Some(Access::Borrower));
        assert_eq!(access(2, &direct, USERS_ONLY), Some(Access::Borrower));
        assert_eq!(access(2, &direct, Sharing::OFF), None);
        assert_eq!(access(2, &with_all, ON), Some(Access::Borrower));
        assert_eq!(access(2, &with_all, USERS_ONLY), None);
        // Shared with others only: nothing for this caller.
        assert_eq!(access(2, &facts(1, true, false, false), ON), None);
        // A share with all users while the switch is on but sharing itself is off: nothing.
        let half = Sharing {
            enabled: false,
            all_users: true,
        };
        assert_eq!(access(2, &with_all, half), None);
    }

    #[test]
    fn rights_and_refusals() {
        let mine = facts(1, false, false, false);
        let lent = facts(1, true, false, true);
        assert_eq!(
            allows(1, &mine, Right::Own, Sharing::OFF),
            Ok(Access::Owner)
        );
        assert_eq!(allows(2, &lent, Right::See, ON), Ok(Access::Borrower));
        assert_eq!(allows(2, &lent, Right::Own, ON), Err(Refusal::Foreign));
        assert_eq!(allows(2, &mine, Right::See, ON), Err(Refusal::Foreign));
        assert_eq!(
            allows(2, &lent, Right::See, Sharing::OFF),
            Err(Refusal::SharingOff)
        );
        assert_eq!(
            allows(2, &lent, Right::Own, Sharing::OFF),
            Err(Refusal::Foreign)
        );
        assert!(Access::Owner.shows_secret());
        assert!(!Access::Borrower.shows_secret());
    }

    #[test]
    fn marks_are_exclusive_and_follow_the_settings() {
        let both = facts(1, true, true, false);
        assert_eq!(mark(1, &both, ON), Mark::SharedWithAll);
        assert_eq!(mark(1, &both, USERS_ONLY), Mark::SharedWithUsers);
        assert_eq!(mark(1, &both, Sharing::OFF), Mark::None);
        assert_eq!(mark(1, &facts(1, false, false, false), ON), Mark::None);
        assert_eq!(mark(2, &facts(1, true, false, true), ON), Mark::Borrowed);
        assert_eq!(mark(2, &facts(1, true, false, false), ON), Mark::None);
    }

    #[test]
    fn settings_are_read_as_switches() {
        let all = [
            (String::from("enableSharing"), Value::from("1")),
            (
                String::from("enableAllUsersSharingScope"),
                Value::Bool(false),
            ),
        ];
        assert_eq!(Sharing::from_settings(&all), USERS_ONLY);
        assert_eq!(Sharing::from_settings(&[]), Sharing::OFF);
        assert!(ON.with_all_counts(true) && !USERS_ONLY.with_all_counts(true));
    }
}
