use serde_json::Value;
use zoneops_db::DbError;

/// What a use case can answer besides success. The server maps each kind to one status code.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 422: a field's value is wrong; `message` is shown to the user at that field.
    #[error("{field}: {message}")]
    Invalid { field: String, code: &'static str, message: String, params: Value },
    /// 400: the request itself is malformed.
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unauthenticated")]
    Unauthenticated { code: &'static str, message: String, params: Value },
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict on {field}")]
    Conflict { field: String, code: &'static str, message: String },
    #[error("account locked")]
    Locked { until: chrono::DateTime<chrono::Utc> },
    /// 500: a failure the caller cannot fix. The cause is kept (with its own causes) for the
    /// server's log line; the caller sees only a request id.
    #[error("internal: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn invalid(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> AppError {
        AppError::Invalid { field: field.into(), code, message: message.into(), params: Value::Null }
    }
    /// An internal failure described by a text (an error's own text, or what went wrong).
    pub fn internal(e: impl std::fmt::Display) -> AppError {
        AppError::Internal(e.to_string().into())
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Duplicate { constraint } => AppError::Conflict {
                field: String::new(),
                code: "DUPLICATE",
                message: format!("记录重复（{constraint}）"),
            },
            DbError::ForeignKey(_) => AppError::Conflict {
                field: String::new(),
                code: "IN_USE",
                message: "该记录仍被其他数据引用，不能删除或修改".into(),
            },
            other => AppError::Internal(Box::new(other)),
        }
    }
}
