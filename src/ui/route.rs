//! Hash routes (`#/assets/A-0001`): deep links and reloads work on any
//! static host, with no server rewrite.

use crate::core::RecordKind;

/// A page of the app, with the record open in it, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Organisation,
    Scope,
    /// The list page of a kind of record of the table
    /// (`core::kernel::record`), at `#/<its route>`, with the record open in
    /// its editor (`#/assets/A-0001`, `#/assets/new`), if any.
    Record(RecordKind, Option<String>),
    RiskMethod,
    RiskReport,
    /// The Statement of Applicability.
    Soa,
    Log,
    Settings,
    NotFound(String),
}

/// The areas of the navigation: route prefix, `nav-<area>` test id, label.
/// Every kind of record has its area here (a test checks it).
pub const AREAS: &[(&str, &str)] = &[
    ("home", "Overview"),
    ("organisation", "Organisation"),
    ("issues", "Issues (4.1)"),
    ("parties", "Interested parties (4.2)"),
    ("scope", "Scope (4.3)"),
    ("assets", "Assets"),
    ("risks", "Risks (6.1)"),
    ("risk-method", "Risk method (6.1.2)"),
    ("controls", "Controls (Annex A)"),
    ("soa", "Statement of Applicability"),
    ("log", "Audit log"),
    ("settings", "Settings"),
];

/// The pages that are not the list of a kind of record: route, page.
const PAGES: &[(&str, Route)] = &[
    ("organisation", Route::Organisation),
    ("scope", Route::Scope),
    ("risk-method", Route::RiskMethod),
    ("risk-report", Route::RiskReport),
    ("soa", Route::Soa),
    ("log", Route::Log),
    ("settings", Route::Settings),
];

impl Route {
    /// The list page of records of kind `T`, with the record of this
    /// reference (or `new`) open, if any.
    pub fn record<T: crate::core::kernel::record::Listed>(open: Option<String>) -> Route {
        Route::Record(T::KIND, open)
    }

    /// Reads a location hash such as `#/assets/new`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.splitn(2, '/');
        let area = parts.next().unwrap_or("");
        let rest = parts.next().filter(|r| !r.is_empty()).map(decode);
        if area.is_empty() || area == "home" {
            if rest.is_none() {
                return Route::Home;
            }
        } else if let Some(kind) = RecordKind::RECORDS
            .iter()
            .find(|k| k.info().is_some_and(|i| i.route == area))
        {
            return Route::Record(*kind, rest);
        } else if let (Some((_, page)), None) = (PAGES.iter().find(|(a, _)| *a == area), &rest) {
            return page.clone();
        }
        Route::NotFound(path.to_string())
    }

    /// The hash that leads here.
    pub fn href(&self) -> String {
        match (self.area(), self) {
            ("home", _) => "#/".into(),
            (_, Route::NotFound(p)) => format!("#/{p}"),
            (area, Route::Record(_, Some(id))) => format!("#/{area}/{id}"),
            (area, _) => format!("#/{area}"),
        }
    }

    /// The navigation area this page belongs to (the first part of its
    /// hash).
    pub fn area(&self) -> &'static str {
        match self {
            Route::Home => "home",
            Route::NotFound(_) => "notfound",
            Route::Record(kind, _) => kind.info().map_or("notfound", |i| i.route),
            page => PAGES
                .iter()
                .find(|(_, p)| p == page)
                .map_or("notfound", |(a, _)| a),
        }
    }
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip() {
        for r in [
            Route::Home,
            Route::Organisation,
            Route::Record(RecordKind::Issue, None),
            Route::Record(RecordKind::Issue, Some("I-0001".into())),
            Route::Record(RecordKind::Party, Some("new".into())),
            Route::Scope,
            Route::Record(RecordKind::Asset, Some("A-0042".into())),
            Route::Record(RecordKind::Risk, None),
            Route::Record(RecordKind::Risk, Some("R-0007".into())),
            Route::RiskMethod,
            Route::RiskReport,
            Route::Record(RecordKind::Control, Some("A.8.13".into())),
            Route::Soa,
            Route::Log,
            Route::Settings,
        ] {
            assert_eq!(Route::parse(&r.href()), r);
        }
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(Route::parse("#/nowhere"), Route::NotFound("nowhere".into()));
        assert_eq!(
            Route::parse("#/assets/A%2D0001"),
            Route::Record(RecordKind::Asset, Some("A-0001".into()))
        );
        assert_eq!(Route::parse("#/scope/x"), Route::NotFound("scope/x".into()));
        assert_eq!(Route::parse("#/home/x"), Route::NotFound("home/x".into()));
    }

    /// Every kind of record of the table has its list page in the
    /// navigation, and its routes lead to it and back.
    #[test]
    fn every_kind_of_record_has_its_routes_and_area() {
        for kind in RecordKind::RECORDS {
            let info = kind.info();
            assert!(
                info.is_some(),
                "{kind:?} is a kind of the table without its info"
            );
            let Some(info) = info else { continue };
            assert!(
                AREAS.iter().any(|(a, _)| *a == info.route),
                "{kind:?} has no area in the navigation (AREAS)"
            );
            for open in [
                None,
                Some("new".to_string()),
                Some(format!("{}-0001", info.prefix)),
            ] {
                let r = Route::Record(*kind, open);
                assert_eq!(Route::parse(&r.href()), r, "{kind:?}");
                assert_eq!(r.area(), info.route);
            }
            assert!(
                !PAGES.iter().any(|(a, _)| *a == info.route),
                "{kind:?}'s route is also a page's"
            );
        }
        for (area, page) in PAGES {
            assert_eq!(page.area(), *area);
            assert_eq!(Route::parse(&page.href()), *page);
        }
    }
}
