//! `/accounts/create`: a new account from a QR code (the camera, or an image file, decoded in the
//! browser by `core`), from a pasted otpauth URI, or typed in the advanced form. A Google
//! Authenticator migration code goes to the import screen instead. The preferences choose how it
//! starts (`useDirectCapture` + `defaultCaptureMode`; the first-run screen's `?start=` before
//! them), whether a scanned account is saved at once
//! (`AutoSaveQrcodedAccount`) and whether an account without icon gets its official logo
//! (`getOfficialIcons`).

use leptos::ev::SubmitEvent;
use leptos::html::Video;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlCanvasElement, HtmlInputElement, MediaStream, MediaStreamConstraints};

use crate::app::PageLoad;
use crate::browser::{file_bytes, hand_over_import, sleep};
use crate::client;
use crate::i18n::tr;
use crate::pages::account_form::{AccountForm, Fields};
use crate::pages::groups;
use crate::router::{self, navigate};
use crate::tools;
use crate::widgets::Errors;
use twofold_core::contract::Group;

/// The bytes of the first file chosen in a file input.
async fn chosen_file(input: &HtmlInputElement) -> Option<Vec<u8>> {
    file_bytes(&input.files()?.get(0)?).await
}

/// One frame of the video as PNG bytes.
fn frame(video: &web_sys::HtmlVideoElement) -> Option<Vec<u8>> {
    let document = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    let (w, h) = (video.video_width(), video.video_height());
    if w == 0 || h == 0 {
        return None;
    }
    canvas.set_width(w);
    canvas.set_height(h);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_html_video_element(video, 0.0, 0.0)
        .ok()?;
    let url = canvas.to_data_url().ok()?;
    let binary = web_sys::window()?.atob(url.split_once(',')?.1).ok()?;
    Some(binary.chars().map(|c| c as u8).collect())
}

fn stop(stream: &MediaStream) {
    for track in stream.get_tracks() {
        track.unchecked_into::<web_sys::MediaStreamTrack>().stop();
    }
}

/// What the parts of the screen share: the form being filled, its messages, and how a scanned
/// account is handled.
#[derive(Clone, Copy)]
struct Draft {
    fields: Fields,
    errors: RwSignal<Vec<String>>,
    status: RwSignal<String>,
    form: NodeRef<leptos::html::Form>,
    /// `AutoSaveQrcodedAccount`: a scanned account is saved at once.
    auto_save: RwSignal<bool>,
}

impl Draft {
    /// A decoded or pasted text: an otpauth URI fills the form; a migration goes to the import.
    fn use_text(self, text: String, scanned: bool) {
        if text.starts_with("otpauth-migration://") {
            // The import screen belongs to the settings app: a full load.
            hand_over_import(&text);
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign("/accounts/import");
            }
            return;
        }
        spawn_local(async move {
            let body = json!({ "uri": text });
            // As JSON: see `Fields::fill`.
            match client::call::<Value>("POST", "/api/v1/twofaccounts/preview", Some(&body)).await {
                Ok(preview) => {
                    self.fields.fill(&preview);
                    self.errors.set(Vec::new());
                    self.status
                        .set(tr("Read: check the form below, then save.").into());
                    if scanned
                        && self.auto_save.get_untracked()
                        && let Some(form) = self.form.get_untracked()
                    {
                        let _ = form.request_submit();
                    }
                }
                Err(e) => self.errors.set(e.details()),
            }
        });
    }
}

/// `/accounts/create`.
#[component]
pub fn Create() -> impl IntoView {
    let groups_list = RwSignal::new(Vec::<Group>::new());
    let draft = Draft {
        fields: Fields::default(),
        errors: RwSignal::new(Vec::new()),
        status: RwSignal::new(String::new()),
        form: NodeRef::new(),
        auto_save: RwSignal::new(false),
    };
    let Draft {
        fields,
        errors,
        status,
        form,
        auto_save,
    } = draft;
    let official_icons = RwSignal::new(true);
    // `useBasicQrcodeReader`: a photo taken by the phone's camera app instead of the live stream.
    let basic_reader = RwSignal::new(false);
    // The capture to start with: the one the first-run screen's choice names (`?start=`), else
    // the preferences'. Set once the preferences are read, when the form is on the page to take
    // the focus.
    let asked = router::query("start");
    let start_with = RwSignal::new(None::<String>);
    let me = PageLoad::here().me;
    spawn_local(async move {
        let mut direct = None;
        if let Some(user) = me.for_screen().await {
            let p = &user.preferences;
            auto_save.set(p.auto_save_qrcoded_account());
            official_icons.set(p.get_official_icons());
            basic_reader.set(p.use_basic_qrcode_reader());
            if p.use_direct_capture() && !p.use_basic_qrcode_reader() {
                direct = Some(p.default_capture_mode());
            }
        }
        start_with.set(asked.or(direct));
        if let Ok(list) = groups::load().await {
            groups_list.set(list);
        }
    });
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut body = fields.body();
        spawn_local(async move {
            // The service's official logo when the account has no icon of its own.
            let service = body["service"].as_str().unwrap_or_default().to_string();
            if official_icons.get_untracked() && body["icon"].is_null() && !service.is_empty() {
                let ask = json!({ "service": service });
                if let Ok(logo) =
                    client::call::<Value>("POST", "/api/v1/icons/default", Some(&ask)).await
                    && let Some(file) = logo["filename"].as_str()
                {
                    body["icon"] = file.into();
                }
            }
            match client::run("POST", "/api/v1/twofaccounts", Some(&body)).await {
                Ok(_) => navigate("/accounts"),
                Err(e) => errors.set(e.details()),
            }
        });
    };

    view! {
        <section aria-labelledby="create-title">
            <h1 id="create-title">{tr("New account")}</h1>
            <Capture draft basic_reader start_with/>
            <PasteUri draft/>
            <Errors errors/>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
            <form class="edit" node_ref=form on:submit=save>
                <AccountForm fields groups=groups_list errors>
                    <button type="submit">{tr("Save")}</button>
                </AccountForm>
            </form>
        </section>
    }
}

/// Reading a QR code: live from the camera, or from an image file (or a photo taken by the
/// phone's camera app with `useBasicQrcodeReader`); `start_with` may start the camera at once
/// or put the focus in the form or on the image upload (`?start=`, or `useDirectCapture` +
/// `defaultCaptureMode`).
#[component]
fn Capture(
    draft: Draft,
    basic_reader: RwSignal<bool>,
    start_with: RwSignal<Option<String>>,
) -> impl IntoView {
    let errors = draft.errors;
    let decode = move |image: Vec<u8>| {
        spawn_local(async move {
            match tools::decode_qr(&image).await {
                Ok(text) => draft.use_text(text, true),
                Err(e) => errors.set(vec![e.message]),
            }
        });
    };
    let upload = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        spawn_local(async move {
            if let Some(bytes) = chosen_file(&input).await {
                decode(bytes);
            }
        });
    };
    let video = NodeRef::<Video>::new();
    let scanning = RwSignal::new(false);
    let scan = move || {
        scanning.set(true);
        errors.set(Vec::new());
        spawn_local(async move {
            let constraints = MediaStreamConstraints::new();
            constraints.set_video(&json_value(&json!({ "facingMode": "environment" })));
            let stream = web_sys::window()
                .and_then(|w| w.navigator().media_devices().ok())
                .and_then(|m| m.get_user_media_with_constraints(&constraints).ok());
            let Some(Ok(stream)) = (match stream {
                Some(p) => Some(JsFuture::from(p).await),
                None => None,
            }) else {
                scanning.set(false);
                errors.set(vec![
                    tr("The camera cannot be used: allow it in the browser, or upload an image.")
                        .into(),
                ]);
                return;
            };
            let stream: MediaStream = stream.unchecked_into();
            let Some(element) = video.get_untracked() else {
                stop(&stream);
                return;
            };
            element.set_src_object(Some(&stream));
            let _ = element.play();
            while scanning.get_untracked() {
                sleep(300).await;
                let Some(image) = frame(&element) else {
                    continue;
                };
                if let Ok(text) = tools::decode_qr(&image).await {
                    scanning.set(false);
                    draft.use_text(text, true);
                }
            }
            stop(&stream);
        });
    };
    on_cleanup(move || scanning.set(false));
    Effect::new(move |_| {
        let field = match start_with.get().as_deref() {
            Some("livescan") => return scan(),
            Some("advancedForm") => "service",
            // A file chooser opens only on the reader's own tap: the focus waits on its control.
            Some("upload") => "qr-file",
            _ => return,
        };
        if let Some(field) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(field))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = field.focus();
        }
    });
    view! {
        <div class="row capture">
            <button type="button" on:click=move |_| scan() hidden=move || scanning.get() || basic_reader.get()>{tr("Scan a QR code with the camera")}</button>
            <button type="button" hidden=move || !scanning.get() on:click=move |_| scanning.set(false)>{tr("Stop the camera")}</button>
            <label class="button" for="qr-file">{tr("Upload a QR code image")}</label>
            <input id="qr-file" class="visually-hidden" type="file" accept="image/*"
                capture=move || basic_reader.get().then_some("environment") on:change=upload/>
        </div>
        <video node_ref=video class="camera" hidden=move || !scanning.get() muted=true playsinline=true
            aria-label=tr("Camera view")></video>
    }
}

/// Reading a pasted otpauth URI into the form.
#[component]
fn PasteUri(draft: Draft) -> impl IntoView {
    let uri = RwSignal::new(String::new());
    let read_uri = move |ev: SubmitEvent| {
        ev.prevent_default();
        draft.use_text(uri.get().trim().to_string(), false);
    };
    view! {
        <form class="add" on:submit=read_uri>
            <label for="uri">{tr("Or paste an otpauth:// URI")}</label>
            <div class="row">
                <input id="uri" required placeholder="otpauth://totp/Service:me@example.com?secret=..." bind:value=uri/>
                <button type="submit">{tr("Read")}</button>
            </div>
        </form>
    }
}

/// A JSON value as a JavaScript one.
fn json_value(value: &Value) -> wasm_bindgen::JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(wasm_bindgen::JsValue::NULL)
}
