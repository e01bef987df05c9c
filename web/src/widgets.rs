//! Small view parts every screen may use; they know nothing of the server or the session.

use leptos::prelude::*;

/// A list of error messages, announced to screen readers.
#[component]
pub fn Errors(errors: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <Show when=move || !errors.get().is_empty()>
            <ul class="errors" role="alert">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
        </Show>
    }
}
