//! The API's resources as typed values: what the worker serialises and the web app reads.
//!
//! One type per resource of `worker/openapi.json` (named after its component where the document
//! has one), each field in the order 2FAuth writes its keys: with `serde_json`'s `preserve_order`
//! a struct's field order is the JSON key order, so the bytes clients see follow from these
//! declarations. A field 2FAuth leaves out (rather than sending `null`) is an `Option` skipped
//! when `None`. A `cargo test` (`core/tests/contract.rs`) checks a sample of every type against
//! the OpenAPI document.

use alloc::string::String;
use alloc::vec::Vec;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Number, Value};

pub use crate::account::{EmbeddedOtp, Otp, OtpType};
pub use crate::otp::Algorithm;
pub use crate::secret::Secret;

// ---------------------------------------------------------------------------------------------
// Reading by key

/// Field `key` of a JSON object, taken out of it; a missing one as serde's derived reading sees
/// it ([`Missing`]). Not inlined: one copy per field type serves every type read by
/// [`read_by_key!`].
#[inline(never)]
fn take<T: DeserializeOwned>(
    map: &mut Map<String, Value>,
    key: &'static str,
) -> Result<T, serde_json::Error> {
    match map.remove(key) {
        Some(value) => T::deserialize(value),
        None => T::deserialize(Missing(key)),
    }
}

/// A field absent from an object, as serde's derived reading treats one: `None` for an `Option`,
/// else refused as a `missing field`.
struct Missing(&'static str);

impl<'de> Deserializer<'de> for Missing {
    type Error = serde_json::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::missing_field(self.0))
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// Declares how a type with `#[serde(try_from = "Map<String, Value>")]` reads: a JSON object,
/// then each field taken by its key ([`take`]; the key is the field's name unless given). The
/// same outcome as a derived reading (unknown keys ignored, a missing field refused unless it is
/// an `Option`, the same type errors), without one inlined visitor per type and deserializer: the
/// web app reads its answers through `Value`, where those weighed kilobytes a type.
/// A type flattened into another reads its fields out of the same object with `read`.
macro_rules! read_by_key {
    ($ty:ident { $($field:ident $(= $key:literal)?),* $(,)? }) => {
        impl $ty {
            /// Takes this type's fields out of `map`.
            fn read(map: &mut Map<String, Value>) -> Result<Self, serde_json::Error> {
                Ok(Self { $($field: take(map, read_by_key!(@key $field $($key)?))?,)* })
            }
        }

        impl TryFrom<Map<String, Value>> for $ty {
            type Error = serde_json::Error;
            fn try_from(mut map: Map<String, Value>) -> Result<Self, Self::Error> {
                Self::read(&mut map)
            }
        }
    };
    (@key $field:ident $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
}

// ---------------------------------------------------------------------------------------------
// Two-factor accounts and their codes

/// The sharing flags of an account resource, from the caller's side: a borrower sees who lends
/// it; an owner sees whether it is shared. Absent keys are absent flags (2FAuth sends no `false`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct AccountFlags {
    /// The caller borrows the account (always `true` when present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_borrowed: Option<bool>,
    /// The owner's name, for a borrower.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borrowed_by: Option<String>,
    /// The owner shares it with specific users (always `true` when present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_shared: Option<bool>,
    /// The owner shares it with all users (always `true` when present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_shared_with_all: Option<bool>,
}

read_by_key!(AccountFlags {
    is_borrowed,
    borrowed_by,
    is_shared,
    is_shared_with_all
});

/// A two-factor account as the API returns it (`TwoFAccountRead`): `secret` only when asked for
/// and allowed, `otp` only with `withOtp` (TOTP and Steam).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct TwoFAccountRead {
    /// Its id (`-2` for an invalid entry of a migration answer).
    pub id: i64,
    /// The caller's group holding it, if any.
    pub group_id: Option<i64>,
    /// Sharing flags, between `group_id` and `otp_type` in 2FAuth's order.
    #[serde(flatten)]
    pub flags: AccountFlags,
    /// Kind of code.
    pub otp_type: OtpType,
    /// The account name.
    pub account: String,
    /// The issuer.
    pub service: Option<String>,
    /// Icon file name.
    pub icon: Option<String>,
    /// Base32 secret (or a migration entry's error); absent without `withSecret` or for a borrower.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// Code length.
    pub digits: u32,
    /// HMAC algorithm.
    pub algorithm: Algorithm,
    /// TOTP/Steam period in seconds.
    pub period: Option<u64>,
    /// HOTP counter.
    pub counter: Option<u64>,
    /// The current code, with `withOtp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otp: Option<EmbeddedOtp>,
}

impl TryFrom<Map<String, Value>> for TwoFAccountRead {
    type Error = serde_json::Error;
    /// Its keys, the sharing flags among them (`AccountFlags` is flattened in it).
    fn try_from(mut map: Map<String, Value>) -> Result<Self, Self::Error> {
        Ok(Self {
            id: take(&mut map, "id")?,
            group_id: take(&mut map, "group_id")?,
            flags: AccountFlags::read(&mut map)?,
            otp_type: take(&mut map, "otp_type")?,
            account: take(&mut map, "account")?,
            service: take(&mut map, "service")?,
            icon: take(&mut map, "icon")?,
            secret: take(&mut map, "secret")?,
            digits: take(&mut map, "digits")?,
            algorithm: take(&mut map, "algorithm")?,
            period: take(&mut map, "period")?,
            counter: take(&mut map, "counter")?,
            otp: take(&mut map, "otp")?,
        })
    }
}

/// What a URI would create (`POST /twofaccounts/preview`, `TwoFAccountPreview`): no id, group or
/// code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct TwoFAccountPreview {
    /// Kind of code.
    pub otp_type: OtpType,
    /// The account name.
    pub account: String,
    /// The issuer.
    pub service: Option<String>,
    /// Icon file name.
    pub icon: Option<String>,
    /// Base32 secret, unless `withSecret` is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// Code length.
    pub digits: u32,
    /// HMAC algorithm.
    pub algorithm: Algorithm,
    /// TOTP/Steam period in seconds.
    pub period: Option<u64>,
    /// HOTP counter.
    pub counter: Option<u64>,
}

read_by_key!(TwoFAccountPreview {
    otp_type,
    account,
    service,
    icon,
    secret,
    digits,
    algorithm,
    period,
    counter
});

/// How many accounts the caller sees (`GET /twofaccounts/count`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountCount {
    /// The caller's own.
    pub owned: i64,
    /// Shared with the caller.
    pub shared: i64,
    /// Both.
    pub total: i64,
}

/// The answer to a reorder of accounts or groups (`OrderSaved`): the full resulting order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSaved {
    /// `order saved`.
    pub message: String,
    /// Every id in its new place.
    #[serde(rename = "orderedIds")]
    pub ordered_ids: Vec<i64>,
}

/// An account's QR code (`GET /twofaccounts/{id}/qrcode`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrCode {
    /// An SVG `data:` URI.
    pub qrcode: String,
}

/// The text of a decoded QR code image (`POST /qrcode/decode`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrDecoded {
    /// What the code holds.
    pub data: String,
}

/// One code generation of an account's log (`OtpLog`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpLog {
    /// Who asked.
    pub requester_name: String,
    /// Their e-mail.
    pub requester_email: String,
    /// The account's owner.
    pub owner_name: String,
    /// Their e-mail.
    pub owner_email: String,
    /// The requester's address.
    pub ip_address: Option<String>,
    /// When (ISO 8601).
    pub generated_at: String,
    /// `totp`, `hotp` or `steamtotp`.
    pub otp_type: String,
    /// The HOTP counter used, for HOTP only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<u64>,
}

/// A stored icon's file name (`POST /icons`, `POST /icons/default`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IconFile {
    /// The name to put in an account's `icon`.
    pub filename: String,
}

// ---------------------------------------------------------------------------------------------
// Groups

/// A group (`Group`); id `0` is the virtual "All" group, whose `show_in_chips` is `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct Group {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Whether the accounts screen shows it as a chip (`null` when never set).
    #[serde(default)]
    pub show_in_chips: Option<bool>,
    /// How many accounts it holds.
    pub twofaccounts_count: i64,
}

read_by_key!(Group {
    id,
    name,
    show_in_chips,
    twofaccounts_count,
});

// ---------------------------------------------------------------------------------------------
// Users and preferences

/// A preference's value: of its default's type when the stored value has that type, else the JSON
/// as stored (2FAuth checks no type, so any value may come back and must read back unchanged).
#[derive(Debug, Clone, PartialEq)]
pub enum Pref<T> {
    /// The value has its default's type.
    Typed(T),
    /// Any other JSON, kept as stored.
    Other(Value),
}

impl<T: DeserializeOwned> Pref<T> {
    /// Types a JSON value, keeping it as it is when it does not have `T`'s type.
    pub fn from_value(value: Value) -> Self {
        match T::deserialize(&value) {
            Ok(typed) => Self::Typed(typed),
            Err(_) => Self::Other(value),
        }
    }

    /// The default of preference `key` in [`crate::preferences::DEFAULTS`] (`null` if unknown).
    fn default_of(key: &str) -> Self {
        let default = crate::preferences::DEFAULTS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(Value::Null, |(_, d)| d.to_json());
        Self::from_value(default)
    }

    /// Preference `key` out of a resolved map, or its default when missing. Not inlined: one
    /// call per preference keeps [`Preferences::from_map`] small in the worker's `.wasm`.
    #[inline(never)]
    fn take(map: &mut Map<String, Value>, key: &str) -> Self {
        map.remove(key)
            .map_or_else(|| Self::default_of(key), Self::from_value)
    }

    /// Preference `key` if it is the next of a resolved list (consumed then), else its default.
    #[inline(never)]
    fn next(
        list: &mut core::iter::Peekable<alloc::vec::IntoIter<crate::preferences::Preference>>,
        key: &str,
    ) -> Self {
        match list.next_if(|p| p.key == key) {
            Some(p) => Self::from_value(p.value),
            None => Self::default_of(key),
        }
    }

    /// Replaces the value with `value`, typed as a stored one is. Not inlined: one call per
    /// preference keeps [`Preferences::set`] small.
    #[inline(never)]
    fn set(&mut self, value: Value) {
        *self = Self::from_value(value);
    }

    /// The value as JSON, as it is written. Not inlined: one call per preference keeps
    /// [`Preferences::to_map`] small.
    #[inline(never)]
    fn to_json(&self) -> Value
    where
        T: Serialize,
    {
        match self {
            Self::Typed(value) => serde_json::to_value(value).unwrap_or(Value::Null),
            Self::Other(value) => value.clone(),
        }
    }

    /// The typed value, if the stored one has the default's type.
    pub fn typed(&self) -> Option<&T> {
        match self {
            Self::Typed(value) => Some(value),
            Self::Other(_) => None,
        }
    }
}

impl<T: DeserializeOwned + Clone> Pref<T> {
    /// The typed value, or preference `key`'s default when the stored value has another type.
    fn or_default(&self, key: &str) -> T {
        match self {
            Self::Typed(value) => value.clone(),
            Self::Other(_) => match Self::default_of(key) {
                Self::Typed(value) => value,
                // The table and the types agree (a unit test checks every preference).
                Self::Other(_) => unreachable!("preference default of another type"),
            },
        }
    }
}

impl Pref<Number> {
    /// The number, also from a numeric string (the web app has always read `formatPasswordBy` so).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Typed(n) => n.as_f64(),
            Self::Other(Value::String(s)) => s.trim().parse().ok(),
            Self::Other(_) => None,
        }
    }
}

impl<T: Serialize> Serialize for Pref<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Typed(value) => value.serialize(serializer),
            Self::Other(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Pref<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Self::from_value)
    }
}

/// Declares [`Preferences`]: one field per preference, in the table's order, with an accessor of
/// the same name that falls back on the table's default. The defaults are never written here.
macro_rules! preferences {
    ($($(#[doc = $doc:literal])* $field:ident: $ty:ty = $key:literal,)*) => {
        /// The 41 user preferences (`preferences` of user resources), in 2FAuth's order; missing
        /// ones read as their defaults from [`crate::preferences::DEFAULTS`]. Each field keeps the
        /// value as stored; its accessor method gives it typed, or the default.
        ///
        /// Read as a JSON object then by [`Preferences::from_map`], one call per preference: a
        /// derived reading inlined all 41 into each type holding them (35 KB of a `.wasm` for
        /// `User`, 40 KB for `ManagedUser`). Unknown keys are ignored and missing ones take their
        /// defaults, as the derived reading did.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(from = "Map<String, Value>")]
        pub struct Preferences {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $key)]
                pub $field: Pref<$ty>,
            )*
        }

        impl Default for Preferences {
            fn default() -> Self {
                Self { $($field: Pref::default_of($key),)* }
            }
        }

        impl From<Map<String, Value>> for Preferences {
            fn from(map: Map<String, Value>) -> Self {
                Self::from_map(map)
            }
        }

        impl Preferences {
            /// The preferences of a resolved map ([`crate::preferences::merged`]); a missing key
            /// takes its default.
            pub fn from_map(mut map: Map<String, Value>) -> Self {
                Self { $($field: Pref::take(&mut map, $key),)* }
            }

            /// The preferences of a resolved list ([`crate::preferences::resolve`], in the table's
            /// order); a missing one takes its default.
            pub fn from_resolved(list: Vec<crate::preferences::Preference>) -> Self {
                let mut list = list.into_iter().peekable();
                Self { $($field: Pref::next(&mut list, $key),)* }
            }

            /// The preferences as the JSON object they are written as, every key in the
            /// table's order: one call per preference, where serialising them into a `Value`
            /// inlines all 41 (kilobytes of a `.wasm`).
            pub fn to_map(&self) -> Map<String, Value> {
                let values = [$(self.$field.to_json(),)*];
                Self::KEYS.iter().map(|key| String::from(*key)).zip(values).collect()
            }

            /// Sets preference `key` to `value` (kept as it is when not of the default's type,
            /// as a stored value); an unknown key changes nothing.
            pub fn set(&mut self, key: &str, value: Value) {
                match key {
                    $($key => self.$field.set(value),)*
                    _ => {}
                }
            }

            /// Every preference's name, in declaration order.
            pub const KEYS: &'static [&'static str] = &[$($key,)*];

            $(
                $(#[doc = $doc])*
                pub fn $field(&self) -> $ty {
                    self.$field.or_default($key)
                }
            )*
        }
    };
}

preferences! {
    /// `showOtpAsDot`: codes shown as dots.
    show_otp_as_dot: bool = "showOtpAsDot",
    /// `showNextOtp`: the next code shown too.
    show_next_otp: bool = "showNextOtp",
    /// `revealDottedOTP`: dotted codes revealed on click.
    reveal_dotted_otp: bool = "revealDottedOTP",
    /// `closeOtpOnCopy`: the code closes once copied.
    close_otp_on_copy: bool = "closeOtpOnCopy",
    /// `copyOtpOnDisplay`: a code is copied as it shows.
    copy_otp_on_display: bool = "copyOtpOnDisplay",
    /// `clearSearchOnCopy`: the search is cleared after a copy.
    clear_search_on_copy: bool = "clearSearchOnCopy",
    /// `useBasicQrcodeReader`: the simple QR reader.
    use_basic_qrcode_reader: bool = "useBasicQrcodeReader",
    /// `displayMode`: `list` or `grid`.
    display_mode: String = "displayMode",
    /// `showAccountsIcons`: icons in the list.
    show_accounts_icons: bool = "showAccountsIcons",
    /// `iconSource`: where official icons come from.
    icon_source: String = "iconSource",
    /// `iconCollection`: the logo library.
    icon_collection: String = "iconCollection",
    /// `iconPack`: the icon pack, if any.
    icon_pack: Option<String> = "iconPack",
    /// `iconVariant`: the logo variant.
    icon_variant: String = "iconVariant",
    /// `iconVariantStrictFetch`: only the chosen variant.
    icon_variant_strict_fetch: bool = "iconVariantStrictFetch",
    /// `kickUserAfter`: minutes of inactivity before sign-out (`0` never, `-1` on copy).
    kick_user_after: i64 = "kickUserAfter",
    /// `activeGroup`: the group filter of the accounts screen.
    active_group: i64 = "activeGroup",
    /// `useGroupChips`: groups as chips.
    use_group_chips: bool = "useGroupChips",
    /// `showVirtualChips`: the virtual groups among the chips.
    show_virtual_chips: bool = "showVirtualChips",
    /// `rememberActiveGroup`: the filter is kept.
    remember_active_group: bool = "rememberActiveGroup",
    /// `viewDefaultGroupOnCopy`: the default group shows after a copy.
    view_default_group_on_copy: bool = "viewDefaultGroupOnCopy",
    /// `defaultGroup`: where new accounts go (`-1` the active group).
    default_group: i64 = "defaultGroup",
    /// `defaultCaptureMode`: how adding an account starts.
    default_capture_mode: String = "defaultCaptureMode",
    /// `useDirectCapture`: the capture starts at once.
    use_direct_capture: bool = "useDirectCapture",
    /// `useWebauthnOnly`: passwords refused.
    use_webauthn_only: bool = "useWebauthnOnly",
    /// `getOfficialIcons`: official icons fetched for new accounts.
    get_official_icons: bool = "getOfficialIcons",
    /// `theme`: `system`, `light` or `dark`.
    theme: String = "theme",
    /// `formatPassword`: codes split in groups.
    format_password: bool = "formatPassword",
    /// `formatPasswordBy`: how codes are split (`0.5` in halves, else group size); a number as
    /// stored, integer or decimal (see [`Pref::as_f64`]).
    format_password_by: Number = "formatPasswordBy",
    /// `lang`: the language (`browser` follows the browser).
    lang: String = "lang",
    /// `getOtpOnRequest`: codes only when asked for.
    get_otp_on_request: bool = "getOtpOnRequest",
    /// `notifyOnNewAuthDevice`: mail on a new device.
    notify_on_new_auth_device: bool = "notifyOnNewAuthDevice",
    /// `notifyOnFailedLogin`: mail on a failed sign-in.
    notify_on_failed_login: bool = "notifyOnFailedLogin",
    /// `notifyOnOwnershipTransfer`: mail on a transfer.
    notify_on_ownership_transfer: bool = "notifyOnOwnershipTransfer",
    /// `notifyOnShare`: mail on a share.
    notify_on_share: bool = "notifyOnShare",
    /// `timezone`: the IANA zone of dates.
    timezone: String = "timezone",
    /// `sortOrder`: `asc`, `desc` or `free`.
    sort_order: String = "sortOrder",
    /// `sortCaseSensitive`: case-sensitive sorting.
    sort_case_sensitive: bool = "sortCaseSensitive",
    /// `autoCloseTimeout`: minutes before a shown code closes.
    auto_close_timeout: i64 = "autoCloseTimeout",
    /// `AutoSaveQrcodedAccount`: a scanned account is saved at once.
    auto_save_qrcoded_account: bool = "AutoSaveQrcodedAccount",
    /// `showEmailInFooter`: the e-mail in the footer.
    show_email_in_footer: bool = "showEmailInFooter",
    /// `showQuickNavMenus`: the quick navigation menus.
    show_quick_nav_menus: bool = "showQuickNavMenus",
}

/// One preference (`GET /user/preferences[/{name}]`), or the answer to saving one
/// (`PUT /user/preferences/{name}`: no `locked`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct Preference {
    /// Its name.
    pub key: String,
    /// Its value, any JSON.
    pub value: Value,
    /// Whether the instance locks it; absent from the answer to a save.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
}

read_by_key!(Preference { key, value, locked });

/// The instance settings the web app needs with the user (`AppSettings`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct AppSettings {
    /// `enableSharing`.
    #[serde(rename = "enableSharing")]
    pub enable_sharing: bool,
    /// `enableAllUsersSharingScope`.
    #[serde(rename = "enableAllUsersSharingScope")]
    pub enable_all_users_sharing_scope: bool,
}

read_by_key!(AppSettings {
    enable_sharing = "enableSharing",
    enable_all_users_sharing_scope = "enableAllUsersSharingScope",
});

/// The user resource (`UserRead`: `PUT /user`, and the base of [`ManagedUser`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct UserRead {
    /// Their id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// The SSO provider that signs them in (`openid`, `github`), else `null`.
    pub oauth_provider: Option<String>,
    /// Their preferences.
    pub preferences: Preferences,
    /// Whether they administer the instance.
    pub is_admin: bool,
}

read_by_key!(UserRead {
    id,
    name,
    email,
    oauth_provider,
    preferences,
    is_admin
});

/// The signed-in user (`GET /api/v1/user`, `User`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct User {
    /// Their id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// The SSO provider that signs them in (`openid`, `github`), else `null`.
    pub oauth_provider: Option<String>,
    /// Whether a reverse proxy or Cloudflare Access authenticated them (no session, no token).
    pub authenticated_by_proxy: bool,
    /// Their preferences.
    pub preferences: Preferences,
    /// The instance's sharing settings.
    #[serde(rename = "appSettings")]
    pub app_settings: AppSettings,
    /// Whether they administer the instance.
    pub is_admin: bool,
    /// Twofold's: where "sign out" leads when a proxy authenticates (`PROXY_LOGOUT_URL`); absent
    /// otherwise (2FAuth hands it to its page instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_logout_url: Option<String>,
}

read_by_key!(User {
    id,
    name,
    email,
    oauth_provider,
    authenticated_by_proxy,
    preferences,
    app_settings = "appSettings",
    is_admin,
    proxy_logout_url,
});

/// The answer to a sign-in or a registration (`SessionPayload`): `message` first, then the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionPayload {
    /// `authenticated` or `account created`.
    pub message: String,
    /// Their id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// The SSO provider that signs them in (`openid`, `github`), else `null`.
    pub oauth_provider: Option<String>,
    /// Their preferences.
    pub preferences: Preferences,
    /// The instance's sharing settings.
    #[serde(rename = "appSettings")]
    pub app_settings: AppSettings,
    /// Whether they administer the instance.
    pub is_admin: bool,
}

/// A user as the users management lists one (`ManagedUser`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct ManagedUser {
    /// The user resource.
    #[serde(flatten)]
    pub user: UserRead,
    /// How many accounts they own.
    pub twofaccounts_count: i64,
    /// How long ago they were last seen (`null`: never).
    pub last_seen_at: Option<String>,
    /// How long ago they registered.
    pub created_at: String,
}

impl TryFrom<Map<String, Value>> for ManagedUser {
    type Error = serde_json::Error;
    /// The user resource's keys (`UserRead` is flattened in it), then the counts and dates.
    fn try_from(mut map: Map<String, Value>) -> Result<Self, Self::Error> {
        Ok(Self {
            user: UserRead::read(&mut map)?,
            twofaccounts_count: take(&mut map, "twofaccounts_count")?,
            last_seen_at: take(&mut map, "last_seen_at")?,
            created_at: take(&mut map, "created_at")?,
        })
    }
}

/// A password reset's state in [`ManagedUserWrapped`]: the request's date while pending, `0` once
/// the link expired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PasswordReset {
    /// Pending since this date (ISO 8601).
    Pending(String),
    /// Expired (always `0`).
    Expired(i64),
}

/// Read as a JSON value, then by its type: what serde's untagged reading does, without its
/// buffered content (kilobytes of a `.wasm`).
impl<'de> Deserialize<'de> for PasswordReset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let read = match Value::deserialize(deserializer)? {
            Value::String(date) => Some(Self::Pending(date)),
            Value::Number(n) => n.as_i64().map(Self::Expired),
            _ => None,
        };
        read.ok_or_else(|| {
            serde::de::Error::custom(
                "data did not match any variant of untagged enum PasswordReset",
            )
        })
    }
}

/// One user in the users management (`ManagedUserWrapped`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct ManagedUserWrapped {
    /// The user.
    pub info: ManagedUser,
    /// The password reset, `null` when none.
    pub password_reset: Option<PasswordReset>,
    /// How many personal access tokens are valid.
    pub valid_personal_access_tokens: i64,
    /// Always `0` (no WebAuthn yet).
    pub webauthn_credentials: i64,
    /// Only in the answer to a password reset: the link for the admin to pass on (Twofold's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_reset_link: Option<String>,
}

read_by_key!(ManagedUserWrapped {
    info,
    password_reset,
    valid_personal_access_tokens,
    webauthn_credentials,
    password_reset_link,
});

/// One entry of a user's authentication log (`AuthenticationLogEntry`); dates in the admin's
/// time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct AuthenticationLogEntry {
    /// Its id.
    pub id: i64,
    /// The client's address.
    pub ip_address: Option<String>,
    /// The client's `User-Agent`.
    pub user_agent: Option<String>,
    /// The browser read from it.
    pub browser: Option<String>,
    /// The platform read from it.
    pub platform: Option<String>,
    /// `desktop`, `phone`, `tablet` or `robot`.
    pub device: Option<String>,
    /// Sign-in date.
    pub login_at: Option<String>,
    /// Sign-out date.
    pub logout_at: Option<String>,
    /// Whether the sign-in succeeded.
    pub login_successful: bool,
    /// How long the session lasted, worded.
    pub duration: Option<String>,
    /// How they signed in.
    pub login_method: Option<String>,
}

read_by_key!(AuthenticationLogEntry {
    id,
    ip_address,
    user_agent,
    browser,
    platform,
    device,
    login_at,
    logout_at,
    login_successful,
    duration,
    login_method,
});

/// The deprecated `GET /api/v1/user/name`'s answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deprecation {
    /// Always `true`.
    pub deprecation: bool,
}

/// The offline copy's key (`GET /user/offline-key`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineKey {
    /// 32 bytes in base64.
    pub key: String,
}

// ---------------------------------------------------------------------------------------------
// Passkeys

/// One of the user's passkeys (`GET /webauthn/credentials`): never its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct WebauthnCredential {
    /// The credential id (base64url), which the rename and delete routes take.
    pub id: String,
    /// The name the user gave it, if any.
    pub alias: Option<String>,
    /// When it was registered (ISO 8601).
    pub created_at: String,
    /// When it last signed in (ISO 8601), if ever.
    pub last_used_at: Option<String>,
}

read_by_key!(WebauthnCredential {
    id,
    alias,
    created_at,
    last_used_at,
});

/// A passkey's new name (`PATCH /webauthn/credentials/{id}/name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebauthnCredentialName {
    /// The name.
    pub name: String,
}

// ---------------------------------------------------------------------------------------------
// Personal access tokens

/// A personal access token, never its value (`PersonalAccessToken`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalAccessToken {
    /// Its id.
    pub id: String,
    /// Its owner.
    pub user_id: i64,
    /// Its name.
    pub name: String,
    /// Always empty.
    pub scopes: Vec<String>,
    /// Always `false` (revoked tokens are not listed).
    pub revoked: bool,
    /// Creation date (ISO 8601).
    pub created_at: String,
    /// Last change (ISO 8601).
    pub updated_at: String,
    /// Expiry (ISO 8601).
    pub expires_at: String,
}

/// A token just created, its value shown once (`PersonalAccessTokenCreated`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalAccessTokenCreated {
    /// `Bearer`.
    #[serde(rename = "tokenType")]
    pub token_type: String,
    /// Lifetime in seconds.
    #[serde(rename = "expiresIn")]
    pub expires_in: u64,
    /// The token.
    #[serde(rename = "accessToken")]
    pub access_token: String,
    /// Its id.
    #[serde(rename = "accessTokenId")]
    pub access_token_id: String,
}

// ---------------------------------------------------------------------------------------------
// Sharing

/// A user an account can be shared with (`Recipient`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct Recipient {
    /// The user's id.
    pub id: i64,
    /// The user's name.
    pub name: String,
    /// Whether the account is shared with them.
    pub is_shared_with: bool,
    /// Since when, in the caller's time zone; only when shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_shared_since: Option<String>,
}

read_by_key!(Recipient {
    id,
    name,
    is_shared_with,
    is_shared_since,
});

/// An account's shares (`Shares`): with all users, or with `specific_users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct Shares {
    /// The account.
    pub twofaccount_id: i64,
    /// Shared with every user.
    pub is_shared_with_all: bool,
    /// The users it is shared with; absent when shared with all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specific_users: Option<Vec<Recipient>>,
}

read_by_key!(Shares {
    twofaccount_id,
    is_shared_with_all,
    specific_users,
});

/// The answer to an ownership transfer (`PATCH /twofaccounts/{id}/owner`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerChanged {
    /// The account.
    pub twofaccount_id: i64,
    /// Its new owner.
    pub owner_id: i64,
}

// ---------------------------------------------------------------------------------------------
// Instance

/// A setting (`Setting`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct Setting {
    /// Its name.
    pub key: String,
    /// Its value, any JSON.
    pub value: Value,
}

read_by_key!(Setting { key, value });

/// Whether an optional feature is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeatureState {
    /// On.
    Enabled,
    /// Off.
    Disabled,
}

/// An optional feature of the instance (`Feature`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feature {
    /// Its name.
    pub name: String,
    /// Its state.
    pub state: FeatureState,
}

/// One batch of a re-encryption (`POST /api/v1/system/reencrypt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reencryption {
    /// How many values were re-encrypted.
    pub reencrypted: u64,
    /// Accounts whose values could not be deciphered.
    pub undecipherable: Vec<i64>,
    /// Icons that could not be deciphered.
    pub undecipherable_icons: Vec<String>,
    /// The cursor of the next batch; `null` when done.
    pub next: Option<String>,
}

/// A user's automatic backups (`GET|PUT /api/v1/backup`, `POST /api/v1/backup/run`): the
/// settings as sent, flat, with whether each secret is set (never the secret), and the last run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct Backup {
    /// Whether scheduled backups run.
    pub enabled: bool,
    /// `daily` or `weekly`.
    pub schedule: String,
    /// How many backups are kept (the newest).
    pub retention: u32,
    /// `r2`, `webdav` or `s3`.
    pub destination: String,
    /// The WebDAV folder (WebDAV only).
    pub webdav_url: Option<String>,
    /// The WebDAV user (WebDAV only).
    pub webdav_username: Option<String>,
    /// The S3 endpoint (S3 only).
    pub s3_endpoint: Option<String>,
    /// The S3 region (S3 only).
    pub s3_region: Option<String>,
    /// The S3 bucket (S3 only).
    pub s3_bucket: Option<String>,
    /// The S3 access key id (S3 only).
    pub s3_access_key_id: Option<String>,
    /// Whether the destination's secret (WebDAV password, S3 secret key) is stored.
    pub secret_set: bool,
    /// When the next scheduled backup is due (ISO 8601).
    pub next_run_at: String,
    /// When the last backup was made or tried (ISO 8601); `null` before the first.
    pub last_run_at: Option<String>,
    /// `success` or `failure`; `null` before the first.
    pub last_outcome: Option<String>,
    /// Why the last backup failed; `null` after a success.
    pub last_error: Option<String>,
    /// The last backup's file name; `null` before the first success.
    pub last_file: Option<String>,
}

read_by_key!(Backup {
    enabled,
    schedule,
    retention,
    destination,
    webdav_url,
    webdav_username,
    s3_endpoint,
    s3_region,
    s3_bucket,
    s3_access_key_id,
    secret_set,
    next_run_at,
    last_run_at,
    last_outcome,
    last_error,
    last_file,
});

/// What the instance is (`GET /system/infos`), grouped as 2FAuth groups it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct SystemInfos {
    /// Date, version, platform, counts and the worker's settings, by label.
    pub common: Map<String, Value>,
    /// The admin settings.
    pub admin_settings: Map<String, Value>,
    /// The caller's preferences.
    pub user_preferences: Preferences,
}

read_by_key!(SystemInfos {
    common,
    admin_settings,
    user_preferences
});

// ---------------------------------------------------------------------------------------------
// Messages and errors

/// A body of a message only (`{message}`): confirmations and most errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The message.
    pub message: String,
}

/// An error body as 2FAuth writes them: `{message}`, `{message, errors}` (422 validation) or
/// `{message, reason}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Error {
    /// What went wrong.
    pub message: String,
    /// Validation messages by field (422).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Map<String, Value>>,
    /// The reason: a text, a list or an object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Value>,
}

impl Message {
    /// A body of `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl Error {
    /// A body of `message` only; `errors` and `reason` are set apart.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            errors: None,
            reason: None,
        }
    }

    /// The body in the language of `table` ([`crate::messages::translate`]): every field message
    /// of a 422 and its summary, rebuilt from them as Laravel builds it; else the `message`; and
    /// each text of the `reason`. The shape and the field names stay as they are.
    pub fn translate(&mut self, table: &crate::messages::Table) {
        use crate::messages::{summary, translate};
        let text = |value: &mut Value| {
            if let Value::String(s) = value {
                *s = translate(s, table);
            }
        };
        match &mut self.errors {
            Some(fields) => {
                let (mut first, mut count) = (None, 0);
                let messages = fields.values_mut().filter_map(Value::as_array_mut);
                for message in messages.flatten() {
                    text(message);
                    count += 1;
                    if first.is_none() {
                        first = message.as_str().map(String::from);
                    }
                }
                if let Some(first) = first {
                    self.message = summary(&first, count - 1, Some(table));
                }
            }
            None => self.message = translate(&self.message, table),
        }
        match &mut self.reason {
            Some(Value::Array(items)) => items.iter_mut().for_each(text),
            Some(Value::Object(fields)) => fields.values_mut().for_each(text),
            Some(reason) => text(reason),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;
    use alloc::vec;
    use serde_json::json;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn preferences_follow_the_table_in_order_and_type() {
        let table: Vec<&str> = crate::preferences::DEFAULTS
            .iter()
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(Preferences::KEYS, table.as_slice());
        let defaults = Preferences::default();
        let Value::Object(map) = serde_json::to_value(&defaults).unwrap() else {
            panic!("an object")
        };
        assert_eq!(map, crate::preferences::merged(&Map::new(), &no_env));
        assert_eq!(defaults.to_map(), map);
        // Every default has its field's type: none is kept as untyped JSON.
        let text = serde_json::to_string(&defaults).unwrap();
        assert!(!format!("{defaults:?}").contains("Other("), "{text}");
        assert_eq!(defaults.format_password_by.as_f64(), Some(0.5));
        assert_eq!(defaults.icon_pack(), None);
        assert_eq!(defaults.kick_user_after(), 15);
    }

    #[test]
    fn stored_values_of_any_type_read_back_unchanged() {
        let Value::Object(stored) = json!({
            "theme": 5, "formatPasswordBy": 3, "kickUserAfter": 2.5, "lang": "fr",
            "activeGroup": "7", "iconPack": {"a": [1, null]},
        }) else {
            unreachable!()
        };
        let merged = crate::preferences::merged(&stored, &no_env);
        let prefs = Preferences::from_map(merged.clone());
        let resolved = crate::preferences::resolve(&stored, &no_env);
        assert_eq!(Preferences::from_resolved(resolved), prefs);
        assert_eq!(
            serde_json::to_string(&prefs).unwrap(),
            serde_json::to_string(&merged).unwrap()
        );
        let read: Preferences =
            serde_json::from_str(&serde_json::to_string(&merged).unwrap()).unwrap();
        assert_eq!(read, prefs);
        assert_eq!(prefs.theme(), "system", "another type reads as the default");
        assert_eq!(prefs.lang(), "fr");
        assert_eq!(prefs.kick_user_after(), 15);
        assert_eq!(prefs.active_group(), 0);
        assert_eq!(prefs.format_password_by.as_f64(), Some(3.0));
        assert_eq!(prefs.to_map(), merged);
        let mut set = prefs.clone();
        set.set("theme", json!("dark"));
        set.set("activeGroup", json!(4));
        set.set("noSuchPreference", json!(1));
        assert_eq!((set.theme(), set.active_group()), ("dark".into(), 4));
        let mut map = merged.clone();
        map.insert("theme".into(), json!("dark"));
        map.insert("activeGroup".into(), json!(4));
        assert_eq!(set, Preferences::from_map(map));
        let text: Preferences =
            serde_json::from_value(json!({"formatPasswordBy": "0.25"})).unwrap();
        assert_eq!(text.format_password_by.as_f64(), Some(0.25));
        assert_eq!(text.theme(), "system", "a missing key is its default");
    }

    #[test]
    fn preferences_read_as_an_object_unknown_keys_ignored_missing_ones_default() {
        let read: Preferences = serde_json::from_value(json!({
            "theme": "dark", "unknown": [1], "iconPack": null, "kickUserAfter": "5",
        }))
        .unwrap();
        assert_eq!(read.theme(), "dark");
        assert_eq!(read.icon_pack, Pref::Typed(None));
        assert_eq!(read.kick_user_after, Pref::Other(json!("5")));
        assert_eq!(read.kick_user_after(), 15);
        let expected = Preferences {
            theme: Pref::Typed("dark".into()),
            icon_pack: Pref::Typed(None),
            kick_user_after: Pref::Other(json!("5")),
            ..Preferences::default()
        };
        assert_eq!(read, expected);
        // The same keys and values written back, in the table's order.
        let Value::Object(written) = serde_json::to_value(&read).unwrap() else {
            panic!("an object")
        };
        assert_eq!(written.keys().collect::<Vec<_>>(), Preferences::KEYS);
        for not_an_object in [json!(null), json!("theme"), json!(3)] {
            assert!(serde_json::from_value::<Preferences>(not_an_object).is_err());
        }
    }

    #[test]
    fn users_read_by_key_back_as_written() {
        let user = UserRead {
            id: 2,
            name: "Ann".into(),
            email: "ann@example.org".into(),
            oauth_provider: None,
            preferences: Preferences::default(),
            is_admin: true,
        };
        let wrapped = ManagedUserWrapped {
            info: ManagedUser {
                user: user.clone(),
                twofaccounts_count: 3,
                last_seen_at: None,
                created_at: "2024".into(),
            },
            password_reset: Some(PasswordReset::Expired(0)),
            valid_personal_access_tokens: 1,
            webauthn_credentials: 0,
            password_reset_link: Some("/user/password/reset".into()),
        };
        let me = User {
            id: 2,
            name: "Ann".into(),
            email: "ann@example.org".into(),
            oauth_provider: Some("github".into()),
            authenticated_by_proxy: false,
            preferences: Preferences::default(),
            app_settings: AppSettings {
                enable_sharing: true,
                enable_all_users_sharing_scope: false,
            },
            is_admin: false,
            proxy_logout_url: None,
        };
        let infos = SystemInfos {
            common: Map::from_iter([("Version".into(), json!("0.1.0"))]),
            admin_settings: Map::new(),
            user_preferences: Preferences::default(),
        };
        fn round_trip<T: Serialize + DeserializeOwned + PartialEq + core::fmt::Debug>(x: &T) {
            let text = serde_json::to_string(x).unwrap();
            assert_eq!(&serde_json::from_str::<T>(&text).unwrap(), x, "{text}");
            let value = serde_json::to_value(x).unwrap();
            assert_eq!(&serde_json::from_value::<T>(value).unwrap(), x);
        }
        round_trip(&user);
        round_trip(&wrapped);
        round_trip(&me);
        round_trip(&infos);
        // As a derived reading: unknown keys ignored, a missing option is `None`, a missing
        // value refused with serde's words, a value of another type too.
        let mut read = serde_json::to_value(&me).unwrap();
        read["unknown"] = json!(1);
        read.as_object_mut().unwrap().remove("oauth_provider");
        let read: User = serde_json::from_value(read).unwrap();
        assert_eq!(read.oauth_provider, None);
        let mut missing = serde_json::to_value(&user).unwrap();
        missing.as_object_mut().unwrap().remove("email");
        let error = serde_json::from_value::<UserRead>(missing).unwrap_err();
        assert_eq!(error.to_string(), "missing field `email`");
        let mut wrong = serde_json::to_value(&user).unwrap();
        wrong["is_admin"] = json!("yes");
        let error = serde_json::from_value::<UserRead>(wrong).unwrap_err();
        assert!(
            error.to_string().starts_with("invalid type: string"),
            "{error}"
        );
        // Only an object: a derived reading also took an array in field order, which no
        // answer of the API is.
        assert!(serde_json::from_value::<AppSettings>(json!([true, false])).is_err());
        // A value of any JSON must be there, `null` or not, as in a derived reading.
        let error = serde_json::from_value::<Setting>(json!({ "key": "k" })).unwrap_err();
        assert_eq!(error.to_string(), "missing field `value`");
        let null: Setting = serde_json::from_value(json!({ "key": "k", "value": null })).unwrap();
        assert_eq!(null.value, Value::Null);
    }

    #[test]
    fn account_keys_in_2fauths_order_and_optional_ones_left_out() {
        let account = TwoFAccountRead {
            id: 1,
            group_id: None,
            flags: AccountFlags {
                is_borrowed: Some(true),
                borrowed_by: Some("Ann".to_string()),
                ..AccountFlags::default()
            },
            otp_type: OtpType::Totp,
            account: "a".to_string(),
            service: None,
            icon: None,
            secret: None,
            digits: 6,
            algorithm: Algorithm::Sha1,
            period: Some(30),
            counter: None,
            otp: None,
        };
        let text = serde_json::to_string(&account).unwrap();
        assert_eq!(
            text,
            r#"{"id":1,"group_id":null,"is_borrowed":true,"borrowed_by":"Ann","otp_type":"totp","account":"a","service":null,"icon":null,"digits":6,"algorithm":"sha1","period":30,"counter":null}"#
        );
        assert_eq!(
            serde_json::from_str::<TwoFAccountRead>(&text).unwrap(),
            account
        );
    }

    #[test]
    fn codes_read_back() {
        for otp in [
            Otp::Timed {
                password: "123456".into(),
                otp_type: OtpType::Steamtotp,
                generated_at: 1,
                period: 30,
                next_password: "654321".into(),
            },
            Otp::Counter {
                password: "123456".into(),
                otp_type: OtpType::Hotp,
                counter: 3,
            },
        ] {
            let text = serde_json::to_string(&otp).unwrap();
            assert_eq!(serde_json::from_str::<Otp>(&text).unwrap(), otp);
        }
        let embedded: EmbeddedOtp =
            serde_json::from_str(r#"{"password":"1","generated_at":2,"next_password":"3"}"#)
                .unwrap();
        assert_eq!(embedded.generated_at, 2);
        let reset: Vec<Option<PasswordReset>> = serde_json::from_str(r#"[null,0,"2024"]"#).unwrap();
        for other in ["true", "0.5", "[]", "{}"] {
            let error = serde_json::from_str::<PasswordReset>(other).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with("data did not match any variant"),
                "{error}"
            );
        }
        assert_eq!(
            reset,
            vec![
                None,
                Some(PasswordReset::Expired(0)),
                Some(PasswordReset::Pending("2024".into()))
            ]
        );
    }
}
