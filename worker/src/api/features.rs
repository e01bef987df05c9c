//! `/api/v1/features`: which optional features this instance offers, as 2FAuth lists them.

use twofold_core::contract::{Feature, FeatureState};
use twofold_core::settings;
use worker::Response;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::http::json;

/// Every feature with its state; sharing follows the admin settings, the others are always on.
fn features(caller: &Caller) -> Vec<Feature> {
    let all = &caller.settings;
    let state = |on: bool| match on {
        true => FeatureState::Enabled,
        false => FeatureState::Disabled,
    };
    [
        ("iconPack", true),
        ("sharing", settings::enabled(all, "enableSharing")),
        (
            "allUsersSharingScope",
            settings::enabled(all, "enableAllUsersSharingScope"),
        ),
        ("showNextOtp", true),
        ("groupChips", true),
    ]
    .into_iter()
    .map(|(name, on)| Feature {
        name: name.into(),
        state: state(on),
    })
    .collect()
}

/// `GET /api/v1/features`.
pub fn index(caller: &Caller) -> ApiResult<Response> {
    json(200, &features(caller))
}

/// `GET /api/v1/features/{feature}`: 404 for an unknown feature.
pub fn show(caller: &Caller, name: &str) -> ApiResult<Response> {
    let all = features(caller);
    let feature = all
        .iter()
        .find(|f| f.name == name)
        .ok_or(ApiError::NotFound)?;
    json(200, feature)
}
