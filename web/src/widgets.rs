//! Small view parts every screen may use; they know nothing of the server or the session.

use leptos::prelude::*;

/// A list of error messages, announced to screen readers.
#[component]
pub fn Errors(errors: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <Show when=move || !errors.get().is_empty()>
            // The alert around the list, not on it: a list given another role loses its items.
            <div role="alert">
                <ul class="errors">
                    {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
