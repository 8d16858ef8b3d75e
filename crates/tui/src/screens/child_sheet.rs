//! "Vous visualisez la fiche de Billy LE PIVERT": the guide's four boxes (Identification, Données
//! de contact, Historiques & documents, Informations médicales), scrolled when the terminal is
//! too short for them.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Widget};
use tempatro_core::api::ChildSheet;
use tempatro_core::{Cycle, Gender, Lang};

use crate::app::Screen;
use crate::command::Command;
use crate::form::Banner;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::camps::CampsView;
use crate::screens::child_form::ChildForm;
use crate::screens::medical::MedicalView;
use crate::screens::renewal::RenewalView;
use crate::texts::{self, T, labelled};
use crate::widgets;

#[derive(Debug, Clone)]
pub struct SheetView {
    pub id: i64,
    /// None until the server answers; boxed, as the largest part of a screen.
    pub sheet: Option<Box<ChildSheet>>,
    /// Where "Retourner en arrière" leads: the list of children, or the dashboard.
    pub back: Box<Screen>,
    /// Rows scrolled past, when the sheet is taller than the terminal.
    pub scroll: u16,
    pub banner: Option<Banner>,
}

/// Rows scrolled by one key press.
const SCROLL_STEP: u16 = 3;
/// The narrowest terminal the scroll bound is computed for.
const NARROW: u16 = 40;

impl SheetView {
    pub fn loading(id: i64, back: Screen) -> SheetView {
        SheetView {
            id,
            sheet: None,
            back: Box::new(back),
            scroll: 0,
            banner: None,
        }
    }

    pub fn loaded(&mut self, sheet: ChildSheet) {
        self.sheet = Some(Box::new(sheet));
        self.banner = None;
    }

    /// The current cycle, which says which affiliation the red and yellow dots are about.
    pub fn current_cycle(&self) -> Option<Cycle> {
        self.back.home().map(|home| home.data.current_cycle)
    }

    pub fn bindings(&self) -> Vec<Binding> {
        let mut bindings = Vec::new();
        if self.sheet.is_some() {
            // The sketch's keys in the bar; renewing, also on the list of children, in the help.
            bindings.push(Binding::new(keys::EDIT, T::KeyEdit));
            bindings.push(Binding::new(keys::MEDICAL_SHEET, T::KeyMedicalSheet));
            bindings.push(Binding::new(keys::CAMPS, T::KeyCamps));
            bindings.push(Binding::help_only(keys::RENEW, T::KeyRenew));
            bindings.push(Binding::help_only(keys::SCROLL_PAGE, T::KeyScrollPage));
        }
        bindings.push(Binding::new(keys::BACK, T::KeyBack));
        bindings
    }

    pub fn perform(&mut self, action: Action) -> Step {
        match action {
            Action::Back => return Step::back_to((*self.back).clone()),
            Action::Edit => {
                if let Some(sheet) = &self.sheet {
                    return Step::go(Screen::ChildForm(Box::new(ChildForm::new(
                        sheet,
                        self.leaving(),
                    ))));
                }
            }
            Action::MedicalSheet if self.sheet.is_some() => {
                return Step::open(
                    Screen::Medical(MedicalView::loading(
                        self.id,
                        Screen::ChildSheet(self.leaving()),
                    )),
                    Command::LoadMedical(self.id),
                );
            }
            Action::Camps if self.sheet.is_some() => {
                return Step::open(
                    Screen::Camps(CampsView::new(
                        Screen::ChildSheet(self.leaving()),
                        Some(self.id),
                    )),
                    Command::LoadChildren,
                );
            }
            Action::Renew => {
                if let Some(sheet) = &self.sheet {
                    return Step::go(Screen::Renewal(RenewalView::from_sheet(
                        sheet,
                        self.current_cycle(),
                        Screen::ChildSheet(self.leaving()),
                    )));
                }
            }
            // Bounded by the sheet's height in a narrow terminal, where it is tallest; drawing
            // then clamps to what the terminal really needs.
            Action::ScrollDown if self.scroll < self.tallest() => self.scroll += SCROLL_STEP,
            Action::ScrollUp => self.scroll = self.scroll.saturating_sub(SCROLL_STEP),
            _ => {}
        }
        Step::Stay
    }

    fn tallest(&self) -> u16 {
        self.sheet.as_ref().map_or(0, |sheet| {
            Boxes::of(sheet, self.current_cycle(), NARROW, Lang::Fr).height()
        })
    }

    /// This sheet as the screen to come back to: "Modifications enregistrées" is said once.
    fn leaving(&self) -> SheetView {
        SheetView {
            banner: None,
            ..self.clone()
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let area = area.inner(Margin::new(1, 0));
        let Some(sheet) = &self.sheet else {
            let mut lines = widgets::banner(self.banner.as_ref(), area.width);
            if lines.is_empty() {
                lines.push(Line::styled(
                    T::Loading.get(lang),
                    Style::new().add_modifier(Modifier::ITALIC),
                ));
            }
            frame.render_widget(Paragraph::new(lines), area);
            return;
        };
        let title = texts::viewing_sheet(lang, &sheet.full_name());
        let mut header = vec![widgets::title_with_back(
            &title,
            T::BackLink.get(lang),
            area.width,
        )];
        header.extend(widgets::banner(self.banner.as_ref(), area.width));
        let header_height = u16::try_from(header.len()).unwrap_or(u16::MAX);
        let [header_area, body] =
            Layout::vertical([Constraint::Length(header_height), Constraint::Fill(1)]).areas(area);
        frame.render_widget(Paragraph::new(header), header_area);
        let boxes = Boxes::of(sheet, self.current_cycle(), body.width, lang);
        widgets::scrolled(frame, body, boxes.height(), self.scroll, |buffer, area| {
            boxes.render(buffer, area);
        });
    }
}

/// The four boxes' lines, wrapped for a given width.
struct Boxes {
    identification: Vec<Line<'static>>,
    contacts: Vec<Line<'static>>,
    history: Vec<Line<'static>>,
    medical: Vec<Line<'static>>,
    titles: [&'static str; 4],
}

/// A box's borders and padding, in columns.
const BOX_FRAME: u16 = 4;

impl Boxes {
    fn of(sheet: &ChildSheet, current: Option<Cycle>, width: u16, lang: Lang) -> Boxes {
        let half = width / 2;
        let left = half.saturating_sub(BOX_FRAME);
        let right = (width - half).saturating_sub(BOX_FRAME);
        let full = width.saturating_sub(BOX_FRAME);
        let plain = Style::new();
        let mut identification = vec![Line::styled(
            sheet.full_name(),
            Style::new().add_modifier(Modifier::BOLD),
        )];
        identification.extend(widgets::wrapped(
            &format!(
                "{} {}",
                tempatro_core::date::long(sheet.birth_date, lang),
                tempatro_core::age::age_label(sheet.age, lang)
            ),
            left,
            plain,
        ));
        let address = sheet
            .address
            .as_ref()
            .map_or(T::NotGiven.get(lang), |address| address.line.as_str());
        let girl = sheet.gender == Some(Gender::Girl);
        identification.extend(widgets::wrapped(
            &texts::lives_at(lang, girl, address),
            left,
            plain,
        ));
        match &sheet.section {
            Some(section) => identification.extend(widgets::wrapped(&section.label, left, plain)),
            None => identification.push(Line::styled(
                T::NotAffiliated.get(lang),
                Style::new().fg(Color::DarkGray),
            )),
        }
        if let Some(dots) = status_dots(sheet, current, lang) {
            identification.push(dots);
        }
        let image_rights = match &sheet.image_rights {
            Some(rights) if rights.granted => T::ImageRightsGranted,
            Some(_) => T::ImageRightsRefused,
            None => T::ImageRightsUnknown,
        };
        identification.extend(widgets::wrapped(
            image_rights.get(lang),
            left,
            Style::new().add_modifier(Modifier::ITALIC),
        ));

        let mut contacts = Vec::new();
        for (slot, contact) in [
            (T::PrimaryContact, &sheet.primary_contact),
            (T::SecondaryContact, &sheet.secondary_contact),
        ] {
            // The name and the number wrapped apart, so that the number is never cut in two.
            let (name, phone) = match contact {
                Some(contact) => (contact.name.as_str(), contact.phone.as_deref()),
                None => (T::NoContact.get(lang), None),
            };
            contacts.extend(widgets::wrapped(
                &labelled(lang, slot.get(lang), name),
                right,
                plain,
            ));
            if let Some(phone) = phone {
                contacts.extend(widgets::wrapped(
                    &texts::phone_note(lang, phone),
                    right,
                    plain,
                ));
            }
        }

        let cycles: Vec<String> = sheet
            .affiliations
            .iter()
            .map(|affiliation| affiliation.cycle.to_string())
            .collect();
        let or_none = |items: &[String]| {
            if items.is_empty() {
                T::NoneYet.get(lang).to_owned()
            } else {
                items.join(", ")
            }
        };
        let mut history = Vec::new();
        for (label, value) in [
            (T::Cycles, or_none(&cycles)),
            (T::Camps, or_none(&sheet.camps)),
            (
                T::CreatedOn,
                tempatro_core::date::long(sheet.created_on, lang),
            ),
        ] {
            history.extend(widgets::wrapped(
                &labelled(lang, label.get(lang), &value),
                full,
                plain,
            ));
        }

        let mut medical = Vec::new();
        match &sheet.doctor {
            Some(doctor) => {
                for (label, value) in [(T::Doctor, &doctor.name), (T::DoctorPhone, &doctor.phone)] {
                    medical.extend(widgets::wrapped(
                        &labelled(lang, label.get(lang), value),
                        full,
                        plain,
                    ));
                }
            }
            None => medical.extend(widgets::wrapped(
                &labelled(lang, T::Doctor.get(lang), T::NotGiven.get(lang)),
                full,
                plain,
            )),
        }
        Boxes {
            identification,
            contacts,
            history,
            medical,
            titles: [
                T::Identification.get(lang),
                T::ContactData.get(lang),
                T::History.get(lang),
                T::Medical.get(lang),
            ],
        }
    }

    fn top_height(&self) -> u16 {
        rows(&self.identification).max(rows(&self.contacts)) + 2
    }

    fn height(&self) -> u16 {
        self.top_height() + rows(&self.history) + 2 + rows(&self.medical) + 2
    }

    fn render(&self, buffer: &mut Buffer, area: Rect) {
        let [top, history, medical] = Layout::vertical([
            Constraint::Length(self.top_height()),
            Constraint::Length(rows(&self.history) + 2),
            Constraint::Length(rows(&self.medical) + 2),
        ])
        .areas(area);
        let [identification, contacts] =
            Layout::horizontal([Constraint::Length(area.width / 2), Constraint::Fill(1)])
                .areas(top);
        let [t_identification, t_contacts, t_history, t_medical] = self.titles;
        render_box(
            buffer,
            identification,
            t_identification,
            &self.identification,
        );
        render_box(buffer, contacts, t_contacts, &self.contacts);
        render_box(buffer, history, t_history, &self.history);
        render_box(buffer, medical, t_medical, &self.medical);
    }
}

fn rows(lines: &[Line]) -> u16 {
    u16::try_from(lines.len()).unwrap_or(u16::MAX)
}

fn render_box(buffer: &mut Buffer, area: Rect, title: &str, lines: &[Line<'static>]) {
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {title} "),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        ))
        .padding(Padding::horizontal(1));
    Paragraph::new(lines.to_vec())
        .block(block)
        .render(area, buffer);
}

/// The guide's two icons next to the section: red while the current affiliation is unpaid,
/// yellow when it has the solidarity fee. Named too, for terminals without colours.
fn status_dots(sheet: &ChildSheet, current: Option<Cycle>, lang: Lang) -> Option<Line<'static>> {
    let current = current?;
    let affiliation = sheet
        .affiliations
        .iter()
        .find(|affiliation| affiliation.cycle == current)?;
    let mut spans = Vec::new();
    if !affiliation.paid() {
        spans.push(Span::styled(
            format!("● {}", T::DotUnpaid.get(lang)),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        ));
    }
    if affiliation.solidarity {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(
            format!("● {}", T::DotSolidarity.get(lang)),
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ));
    }
    (!spans.is_empty()).then(|| Line::from(spans))
}
