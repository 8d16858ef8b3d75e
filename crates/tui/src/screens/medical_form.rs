//! The "fiche santé" form, open while the child is registered (or waiting) for a camp or hike
//! that is not over. The whole sheet is sent with the version it was read at and the parent's
//! consent; what is typed wrong is said under its field, before sending when it can be.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use tempatro_core::api::{ContactInput, MedicalInput, MedicalSheetView};
use tempatro_core::medical::{BloodGroup, Medication};
use tempatro_core::{Lang, PhoneNumber};
use unicode_width::UnicodeWidthStr;

use crate::app::Screen;
use crate::command::Command;
use crate::form::{self, Banner, Field};
use crate::keys::{self, Action, Binding};
use crate::rows::{self, Row};
use crate::screens::Step;
use crate::screens::medical::MedicalView;
use crate::texts::{self, T};
use crate::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Insurer,
    BloodGroup,
    Allergies,
    AllergyActions,
    Diet,
    Conditions,
    /// A medicine's row, and its name (0), dose (1) or who gives it (2).
    Medication(usize, usize),
    Tetanus,
    CanSwim,
    Sports,
    Paracetamol,
    EmergencyName,
    EmergencyPhone,
    Remarks,
    Consent,
    Save,
}

/// Empty rows offered for medicines, beyond those already on the sheet.
const MIN_MEDICATION_ROWS: usize = 3;

/// The sheet as the form holds it, as text: compared with the sheet's to know whether anything
/// changed, and turned into the request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub version: i64,
    pub insurer: String,
    pub blood_group: String,
    pub allergies: String,
    pub allergy_actions: String,
    pub diet: String,
    pub conditions: String,
    /// The rows where something was typed.
    pub medication: Vec<Medication>,
    pub tetanus_vaccination: String,
    pub can_swim: Option<bool>,
    pub may_do_sports: Option<bool>,
    pub paracetamol_allowed: Option<bool>,
    pub emergency_name: String,
    pub emergency_phone: String,
    pub remarks: String,
    pub consent: bool,
}

impl Draft {
    fn of(sheet: &MedicalSheetView) -> Draft {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let (emergency_name, emergency_phone) = sheet
            .emergency_contact
            .as_ref()
            .map(|contact| {
                (
                    contact.name.clone(),
                    contact.phone.clone().unwrap_or_default(),
                )
            })
            .unwrap_or_default();
        Draft {
            version: sheet.version,
            insurer: text(&sheet.insurer),
            blood_group: text(&sheet.blood_group),
            allergies: text(&sheet.allergies),
            allergy_actions: text(&sheet.allergy_actions),
            diet: text(&sheet.diet),
            conditions: text(&sheet.conditions),
            medication: sheet.medication.clone(),
            tetanus_vaccination: sheet
                .tetanus_vaccination
                .map(tempatro_core::date::short)
                .unwrap_or_default(),
            can_swim: sheet.can_swim,
            may_do_sports: sheet.may_do_sports,
            paracetamol_allowed: sheet.paracetamol_allowed,
            emergency_name,
            emergency_phone,
            remarks: text(&sheet.remarks),
            consent: sheet.consent_given_at.is_some(),
        }
    }

    /// The request: an empty text is an absent value.
    pub fn input(&self) -> MedicalInput {
        let optional = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        let emergency_contact = (!self.emergency_name.is_empty()
            || !self.emergency_phone.is_empty())
        .then(|| ContactInput {
            name: self.emergency_name.clone(),
            phone: optional(&self.emergency_phone),
            email: None,
        });
        MedicalInput {
            version: self.version,
            insurer: optional(&self.insurer),
            blood_group: optional(&self.blood_group),
            allergies: optional(&self.allergies),
            allergy_actions: optional(&self.allergy_actions),
            diet: optional(&self.diet),
            conditions: optional(&self.conditions),
            medication: self.medication.clone(),
            tetanus_vaccination: optional(&self.tetanus_vaccination),
            can_swim: self.can_swim,
            may_do_sports: self.may_do_sports,
            paracetamol_allowed: self.paracetamol_allowed,
            emergency_contact,
            remarks: optional(&self.remarks),
            consent: self.consent,
        }
    }
}

#[derive(Debug, Clone)]
pub struct MedicalForm {
    /// The sheet to go back to; its `sheet` is the one this form started from.
    pub view: MedicalView,
    pub initial: Draft,
    pub insurer: Field,
    pub blood_group: Field,
    pub allergies: Field,
    pub allergy_actions: Field,
    pub diet: Field,
    pub conditions: Field,
    /// Name, dose, who gives it.
    pub medication: Vec<[Field; 3]>,
    pub tetanus: Field,
    pub can_swim: Option<bool>,
    pub may_do_sports: Option<bool>,
    pub paracetamol_allowed: Option<bool>,
    pub emergency_name: Field,
    pub emergency_phone: Field,
    pub remarks: Field,
    pub consent: bool,
    pub consent_error: Option<String>,
    pub focus: Focus,
    pub banner: Option<Banner>,
    /// "Quitter sans sauver ? o/n" is asked.
    pub confirm_leave: bool,
    /// The server refused the save because the sheet changed meanwhile: r reloads it.
    pub stale: bool,
}

impl MedicalForm {
    pub fn new(sheet: &MedicalSheetView, view: MedicalView) -> MedicalForm {
        let draft = Draft::of(sheet);
        let text = |label, names, value: &str| Field::text(label, names).with_value(value);
        let rows = (sheet.medication.len() + 1).max(MIN_MEDICATION_ROWS);
        let medication = (0..rows)
            .map(|index| {
                let medicine = sheet.medication.get(index);
                let value = |pick: fn(&Medication) -> &String| {
                    medicine.map(pick).cloned().unwrap_or_default()
                };
                [
                    text(T::MedicineName, &["medication"], &value(|m| &m.name)),
                    text(T::MedicineDose, &["medication"], &value(|m| &m.dose)),
                    text(T::MedicineGivenBy, &["medication"], &value(|m| &m.given_by)),
                ]
            })
            .collect();
        MedicalForm {
            insurer: text(T::MedInsurer, &["insurer"], &draft.insurer),
            blood_group: text(T::MedBloodGroup, &["blood_group"], &draft.blood_group)
                .with_hint(T::BloodGroupHint),
            allergies: text(T::MedAllergies, &["allergies"], &draft.allergies),
            allergy_actions: text(
                T::MedAllergyActions,
                &["allergy_actions"],
                &draft.allergy_actions,
            ),
            diet: text(T::MedDiet, &["diet"], &draft.diet),
            conditions: text(T::MedConditions, &["conditions"], &draft.conditions),
            medication,
            tetanus: text(
                T::MedTetanus,
                &["tetanus_vaccination"],
                &draft.tetanus_vaccination,
            )
            .with_hint(T::DateHint),
            can_swim: draft.can_swim,
            may_do_sports: draft.may_do_sports,
            paracetamol_allowed: draft.paracetamol_allowed,
            emergency_name: text(
                T::FormContactName,
                &["emergency_contact.name", "emergency_contact"],
                &draft.emergency_name,
            ),
            emergency_phone: text(
                T::FormContactPhone,
                &["emergency_contact.phone"],
                &draft.emergency_phone,
            ),
            remarks: text(T::MedRemarks, &["remarks"], &draft.remarks),
            consent: draft.consent,
            consent_error: None,
            focus: Focus::Insurer,
            banner: None,
            confirm_leave: false,
            stale: false,
            initial: draft,
            view,
        }
    }

    fn sheet(&self) -> Option<&MedicalSheetView> {
        self.view.sheet.as_deref()
    }

    pub fn typing(&self) -> bool {
        !self.confirm_leave && self.field(self.focus).is_some()
    }

    pub fn dirty(&self) -> bool {
        self.draft() != self.initial
    }

    fn order(&self) -> Vec<Focus> {
        let mut order = vec![
            Focus::Insurer,
            Focus::BloodGroup,
            Focus::Allergies,
            Focus::AllergyActions,
            Focus::Diet,
            Focus::Conditions,
        ];
        for row in 0..self.medication.len() {
            order.extend((0..3).map(|column| Focus::Medication(row, column)));
        }
        order.extend([
            Focus::Tetanus,
            Focus::CanSwim,
            Focus::Sports,
            Focus::Paracetamol,
            Focus::EmergencyName,
            Focus::EmergencyPhone,
            Focus::Remarks,
            Focus::Consent,
            Focus::Save,
        ]);
        order
    }

    pub fn bindings(&self) -> Vec<Binding> {
        let toggle = match self.focus {
            Focus::Consent => Some(T::KeyToggle),
            Focus::CanSwim | Focus::Sports | Focus::Paracetamol => Some(T::KeyYesNoUnknown),
            _ => None,
        };
        keys::editing(self.confirm_leave, self.stale, self.typing(), toggle)
    }

    pub fn perform(&mut self, action: Action, lang: Lang) -> Step {
        if self.confirm_leave {
            return match action {
                Action::Yes => Step::go(Screen::Medical(self.view.clone())),
                _ => {
                    self.confirm_leave = false;
                    Step::Stay
                }
            };
        }
        match action {
            Action::Next => {
                self.check_on_leaving(lang);
                self.focus = form::step(&self.order(), self.focus, true);
            }
            Action::Previous => {
                self.check_on_leaving(lang);
                self.focus = form::step(&self.order(), self.focus, false);
            }
            Action::Toggle => match self.focus {
                Focus::Consent => {
                    self.consent = !self.consent;
                    self.consent_error = None;
                }
                Focus::CanSwim => self.can_swim = next_answer(self.can_swim),
                Focus::Sports => self.may_do_sports = next_answer(self.may_do_sports),
                Focus::Paracetamol => {
                    self.paracetamol_allowed = next_answer(self.paracetamol_allowed);
                }
                _ => {}
            },
            Action::Activate => return self.save(lang),
            Action::Back if self.dirty() => self.confirm_leave = true,
            Action::Back => return Step::go(Screen::Medical(self.view.clone())),
            Action::Reload => return Step::Run(Command::LoadMedical(self.view.child_id)),
            _ => {}
        }
        Step::Stay
    }

    pub fn type_key(&mut self, key: &KeyEvent) {
        if self.confirm_leave {
            return;
        }
        if let Some(field) = self.field_mut(self.focus) {
            field.type_key(key);
        }
    }

    fn field(&self, focus: Focus) -> Option<&Field> {
        Some(match focus {
            Focus::Insurer => &self.insurer,
            Focus::BloodGroup => &self.blood_group,
            Focus::Allergies => &self.allergies,
            Focus::AllergyActions => &self.allergy_actions,
            Focus::Diet => &self.diet,
            Focus::Conditions => &self.conditions,
            Focus::Medication(row, column) => self.medication.get(row)?.get(column)?,
            Focus::Tetanus => &self.tetanus,
            Focus::EmergencyName => &self.emergency_name,
            Focus::EmergencyPhone => &self.emergency_phone,
            Focus::Remarks => &self.remarks,
            Focus::CanSwim | Focus::Sports | Focus::Paracetamol | Focus::Consent | Focus::Save => {
                return None;
            }
        })
    }

    fn field_mut(&mut self, focus: Focus) -> Option<&mut Field> {
        Some(match focus {
            Focus::Insurer => &mut self.insurer,
            Focus::BloodGroup => &mut self.blood_group,
            Focus::Allergies => &mut self.allergies,
            Focus::AllergyActions => &mut self.allergy_actions,
            Focus::Diet => &mut self.diet,
            Focus::Conditions => &mut self.conditions,
            Focus::Medication(row, column) => self.medication.get_mut(row)?.get_mut(column)?,
            Focus::Tetanus => &mut self.tetanus,
            Focus::EmergencyName => &mut self.emergency_name,
            Focus::EmergencyPhone => &mut self.emergency_phone,
            Focus::Remarks => &mut self.remarks,
            Focus::CanSwim | Focus::Sports | Focus::Paracetamol | Focus::Consent | Focus::Save => {
                return None;
            }
        })
    }

    /// Every text field with where it sits, in the form's order.
    fn fields_mut(&mut self) -> Vec<(Focus, &mut Field)> {
        let mut fields = vec![
            (Focus::Insurer, &mut self.insurer),
            (Focus::BloodGroup, &mut self.blood_group),
            (Focus::Allergies, &mut self.allergies),
            (Focus::AllergyActions, &mut self.allergy_actions),
            (Focus::Diet, &mut self.diet),
            (Focus::Conditions, &mut self.conditions),
        ];
        for (row, medicine) in self.medication.iter_mut().enumerate() {
            for (column, field) in medicine.iter_mut().enumerate() {
                fields.push((Focus::Medication(row, column), field));
            }
        }
        fields.extend([
            (Focus::Tetanus, &mut self.tetanus),
            (Focus::EmergencyName, &mut self.emergency_name),
            (Focus::EmergencyPhone, &mut self.emergency_phone),
            (Focus::Remarks, &mut self.remarks),
        ]);
        fields
    }

    pub fn draft(&self) -> Draft {
        let text = |field: &Field| field.value().trim().to_owned();
        Draft {
            version: self.initial.version,
            insurer: text(&self.insurer),
            blood_group: text(&self.blood_group),
            allergies: text(&self.allergies),
            allergy_actions: text(&self.allergy_actions),
            diet: text(&self.diet),
            conditions: text(&self.conditions),
            medication: self
                .medication
                .iter()
                .map(|[name, dose, given_by]| Medication {
                    name: text(name),
                    dose: text(dose),
                    given_by: text(given_by),
                })
                .filter(|medicine| {
                    !(medicine.name.is_empty()
                        && medicine.dose.is_empty()
                        && medicine.given_by.is_empty())
                })
                .collect(),
            tetanus_vaccination: text(&self.tetanus),
            can_swim: self.can_swim,
            may_do_sports: self.may_do_sports,
            paracetamol_allowed: self.paracetamol_allowed,
            emergency_name: text(&self.emergency_name),
            emergency_phone: text(&self.emergency_phone),
            remarks: text(&self.remarks),
            consent: self.consent,
        }
    }

    /// A blood group, a date or a phone typed wrong is said as soon as the field is left.
    fn check_on_leaving(&mut self, lang: Lang) {
        let focus = self.focus;
        if let Some(field) = self.field_mut(focus)
            && !field.value().trim().is_empty()
        {
            field.error = format_error(focus, field.value(), lang);
        }
    }

    /// Checks what can be checked here, then sends the whole sheet.
    fn save(&mut self, lang: Lang) -> Step {
        self.banner = None;
        let draft = self.draft();
        if draft == self.initial {
            self.banner = Some(Banner::Info(T::NothingChanged.get(lang).to_owned()));
            return Step::Stay;
        }
        for (_, field) in self.fields_mut() {
            field.error = None;
        }
        self.consent_error = None;
        self.check(lang);
        let first_wrong = form::first_wrong(self.fields_mut())
            .or_else(|| self.consent_error.is_some().then_some(Focus::Consent));
        if let Some(focus) = first_wrong {
            self.focus = focus;
            self.banner = Some(Banner::Error(T::FixTheFields.get(lang).to_owned()));
            return Step::Stay;
        }
        Step::Run(Command::SaveMedical {
            child: self.view.child_id,
            draft: Box::new(draft),
        })
    }

    /// The formats core knows, a medicine's three parts, an emergency contact's name and
    /// number, and the consent.
    fn check(&mut self, lang: Lang) {
        for focus in [Focus::BloodGroup, Focus::Tetanus, Focus::EmergencyPhone] {
            if let Some(field) = self.field_mut(focus)
                && !field.value().trim().is_empty()
            {
                field.error = format_error(focus, field.value(), lang);
            }
        }
        for medicine in &mut self.medication {
            if medicine
                .iter()
                .any(|field| !field.value().trim().is_empty())
            {
                for field in medicine.iter_mut() {
                    field.require(lang);
                }
            }
        }
        let named = !self.emergency_name.value().trim().is_empty();
        let numbered = !self.emergency_phone.value().trim().is_empty();
        if named != numbered {
            self.emergency_name.require(lang);
            self.emergency_phone.require(lang);
        }
        if !self.consent {
            self.consent_error = Some(texts::sentence(
                &tempatro_core::Error::ConsentRequired.message(lang),
            ));
        }
    }

    /// Saved: back to the sheet, as the server now has it.
    pub fn saved(&self, sheet: MedicalSheetView, lang: Lang) -> MedicalView {
        let mut view = self.view.clone();
        view.loaded(sheet);
        view.scroll = 0;
        view.banner = Some(Banner::Info(format!("✓ {}", T::MedicalSaved.get(lang))));
        view
    }

    /// The sheet read again after a refused save: the form starts over from it.
    pub fn reloaded(&mut self, sheet: MedicalSheetView) {
        let mut view = self.view.clone();
        view.loaded(sheet.clone());
        *self = MedicalForm::new(&sheet, view);
    }

    pub fn show_error(&mut self, error: &tempatro_client::Error, lang: Lang) {
        let message = error.message(lang);
        if error.code() == Some("stale_version") {
            self.stale = true;
            // Off the fields, so that r reloads.
            self.focus = Focus::Save;
            self.banner = Some(Banner::Error(message));
            return;
        }
        match error.field() {
            Some("consent") => {
                self.consent_error = Some(message);
                self.focus = Focus::Consent;
            }
            // Under the first medicine missing a part, or the first one.
            Some("medication") => {
                let row = self
                    .medication
                    .iter()
                    .position(|medicine| {
                        medicine.iter().any(|f| f.value().trim().is_empty())
                            && medicine.iter().any(|f| !f.value().trim().is_empty())
                    })
                    .unwrap_or(0);
                if let Some(medicine) = self.medication.get_mut(row) {
                    let column = medicine
                        .iter()
                        .position(|f| f.value().trim().is_empty())
                        .unwrap_or(0);
                    medicine[column].error = Some(message);
                    self.focus = Focus::Medication(row, column);
                }
            }
            _ => {
                let mut banner = None;
                let first_wrong = form::show_error_at(self.fields_mut(), &mut banner, error, lang);
                self.banner = banner;
                if let Some(focus) = first_wrong {
                    self.focus = focus;
                }
            }
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) -> Option<Position> {
        let name = self
            .sheet()
            .map(|sheet| sheet.child_name.clone())
            .unwrap_or_default();
        let body = widgets::editing(
            frame,
            area,
            texts::editing_medical(lang, &name),
            self.banner.as_ref(),
            self.stale,
            self.confirm_leave,
            lang,
        );
        let rows = self.rows(lang);
        let label_width = [
            T::MedInsurer,
            T::MedBloodGroup,
            T::MedAllergies,
            T::MedAllergyActions,
            T::MedDiet,
            T::MedConditions,
            T::MedTetanus,
            T::MedCanSwim,
            T::MedSports,
            T::MedParacetamol,
            T::FormContactName,
            T::FormContactPhone,
            T::MedRemarks,
            T::MedConsent,
        ]
        .iter()
        .map(|label| label.get(lang).width())
        .max()
        .map_or(0, |width| u16::try_from(width).unwrap_or(u16::MAX));
        let cursor = rows::draw(frame, body, &rows, label_width, lang);
        // The question hides the fields' cursor: the answer is a key, not text.
        cursor.filter(|_| !self.confirm_leave)
    }

    fn rows(&self, lang: Lang) -> Vec<Row<'_>> {
        let field = |field, focus| Row::Field {
            field,
            focused: self.focus == focus,
        };
        let choice = |label: T, value, focus| Row::Choice {
            label: label.get(lang),
            value,
            focused: self.focus == focus,
        };
        let doctor = self
            .sheet()
            .and_then(|sheet| sheet.doctor.as_ref())
            .map_or_else(
                || T::NotGiven.get(lang).to_owned(),
                |doctor| format!("{} ({})", doctor.name, doctor.phone),
            );
        let mut rows = vec![
            Row::Heading(T::MedHealth.get(lang).to_owned()),
            Row::Wrapped(
                texts::doctor_elsewhere(lang, &doctor),
                Style::new().fg(Color::DarkGray),
            ),
            field(&self.insurer, Focus::Insurer),
            field(&self.blood_group, Focus::BloodGroup),
            field(&self.allergies, Focus::Allergies),
            field(&self.allergy_actions, Focus::AllergyActions),
            field(&self.diet, Focus::Diet),
            field(&self.conditions, Focus::Conditions),
            Row::Heading(T::MedicationHeading.get(lang).to_owned()),
        ];
        for (row, medicine) in self.medication.iter().enumerate() {
            let focused = match self.focus {
                Focus::Medication(focused_row, column) if focused_row == row => Some(column),
                _ => None,
            };
            rows.push(Row::Fields {
                label: texts::medicine_row(lang, row + 1),
                fields: medicine.iter().collect(),
                focused,
            });
        }
        rows.extend([
            Row::Heading(T::MedTetanusAndActivities.get(lang).to_owned()),
            field(&self.tetanus, Focus::Tetanus),
            choice(T::MedCanSwim, self.can_swim, Focus::CanSwim),
            choice(T::MedSports, self.may_do_sports, Focus::Sports),
            choice(
                T::MedParacetamol,
                self.paracetamol_allowed,
                Focus::Paracetamol,
            ),
            Row::Heading(T::MedEmergency.get(lang).to_owned()),
            field(&self.emergency_name, Focus::EmergencyName),
            field(&self.emergency_phone, Focus::EmergencyPhone),
            Row::Blank,
            field(&self.remarks, Focus::Remarks),
            Row::Checkbox {
                label: T::MedConsent.get(lang),
                text: T::ConsentText.get(lang),
                checked: self.consent,
                focused: self.focus == Focus::Consent,
                error: self.consent_error.as_deref(),
            },
            Row::Blank,
            Row::Button {
                label: T::SaveMedical.get(lang),
                focused: self.focus == Focus::Save,
            },
        ]);
        rows
    }
}

/// Space goes round the three answers: oui, non, non précisé.
fn next_answer(value: Option<bool>) -> Option<bool> {
    match value {
        None => Some(true),
        Some(true) => Some(false),
        Some(false) => None,
    }
}

/// What is wrong with the format of `value` typed in the field `focus`, in core's words, so
/// that the server would say the same.
fn format_error(focus: Focus, value: &str, lang: Lang) -> Option<String> {
    let error = match focus {
        Focus::BloodGroup => BloodGroup::parse(value).err(),
        Focus::Tetanus => tempatro_core::date::parse_date(value).err(),
        Focus::EmergencyPhone => PhoneNumber::parse(value).err(),
        _ => None,
    };
    error.map(|error| texts::sentence(&error.message(lang)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_answers_go_round() {
        assert_eq!(next_answer(None), Some(true));
        assert_eq!(next_answer(Some(true)), Some(false));
        assert_eq!(next_answer(Some(false)), None);
    }

    #[test]
    fn a_blood_group_is_checked_before_sending() {
        assert!(format_error(Focus::BloodGroup, "C+", Lang::Fr).is_some());
        assert_eq!(format_error(Focus::BloodGroup, "0+", Lang::Fr), None);
    }

    #[test]
    fn empty_texts_are_sent_as_absent() {
        let draft = Draft {
            version: 2,
            insurer: "Solidaris".to_owned(),
            emergency_name: "Maman de Billy".to_owned(),
            emergency_phone: "0412/34.56.78".to_owned(),
            consent: true,
            ..Draft::default()
        };
        let input = draft.input();
        assert_eq!(input.version, 2);
        assert_eq!(input.insurer.as_deref(), Some("Solidaris"));
        assert_eq!(input.blood_group, None);
        assert_eq!(
            input.emergency_contact.map(|contact| contact.phone),
            Some(Some("0412/34.56.78".to_owned()))
        );
        assert!(input.consent);
    }
}
