//! Keyset paging: `?limit=&after=<cursor>`, never OFFSET.
//!
//! A cursor is an opaque, URL-safe token that encodes the key of the last item of a
//! page. Stores decode it with [`Cursor::key`] and continue strictly after that key.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;

/// The default page size of every list.
pub const DEFAULT_LIMIT: u32 = 50;
/// The largest page a caller may ask for.
pub const MAX_LIMIT: u32 = 200;

/// An opaque position in a list: "continue after this key".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor(String);

/// A cursor that did not come from us.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("malformed cursor")]
pub struct CursorError;

impl Cursor {
    /// A cursor pointing after `key` (a sortable key a store understands).
    #[must_use]
    pub fn after_key(key: &str) -> Self {
        Self(URL_SAFE_NO_PAD.encode(key.as_bytes()))
    }

    /// Parses a cursor received from a caller.
    ///
    /// # Errors
    /// [`CursorError`] when it is not a cursor this kernel made.
    pub fn parse(raw: &str) -> Result<Self, CursorError> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| CursorError)?;
        String::from_utf8(bytes).map_err(|_| CursorError)?;
        Ok(Self(raw.to_owned()))
    }

    /// The key this cursor points after.
    #[must_use]
    pub fn key(&self) -> String {
        URL_SAFE_NO_PAD
            .decode(&self.0)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// The cursor as sent to callers.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What page a caller asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    limit: u32,
    after: Option<Cursor>,
}

impl PageRequest {
    /// A page of `limit` items (clamped to 1..=200) after `after`.
    #[must_use]
    pub fn new(limit: Option<u32>, after: Option<Cursor>) -> Self {
        Self {
            limit: limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT),
            after,
        }
    }

    /// The first page with the default size.
    #[must_use]
    pub fn first() -> Self {
        Self::new(None, None)
    }

    /// How many items at most.
    #[must_use]
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// The cursor to continue after, if any.
    #[must_use]
    pub fn after(&self) -> Option<&Cursor> {
        self.after.as_ref()
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::first()
    }
}

/// One page of a list, with the cursor of the next page if there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Where the next page starts, or `None` on the last page.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` items fetched in key order: the extra item
    /// only tells that a next page exists.
    pub fn from_overfetch(
        mut items: Vec<T>,
        request: &PageRequest,
        key: impl Fn(&T) -> String,
    ) -> Self {
        let limit = request.limit() as usize;
        let next = if items.len() > limit {
            items.truncate(limit);
            items.last().map(|last| Cursor::after_key(&key(last)).0)
        } else {
            None
        };
        Self { items, next }
    }

    /// Maps the items, keeping the cursor.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_its_key() {
        let cursor = Cursor::after_key("2026-01-01|abc");
        let parsed = Cursor::parse(cursor.as_str()).unwrap();
        assert_eq!(parsed.key(), "2026-01-01|abc");
    }

    #[test]
    fn a_malformed_cursor_is_refused() {
        assert_eq!(Cursor::parse("%%%not base64"), Err(CursorError));
    }

    #[test]
    fn limits_are_clamped() {
        assert_eq!(PageRequest::new(Some(0), None).limit(), 1);
        assert_eq!(PageRequest::new(Some(5000), None).limit(), 200);
        assert_eq!(PageRequest::new(None, None).limit(), 50);
    }

    #[test]
    fn an_overfetched_page_has_a_next_cursor() {
        let page = Page::from_overfetch(vec![1, 2, 3], &PageRequest::new(Some(2), None), |n| {
            n.to_string()
        });
        assert_eq!(page.items, vec![1, 2]);
        let next = Cursor::parse(page.next.as_deref().unwrap()).unwrap();
        assert_eq!(next.key(), "2");
        let last = Page::from_overfetch(vec![1, 2], &PageRequest::new(Some(2), None), |n| {
            n.to_string()
        });
        assert_eq!(last.next, None);
    }
}
