//! "Modifier les infos": every field of the sheet a parent may change, "Sauver les
//! modifications", and the way back to the sheet. Only the fields changed are sent, with the
//! version of the sheet they were changed on, so that someone else's newer save is never
//! overwritten (the server answers 409, and the form offers to reload).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use tempatro_core::api::{ChildPatch, ChildSheet, ContactInput, ContactView, DoctorInput};
use tempatro_core::{Address, Email, Lang, PhoneNumber};
use unicode_width::UnicodeWidthStr;

use crate::app::Screen;
use crate::command::Command;
use crate::form::{self, Banner, Field};
use crate::keys::{self, Action, Binding};
use crate::rows::{self, Row};
use crate::screens::Step;
use crate::screens::child_sheet::SheetView;
use crate::texts::{self, T};
use crate::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    BirthDate,
    Address,
    ImageRights,
    PrimaryName,
    PrimaryPhone,
    PrimaryEmail,
    SecondaryName,
    SecondaryPhone,
    SecondaryEmail,
    DoctorName,
    DoctorPhone,
    Save,
}

const ORDER: [Focus; 12] = [
    Focus::BirthDate,
    Focus::Address,
    Focus::ImageRights,
    Focus::PrimaryName,
    Focus::PrimaryPhone,
    Focus::PrimaryEmail,
    Focus::SecondaryName,
    Focus::SecondaryPhone,
    Focus::SecondaryEmail,
    Focus::DoctorName,
    Focus::DoctorPhone,
    Focus::Save,
];

/// What the form holds, as text: compared with the sheet's to know what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    pub birth_date: String,
    pub address: String,
    pub image_rights: bool,
    /// Name, phone, e-mail.
    pub primary: [String; 3],
    pub secondary: [String; 3],
    /// Name, phone.
    pub doctor: [String; 2],
}

impl Values {
    fn of(sheet: &ChildSheet) -> Values {
        let contact = |contact: &Option<ContactView>| match contact {
            Some(contact) => [
                contact.name.clone(),
                contact.phone.clone().unwrap_or_default(),
                contact.email.clone().unwrap_or_default(),
            ],
            None => Default::default(),
        };
        Values {
            birth_date: tempatro_core::date::short(sheet.birth_date),
            address: sheet
                .address
                .as_ref()
                .map(|address| address.line.clone())
                .unwrap_or_default(),
            image_rights: sheet
                .image_rights
                .as_ref()
                .is_some_and(|rights| rights.granted),
            primary: contact(&sheet.primary_contact),
            secondary: contact(&sheet.secondary_contact),
            doctor: sheet
                .doctor
                .as_ref()
                .map(|doctor| [doctor.name.clone(), doctor.phone.clone()])
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ChildForm {
    /// The sheet to go back to; its `sheet` is the one this form started from.
    pub sheet_view: SheetView,
    pub version: i64,
    pub initial: Values,
    pub birth_date: Field,
    pub address: Field,
    pub image_rights: bool,
    pub primary_name: Field,
    pub primary_phone: Field,
    pub primary_email: Field,
    pub secondary_name: Field,
    pub secondary_phone: Field,
    pub secondary_email: Field,
    pub doctor_name: Field,
    pub doctor_phone: Field,
    pub focus: Focus,
    pub banner: Option<Banner>,
    /// "Quitter sans sauver ? o/n" is asked.
    pub confirm_leave: bool,
    /// The server refused the save because the sheet changed meanwhile: r reloads it.
    pub stale: bool,
}

impl ChildForm {
    pub fn new(sheet: &ChildSheet, sheet_view: SheetView) -> ChildForm {
        let values = Values::of(sheet);
        let [primary_name, primary_phone, primary_email] = &values.primary;
        let [secondary_name, secondary_phone, secondary_email] = &values.secondary;
        let [doctor_name, doctor_phone] = &values.doctor;
        ChildForm {
            version: sheet.version,
            birth_date: Field::text(T::FormBirthDate, &["birth_date"])
                .with_value(&values.birth_date),
            address: Field::text(T::FormAddress, &["address", "postal_code"])
                .with_value(&values.address),
            image_rights: values.image_rights,
            primary_name: Field::text(
                T::FormContactName,
                &["primary_contact.name", "primary_contact"],
            )
            .with_value(primary_name),
            primary_phone: Field::text(T::FormContactPhone, &["primary_contact.phone"])
                .with_value(primary_phone),
            primary_email: Field::text(T::FormContactEmail, &["primary_contact.email"])
                .with_value(primary_email),
            secondary_name: Field::text(
                T::FormContactName,
                &["secondary_contact.name", "secondary_contact"],
            )
            .with_value(secondary_name),
            secondary_phone: Field::text(T::FormContactPhone, &["secondary_contact.phone"])
                .with_value(secondary_phone),
            secondary_email: Field::text(T::FormContactEmail, &["secondary_contact.email"])
                .with_value(secondary_email),
            doctor_name: Field::text(T::FormDoctorName, &["doctor.name", "doctor"])
                .with_value(doctor_name),
            doctor_phone: Field::text(T::FormDoctorPhone, &["doctor.phone"])
                .with_value(doctor_phone),
            initial: values,
            sheet_view,
            focus: Focus::BirthDate,
            banner: None,
            confirm_leave: false,
            stale: false,
        }
    }

    fn sheet(&self) -> Option<&ChildSheet> {
        self.sheet_view.sheet.as_deref()
    }

    pub fn typing(&self) -> bool {
        !self.confirm_leave && !matches!(self.focus, Focus::ImageRights | Focus::Save)
    }

    /// Whether anything differs from the sheet the form started from.
    pub fn dirty(&self) -> bool {
        self.values() != self.initial
    }

    pub fn bindings(&self) -> Vec<Binding> {
        let toggle = (self.focus == Focus::ImageRights).then_some(T::KeyToggle);
        keys::editing(self.confirm_leave, self.stale, self.typing(), toggle)
    }

    pub fn perform(&mut self, action: Action, lang: Lang) -> Step {
        if self.confirm_leave {
            return match action {
                Action::Yes => Step::go(Screen::ChildSheet(self.sheet_view.clone())),
                _ => {
                    self.confirm_leave = false;
                    Step::Stay
                }
            };
        }
        match action {
            Action::Next => {
                self.check_on_leaving(lang);
                self.focus = form::step(&ORDER, self.focus, true);
            }
            Action::Previous => {
                self.check_on_leaving(lang);
                self.focus = form::step(&ORDER, self.focus, false);
            }
            Action::Toggle => self.image_rights = !self.image_rights,
            Action::Activate => return self.save(lang),
            Action::Back if self.dirty() => self.confirm_leave = true,
            Action::Back => return Step::go(Screen::ChildSheet(self.sheet_view.clone())),
            Action::Reload => return Step::Run(Command::LoadChild(self.sheet_view.id)),
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

    fn field_mut(&mut self, focus: Focus) -> Option<&mut Field> {
        Some(match focus {
            Focus::BirthDate => &mut self.birth_date,
            Focus::Address => &mut self.address,
            Focus::PrimaryName => &mut self.primary_name,
            Focus::PrimaryPhone => &mut self.primary_phone,
            Focus::PrimaryEmail => &mut self.primary_email,
            Focus::SecondaryName => &mut self.secondary_name,
            Focus::SecondaryPhone => &mut self.secondary_phone,
            Focus::SecondaryEmail => &mut self.secondary_email,
            Focus::DoctorName => &mut self.doctor_name,
            Focus::DoctorPhone => &mut self.doctor_phone,
            Focus::ImageRights | Focus::Save => return None,
        })
    }

    fn fields_mut(&mut self) -> [(Focus, &mut Field); 10] {
        [
            (Focus::BirthDate, &mut self.birth_date),
            (Focus::Address, &mut self.address),
            (Focus::PrimaryName, &mut self.primary_name),
            (Focus::PrimaryPhone, &mut self.primary_phone),
            (Focus::PrimaryEmail, &mut self.primary_email),
            (Focus::SecondaryName, &mut self.secondary_name),
            (Focus::SecondaryPhone, &mut self.secondary_phone),
            (Focus::SecondaryEmail, &mut self.secondary_email),
            (Focus::DoctorName, &mut self.doctor_name),
            (Focus::DoctorPhone, &mut self.doctor_phone),
        ]
    }

    pub fn values(&self) -> Values {
        let text = |field: &Field| field.value().trim().to_owned();
        Values {
            birth_date: text(&self.birth_date),
            address: text(&self.address),
            image_rights: self.image_rights,
            primary: [
                text(&self.primary_name),
                text(&self.primary_phone),
                text(&self.primary_email),
            ],
            secondary: [
                text(&self.secondary_name),
                text(&self.secondary_phone),
                text(&self.secondary_email),
            ],
            doctor: [text(&self.doctor_name), text(&self.doctor_phone)],
        }
    }

    /// A phone, a date, an e-mail or an address typed wrong is said as soon as the field is
    /// left, before anything is sent.
    fn check_on_leaving(&mut self, lang: Lang) {
        let focus = self.focus;
        let initial = self.initial_text(focus);
        if let Some(field) = self.field_mut(focus)
            && field.value().trim() != initial
            && !field.value().trim().is_empty()
        {
            field.error = format_error(focus, field.value(), lang);
        }
    }

    fn initial_text(&self, focus: Focus) -> String {
        let initial = &self.initial;
        match focus {
            Focus::BirthDate => initial.birth_date.clone(),
            Focus::Address => initial.address.clone(),
            Focus::PrimaryName => initial.primary[0].clone(),
            Focus::PrimaryPhone => initial.primary[1].clone(),
            Focus::PrimaryEmail => initial.primary[2].clone(),
            Focus::SecondaryName => initial.secondary[0].clone(),
            Focus::SecondaryPhone => initial.secondary[1].clone(),
            Focus::SecondaryEmail => initial.secondary[2].clone(),
            Focus::DoctorName => initial.doctor[0].clone(),
            Focus::DoctorPhone => initial.doctor[1].clone(),
            Focus::ImageRights | Focus::Save => String::new(),
        }
    }

    /// Checks what changed, without the server where it is cheap, then sends only that.
    fn save(&mut self, lang: Lang) -> Step {
        self.banner = None;
        let now = self.values();
        if now == self.initial {
            self.banner = Some(Banner::Info(T::NothingChanged.get(lang).to_owned()));
            return Step::Stay;
        }
        for (_, field) in self.fields_mut() {
            field.error = None;
        }
        self.check_changes(&now, lang);
        if let Some(focus) = form::first_wrong(self.fields_mut()) {
            self.focus = focus;
            self.banner = Some(Banner::Error(T::FixTheFields.get(lang).to_owned()));
            return Step::Stay;
        }
        Step::Run(Command::SaveChild {
            id: self.sheet_view.id,
            patch: Box::new(self.patch(&now)),
        })
    }

    /// The local checks: the format of each changed value, and the names a contact or a doctor
    /// cannot do without.
    fn check_changes(&mut self, now: &Values, lang: Lang) {
        let was = self.initial.clone();
        let checks = [
            (now.birth_date != was.birth_date, Focus::BirthDate),
            (
                now.address != was.address && !now.address.is_empty(),
                Focus::Address,
            ),
        ];
        for (changed, focus) in checks {
            if changed {
                self.check_format(focus, lang);
            }
        }
        let groups: [(bool, &[Focus]); 3] = [
            (
                now.primary != was.primary && now.primary.iter().any(|v| !v.is_empty()),
                &[Focus::PrimaryName, Focus::PrimaryPhone, Focus::PrimaryEmail],
            ),
            (
                now.secondary != was.secondary && now.secondary.iter().any(|v| !v.is_empty()),
                &[
                    Focus::SecondaryName,
                    Focus::SecondaryPhone,
                    Focus::SecondaryEmail,
                ],
            ),
            (
                now.doctor != was.doctor && now.doctor.iter().any(|v| !v.is_empty()),
                &[Focus::DoctorName, Focus::DoctorPhone],
            ),
        ];
        for (changed, foci) in groups {
            if !changed {
                continue;
            }
            // A contact needs a name; a doctor a name and a number.
            for (index, focus) in foci.iter().enumerate() {
                let required = index == 0 || *focus == Focus::DoctorPhone;
                if let Some(field) = self.field_mut(*focus) {
                    if field.value().trim().is_empty() {
                        if required {
                            field.require(lang);
                        }
                    } else {
                        field.error = format_error(*focus, field.value(), lang);
                    }
                }
            }
        }
    }

    fn check_format(&mut self, focus: Focus, lang: Lang) {
        if let Some(field) = self.field_mut(focus) {
            field.error = format_error(focus, field.value(), lang);
        }
    }

    /// The change to send: the version read, and each part that differs from it.
    fn patch(&self, now: &Values) -> ChildPatch {
        let was = &self.initial;
        let optional = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        let contact = |[name, phone, email]: &[String; 3]| {
            (!(name.is_empty() && phone.is_empty() && email.is_empty())).then(|| ContactInput {
                name: name.clone(),
                phone: optional(phone),
                email: optional(email),
            })
        };
        ChildPatch {
            version: self.version,
            birth_date: (now.birth_date != was.birth_date).then(|| now.birth_date.clone()),
            address: (now.address != was.address).then(|| optional(&now.address)),
            image_rights: (now.image_rights != was.image_rights).then_some(now.image_rights),
            primary_contact: (now.primary != was.primary).then(|| contact(&now.primary)),
            secondary_contact: (now.secondary != was.secondary).then(|| contact(&now.secondary)),
            doctor: (now.doctor != was.doctor).then(|| {
                let [name, phone] = &now.doctor;
                (!(name.is_empty() && phone.is_empty())).then(|| DoctorInput {
                    name: name.clone(),
                    phone: phone.clone(),
                })
            }),
            ..ChildPatch::default()
        }
    }

    /// Saved: back to the sheet, as the server now has it.
    pub fn saved(&self, sheet: ChildSheet, lang: Lang) -> SheetView {
        SheetView {
            sheet: Some(Box::new(sheet)),
            scroll: 0,
            banner: Some(Banner::Info(format!("✓ {}", T::ChangesSaved.get(lang)))),
            ..self.sheet_view.clone()
        }
    }

    /// The sheet read again after a refused save: the form starts over from it.
    pub fn reloaded(&mut self, sheet: ChildSheet) {
        let mut sheet_view = self.sheet_view.clone();
        sheet_view.sheet = Some(Box::new(sheet.clone()));
        *self = ChildForm::new(&sheet, sheet_view);
    }

    pub fn show_error(&mut self, error: &tempatro_client::Error, lang: Lang) {
        if error.code() == Some("stale_version") {
            self.stale = true;
            // Off the fields, so that r reloads.
            self.focus = Focus::Save;
            self.banner = Some(Banner::Error(error.message(lang)));
            return;
        }
        let mut banner = None;
        let first_wrong = form::show_error_at(self.fields_mut(), &mut banner, error, lang);
        self.banner = banner;
        if let Some(focus) = first_wrong {
            self.focus = focus;
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) -> Option<Position> {
        let name = self.sheet().map(ChildSheet::full_name).unwrap_or_default();
        let body = widgets::editing(
            frame,
            area,
            texts::editing_sheet(lang, &name),
            self.banner.as_ref(),
            self.stale,
            self.confirm_leave,
            lang,
        );
        let field = |field, focus| Row::Field {
            field,
            focused: self.focus == focus,
        };
        let rows = vec![
            Row::Heading(T::Identification.get(lang).to_owned()),
            Row::Text(Line::from(vec![
                ratatui::text::Span::styled(
                    format!("  {name} "),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                ratatui::text::Span::styled(
                    T::NamesByThePatro.get(lang),
                    Style::new().fg(Color::DarkGray),
                ),
            ])),
            field(&self.birth_date, Focus::BirthDate),
            field(&self.address, Focus::Address),
            Row::Checkbox {
                label: T::FormImageRights.get(lang),
                text: T::FormImageRightsConsent.get(lang),
                checked: self.image_rights,
                focused: self.focus == Focus::ImageRights,
                error: None,
            },
            Row::Heading(T::FormPrimaryContact.get(lang).to_owned()),
            field(&self.primary_name, Focus::PrimaryName),
            field(&self.primary_phone, Focus::PrimaryPhone),
            field(&self.primary_email, Focus::PrimaryEmail),
            Row::Heading(T::FormSecondaryContact.get(lang).to_owned()),
            field(&self.secondary_name, Focus::SecondaryName),
            field(&self.secondary_phone, Focus::SecondaryPhone),
            field(&self.secondary_email, Focus::SecondaryEmail),
            Row::Heading(T::FormDoctor.get(lang).to_owned()),
            field(&self.doctor_name, Focus::DoctorName),
            field(&self.doctor_phone, Focus::DoctorPhone),
            Row::Blank,
            Row::Button {
                label: T::SaveChanges.get(lang),
                focused: self.focus == Focus::Save,
            },
        ];
        let label_width = [
            T::FormBirthDate,
            T::FormAddress,
            T::FormImageRights,
            T::FormContactName,
            T::FormContactPhone,
            T::FormContactEmail,
            T::FormDoctorName,
            T::FormDoctorPhone,
        ]
        .iter()
        .map(|label| u16::try_from(label.get(lang).width()).unwrap_or(u16::MAX))
        .max()
        .unwrap_or(0);
        let cursor = rows::draw(frame, body, &rows, label_width, lang);
        // The question hides the fields' cursor: the answer is a key, not text.
        cursor.filter(|_| !self.confirm_leave)
    }
}

/// What is wrong with the format of `value` typed in the field `focus`, as a sentence for under
/// the field; core's parsers say it, so the server would say the same.
fn format_error(focus: Focus, value: &str, lang: Lang) -> Option<String> {
    let error = match focus {
        Focus::BirthDate => tempatro_core::date::parse_date(value).err(),
        Focus::Address => Address::parse(value).err(),
        Focus::PrimaryPhone | Focus::SecondaryPhone | Focus::DoctorPhone => {
            PhoneNumber::parse(value).err()
        }
        Focus::PrimaryEmail | Focus::SecondaryEmail => Email::parse(value).err(),
        _ => None,
    };
    error.map(|error| texts::sentence(&error.message(lang)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incomplete_mobile_number_is_said_before_sending() {
        assert_eq!(
            format_error(Focus::PrimaryPhone, "0412/34.56.7", Lang::Fr).as_deref(),
            Some("Numéro incomplet : 10 chiffres attendus")
        );
        assert_eq!(
            format_error(Focus::PrimaryPhone, "0412/34.56.78", Lang::Fr),
            None
        );
    }

    #[test]
    fn a_birth_date_must_exist() {
        assert_eq!(
            format_error(Focus::BirthDate, "31/04/2018", Lang::Fr).as_deref(),
            Some("Cette date n'existe pas")
        );
        assert_eq!(
            format_error(Focus::BirthDate, "1er mai 2018", Lang::Fr),
            None
        );
    }
}
