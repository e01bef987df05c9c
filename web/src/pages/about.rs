//! `/about`: which Twofold this is, where its API is described, and how it keeps secrets.

use leptos::prelude::*;

use crate::i18n::{tr, trf};

/// `/about`.
#[component]
pub fn About() -> impl IntoView {
    view! {
        <section aria-labelledby="about-title">
            <h1 id="about-title">{trf("Twofold {}", &[env!("CARGO_PKG_VERSION")])}</h1>
            <p>{tr("A self-hosted vault for two-factor accounts that speaks the 2FAuth API v1: 2FAuth's clients work with it.")}</p>
            <p>{tr("Codes are computed in this browser; secrets are encrypted at rest on the server, and tokens and passwords are kept only as hashes.")}</p>
            <ul>
                <li><a href="/api/v1/openapi.json">{tr("The API's OpenAPI document")}</a></li>
                <li>{tr("License: MIT")}</li>
            </ul>
        </section>
    }
}
