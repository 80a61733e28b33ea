//! The web console, embedded in the binary (one origin, no CDN: works on an air-gapped intranet).
//! Without a console build the server still runs and says how to build it.

use axum::body::Body;
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/../../web/dist"]
#[allow_missing = true]
struct Console;

const NO_CONSOLE: &str = r#"<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>ZoneOps</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>ZoneOps 服务已启动</h1><p>此程序构建时未包含网页控制台。请先构建控制台再构建程序：</p>
<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build &amp;&amp; cd .. &amp;&amp; cargo build</pre>
<p>The console was not built into this binary: run the commands above. The API is at <code>/api/v1</code>.</p></body></html>"#;

pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") {
        return crate::error::ApiError::new(StatusCode::NOT_FOUND, "ROUTE_NOT_FOUND", "接口不存在").into_response();
    }
    if let Some(file) = Console::get(path).filter(|_| !path.is_empty()) {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        // Hashed assets never change; index.html must always be fetched fresh.
        let cache = if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
        return Response::builder()
            .header(header::CONTENT_TYPE, mime.as_ref())
            .header(header::CACHE_CONTROL, cache)
            .body(Body::from(file.data.into_owned()))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    // Client-side routes (/cockpit, /enterprises/12 …) all load the single-page console.
    match Console::get("index.html") {
        Some(index) => Response::builder()
            .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
            .header(header::CACHE_CONTROL, "no-cache")
            .body(Body::from(index.data.into_owned()))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        None => Html(NO_CONSOLE).into_response(),
    }
}
