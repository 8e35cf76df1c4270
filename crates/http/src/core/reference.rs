//! `GET /api/docs`: the API reference as one readable HTML page, rendered on the server
//! from the same OpenAPI description as `/api/v1/openapi.json` (so the two cannot drift
//! apart). No script and no CDN: schools run on closed networks, and the page must work
//! there and under the content security policy.
//!
//! The page lists every operation by tag (method, path, summary, parameters, request
//! body, answers) and then every schema with its fields and their constraints.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Map, Value};

use super::openapi::description;

/// A piece of prose: plain text, or `code` between backticks in the description.
struct Span {
    code: bool,
    text: String,
}

/// Splits a description at its backticks, so `name` reads as code on the page.
fn prose(text: &str) -> Vec<Span> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| Span {
            code: i % 2 == 1,
            text: part.to_owned(),
        })
        .collect()
}

/// A type as the page shows it: text, and the schema it links to, if any.
struct TypeView {
    text: String,
    link: Option<String>,
}

struct ParameterView {
    name: String,
    location: String,
    required: bool,
    kind: TypeView,
    constraints: String,
    pattern: Option<String>,
    description: Vec<Span>,
}

struct BodyView {
    content_type: String,
    required: bool,
    kind: TypeView,
    description: Vec<Span>,
}

struct ResponseView {
    status: String,
    description: Vec<Span>,
    content_type: String,
    kind: Option<TypeView>,
}

struct OperationView {
    anchor: String,
    method: String,
    path: String,
    summary: Vec<Span>,
    description: Vec<Span>,
    signed_in: bool,
    parameters: Vec<ParameterView>,
    body: Option<BodyView>,
    responses: Vec<ResponseView>,
}

struct TagView {
    name: String,
    description: Vec<Span>,
    operations: Vec<OperationView>,
}

struct FieldView {
    name: String,
    required: bool,
    kind: TypeView,
    constraints: String,
    pattern: Option<String>,
    description: Vec<Span>,
}

struct SchemaView {
    name: String,
    description: Vec<Span>,
    kind: TypeView,
    constraints: String,
    fields: Vec<FieldView>,
    variants: Vec<TypeView>,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct ReferencePage {
    title: String,
    version: String,
    description: Vec<Span>,
    tags: Vec<TagView>,
    schemas: Vec<SchemaView>,
}

/// `GET /api/docs`
pub(crate) async fn reference() -> Response {
    let page = reference_page(&description());
    match page.render() {
        Ok(body) => {
            let mut response = Html(body).into_response();
            // The page describes the API, nothing personal: it may be cached like the
            // stylesheet.
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            );
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "the API reference page cannot be rendered");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn reference_page(doc: &utoipa::openapi::OpenApi) -> ReferencePage {
    // Walking the JSON form keeps this independent of utoipa's Rust types.
    let doc = serde_json::to_value(doc).unwrap_or(Value::Null);
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let mut tags: Vec<TagView> = doc["tags"]
        .as_array()
        .map(|tags| {
            tags.iter()
                .map(|t| TagView {
                    name: text(&t["name"]),
                    description: prose(&text(&t["description"])),
                    operations: Vec::new(),
                })
                .collect()
        })
        .unwrap_or_default();
    let empty = Map::new();
    for (path, item) in doc["paths"].as_object().unwrap_or(&empty) {
        for method in METHODS {
            let Some(op) = item.get(method) else {
                continue;
            };
            let view = operation(method, path, op);
            let tag = op["tags"][0].as_str().unwrap_or("other");
            match tags.iter_mut().find(|t| t.name == tag) {
                Some(t) => t.operations.push(view),
                None => tags.push(TagView {
                    name: tag.to_owned(),
                    description: Vec::new(),
                    operations: vec![view],
                }),
            }
        }
    }
    tags.retain(|t| !t.operations.is_empty());
    let schemas = doc["components"]["schemas"]
        .as_object()
        .unwrap_or(&empty)
        .iter()
        .map(|(name, s)| schema(name, s))
        .collect();
    ReferencePage {
        title: text(&doc["info"]["title"]),
        version: text(&doc["info"]["version"]),
        description: prose(&text(&doc["info"]["description"])),
        tags,
        schemas,
    }
}

fn operation(method: &str, path: &str, op: &Value) -> OperationView {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let parameters = op["parameters"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| ParameterView {
                    name: text(&p["name"]),
                    location: text(&p["in"]),
                    required: p["required"].as_bool().unwrap_or(false),
                    kind: type_of(&p["schema"]),
                    constraints: constraints(&p["schema"]),
                    pattern: pattern(&p["schema"]),
                    description: prose(&text(&p["description"])),
                })
                .collect()
        })
        .unwrap_or_default();
    let body = op["requestBody"]["content"]
        .as_object()
        .and_then(|content| content.iter().next())
        .map(|(content_type, media)| BodyView {
            content_type: content_type.clone(),
            required: op["requestBody"]["required"].as_bool().unwrap_or(false),
            kind: type_of(&media["schema"]),
            description: prose(&text(&op["requestBody"]["description"])),
        });
    let responses = op["responses"]
        .as_object()
        .map(|rs| {
            rs.iter()
                .map(|(status, r)| {
                    let media = r["content"].as_object().and_then(|c| c.iter().next());
                    ResponseView {
                        status: status.clone(),
                        description: prose(&text(&r["description"])),
                        content_type: media.map(|(ct, _)| ct.clone()).unwrap_or_default(),
                        kind: media
                            .map(|(_, m)| &m["schema"])
                            .filter(|s| s.is_object())
                            .map(type_of),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    // `security: [{}]` means "no session needed".
    let signed_in = op["security"].as_array().is_none_or(|alternatives| {
        !alternatives
            .iter()
            .any(|a| a.as_object().is_some_and(Map::is_empty))
    });
    OperationView {
        anchor: format!("{method}-{path}")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect(),
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        summary: prose(&text(&op["summary"])),
        description: prose(&text(&op["description"])),
        signed_in,
        parameters,
        body,
        responses,
    }
}

fn schema(name: &str, s: &Value) -> SchemaView {
    let required: Vec<&str> = s["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fields = s["properties"]
        .as_object()
        .map(|props| {
            props
                .iter()
                .map(|(field, p)| FieldView {
                    name: field.clone(),
                    required: required.contains(&field.as_str()),
                    kind: type_of(p),
                    constraints: constraints(p),
                    pattern: pattern(p),
                    description: prose(p["description"].as_str().unwrap_or_default()),
                })
                .collect()
        })
        .unwrap_or_default();
    let variants = s["oneOf"]
        .as_array()
        .or_else(|| s["anyOf"].as_array())
        .map(|vs| vs.iter().map(type_of).collect())
        .unwrap_or_default();
    SchemaView {
        name: name.to_owned(),
        description: prose(s["description"].as_str().unwrap_or_default()),
        kind: type_of(s),
        constraints: constraints(s),
        fields,
        variants,
    }
}

/// The name a `$ref` points at (`#/components/schemas/Name` → `Name`).
fn ref_name(s: &Value) -> Option<String> {
    s["$ref"]
        .as_str()
        .and_then(|r| r.rsplit('/').next())
        .map(str::to_owned)
}

/// A short type expression: `string (uuid)`, `array of AccountView`, `RoleName | null`.
fn type_of(s: &Value) -> TypeView {
    if let Some(name) = ref_name(s) {
        return TypeView {
            text: name.clone(),
            link: Some(name),
        };
    }
    for combinator in ["oneOf", "anyOf", "allOf"] {
        if let Some(parts) = s[combinator].as_array() {
            let views: Vec<TypeView> = parts.iter().map(type_of).collect();
            let link = views.iter().find_map(|v| v.link.clone());
            let joiner = if combinator == "allOf" { " & " } else { " | " };
            return TypeView {
                text: views
                    .into_iter()
                    .map(|v| v.text)
                    .collect::<Vec<_>>()
                    .join(joiner),
                link,
            };
        }
    }
    let types: Vec<&str> = match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut link = None;
    let named: Vec<String> = types
        .iter()
        .map(|t| match *t {
            "array" => {
                let item = type_of(&s["items"]);
                link = item.link;
                format!("array of {}", item.text)
            }
            "string" => match s["format"].as_str() {
                Some(f) => format!("string ({f})"),
                None => "string".to_owned(),
            },
            other => other.to_owned(),
        })
        .collect();
    let text = if named.is_empty() {
        if s.get("enum").is_some() {
            "enum".to_owned()
        } else {
            "any".to_owned()
        }
    } else {
        named.join(" | ")
    };
    TypeView { text, link }
}

/// A string's pattern, shown apart from the other constraints: the exact rules are long.
fn pattern(s: &Value) -> Option<String> {
    s["pattern"].as_str().map(str::to_owned)
}

/// The constraints of a schema (but its pattern), in words: `1–100 characters`, `one of: a, b`.
fn constraints(s: &Value) -> String {
    let mut out = Vec::new();
    let number = |key: &str| s[key].as_f64().map(|n| n.to_string());
    match (number("minLength"), number("maxLength")) {
        (Some(min), Some(max)) => out.push(format!("{min}–{max} characters")),
        (Some(min), None) => out.push(format!("at least {min} characters")),
        (None, Some(max)) => out.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    match (number("minimum"), number("maximum")) {
        (Some(min), Some(max)) => out.push(format!("{min}–{max}")),
        (Some(min), None) => out.push(format!("≥ {min}")),
        (None, Some(max)) => out.push(format!("≤ {max}")),
        (None, None) => {}
    }
    match (number("minItems"), number("maxItems")) {
        (Some(min), Some(max)) => out.push(format!("{min}–{max} items")),
        (Some(min), None) => out.push(format!("at least {min} items")),
        (None, Some(max)) => out.push(format!("at most {max} items")),
        (None, None) => {}
    }
    if let Some(values) = s["enum"].as_array() {
        let values: Vec<String> = values
            .iter()
            .map(|v| match v {
                Value::String(t) => t.clone(),
                other => other.to_string(),
            })
            .collect();
        out.push(format!("one of: {}", values.join(", ")));
    }
    if let Some(default) = s.get("default") {
        out.push(format!("default {default}"));
    }
    if let Some(example) = s.get("example") {
        out.push(format!("e.g. {example}"));
    }
    out.join("; ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_operation_of_the_description_is_on_the_page() {
        let doc = description();
        let page = reference_page(&doc);
        let listed: usize = page.tags.iter().map(|t| t.operations.len()).sum();
        let described: usize = doc
            .paths
            .paths
            .values()
            .map(|item| {
                let item = serde_json::to_value(item).unwrap();
                METHODS.iter().filter(|m| item.get(**m).is_some()).count()
            })
            .sum();
        assert_eq!(listed, described);
        let html = page.render().unwrap();
        assert!(html.contains("/api/v1/messages"));
    }

    #[test]
    fn types_and_constraints_read_as_words() {
        let s = json!({ "type": "array", "items": { "$ref": "#/components/schemas/RoleName" }, "minItems": 1 });
        let t = type_of(&s);
        assert_eq!(t.text, "array of RoleName");
        assert_eq!(t.link.as_deref(), Some("RoleName"));
        assert_eq!(constraints(&s), "at least 1 items");
        let s = json!({ "type": ["string", "null"], "format": "date", "maxLength": 10 });
        assert_eq!(type_of(&s).text, "string (date) | null");
        assert_eq!(constraints(&s), "at most 10 characters");
    }

    #[test]
    fn backticks_in_prose_become_code() {
        let spans = prose("a `b` c `d`");
        let shown: Vec<(bool, &str)> = spans.iter().map(|s| (s.code, s.text.as_str())).collect();
        assert_eq!(
            shown,
            [(false, "a "), (true, "b"), (false, " c "), (true, "d")]
        );
    }
}
