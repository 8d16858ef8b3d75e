//! The medical sheet ("fiche santé"): what it holds, and who may read or change it when.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::activity::{MedicalWindow, RegistrationStatus};
use crate::{Error, Field, Lang, PersonName, PhoneNumber};

const MAX_TEXT: usize = 2000;

/// Free text of the sheet: trimmed, at most 2000 characters, line breaks kept; empty is absent.
pub fn parse_text(input: Option<&str>, field: Field) -> Result<Option<String>, Error> {
    let Some(text) = input.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_TEXT {
        return Err(Error::TooLong { max: MAX_TEXT }.in_field(field));
    }
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\r' && *c != '\t')
    {
        return Err(Error::ForbiddenCharacter(c).in_field(field));
    }
    Ok(Some(text.to_owned()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BloodGroup {
    APositive,
    ANegative,
    BPositive,
    BNegative,
    AbPositive,
    AbNegative,
    OPositive,
    ONegative,
}

impl BloodGroup {
    const ALL: [(BloodGroup, &'static str); 8] = [
        (BloodGroup::APositive, "A+"),
        (BloodGroup::ANegative, "A-"),
        (BloodGroup::BPositive, "B+"),
        (BloodGroup::BNegative, "B-"),
        (BloodGroup::AbPositive, "AB+"),
        (BloodGroup::AbNegative, "AB-"),
        (BloodGroup::OPositive, "O+"),
        (BloodGroup::ONegative, "O-"),
    ];

    /// `A+`, `ab-`, `O +`, `0+` (a zero for an O is a common slip).
    pub fn parse(input: &str) -> Result<BloodGroup, Error> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase()
            .replace('0', "O")
            .replace('−', "-");
        BloodGroup::ALL
            .iter()
            .find(|(_, text)| *text == compact)
            .map(|(group, _)| *group)
            .ok_or(Error::BloodGroupInvalid)
    }
}

impl fmt::Display for BloodGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = BloodGroup::ALL
            .iter()
            .find(|(group, _)| group == self)
            .map_or("?", |(_, text)| text);
        f.write_str(text)
    }
}

/// A medicine the child takes: what, how much, and who gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Medication {
    pub name: String,
    pub dose: String,
    /// "les animateurs", "l'enfant lui-même"…
    pub given_by: String,
}

/// Whom to call in an emergency, if not the sheet's contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyContact {
    pub name: PersonName,
    pub phone: PhoneNumber,
}

/// The sheet's content, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MedicalSheet {
    /// The "mutualité".
    pub insurer: Option<String>,
    pub blood_group: Option<BloodGroup>,
    pub allergies: Option<String>,
    /// What to do in case of an allergic reaction.
    pub allergy_actions: Option<String>,
    pub diet: Option<String>,
    pub conditions: Option<String>,
    pub medication: Vec<Medication>,
    pub tetanus_vaccination: Option<Date>,
    pub can_swim: Option<bool>,
    pub may_do_sports: Option<bool>,
    pub paracetamol_allowed: Option<bool>,
    pub emergency_contact: Option<EmergencyContact>,
    pub remarks: Option<String>,
}

impl MedicalSheet {
    /// Checks a list of medicines: each with a name, a dose and who gives it.
    pub fn parse_medication(items: &[Medication]) -> Result<Vec<Medication>, Error> {
        items
            .iter()
            .map(|item| {
                let required = |text: &str| {
                    parse_text(Some(text), Field::Medication)?
                        .ok_or(Error::Required.in_field(Field::Medication))
                };
                Ok(Medication {
                    name: required(&item.name)?,
                    dose: required(&item.dose)?,
                    given_by: required(&item.given_by)?,
                })
            })
            .collect()
    }
}

/// A registration of the child, as the medical rules see it.
#[derive(Debug, Clone)]
pub struct Stay<'a> {
    pub activity_id: i64,
    pub activity_name: &'a str,
    pub status: RegistrationStatus,
    pub starts_on: Date,
    pub ends_on: Date,
}

/// Parents may change the sheet only while the child is registered (or waiting) for a camp or hike
/// that is not over, as the guide says.
pub fn parent_may_edit(stays: &[Stay<'_>], today: Date) -> Result<(), Error> {
    if stays
        .iter()
        .any(|stay| stay.status.is_active() && stay.ends_on >= today)
    {
        Ok(())
    } else {
        Err(Error::MedicalLocked)
    }
}

/// Staff read a sheet only for a child registered to an activity whose window is open; the
/// activity is the reason the reading is logged with.
pub fn staff_reading_reason(
    stays: &[Stay<'_>],
    window: MedicalWindow,
    today: Date,
) -> Result<i64, Error> {
    let registered = stays
        .iter()
        .filter(|stay| stay.status == RegistrationStatus::Registered);
    if let Some(open) = registered
        .clone()
        .find(|stay| window.is_open(stay.starts_on, stay.ends_on, today))
    {
        return Ok(open.activity_id);
    }
    match registered
        .filter(|stay| stay.starts_on > today)
        .min_by_key(|stay| stay.starts_on)
    {
        Some(next) => Err(Error::MedicalWindowClosed {
            activity: next.activity_name.to_owned(),
            opens: window.opens(next.starts_on),
            closes: next.ends_on,
        }),
        None => Err(Error::MedicalNoStay),
    }
}

/// `oui` / `non` / `non précisé`, as the sheet shows a yes-no answer.
pub fn yes_no(value: Option<bool>, lang: Lang) -> &'static str {
    match value {
        Some(true) => lang.pick("oui", "yes"),
        Some(false) => lang.pick("non", "no"),
        None => lang.pick("non précisé", "not given"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn stay(status: RegistrationStatus, starts_on: Date, ends_on: Date) -> Stay<'static> {
        Stay {
            activity_id: 7,
            activity_name: "Camp d'été 2027",
            status,
            starts_on,
            ends_on,
        }
    }

    #[test]
    fn blood_groups_are_read_loosely_and_shown_strictly() {
        assert_eq!(BloodGroup::parse("ab -").unwrap().to_string(), "AB-");
        assert_eq!(BloodGroup::parse("0+").unwrap(), BloodGroup::OPositive);
        assert_eq!(BloodGroup::parse("C+"), Err(Error::BloodGroupInvalid));
    }

    #[test]
    fn texts_are_trimmed_bounded_and_empty_is_absent() {
        assert_eq!(parse_text(Some("  "), Field::Diet), Ok(None));
        assert_eq!(
            parse_text(Some(" sans gluten \n"), Field::Diet),
            Ok(Some("sans gluten".to_owned()))
        );
        assert_eq!(
            parse_text(Some(&"x".repeat(2001)), Field::Diet),
            Err(Error::TooLong { max: 2000 }.in_field(Field::Diet))
        );
    }

    #[test]
    fn a_medicine_needs_its_dose_and_who_gives_it() {
        let incomplete = [Medication {
            name: "Ventolin".to_owned(),
            dose: " ".to_owned(),
            given_by: "les animateurs".to_owned(),
        }];
        assert_eq!(
            MedicalSheet::parse_medication(&incomplete),
            Err(Error::Required.in_field(Field::Medication))
        );
    }

    #[test]
    fn parents_edit_only_while_a_stay_is_ahead_or_under_way() {
        let today = date!(2027 - 07 - 15);
        let ahead = stay(
            RegistrationStatus::Waitlisted,
            date!(2027 - 08 - 01),
            date!(2027 - 08 - 10),
        );
        let over = stay(
            RegistrationStatus::Registered,
            date!(2027 - 07 - 01),
            date!(2027 - 07 - 14),
        );
        let ends_today = stay(RegistrationStatus::Registered, date!(2027 - 07 - 10), today);
        let cancelled = stay(
            RegistrationStatus::Cancelled,
            date!(2027 - 08 - 01),
            date!(2027 - 08 - 10),
        );
        assert_eq!(parent_may_edit(&[ahead], today), Ok(()));
        assert_eq!(parent_may_edit(&[ends_today], today), Ok(()));
        assert_eq!(
            parent_may_edit(&[over.clone(), cancelled], today),
            Err(Error::MedicalLocked)
        );
        assert_eq!(parent_may_edit(&[], today), Err(Error::MedicalLocked));
    }

    #[test]
    fn staff_read_inside_the_window_of_a_registered_stay() {
        let camp = stay(
            RegistrationStatus::Registered,
            date!(2027 - 07 - 10),
            date!(2027 - 07 - 20),
        );
        let window = MedicalWindow::default();
        assert_eq!(
            staff_reading_reason(std::slice::from_ref(&camp), window, date!(2027 - 07 - 07)),
            Ok(7)
        );
        assert_eq!(
            staff_reading_reason(std::slice::from_ref(&camp), window, date!(2027 - 07 - 06)),
            Err(Error::MedicalWindowClosed {
                activity: "Camp d'été 2027".to_owned(),
                opens: date!(2027 - 07 - 07),
                closes: date!(2027 - 07 - 20),
            })
        );
        assert_eq!(
            staff_reading_reason(&[camp], window, date!(2027 - 07 - 21)),
            Err(Error::MedicalNoStay)
        );
    }

    #[test]
    fn a_waiting_child_is_not_a_reason_to_read() {
        let waiting = stay(
            RegistrationStatus::Waitlisted,
            date!(2027 - 07 - 10),
            date!(2027 - 07 - 20),
        );
        assert_eq!(
            staff_reading_reason(&[waiting], MedicalWindow::default(), date!(2027 - 07 - 12)),
            Err(Error::MedicalNoStay)
        );
    }

    #[test]
    fn the_closed_window_message_says_when_it_opens() {
        let error = Error::MedicalWindowClosed {
            activity: "Camp d'été 2027".to_owned(),
            opens: date!(2027 - 07 - 07),
            closes: date!(2027 - 07 - 20),
        };
        assert_eq!(
            error.to_string(),
            "la fiche santé n'est accessible au staff que du 07/07/2027 au 20/07/2027 (Camp d'été 2027)"
        );
    }
}
