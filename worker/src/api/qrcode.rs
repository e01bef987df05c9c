//! `POST /api/v1/qrcode/decode`: the text of a QR code in an uploaded image (multipart `qrcode`).

use twofold_core::contract::QrDecoded;
use twofold_core::qr_decode::DecodeError;
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json};
use crate::tools::{self, Failure};

/// `POST /api/v1/qrcode/decode`.
pub async fn decode(req: &mut Request) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let file = input
        .file("qrcode")
        .ok_or_else(|| ValidationErrors::single("qrcode", messages::required("qrcode")))?;
    let data = tools::decode(&file.bytes).map_err(|failure| match failure {
        Failure::Refused(DecodeError::NotAnImage) => ApiError::Validation(
            ValidationErrors::single("qrcode", messages::image("qrcode")),
        ),
        // Refused from its header, before any decoder allocated for it.
        Failure::Refused(DecodeError::TooLarge) => ApiError::Validation(ValidationErrors::single(
            "qrcode",
            messages::dimensions("qrcode"),
        )),
        Failure::Refused(other) => ApiError::BadRequest(other.message().into()),
        Failure::Module(detail) => ApiError::Internal(detail),
    })?;
    json(200, &QrDecoded { data })
}
