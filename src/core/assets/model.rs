//! The asset inventory: what an asset is, how it is classified and rated.

use crate::core::kernel::choice::choice_enum;
use serde::Serialize;

choice_enum!(
    /// What an asset is.
    AssetKind {
        Information => "information", "Information",
        Software => "software", "Software",
        Hardware => "hardware", "Hardware",
        Service => "service", "Service",
        People => "people", "People",
        Site => "site", "Site",
        Supplier => "supplier", "Supplier",
        Process => "process", "Process",
    }
);

choice_enum!(
    /// Information classification level.
    Classification {
        Public => "public", "Public",
        Internal => "internal", "Internal",
        Confidential => "confidential", "Confidential",
        Restricted => "restricted", "Restricted",
    }
);

choice_enum!(
    /// A confidentiality, integrity or availability rating.
    Rating {
        Low => "low", "Low",
        Medium => "medium", "Medium",
        High => "high", "High",
        Critical => "critical", "Critical",
    }
);

impl Rating {
    /// 1 (low) to 4 (critical).
    pub fn score(self) -> u8 {
        match self {
            Rating::Low => 1,
            Rating::Medium => 2,
            Rating::High => 3,
            Rating::Critical => 4,
        }
    }
}

/// An entry of the asset inventory.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Asset {
    pub id: String,
    pub reference: String,
    pub name: String,
    pub kind: AssetKind,
    pub owner: String,
    pub description: String,
    pub location: String,
    pub classification: Classification,
    pub confidentiality: Rating,
    pub integrity: Rating,
    pub availability: Rating,
    pub in_scope: bool,
    /// Ids of the assets this one depends on.
    pub depends_on: Vec<String>,
    pub tags: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Asset {
    /// The highest of the three C/I/A ratings.
    pub fn criticality(&self) -> Rating {
        self.confidentiality
            .max(self.integrity)
            .max(self.availability)
    }
}
