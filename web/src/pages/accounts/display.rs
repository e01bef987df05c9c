//! The preferences that shape how the accounts screen shows codes.

use twofold_core::account::format_password;
use twofold_core::contract::Preferences;
use twofold_core::group::GroupFilter;

/// The preferences that shape how codes are shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Display {
    /// `formatPasswordBy` when `formatPassword` is on.
    format_by: Option<f64>,
    /// `showOtpAsDot`.
    pub as_dots: bool,
    /// `revealDottedOTP`: an eye button shows a masked code.
    pub reveal: bool,
    /// `showNextOtp`.
    pub show_next: bool,
    /// `getOtpOnRequest`: codes open in a dialog instead of living in the list.
    pub on_request: bool,
    /// `autoCloseTimeout`: minutes before the dialog closes itself (0 never).
    pub auto_close: i32,
    /// `copyOtpOnDisplay`.
    pub copy_on_display: bool,
    /// `closeOtpOnCopy`.
    pub close_on_copy: bool,
    /// `clearSearchOnCopy`.
    pub clear_search_on_copy: bool,
    /// `displayMode` is `grid`.
    pub grid: bool,
    /// `showAccountsIcons`.
    pub show_icons: bool,
    /// `useGroupChips`: a chips bar, else a group switch.
    pub use_chips: bool,
    /// `showVirtualChips`: the pseudo-groups (without group, shared by me, shared with me).
    pub virtual_chips: bool,
    /// `rememberActiveGroup`.
    pub remember_group: bool,
    /// `viewDefaultGroupOnCopy`: the filter `defaultGroup` names after a copy (`-1` keeps it).
    pub group_after_copy: Option<GroupFilter>,
}

impl Display {
    pub(super) fn from_preferences(p: &Preferences) -> Self {
        Self {
            format_by: p
                .format_password()
                .then(|| p.format_password_by.as_f64().unwrap_or(0.5)),
            as_dots: p.show_otp_as_dot(),
            reveal: p.reveal_dotted_otp(),
            show_next: p.show_next_otp(),
            on_request: p.get_otp_on_request(),
            auto_close: p.auto_close_timeout() as i32,
            copy_on_display: p.copy_otp_on_display(),
            close_on_copy: p.close_otp_on_copy(),
            clear_search_on_copy: p.clear_search_on_copy(),
            grid: p.display_mode() == "grid",
            show_icons: p.show_accounts_icons(),
            use_chips: p.use_group_chips(),
            virtual_chips: p.show_virtual_chips(),
            remember_group: p.remember_active_group(),
            group_after_copy: p
                .view_default_group_on_copy()
                .then(|| p.default_group())
                .filter(|g| *g >= 0)
                .map(GroupFilter::from_preference),
        }
    }

    /// The code as shown: formatted, or as dots unless revealed.
    pub(super) fn show(self, code: &str, revealed: bool) -> String {
        if self.as_dots && !revealed {
            return "●".repeat(code.chars().count());
        }
        match self.format_by {
            Some(by) => format_password(code, by),
            None => code.to_string(),
        }
    }
}
