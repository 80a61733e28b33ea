//! The router that knows what it serves: every module registers its routes through [`Routes`],
//! whose method helpers ([`get`], [`post`] …) build axum's method router and write down the
//! method in the same call. The list ([`super::catalogue`]) therefore cannot drift from what is
//! served, and the route-by-route scope tests fail when a route has no case. The same helpers
//! take the handler's documentation from its signature ([`Documented`]), so the OpenAPI
//! document has an operation for every route served.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{self, MethodRouter};

use crate::AppState;
use crate::openapi::{Documented, Entry, OpDoc};

/// One method of a path: its label, the handler's name and how to document it.
struct Method {
    label: &'static str,
    handler: &'static str,
    document: fn(&mut OpDoc),
}

/// The methods one path answers, recorded as they are added.
pub struct On {
    methods: Vec<Method>,
    mr: MethodRouter<AppState>,
}

fn method_of<H: Documented<D>, D>(label: &'static str) -> Method {
    Method { label, handler: std::any::type_name::<H>(), document: H::document }
}

macro_rules! method {
    ($name:ident, $label:literal) => {
        #[doc = concat!("`", $label, "` on a path, recorded in the catalogue.")]
        pub fn $name<H, T, D>(handler: H) -> On
        where
            H: Handler<T, AppState> + Documented<D>,
            T: 'static,
        {
            On { methods: vec![method_of::<H, D>($label)], mr: routing::$name(handler) }
        }

        impl On {
            #[doc = concat!("Adds `", $label, "` to this path.")]
            pub fn $name<H, T, D>(mut self, handler: H) -> On
            where
                H: Handler<T, AppState> + Documented<D>,
                T: 'static,
            {
                self.methods.push(method_of::<H, D>($label));
                self.mr = self.mr.$name(handler);
                self
            }
        }
    };
}

method!(get, "GET");
method!(post, "POST");
method!(put, "PUT");
method!(patch, "PATCH");
method!(delete, "DELETE");

impl On {
    /// A layer on this path's methods (a body limit, …); the methods stay as recorded.
    pub fn layer<L>(mut self, layer: L) -> On
    where
        L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
        L::Service: tower::Service<axum::extract::Request> + Clone + Send + Sync + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Response: axum::response::IntoResponse + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Error: Into<std::convert::Infallible> + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Future: Send + 'static,
    {
        self.mr = self.mr.layer(layer);
        self
    }
}

/// An axum router plus the `"METHOD /path"` entries it serves (paths under `/api/v1`).
pub struct Routes {
    router: Router<AppState>,
    entries: Vec<Entry>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

impl Routes {
    pub fn new() -> Self {
        Routes { router: Router::new(), entries: Vec::new() }
    }

    pub fn route(mut self, path: &str, on: On) -> Self {
        self.entries.extend(on.methods.into_iter().map(|m| Entry {
            method: m.label,
            path: path.to_owned(),
            handler: m.handler,
            document: m.document,
        }));
        self.router = self.router.route(path, on.mr);
        self
    }

    pub fn merge(mut self, other: Routes) -> Self {
        self.entries.extend(other.entries);
        self.router = self.router.merge(other.router);
        self
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }

    /// `"METHOD /path"` for each route, in registration order.
    pub fn entries(&self) -> Vec<String> {
        self.entries.iter().map(|e| format!("{} {}", e.method, e.path)).collect()
    }

    /// The routes with their documentation, for [`crate::openapi::document`].
    pub fn into_documented(self) -> Vec<Entry> {
        self.entries
    }
}
