//! Sections ("Poussins", "Benjamins"…): which children go together, by age and sometimes gender.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Error, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Boy,
    Girl,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Boy => "boy",
            Gender::Girl => "girl",
        }
    }

    /// Reads the codes of the API (`boy`, `girl`) and what a secretariat types (`garçon`, `fille`,
    /// `M`, `F`).
    pub fn parse(input: &str) -> Option<Gender> {
        match input.trim().to_lowercase().as_str() {
            "boy" | "garçon" | "garcon" | "m" | "g" => Some(Gender::Boy),
            "girl" | "fille" | "f" => Some(Gender::Girl),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Gender::Boy => lang.pick("garçons", "boys"),
            Gender::Girl => lang.pick("filles", "girls"),
        }
    }
}

/// Ages from `min` included to `max` excluded: "Benjamins 6-9 ans" are 6, 7 and 8, and a child of
/// 9 is a Chevalier. Sections that follow each other share their boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AgeRange {
    min: u8,
    max: u8,
}

impl AgeRange {
    pub fn new(min: u8, max: u8) -> Result<AgeRange, Error> {
        if min >= max || max > 99 {
            return Err(Error::AgeRangeInvalid);
        }
        Ok(AgeRange { min, max })
    }

    pub fn min(self) -> u8 {
        self.min
    }

    pub fn max(self) -> u8 {
        self.max
    }

    pub fn contains(self, age: u32) -> bool {
        u32::from(self.min) <= age && age < u32::from(self.max)
    }

    /// Reads `6-9`, as a section's name shows it.
    pub fn parse(input: &str) -> Result<AgeRange, Error> {
        let (min, max) = input.trim().split_once('-').ok_or(Error::AgeRangeInvalid)?;
        let min = min.trim().parse().map_err(|_| Error::AgeRangeInvalid)?;
        let max = max
            .trim()
            .trim_end_matches("ans")
            .trim()
            .parse()
            .map_err(|_| Error::AgeRangeInvalid)?;
        AgeRange::new(min, max)
    }
}

impl fmt::Display for AgeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

/// A section as the Patro configures it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: i64,
    pub name: String,
    pub ages: AgeRange,
    pub gender: Option<Gender>,
    /// Where it stands in lists, youngest first.
    pub position: i64,
}

impl Section {
    /// "Benjamins 6-9 ans", as the guide shows it.
    pub fn label(&self, lang: Lang) -> String {
        section_label(&self.name, self.ages, lang)
    }

    pub fn accepts(&self, age: u32, gender: Option<Gender>) -> bool {
        self.ages.contains(age)
            && match self.gender {
                None => true,
                Some(required) => gender == Some(required),
            }
    }
}

pub fn section_label(name: &str, ages: AgeRange, lang: Lang) -> String {
    format!("{name} {ages} {}", lang.pick("ans", "years"))
}

/// Checks a section's name: trimmed, 1 to 50 characters.
pub fn parse_section_name(input: &str) -> Result<String, Error> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::Required);
    }
    if name.chars().count() > 50 {
        return Err(Error::TooLong { max: 50 });
    }
    Ok(name)
}

/// The section a child of `age` belongs in: the first, in the Patro's order, that takes this age
/// and gender. A gendered section never takes a child whose gender is not recorded.
pub fn suggest_section(sections: &[Section], age: u32, gender: Option<Gender>) -> Option<&Section> {
    let mut ordered: Vec<&Section> = sections.iter().collect();
    ordered.sort_by_key(|section| (section.position, section.id));
    ordered
        .into_iter()
        .find(|section| section.accepts(age, gender))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Patro's usual sections, as a new database has them.
    const DEFAULT_SECTIONS: [(&str, u8, u8); 5] = [
        ("Poussins", 4, 6),
        ("Benjamins", 6, 9),
        ("Chevaliers", 9, 12),
        ("Conquérants", 12, 15),
        ("Aventuriers", 15, 18),
    ];

    fn defaults() -> Vec<Section> {
        DEFAULT_SECTIONS
            .iter()
            .enumerate()
            .map(|(index, (name, min, max))| Section {
                id: index as i64 + 1,
                name: (*name).to_owned(),
                ages: AgeRange::new(*min, *max).unwrap(),
                gender: None,
                position: index as i64,
            })
            .collect()
    }

    fn suggested(sections: &[Section], age: u32, gender: Option<Gender>) -> Option<String> {
        suggest_section(sections, age, gender).map(|s| s.name.clone())
    }

    #[test]
    fn the_guides_label() {
        assert_eq!(defaults()[1].label(Lang::Fr), "Benjamins 6-9 ans");
        assert_eq!(defaults()[1].label(Lang::En), "Benjamins 6-9 years");
    }

    #[test]
    fn a_boundary_age_goes_to_the_older_section() {
        let sections = defaults();
        let cases = [
            (3, None),
            (4, Some("Poussins")),
            (5, Some("Poussins")),
            (6, Some("Benjamins")),
            (8, Some("Benjamins")),
            (9, Some("Chevaliers")),
            (12, Some("Conquérants")),
            (15, Some("Aventuriers")),
            (17, Some("Aventuriers")),
            (18, None),
        ];
        for (age, expected) in cases {
            assert_eq!(
                suggested(&sections, age, None).as_deref(),
                expected,
                "age {age}"
            );
        }
    }

    #[test]
    fn gendered_sections_take_only_their_gender() {
        let mut sections = defaults();
        sections[1].name = "Benjamines".to_owned();
        sections[1].gender = Some(Gender::Girl);
        sections.push(Section {
            id: 10,
            name: "Benjamins".to_owned(),
            ages: AgeRange::new(6, 9).unwrap(),
            gender: Some(Gender::Boy),
            position: 1,
        });
        assert_eq!(
            suggested(&sections, 7, Some(Gender::Girl)).as_deref(),
            Some("Benjamines")
        );
        assert_eq!(
            suggested(&sections, 7, Some(Gender::Boy)).as_deref(),
            Some("Benjamins")
        );
        assert_eq!(suggested(&sections, 7, None), None);
    }

    #[test]
    fn order_decides_between_overlapping_sections() {
        let mut sections = defaults();
        sections.push(Section {
            id: 20,
            name: "Grands".to_owned(),
            ages: AgeRange::new(15, 20).unwrap(),
            gender: None,
            position: -1,
        });
        assert_eq!(suggested(&sections, 16, None).as_deref(), Some("Grands"));
    }

    #[test]
    fn age_ranges_parse_and_refuse_nonsense() {
        assert_eq!(
            AgeRange::parse("6-9").unwrap(),
            AgeRange::new(6, 9).unwrap()
        );
        assert_eq!(AgeRange::parse("6 - 9 ans").unwrap().to_string(), "6-9");
        for bad in ["9-6", "6-6", "six-neuf", "6", "6-100"] {
            assert_eq!(AgeRange::parse(bad), Err(Error::AgeRangeInvalid), "{bad}");
        }
    }

    #[test]
    fn genders_read_french_and_codes() {
        assert_eq!(Gender::parse("Fille"), Some(Gender::Girl));
        assert_eq!(Gender::parse("garçon"), Some(Gender::Boy));
        assert_eq!(Gender::parse("boy"), Some(Gender::Boy));
        assert_eq!(Gender::parse("x"), None);
    }
}
