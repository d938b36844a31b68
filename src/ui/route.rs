//! Hash routes (`#/assets/A-0001`): deep links and reloads work on any
//! static host, with no server rewrite.

/// A page of the app, with the record open in it, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Organisation,
    Issues(Option<String>),
    Parties(Option<String>),
    Scope,
    Assets(Option<String>),
    Risks(Option<String>),
    RiskMethod,
    RiskReport,
    Log,
    Settings,
    NotFound(String),
}

/// The areas of the navigation: route prefix, `nav-<area>` test id, label.
pub const AREAS: &[(&str, &str)] = &[
    ("home", "Overview"),
    ("organisation", "Organisation"),
    ("issues", "Issues (4.1)"),
    ("parties", "Interested parties (4.2)"),
    ("scope", "Scope (4.3)"),
    ("assets", "Assets"),
    ("risks", "Risks (6.1)"),
    ("risk-method", "Risk method (6.1.2)"),
    ("log", "Audit log"),
    ("settings", "Settings"),
];

impl Route {
    /// Reads a location hash such as `#/assets/new`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.splitn(2, '/');
        let area = parts.next().unwrap_or("");
        let rest = parts.next().filter(|r| !r.is_empty()).map(decode);
        match (area, rest) {
            ("" | "home", None) => Route::Home,
            ("organisation", None) => Route::Organisation,
            ("issues", r) => Route::Issues(r),
            ("parties", r) => Route::Parties(r),
            ("scope", None) => Route::Scope,
            ("assets", r) => Route::Assets(r),
            ("risks", r) => Route::Risks(r),
            ("risk-method", None) => Route::RiskMethod,
            ("risk-report", None) => Route::RiskReport,
            ("log", None) => Route::Log,
            ("settings", None) => Route::Settings,
            _ => Route::NotFound(path.to_string()),
        }
    }

    /// The hash that leads here.
    pub fn href(&self) -> String {
        let with = |area: &str, r: &Option<String>| match r {
            Some(id) => format!("#/{area}/{id}"),
            None => format!("#/{area}"),
        };
        match self {
            Route::Home => "#/".into(),
            Route::Organisation => "#/organisation".into(),
            Route::Issues(r) => with("issues", r),
            Route::Parties(r) => with("parties", r),
            Route::Scope => "#/scope".into(),
            Route::Assets(r) => with("assets", r),
            Route::Risks(r) => with("risks", r),
            Route::RiskMethod => "#/risk-method".into(),
            Route::RiskReport => "#/risk-report".into(),
            Route::Log => "#/log".into(),
            Route::Settings => "#/settings".into(),
            Route::NotFound(p) => format!("#/{p}"),
        }
    }

    /// The navigation area this page belongs to.
    pub fn area(&self) -> &'static str {
        match self {
            Route::Home => "home",
            Route::NotFound(_) => "notfound",
            Route::Organisation => "organisation",
            Route::Issues(_) => "issues",
            Route::Parties(_) => "parties",
            Route::Scope => "scope",
            Route::Assets(_) => "assets",
            Route::Risks(_) => "risks",
            Route::RiskMethod => "risk-method",
            Route::RiskReport => "risk-report",
            Route::Log => "log",
            Route::Settings => "settings",
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
            Route::Issues(None),
            Route::Issues(Some("I-0001".into())),
            Route::Parties(Some("new".into())),
            Route::Scope,
            Route::Assets(Some("A-0042".into())),
            Route::Risks(None),
            Route::Risks(Some("R-0007".into())),
            Route::RiskMethod,
            Route::RiskReport,
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
            Route::Assets(Some("A-0001".into()))
        );
    }
}
