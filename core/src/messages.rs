//! The API's messages: every English text an error body can carry in the reader's language, and
//! the rule that puts a message into another language.
//!
//! Messages are built in English, as 2FAuth words them (Laravel's validation messages with the
//! field name in place of `:attribute`, 2FAuth's own sentences, a few of Twofold's). Each is
//! written from one template of [`CATALOGUE`]; a language's table gives each template its
//! translation, with the same placeholders (`:attribute`, `:min`, `:count`, …). [`translate`]
//! finds the template an English message was written from, reads the placeholders' values off it
//! and writes them into the translation: a message no template wrote stays English, as 2FAuth's
//! hard-coded ones do (`not found`, `Unauthenticated.`, …). Attribute names are never
//! translated, as in 2FAuth. The summary of a 422 (`"<first> (and N more errors)"`) counts in the
//! language's plural forms ([`crate::locale::PluralRule`]): the table gives them in one text,
//! separated by `|`, as Laravel's translation files do.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::locale::{ENGLISH, PluralRule};

// Laravel's validation rules, worded as its English locale words them.

/// `required`.
pub const REQUIRED: &str = "The :attribute field is required.";
/// `string`.
pub const STRING: &str = "The :attribute field must be a string.";
/// `integer`.
pub const INTEGER: &str = "The :attribute field must be an integer.";
/// `numeric`.
pub const NUMERIC: &str = "The :attribute field must be a number.";
/// `boolean`.
pub const BOOLEAN: &str = "The :attribute field must be true or false.";
/// `array`.
pub const ARRAY: &str = "The :attribute field must be an array.";
/// `between` on a number.
pub const BETWEEN: &str = "The :attribute field must be between :min and :max.";
/// `min` on a number.
pub const MIN: &str = "The :attribute field must be at least :min.";
/// `max` on a number.
pub const MAX: &str = "The :attribute field must not be greater than :max.";
/// `min` on a string.
pub const MIN_CHARS: &str = "The :attribute field must be at least :min characters.";
/// `max` on a string.
pub const MAX_CHARS: &str = "The :attribute field must not be greater than :max characters.";
/// `max` on an array.
pub const MAX_ITEMS: &str = "The :attribute field must not have more than :max items.";
/// `in` / `exists`.
pub const INVALID_SELECTION: &str = "The selected :attribute is invalid.";
/// A value no rule reads (Twofold's, for a date it cannot read).
pub const INVALID: &str = "The :attribute field is invalid.";
/// `email`.
pub const EMAIL: &str = "The :attribute field must be a valid email address.";
/// `unique`.
pub const TAKEN: &str = "The :attribute has already been taken.";
/// `confirmed`.
pub const CONFIRMED: &str = "The :attribute field confirmation does not match.";
/// `present`.
pub const PRESENT: &str = "The :attribute field must be present.";
/// `prohibited`.
pub const PROHIBITED: &str = "The :attribute field is prohibited.";
/// `prohibits`, as the prohibited field words it.
pub const PROHIBITED_WITH: &str = "The :attribute field is prohibited when :other is present.";
/// `required_with`.
pub const REQUIRED_WITH: &str = "The :attribute field is required when :values is present.";
/// `required_without`.
pub const REQUIRED_WITHOUT: &str = "The :attribute field is required when :values is not present.";
/// `distinct`.
pub const DISTINCT: &str = "The :attribute field has a duplicate value.";
/// `alpha`.
pub const ALPHA: &str = "The :attribute field must only contain letters.";
/// `url`.
pub const URL: &str = "The :attribute field must be a valid URL.";
/// `image`.
pub const IMAGE: &str = "The :attribute field must be an image.";
/// `dimensions`.
pub const DIMENSIONS: &str = "The :attribute field has invalid image dimensions.";

// 2FAuth's own rules and answers (its translation files have them all).

/// The colon rule on `service` and `account`.
pub const NO_COLON: &str = "The :attribute field must not contain colon.";
/// The base32 rule on `secret`.
pub const BASE32: &str = "The :attribute field must be a base32 encoded string.";
/// The otpauth rule on `uri`.
pub const OTPAUTH_URI: &str = "The :attribute field is not a valid otpauth uri.";
/// The `in` rule on `otp_type`.
pub const NOT_SUPPORTED: &str = "The :attribute field is not supported.";
/// The label rule on parsed URIs (reported under the `label` key).
pub const URI_LABEL: &str = "The uri must have a label.";
/// A malformed `ids` list.
pub const IDS_FORMAT: &str = "IDs must be comma separated, without trailing comma.";
/// The reason of a 400 for a list of too many ids.
pub const TOO_MANY_IDS: &str = "too many ids were included in the query parameter, max 100 allowed";
/// The reason of a 400 for a `uri` sent with other parameters.
pub const URI_ALONE: &str = "The uri parameter must be provided alone or only in combination with the 'custom_otp' parameter";
/// A group named as the virtual group.
pub const GROUP_RESERVED: &str = "Reserved name, please choose something else";
/// A group name with characters outside 2FAuth's set.
pub const GROUP_CHARSET: &str =
    "Please only use letters, numbers, dashes, underscores, spaces or single quotation marks";
/// A sign-in or passkey request for an e-mail nobody has.
pub const UNKNOWN_EMAIL: &str = "No account found using this email.";
/// A registration the registration policy refuses.
pub const POLICY_REFUSED: &str = "This email address does not comply with the registration policy";
/// An ownership transfer to the current owner.
pub const SAME_OWNER: &str = "The new owner must not be the current owner.";
/// A share with the account's own owner (the reason of a 422).
pub const OWNER_NOT_RECIPIENT: &str = "The owner cannot be a recipient of his own account.";
/// A logo asked of an icon pack (Twofold has none).
pub const NO_ICON_PACK: &str = "The icon pack cannot be found on the server.";
/// A password reset link that is unknown, used or expired (Laravel's broker).
pub const INVALID_RESET_TOKEN: &str = "This password reset token is invalid.";
/// A second reset or recovery e-mail within the minute (Laravel's broker).
pub const RETRY_LATER: &str = "Please wait before retrying.";
/// A wrong current password (profile, password change, deletion).
pub const WRONG_CURRENT_PASSWORD: &str = "Wrong current password";
/// A profile or password change of a user an SSO provider manages.
pub const EXTERNAL_ACCOUNT: &str = "Account managed by an external provider";
/// Deleting the only admin.
pub const LAST_ADMIN_DELETE: &str = "Cannot delete the only admin account";
/// Demoting the only admin.
pub const LAST_ADMIN_DEMOTE: &str = "Cannot demote the only admin account";
/// A sharing route while `enableSharing` is off.
pub const SHARING_DISABLED: &str = "Sharing feature is disabled";
/// Sharing with everyone while `enableAllUsersSharingScope` is off.
pub const ALL_USERS_SCOPE_DISABLED: &str = "All Users sharing scope is disabled";
/// A user share of an account shared with everyone (the reason of a 409).
pub const SHARED_WITH_ALL: &str = "This account is already shared with all users.";
/// A method `useSsoOnly` keeps for admins.
pub const SSO_ONLY: &str =
    "This authentication method is for administrators only. Users must log in with SSO.";
/// Signing in, out, passwords, tokens and passkeys behind an authenticating proxy.
pub const NOT_WITH_PROXY: &str = "Not applicable when using an auth proxy or SSO";
/// Deleting a setting of 2FAuth's own (the reason of a 400).
pub const NATIVE_SETTING: &str = "Only user-created setting can be deleted";
/// Too many failed sign-ins; `{seconds}` is 2FAuth's, left as is (its own placeholder syntax,
/// which Laravel does not fill).
pub const LOGIN_LOCKOUT: &str = "Too many login attempts. Please try again in {seconds} seconds.";
/// A secret stored encrypted that cannot be decrypted.
pub const UNDECIPHERABLE: &str =
    "The secret cannot be deciphered. This is mainly caused by a wrong APP_KEY";
/// An import of a format no importer reads.
pub const MIGRATION_UNSUPPORTED: &str = "Data do not match any supported format";
/// An import of an encrypted export without its password.
pub const MIGRATION_ENCRYPTED: &str = "Unreadable, the data seem encrypted";
/// An import of a known format that cannot be read (`:appname` is the app's name).
pub const MIGRATION_UNREADABLE: &str = "Invalid or unreadable :appname data";
/// A QR code image that is not an image.
pub const QR_NOT_AN_IMAGE: &str = "No readable QR code";
/// An image without a QR code.
pub const QR_NOT_DETECTED: &str = "Cannot detect a QR code in the image, try to crop the image";
/// A QR code that cannot be decoded.
pub const QR_UNDECODABLE: &str = "Cannot decode detected QR code, try to crop or sharpen the image";
/// A QR code whose error correction failed.
pub const QR_CHECKSUM: &str = "QR code has invalid checksum";

// Twofold's own: rules and answers 2FAuth does not have, worded in its manner.

/// A text with a control character where it would break a header line.
pub const NO_CONTROL_CHARACTERS: &str = "The :attribute field must not contain control characters.";
/// The `restrictList` setting.
pub const EMAIL_LIST: &str =
    "The :attribute field must be valid email addresses separated by a pipe (|).";
/// The `restrictRule` setting.
pub const REGULAR_EXPRESSION: &str = "The :attribute field must be a valid regular expression.";
/// A passkey recovery link that is unknown, used or expired.
pub const INVALID_RECOVERY_TOKEN: &str = "This recovery link is invalid or has expired.";
/// Passkey recovery on an instance that sends no e-mail.
pub const NO_MAIL_FOR_RECOVERY: &str =
    "This instance sends no e-mail: ask an administrator to remove your passkeys.";
/// A passkey registered twice.
pub const PASSKEY_KNOWN: &str = "This passkey is already registered.";
/// A passkey beyond the most a user may have (`:max`).
pub const PASSKEYS_LIMIT: &str = "At most :max passkeys per user.";
/// `useWebauthnOnly` without a passkey.
pub const NO_PASSKEY: &str = "Add a passkey before turning the password off.";
/// The passkey responses refused (`crate::webauthn::WebauthnError`), in its order.
pub const PASSKEY_REFUSALS: [&str; 9] = [
    "the passkey response cannot be read",
    "the passkey response is for another ceremony",
    "the challenge is not the one issued",
    "the passkey was used on another site",
    "the passkey belongs to another relying party",
    "the authenticator saw no user presence",
    "user verification is required",
    "the passkey's algorithm is not supported",
    "the authenticator's counter went back",
];
/// Backups to the instance's bucket on an instance without one.
pub const DESTINATION_UNAVAILABLE: &str =
    "The selected destination is not available on this instance.";
/// An icon upload past the user's quota.
pub const ICON_QUOTA: &str =
    "Your icons take all the room allowed: delete some, or wait a day for unused ones to go.";
/// An encrypted import with a wrong password.
pub const WRONG_IMPORT_PASSWORD: &str = "The password cannot decrypt the data.";
/// An encrypted import whose key derivation the server will not run (`:appname`).
pub const MIGRATION_TOO_COSTLY: &str = "This :appname export asks for a key derivation heavier than the server may run; import it from the web app, which opens it in the browser";
/// A QR code asked for an account whose URI does not fit in one.
pub const QR_TOO_LONG: &str = "The account is too long for a QR code";
/// A setting Twofold keeps on (`useEncryption`).
pub const ALWAYS_ENCRYPTED: &str =
    "Twofold always encrypts its data: useEncryption cannot be turned off.";
/// A setting Twofold keeps on (`storeIconsInDatabase`).
pub const ICONS_ALWAYS_IN_DATABASE: &str =
    "Twofold always stores icons in its database: storeIconsInDatabase cannot be turned off.";
/// A mail that could not be sent (the cause is logged, never shown).
pub const MAIL_FAILED: &str = "The e-mail could not be sent.";
/// A request body larger than the route takes (`:size` in MiB).
pub const BODY_TOO_LARGE: &str = "The request body is larger than :size MiB.";

/// Laravel's summary of a 422 after the first message: its forms, separated by `|`, in the order
/// of the language's plural rule (English: one, other).
pub const MORE_ERRORS: &str = "(and :count more error)|(and :count more errors)";

/// Every template a language's table translates: the English source of the tables.
pub const CATALOGUE: &[&str] = &[
    REQUIRED,
    STRING,
    INTEGER,
    NUMERIC,
    BOOLEAN,
    ARRAY,
    BETWEEN,
    MIN,
    MAX,
    MIN_CHARS,
    MAX_CHARS,
    MAX_ITEMS,
    INVALID_SELECTION,
    INVALID,
    EMAIL,
    TAKEN,
    CONFIRMED,
    PRESENT,
    PROHIBITED,
    PROHIBITED_WITH,
    REQUIRED_WITH,
    REQUIRED_WITHOUT,
    DISTINCT,
    ALPHA,
    URL,
    IMAGE,
    DIMENSIONS,
    NO_COLON,
    BASE32,
    OTPAUTH_URI,
    NOT_SUPPORTED,
    URI_LABEL,
    IDS_FORMAT,
    TOO_MANY_IDS,
    URI_ALONE,
    GROUP_RESERVED,
    GROUP_CHARSET,
    UNKNOWN_EMAIL,
    POLICY_REFUSED,
    SAME_OWNER,
    OWNER_NOT_RECIPIENT,
    NO_ICON_PACK,
    INVALID_RESET_TOKEN,
    RETRY_LATER,
    WRONG_CURRENT_PASSWORD,
    EXTERNAL_ACCOUNT,
    LAST_ADMIN_DELETE,
    LAST_ADMIN_DEMOTE,
    SHARING_DISABLED,
    ALL_USERS_SCOPE_DISABLED,
    SHARED_WITH_ALL,
    SSO_ONLY,
    NOT_WITH_PROXY,
    NATIVE_SETTING,
    LOGIN_LOCKOUT,
    UNDECIPHERABLE,
    MIGRATION_UNSUPPORTED,
    MIGRATION_ENCRYPTED,
    MIGRATION_UNREADABLE,
    QR_NOT_AN_IMAGE,
    QR_NOT_DETECTED,
    QR_UNDECODABLE,
    QR_CHECKSUM,
    NO_CONTROL_CHARACTERS,
    EMAIL_LIST,
    REGULAR_EXPRESSION,
    INVALID_RECOVERY_TOKEN,
    NO_MAIL_FOR_RECOVERY,
    PASSKEY_KNOWN,
    PASSKEYS_LIMIT,
    NO_PASSKEY,
    PASSKEY_REFUSALS[0],
    PASSKEY_REFUSALS[1],
    PASSKEY_REFUSALS[2],
    PASSKEY_REFUSALS[3],
    PASSKEY_REFUSALS[4],
    PASSKEY_REFUSALS[5],
    PASSKEY_REFUSALS[6],
    PASSKEY_REFUSALS[7],
    PASSKEY_REFUSALS[8],
    DESTINATION_UNAVAILABLE,
    ICON_QUOTA,
    WRONG_IMPORT_PASSWORD,
    MIGRATION_TOO_COSTLY,
    QR_TOO_LONG,
    ALWAYS_ENCRYPTED,
    ICONS_ALWAYS_IN_DATABASE,
    MAIL_FAILED,
    BODY_TOO_LARGE,
    MORE_ERRORS,
];

/// Laravel's `:attribute` for a field name: underscores become spaces.
pub fn attribute(field: &str) -> String {
    field.replace('_', " ")
}

/// The first placeholder of `template` (`:` and a name of ASCII letters): the text before it,
/// its name and the text after it.
fn next_placeholder(template: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(found) = template[from..].find(':') {
        let at = from + found;
        let name = template[at + 1..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        if name > 0 {
            let end = at + 1 + name;
            return Some((&template[..at], &template[at + 1..end], &template[end..]));
        }
        from = at + 1;
    }
    None
}

/// The names of `template`'s placeholders, in order, then its `{name}` ones (2FAuth's own
/// syntax, which stays as written: a translation keeps them too).
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some((_, name, after)) = next_placeholder(rest) {
        names.push(name);
        rest = after;
    }
    for (at, _) in template.match_indices('{') {
        let name = template[at + 1..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        if name > 0 && template[at + 1 + name..].starts_with('}') {
            names.push(&template[at..at + 2 + name]);
        }
    }
    names
}

/// `template` with each placeholder replaced by its value in `values` (one pass: a value is never
/// read for placeholders); one without a value stays as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, name, after)) = next_placeholder(rest) {
        out.push_str(before);
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => out.push_str(value),
            None => {
                out.push(':');
                out.push_str(name);
            }
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A template of one field (`:attribute`).
fn of_field(template: &str, field: &str) -> String {
    fill(template, &[("attribute", &attribute(field))])
}

/// A template of one field and one number.
fn of_field_and(template: &str, field: &str, name: &str, number: impl ToString) -> String {
    fill(
        template,
        &[
            ("attribute", &attribute(field)),
            (name, &number.to_string()),
        ],
    )
}

/// `required`.
pub fn required(field: &str) -> String {
    of_field(REQUIRED, field)
}
/// `string`.
pub fn string(field: &str) -> String {
    of_field(STRING, field)
}
/// `integer`.
pub fn integer(field: &str) -> String {
    of_field(INTEGER, field)
}
/// `numeric`.
pub fn numeric(field: &str) -> String {
    of_field(NUMERIC, field)
}
/// `boolean`.
pub fn boolean(field: &str) -> String {
    of_field(BOOLEAN, field)
}
/// `array`.
pub fn array(field: &str) -> String {
    of_field(ARRAY, field)
}
/// `between` on a number.
pub fn between(field: &str, min: i64, max: i64) -> String {
    fill(
        BETWEEN,
        &[
            ("attribute", &attribute(field)),
            ("min", &min.to_string()),
            ("max", &max.to_string()),
        ],
    )
}
/// `min` on a number.
pub fn min(field: &str, min: i64) -> String {
    of_field_and(MIN, field, "min", min)
}
/// `max` on a number.
pub fn max_number(field: &str, max: u64) -> String {
    of_field_and(MAX, field, "max", max)
}
/// `max` on a string.
pub fn max_chars(field: &str, max: usize) -> String {
    of_field_and(MAX_CHARS, field, "max", max)
}
/// `min` on a string.
pub fn min_chars(field: &str, min: usize) -> String {
    of_field_and(MIN_CHARS, field, "min", min)
}
/// `max` on an array.
pub fn max_items(field: &str, max: usize) -> String {
    of_field_and(MAX_ITEMS, field, "max", max)
}
/// `in` / `exists`.
pub fn invalid_selection(field: &str) -> String {
    of_field(INVALID_SELECTION, field)
}
/// A value no rule reads.
pub fn invalid(field: &str) -> String {
    of_field(INVALID, field)
}
/// `email`.
pub fn email(field: &str) -> String {
    of_field(EMAIL, field)
}
/// `unique`.
pub fn taken(field: &str) -> String {
    of_field(TAKEN, field)
}
/// `confirmed`.
pub fn confirmation(field: &str) -> String {
    of_field(CONFIRMED, field)
}
/// `present`.
pub fn present(field: &str) -> String {
    of_field(PRESENT, field)
}
/// `prohibited`.
pub fn prohibited(field: &str) -> String {
    of_field(PROHIBITED, field)
}
/// `prohibits`: `field` may not be sent with `other`.
pub fn prohibited_with(field: &str, other: &str) -> String {
    fill(
        PROHIBITED_WITH,
        &[
            ("attribute", &attribute(field)),
            ("other", &attribute(other)),
        ],
    )
}
/// `required_with`: `field` must be sent with `other`.
pub fn required_with(field: &str, other: &str) -> String {
    fill(
        REQUIRED_WITH,
        &[
            ("attribute", &attribute(field)),
            ("values", &attribute(other)),
        ],
    )
}
/// `required_without`: `field` must be sent without `other`.
pub fn required_without(field: &str, other: &str) -> String {
    fill(
        REQUIRED_WITHOUT,
        &[
            ("attribute", &attribute(field)),
            ("values", &attribute(other)),
        ],
    )
}
/// `distinct`.
pub fn distinct(field: &str) -> String {
    of_field(DISTINCT, field)
}
/// `alpha`.
pub fn alpha(field: &str) -> String {
    of_field(ALPHA, field)
}
/// `url`.
pub fn url(field: &str) -> String {
    of_field(URL, field)
}
/// `image`.
pub fn image(field: &str) -> String {
    of_field(IMAGE, field)
}
/// `dimensions`.
pub fn dimensions(field: &str) -> String {
    of_field(DIMENSIONS, field)
}
/// 2FAuth's colon rule on `service` and `account`.
pub fn no_colon(field: &str) -> String {
    of_field(NO_COLON, field)
}
/// 2FAuth's base32 rule on `secret`.
pub fn base32(field: &str) -> String {
    of_field(BASE32, field)
}
/// 2FAuth's otpauth rule on `uri`.
pub fn otpauth_uri(field: &str) -> String {
    of_field(OTPAUTH_URI, field)
}
/// 2FAuth's `in` rule on `otp_type`.
pub fn not_supported(field: &str) -> String {
    of_field(NOT_SUPPORTED, field)
}
/// A control character where it would break a header line.
pub fn no_control_characters(field: &str) -> String {
    of_field(NO_CONTROL_CHARACTERS, field)
}
/// The `restrictList` setting.
pub fn email_list(field: &str) -> String {
    of_field(EMAIL_LIST, field)
}
/// The `restrictRule` setting.
pub fn regular_expression(field: &str) -> String {
    of_field(REGULAR_EXPRESSION, field)
}
/// An import of `app`'s format that cannot be read.
pub fn migration_unreadable(app: &str) -> String {
    fill(MIGRATION_UNREADABLE, &[("appname", app)])
}
/// An encrypted import of `app`'s whose key derivation the server will not run.
pub fn migration_too_costly(app: &str) -> String {
    fill(MIGRATION_TOO_COSTLY, &[("appname", app)])
}
/// A passkey beyond the `max` a user may have.
pub fn passkeys_limit(max: i64) -> String {
    fill(PASSKEYS_LIMIT, &[("max", &max.to_string())])
}
/// A request body over `limit` bytes (said in MiB).
pub fn body_too_large(limit: usize) -> String {
    fill(BODY_TOO_LARGE, &[("size", &(limit >> 20).to_string())])
}

/// One language's table of the API's messages, as its JSON file holds it: each template of
/// [`CATALOGUE`] with its translation, and [`MORE_ERRORS`] with the language's plural forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    plural: PluralRule,
    entries: Vec<(String, String)>,
}

impl Table {
    /// Reads a table (a JSON object of texts) for a language counting by `plural`; `None` when it
    /// is not one.
    pub fn from_json(json: &[u8], plural: PluralRule) -> Option<Self> {
        // Read as any value (the worker's body parser is the same code), then as an object.
        let serde_json::Value::Object(object) = crate::input::json_value(json)? else {
            return None;
        };
        let entries = object
            .into_iter()
            .filter_map(|(english, text)| match text {
                serde_json::Value::String(text) => Some((english, text)),
                _ => None,
            })
            .collect();
        Some(Self { plural, entries })
    }

    /// The translation of `template`, if the table has it.
    pub fn get(&self, template: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(english, _)| english == template)
            .map(|(_, text)| text.as_str())
    }

    /// The templates and their translations, in the file's order.
    pub fn entries(&self) -> &[(String, String)] {
        &self.entries
    }
}

/// The values of a template's placeholders in a message: each name with its text.
type Values<'t, 'm> = Vec<(&'t str, &'m str)>;

/// Whether `message` was written from `template`; on success `values` holds each placeholder's
/// value (never empty), the first fitting split taken when several do.
fn written_from<'t, 'm>(template: &'t str, message: &'m str, values: &mut Values<'t, 'm>) -> bool {
    let Some((before, name, after)) = next_placeholder(template) else {
        return template == message;
    };
    let Some(message) = message.strip_prefix(before) else {
        return false;
    };
    let ends = message.char_indices().skip(1).map(|(i, _)| i);
    for end in ends.chain(core::iter::once(message.len())) {
        values.push((name, &message[..end]));
        if written_from(after, &message[end..], values) {
            return true;
        }
        values.pop();
    }
    false
}

/// `message` in the language of `table`: the translation of the template it was written from,
/// with the same values in its placeholders. When several templates could have written it, the
/// one with the most text of its own wins (`… at least :min characters.` over `… at least
/// :min.`). A message of no template stays as it is.
pub fn translate(message: &str, table: &Table) -> String {
    let mut best: Option<(usize, &str, Values)> = None;
    for (english, text) in &table.entries {
        let mut values = Vec::new();
        if written_from(english, message, &mut values) {
            let own = english.len() - values.iter().map(|(n, _)| n.len() + 1).sum::<usize>();
            if best.as_ref().is_none_or(|(most, ..)| own > *most) {
                best = Some((own, text, values));
            }
        }
    }
    match best {
        Some((_, text, values)) => fill(text, &values),
        None => message.to_string(),
    }
}

/// The form of a counted text (forms separated by `|`) that `count` takes under `rule`; the last
/// form when the text has fewer.
pub fn plural(forms: &str, rule: PluralRule, count: usize) -> &str {
    let index = rule.form(count as i64);
    forms
        .split('|')
        .nth(index)
        .or_else(|| forms.rsplit('|').next())
        .unwrap_or(forms)
}

/// Laravel's summary of a 422: the first message, then how many others there are in the
/// language of `table` (English without one, or when the table lacks the text).
pub fn summary(first: &str, others: usize, table: Option<&Table>) -> String {
    if others == 0 {
        return first.to_string();
    }
    let (forms, rule) = table
        .and_then(|t| Some((t.get(MORE_ERRORS)?, t.plural)))
        .unwrap_or((MORE_ERRORS, ENGLISH.plural));
    let more = fill(
        plural(forms, rule, others),
        &[("count", &others.to_string())],
    );
    alloc::format!("{first} {more}")
}

#[cfg(test)]
mod tests;
