//! The API's account rules on arbitrary JSON bodies: never panics; a valid account gives codes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::account::{Rules, TwoFAccount};

fuzz_target!(|data: &str| {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(data) else { return };
    twofold_core::input::normalize(&mut value);
    if let serde_json::Value::Object(body) = value {
        for rules in [Rules::Store, Rules::Update, Rules::Otp] {
            if let Ok(account) = TwoFAccount::from_params(&body, rules, || [0; 64]) {
                let _ = account.otp(0).expect("a validated account always has a code");
                let _ = account.uri();
            }
        }
    }
});
