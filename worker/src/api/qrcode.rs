//! `POST /api/v1/qrcode/decode`: the text of a QR code in an uploaded image (multipart `qrcode`).

use twofold_core::contract::QrDecoded;
use twofold_core::qr_decode::{self, DecodeError};
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json};

/// `POST /api/v1/qrcode/decode`.
pub async fn decode(req: &mut Request) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let file = input
        .file("qrcode")
        .ok_or_else(|| ValidationErrors::single("qrcode", messages::required("qrcode")))?;
    let text = qr_decode::decode(&file.bytes).map_err(|e| match e {
        DecodeError::NotAnImage => ApiError::Validation(ValidationErrors::single(
            "qrcode",
            messages::image("qrcode"),
        )),
        // Refused from its header, before any decoder allocated for it.
        DecodeError::TooLarge => ApiError::Validation(ValidationErrors::single(
            "qrcode",
            messages::dimensions("qrcode"),
        )),
        other => ApiError::BadRequest(other.message().into()),
    })?;
    json(
        200,
        &QrDecoded {
            data: qr_decode::decoded_text(&text),
        },
    )
}
