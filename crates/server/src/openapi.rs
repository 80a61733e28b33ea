//! The OpenAPI 3.1 document served at `/api/v1/openapi.json`, built from what is served: the
//! catalogue ([`crate::routes::catalogue`]) records each route's method and path, and each
//! operation is read off its handler's signature — the extractors it takes ([`ApiPath`],
//! [`ApiQuery`], [`ApiJson`] …) and what it returns (`Json<T>`, `(StatusCode, Json<T>)`,
//! `StatusCode`). The shapes themselves are the Rust types, through utoipa's `ToSchema` and
//! `IntoParams`. A route cannot be served without an operation, and a handler's documented body
//! cannot differ from the type it reads (docs/decisions/0023-contract-first-openapi.md).

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::OnceLock;

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{Components, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, InfoBuilder, OpenApi, Paths, RefOr, Required};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{AnySession, ApiJson, ApiPath, ApiQuery, ApiReplace, CurrentUser, SESSION_COOKIE};

/// What one handler's signature says about its operation, gathered argument by argument.
#[derive(Default)]
pub struct OpDoc {
    path_params: Vec<RefOr<Schema>>,
    query: Vec<Parameter>,
    body: Option<(&'static str, RefOr<Schema>)>,
    responses: Vec<(&'static str, &'static str, Option<RefOr<Schema>>)>,
    errors: bool,
    login: bool,
    /// The 200 answer may also be an .xlsx workbook (`?format=xlsx`).
    xlsx: bool,
    schemas: Vec<(String, RefOr<Schema>)>,
}

impl OpDoc {
    /// The schema of a body type: a named struct or enum is a component referenced by name
    /// (its name in the console's generated types); a generic wrapper (`Page<T>`, `Vec<T>`)
    /// or a primitive is written in place.
    fn schema_of<T: ToSchema>(&mut self) -> RefOr<Schema> {
        zoneops_db::item_schema::<T>(Some(&mut self.schemas))
    }
}

/// An extractor's part of the operation (nothing, for the state and request parts).
pub trait DocInput {
    fn document(_: &mut OpDoc) {}
}

/// A handler's answer as documented responses.
pub trait DocOutput {
    fn document(doc: &mut OpDoc);
}

/// A handler whose arguments and answer document themselves: the bound the catalogue's method
/// helpers put beside axum's `Handler`, so an undocumented handler does not compile.
pub trait Documented<Args> {
    fn document(doc: &mut OpDoc);
}

macro_rules! documented {
    ($($arg:ident),*) => {
        impl<F, Fut, R, $($arg,)*> Documented<($($arg,)*)> for F
        where
            F: FnOnce($($arg),*) -> Fut,
            Fut: Future<Output = R>,
            R: DocOutput,
            $($arg: DocInput,)*
        {
            fn document(doc: &mut OpDoc) {
                $($arg::document(doc);)*
                R::document(doc);
            }
        }
    };
}

documented!();
documented!(A1);
documented!(A1, A2);
documented!(A1, A2, A3);
documented!(A1, A2, A3, A4);
documented!(A1, A2, A3, A4, A5);
documented!(A1, A2, A3, A4, A5, A6);
documented!(A1, A2, A3, A4, A5, A6, A7);

impl DocInput for State<AppState> {}
impl DocInput for Parts {}

impl DocInput for CurrentUser {
    fn document(doc: &mut OpDoc) {
        doc.login = true;
    }
}

impl DocInput for AnySession {
    fn document(doc: &mut OpDoc) {
        doc.login = true;
    }
}

impl<T: ToSchema> DocInput for ApiJson<T> {
    fn document(doc: &mut OpDoc) {
        let schema = doc.schema_of::<T>();
        doc.body = Some(("application/json", schema));
    }
}

impl<T: ToSchema> DocInput for ApiReplace<T> {
    fn document(doc: &mut OpDoc) {
        ApiJson::<T>::document(doc);
    }
}

impl<T: IntoParams> DocInput for ApiQuery<T> {
    fn document(doc: &mut OpDoc) {
        doc.query.extend(T::into_params(|| Some(ParameterIn::Query)));
    }
}

impl<T: PathArgs> DocInput for ApiPath<T> {
    fn document(doc: &mut OpDoc) {
        doc.path_params = T::schemas();
    }
}

impl DocInput for Multipart {
    fn document(doc: &mut OpDoc) {
        let form = ObjectBuilder::new()
            .schema_type(Type::Object)
            .property(
                "file",
                ObjectBuilder::new().schema_type(Type::String).content_media_type("application/octet-stream"),
            )
            .build();
        doc.body = Some(("multipart/form-data", RefOr::T(Schema::Object(form))));
    }
}

/// The values a path's `{…}` segments take, in order.
pub trait PathArgs {
    fn schemas() -> Vec<RefOr<Schema>>;
}

macro_rules! path_scalar {
    ($($t:ty),*) => {$(
        impl PathArgs for $t {
            fn schemas() -> Vec<RefOr<Schema>> {
                vec![<$t as utoipa::PartialSchema>::schema()]
            }
        }
    )*};
}
path_scalar!(i64, i32, u32, String);

impl<A: PathArgs, B: PathArgs> PathArgs for (A, B) {
    fn schemas() -> Vec<RefOr<Schema>> {
        let mut v = A::schemas();
        v.extend(B::schemas());
        v
    }
}

impl<T: DocOutput> DocOutput for ApiResult<T> {
    fn document(doc: &mut OpDoc) {
        T::document(doc);
        doc.errors = true;
    }
}

impl<T: ToSchema> DocOutput for Json<T> {
    fn document(doc: &mut OpDoc) {
        let schema = doc.schema_of::<T>();
        doc.responses.push(("200", "OK", Some(schema)));
    }
}

/// `?format=xlsx`: the list route's parameter.
impl DocInput for crate::export::Export {
    fn document(doc: &mut OpDoc) {
        doc.query.extend(crate::export::FormatQuery::into_params(|| Some(ParameterIn::Query)));
        // The parameter refers to `Format` by name: the component must be in the document too.
        doc.schema_of::<crate::export::Format>();
    }
}

/// A list answer: its JSON, or with `?format=xlsx` the whole list as a workbook.
impl<T: ToSchema> DocOutput for crate::export::Listed<T> {
    fn document(doc: &mut OpDoc) {
        Json::<T>::document(doc);
        doc.xlsx = true;
    }
}

/// Every `(StatusCode, Json<T>)` the API answers is a creation.
impl<T: ToSchema> DocOutput for (StatusCode, Json<T>) {
    fn document(doc: &mut OpDoc) {
        let schema = doc.schema_of::<T>();
        doc.responses.push(("201", "Created", Some(schema)));
    }
}

impl DocOutput for StatusCode {
    fn document(doc: &mut OpDoc) {
        doc.responses.push(("2XX", "Done; no body (204, or 202 when queued)", None));
    }
}

/// A response built by hand: a file, a PDF. Its body is described in docs/api.md; a JSON answer
/// is never one of these (`WithCookie` carries a typed answer with its cookie).
impl DocOutput for Response {
    fn document(doc: &mut OpDoc) {
        doc.responses.push(("200", "OK (see docs/api.md for the body)", None));
    }
}

/// A typed answer, or an error response built by hand (a 429 with its `Retry-After`).
impl<T: DocOutput> DocOutput for Result<T, Response> {
    fn document(doc: &mut OpDoc) {
        T::document(doc);
        doc.errors = true;
    }
}

/// An answer that also sets (or clears) the session cookie: documented as its answer.
pub struct WithCookie<T> {
    pub cookie: Option<HeaderValue>,
    pub answer: T,
}

impl<T: IntoResponse> IntoResponse for WithCookie<T> {
    fn into_response(self) -> Response {
        let mut res = self.answer.into_response();
        if let Some(cookie) = self.cookie {
            res.headers_mut().insert(SET_COOKIE, cookie);
        }
        res
    }
}

impl<T: DocOutput> DocOutput for WithCookie<T> {
    fn document(doc: &mut OpDoc) {
        T::document(doc);
    }
}

/// The error every 4xx and 5xx answer carries.
#[derive(serde::Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(serde::Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable code (`ENTERPRISE_CREDIT_CODE_INVALID`, `AUTH_REQUIRED` …).
    pub code: String,
    /// For people, in Chinese.
    pub message: String,
    /// The field the error is about, when there is one.
    pub field: Option<String>,
    /// Values the message names (`{"max": 100}`), or null.
    #[schema(schema_with = error_params)]
    pub params: serde_json::Value,
}

fn error_params() -> utoipa::openapi::schema::Object {
    ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([Type::Object, Type::Null]))
        .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(true)))
        .build()
}

/// One served `"METHOD /path"` and how to document it.
pub struct Entry {
    pub method: &'static str,
    pub path: String,
    pub handler: &'static str,
    pub document: fn(&mut OpDoc),
}

/// The document for these routes (paths under `/api/v1`).
///
/// # Panics
/// When two different Rust types would become the same component name: a programming error
/// that every test that builds the router shows (rename one with `#[schema(as = …)]`).
pub fn document(entries: &[Entry]) -> OpenApi {
    let mut paths = Paths::new();
    let mut components: BTreeMap<String, RefOr<Schema>> = BTreeMap::new();
    let mut clashes = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let (mut sent, mut read) = (Vec::new(), Vec::new());
    let ops: Vec<(usize, String)> = entries.iter().enumerate().map(|(i, e)| (i, operation_id(e))).collect();
    for (_, id) in &ops {
        *ids.entry(id.clone()).or_default() += 1;
    }
    for (i, id) in ops {
        let e = &entries[i];
        let mut doc = OpDoc::default();
        (e.document)(&mut doc);
        for (name, schema) in std::mem::take(&mut doc.schemas) {
            match components.get(&name) {
                Some(existing) if !same(existing, &schema) => clashes.push(name),
                Some(_) => {}
                None => {
                    components.insert(name, schema);
                }
            }
        }
        let id = if ids[&id] > 1 { format!("{id}_{}", slug(e.method, &e.path)) } else { id };
        sent.extend(doc.responses.iter().filter_map(|(_, _, s)| s.as_ref()).map(json_of));
        read.extend(doc.body.iter().map(|(_, s)| json_of(s)));
        let op = operation(e, doc, id);
        paths.add_path_operation(format!("/api/v1{}", e.path), vec![method(e.method)], op);
    }
    let mut base = OpDoc::default();
    base.schema_of::<ErrorBody>();
    for (name, schema) in base.schemas {
        components.entry(name).or_insert(schema);
    }
    let read = reached(read, &components);
    for name in reached(sent, &components).difference(&read) {
        if let Some(schema) = components.get_mut(name) {
            require_nullables(schema);
        }
    }
    clashes.sort();
    clashes.dedup();
    assert!(clashes.is_empty(), "two Rust types share an OpenAPI component name: {clashes:?}");
    let mut comps = Components::new();
    comps.schemas = components;
    comps.add_security_scheme(
        "session",
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            SESSION_COOKIE,
            "Set by POST /api/v1/auth/login (and the second-factor step when one is required)",
        ))),
    );
    let info = InfoBuilder::new()
        .title("ZoneOps API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "The API of ZoneOps. Scope rules, semantics and examples: docs/api.md. Errors: \
             `{\"error\": {\"code\", \"message\", \"field\", \"params\"}}`.",
        ))
        .build();
    let mut api = OpenApi::new(info, paths);
    api.components = Some(comps);
    api
}

/// The served document, built once.
pub fn served(entries: impl FnOnce() -> Vec<Entry>) -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| document(&entries()).to_pretty_json().unwrap_or_default())
}

fn json_of(schema: &RefOr<Schema>) -> serde_json::Value {
    serde_json::to_value(schema).unwrap_or_default()
}

/// The components these schemas name, and those they name, transitively.
fn reached(roots: Vec<serde_json::Value>, components: &BTreeMap<String, RefOr<Schema>>) -> BTreeSet<String> {
    fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(name) = m.get("$ref").and_then(|r| r.as_str()?.strip_prefix("#/components/schemas/")) {
                    out.push(name.to_owned());
                }
                m.values().for_each(|v| refs(v, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    roots.iter().for_each(|r| refs(r, &mut todo));
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone())
            && let Some(schema) = components.get(&name)
        {
            refs(&json_of(schema), &mut todo);
        }
    }
    seen
}

/// A type the server only sends has every field it serializes: an `Option` is `null`, never
/// absent, so its property is required (and nullable). A field left out when empty
/// (`skip_serializing_if`) is documented as not nullable and stays optional. Types that are
/// also read keep their optional fields: a client may leave them out.
fn require_nullables(schema: &mut RefOr<Schema>) {
    match schema {
        RefOr::T(Schema::Object(o)) => {
            let nullable: Vec<String> = o
                .properties
                .iter()
                .filter(|(name, p)| !o.required.contains(name) && is_nullable(&json_of(p)))
                .map(|(name, _)| name.clone())
                .collect();
            o.required.extend(nullable);
        }
        RefOr::T(Schema::AllOf(all)) => all.items.iter_mut().for_each(require_nullables),
        _ => {}
    }
}

fn is_nullable(v: &serde_json::Value) -> bool {
    let null = |t: &serde_json::Value| t == "null" || t.as_array().is_some_and(|a| a.iter().any(|x| x == "null"));
    null(&v["type"]) || v["oneOf"].as_array().is_some_and(|o| o.iter().any(|s| null(&s["type"])))
}

fn same(a: &RefOr<Schema>, b: &RefOr<Schema>) -> bool {
    serde_json::to_value(a).ok() == serde_json::to_value(b).ok()
}

fn method(m: &str) -> HttpMethod {
    match m {
        "POST" => HttpMethod::Post,
        "PUT" => HttpMethod::Put,
        "PATCH" => HttpMethod::Patch,
        "DELETE" => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}

/// `zoneops_server::routes::enterprise::list` → tag `enterprise`, id `enterprise_list`; a
/// closure (`…::reference::router::{{closure}}`) or a generic function takes its id from the
/// method and path.
fn tag_and_name(handler: &str) -> (String, Option<String>) {
    let rest = handler
        .strip_prefix("zoneops_server::routes::")
        .or_else(|| handler.strip_prefix("zoneops_server::"))
        .unwrap_or(handler);
    // The last segment names the function, whatever module it sits in (`meeting_pdf::typeset::
    // download` in the PDF build, `meeting_pdf::download` without it: one document for both).
    // A generic handler (`reference::list<…::ParkView>`) serves several paths: named like a
    // closure, by its method and path.
    let generic = rest.contains('<');
    let mut parts = rest.split('<').next().unwrap_or(rest).split("::");
    let tag = parts.next().unwrap_or("api").to_owned();
    let name = parts.last().filter(|n| !generic && *n != "router" && !n.contains('{')).map(str::to_owned);
    (tag, name)
}

fn operation_id(e: &Entry) -> String {
    match tag_and_name(e.handler) {
        (tag, Some(name)) => format!("{tag}_{name}"),
        (_, None) => slug(e.method, &e.path),
    }
}

fn slug(method: &str, path: &str) -> String {
    let mut s = method.to_lowercase();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        s.push('_');
        s.extend(part.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }));
    }
    s.replace("__", "_").trim_end_matches('_').to_owned()
}

fn operation(e: &Entry, doc: OpDoc, id: String) -> Operation {
    let (tag, _) = tag_and_name(e.handler);
    let mut op = OperationBuilder::new().operation_id(Some(id)).tag(tag);
    let names: Vec<&str> =
        e.path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))).collect();
    for (i, name) in names.iter().enumerate() {
        let schema = doc.path_params.get(i).cloned().unwrap_or_else(<String as utoipa::PartialSchema>::schema);
        op = op.parameter(
            ParameterBuilder::new()
                .name(*name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(schema)),
        );
    }
    for p in doc.query {
        op = op.parameter(p);
    }
    if let Some((media, schema)) = doc.body {
        op = op.request_body(Some(
            RequestBodyBuilder::new().required(Some(Required::True)).content(media, Content::new(Some(schema))).build(),
        ));
    }
    for (status, description, schema) in doc.responses {
        let mut r = ResponseBuilder::new().description(description);
        if let Some(schema) = schema {
            r = r.content("application/json", Content::new(Some(schema)));
        }
        if doc.xlsx && status == "200" {
            let file =
                ObjectBuilder::new().schema_type(Type::String).content_media_type(zoneops_sheet::write::CONTENT_TYPE);
            r = r.content(
                zoneops_sheet::write::CONTENT_TYPE,
                Content::new(Some(RefOr::T(Schema::Object(file.build())))),
            );
        }
        op = op.response(status, r);
    }
    if doc.errors || doc.login {
        let error = RefOr::Ref(utoipa::openapi::Ref::from_schema_name(ErrorBody::name()));
        op = op.response(
            "default",
            ResponseBuilder::new()
                .description("An error: 400 malformed, 401, 403, 404, 409, 413, 422 naming the field, 429")
                .content("application/json", Content::new(Some(error))),
        );
    }
    if doc.login {
        op = op.security(SecurityRequirement::new("session", Vec::<String>::new()));
    }
    op.build()
}

/// `GET /openapi.json`: this document.
pub async fn openapi_json() -> Response {
    let body = served(crate::routes::documented);
    ([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}
