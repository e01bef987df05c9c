//! The group filter of the accounts screen.

use leptos::prelude::*;
use twofold_core::group::GroupFilter;

use super::screen::Screen;
use crate::i18n::tr;

/// The group filter: a chips bar, or a switch (`useGroupChips`), when there is more than All.
#[component]
pub(super) fn GroupFilters(screen: Screen) -> impl IntoView {
    let display = screen.display;
    view! {
        <Show when=move || { display.get().use_chips && screen.filters(true).len() > 1 }>
            <ul class="chips" aria-label=tr("Groups")>
                <For each=move || screen.filters(true) key=|f| f.clone() let:f>
                    <li><button type="button" aria-pressed=move || (screen.filter() == f.0).to_string()
                        on:click=move |_| screen.choose(f.0)>{f.1.clone()}</button></li>
                </For>
            </ul>
        </Show>
        <Show when=move || { !display.get().use_chips && screen.filters(false).len() > 1 }>
            <label for="group-switch">{tr("Group")}</label>
            <select id="group-switch" prop:value=move || screen.filter().preference().to_string()
                on:change=move |ev| screen.choose(GroupFilter::from_preference(event_target_value(&ev).parse().unwrap_or(0)))>
                {move || screen.filters(false).into_iter().map(|(f, name)| view! { <option value=f.preference().to_string()>{name}</option> }).collect_view()}
            </select>
        </Show>
    }
}
