//! What a handler answers: a page, a redirect or a download, with the
//! cookies to set. Security headers are added to every response by
//! [`super::security`], not here.

use axum::body::Body;
use axum::http::StatusCode;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, HeaderName, HeaderValue, LOCATION, SET_COOKIE,
};
use axum::response::{IntoResponse, Response};

/// A response, built before it is sent.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    body: Vec<u8>,
    headers: Vec<(HeaderName, String)>,
}

impl Reply {
    /// An HTML page; pages are never cached (they hold a CSRF token and
    /// change with the files).
    pub fn html(status: StatusCode, html: String) -> Reply {
        Reply {
            status,
            body: html.into_bytes(),
            headers: vec![
                (CONTENT_TYPE, "text/html; charset=utf-8".into()),
                (CACHE_CONTROL, "no-store".into()),
            ],
        }
    }

    /// Plain text, for the rare answer that is not a page.
    pub fn text(status: StatusCode, text: &str) -> Reply {
        Reply {
            status,
            body: text.as_bytes().to_vec(),
            headers: vec![(CONTENT_TYPE, "text/plain; charset=utf-8".into())],
        }
    }

    /// "See Other": after a form is handled, the browser loads `location`
    /// with a GET, so reloading it never records twice.
    pub fn see_other(location: &str) -> Reply {
        Reply {
            status: StatusCode::SEE_OTHER,
            body: Vec::new(),
            headers: vec![(LOCATION, location.to_string())],
        }
    }

    /// A file to save, not to show: `filename` is ASCII chosen by us.
    pub fn download(body: Vec<u8>, content_type: &str, filename: &str) -> Reply {
        Reply {
            status: StatusCode::OK,
            body,
            headers: vec![
                (CONTENT_TYPE, content_type.to_string()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                ),
                (CACHE_CONTROL, "no-store".into()),
            ],
        }
    }

    /// A compiled-in asset, cached briefly by the browser.
    pub fn asset(body: &[u8], content_type: &str) -> Reply {
        Reply {
            status: StatusCode::OK,
            body: body.to_vec(),
            headers: vec![
                (CONTENT_TYPE, content_type.to_string()),
                (CACHE_CONTROL, "max-age=300".into()),
            ],
        }
    }

    /// Adds a `Set-Cookie` header.
    pub fn cookie(mut self, set_cookie: String) -> Reply {
        self.headers.push((SET_COOKIE, set_cookie));
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: HeaderName, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        for (name, value) in self.headers {
            // Our values are ASCII; one that is not is dropped, not a panic.
            let Ok(v) = HeaderValue::from_str(&value) else {
                continue;
            };
            if name == SET_COOKIE {
                headers.append(name, v);
            } else {
                headers.insert(name, v);
            }
        }
        response
    }
}
