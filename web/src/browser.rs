//! The browser's services the screens share, and nothing of the app: local and session storage,
//! the clipboard, timers, reading chosen files, downloads, confirmations. The bottom layer of the
//! web app: it uses no other module of it.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// This origin's local storage (kept between visits), when the browser allows it.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Copies `text` to the clipboard.
pub fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// Asks the user to confirm a destructive action.
pub fn confirmed(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The text of a file of this origin (`GET`), if it answers 200.
pub async fn fetch_text(path: &str) -> Option<String> {
    let response = JsFuture::from(web_sys::window()?.fetch_with_str(path))
        .await
        .ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if response.status() != 200 {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// The bytes of a file chosen in a file input.
pub async fn file_bytes(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Offers `content` as a file to download.
pub fn download(name: &str, mime: &str, content: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(link) = document.create_element("a") else {
        return;
    };
    let url = format!(
        "data:{mime};charset=utf-8,{}",
        js_sys::encode_uri_component(content)
    );
    let _ = link.set_attribute("href", &url);
    let _ = link.set_attribute("download", name);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
}

/// Session storage key of a text to import handed over by another screen (a Google
/// Authenticator migration code scanned on the create screen, read by the import screen of the
/// other app after a full load).
const IMPORT_KEY: &str = "twofold.import";

/// Hands `text` over to the import screen, which takes it with [`take_import`].
pub fn hand_over_import(text: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.set_item(IMPORT_KEY, text);
    }
}

/// The text handed over with [`hand_over_import`], once.
pub fn take_import() -> Option<String> {
    let s = web_sys::window()?.session_storage().ok()??;
    let text = s.get_item(IMPORT_KEY).ok().flatten();
    let _ = s.remove_item(IMPORT_KEY);
    text
}
