//! otpauth URI parsing: never panics; whatever parses regenerates a URI that parses to the same.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::account::TwoFAccount;

fuzz_target!(|data: &str| {
    for steam in [false, true] {
        if let Ok(parsed) = twofold_core::uri::parse(data, steam) {
            let account = TwoFAccount::from_parsed(parsed, false, data.into());
            let again = twofold_core::uri::parse(&account.uri(), false).expect("a generated URI parses");
            let back = TwoFAccount::from_parsed(again, false, String::new());
            assert_eq!((&back.account, &back.service, &back.secret), (&account.account, &account.service, &account.secret));
            let _ = account.otp(1_700_000_000);
        }
    }
});
