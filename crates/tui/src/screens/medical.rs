//! The child's "fiche santé", as its parents always see it: every field, why it cannot be
//! changed when it cannot (the server's words), and the stays it must be confirmed for, each
//! confirmed with c ("les informations sont à jour").

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Widget};
use tempatro_core::Lang;
use tempatro_core::api::{MedicalConfirmation, MedicalSheetView};
use tempatro_core::date::{long, short};
use tempatro_core::medical::yes_no;

use crate::app::Screen;
use crate::command::Command;
use crate::form::Banner;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::medical_form::MedicalForm;
use crate::texts::{self, T, labelled};
use crate::widgets;

#[derive(Debug, Clone)]
pub struct MedicalView {
    pub child_id: i64,
    /// None until the server answers; boxed, as the largest part of a screen.
    pub sheet: Option<Box<MedicalSheetView>>,
    pub back: Box<Screen>,
    /// Which of the confirmations still to give is chosen.
    pub selected: usize,
    /// "Confirmer que les informations sont à jour pour … ? o/n" is asked.
    pub asking: bool,
    /// The activity of the confirmation on its way.
    pub sent: Option<String>,
    /// Rows scrolled past, when the sheet is taller than the terminal.
    pub scroll: u16,
    pub banner: Option<Banner>,
}

/// Rows scrolled by one key press.
const SCROLL_STEP: u16 = 3;
/// The narrowest terminal the scroll bound is computed for.
const NARROW: u16 = 40;

impl MedicalView {
    pub fn loading(child_id: i64, back: Screen) -> MedicalView {
        MedicalView {
            child_id,
            sheet: None,
            back: Box::new(back),
            selected: 0,
            asking: false,
            sent: None,
            scroll: 0,
            banner: None,
        }
    }

    pub fn loaded(&mut self, sheet: MedicalSheetView) {
        self.sheet = Some(Box::new(sheet));
        self.selected = self.selected.min(self.pending().len().saturating_sub(1));
        self.banner = None;
    }

    pub fn confirmed(&mut self, sheet: MedicalSheetView, lang: Lang) {
        let activity = self.sent.take().unwrap_or_default();
        self.loaded(sheet);
        self.banner = Some(Banner::Info(format!(
            "✓ {}",
            texts::medical_confirmed(lang, &activity)
        )));
    }

    pub fn refused(&mut self, message: String) {
        self.sent = None;
        self.banner = Some(Banner::Error(message));
    }

    /// The stays whose confirmation is still to give.
    fn pending(&self) -> Vec<&MedicalConfirmation> {
        self.sheet.as_ref().map_or_else(Vec::new, |sheet| {
            sheet
                .confirmations
                .iter()
                .filter(|confirmation| confirmation.confirmed_on.is_none())
                .collect()
        })
    }

    /// This view as the screen to come back to: what was said is said once.
    pub fn leaving(&self) -> MedicalView {
        MedicalView {
            banner: None,
            asking: false,
            ..self.clone()
        }
    }

    pub fn bindings(&self) -> Vec<Binding> {
        if self.asking {
            return vec![
                Binding::new(keys::YES, T::KeyYes),
                Binding::new(keys::NO, T::KeyNo),
            ];
        }
        let mut bindings = Vec::new();
        if let Some(sheet) = &self.sheet {
            let pending = self.pending().len();
            if pending > 0 {
                bindings.push(Binding::new(keys::CONFIRM_MEDICAL, T::KeyConfirmMedical));
            }
            if sheet.editable {
                bindings.push(Binding::new(keys::EDIT, T::KeyEdit));
            }
            // The arrows choose a stay when there are several to confirm, and scroll otherwise.
            if pending > 1 {
                bindings.push(Binding::new(keys::MENU, T::KeyChoose));
            }
            bindings.push(Binding::help_only(keys::SCROLL_PAGE, T::KeyScrollPage));
        }
        bindings.push(Binding::new(keys::BACK, T::KeyBack));
        bindings
    }

    pub fn perform(&mut self, action: Action) -> Step {
        if self.asking {
            self.asking = false;
            if action != Action::Yes {
                return Step::Stay;
            }
            let Some(confirmation) = self.pending().get(self.selected).copied() else {
                return Step::Stay;
            };
            let activity = confirmation.activity_id;
            self.sent = Some(confirmation.activity_name.clone());
            return Step::Run(Command::ConfirmMedical {
                child: self.child_id,
                activity,
            });
        }
        match action {
            Action::Back => return Step::back_to((*self.back).clone()),
            Action::Edit => {
                if let Some(sheet) = &self.sheet
                    && sheet.editable
                {
                    return Step::go(Screen::MedicalForm(Box::new(MedicalForm::new(
                        sheet,
                        self.leaving(),
                    ))));
                }
            }
            Action::ConfirmMedical if !self.pending().is_empty() => {
                self.asking = true;
                self.banner = None;
            }
            Action::Next if self.selected + 1 < self.pending().len() => self.selected += 1,
            Action::Previous => self.selected = self.selected.saturating_sub(1),
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
            Boxes::of(sheet, self.selected, NARROW, Lang::Fr).height()
        })
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
        let mut header = vec![widgets::title_with_back(
            &texts::medical_title(lang, &sheet.child_name),
            T::BackLink.get(lang),
            area.width,
        )];
        header.extend(widgets::banner(self.banner.as_ref(), area.width));
        if let Some(reason) = &sheet.locked_reason {
            header.extend(widgets::wrapped(
                &texts::full_stop(reason),
                area.width,
                Style::new().fg(Color::Yellow),
            ));
        }
        let footer = if self.asking {
            let activity = self
                .pending()
                .get(self.selected)
                .map(|confirmation| confirmation.activity_name.clone())
                .unwrap_or_default();
            widgets::wrap(
                &format!(
                    "{} {}",
                    texts::confirm_medical_question(lang, &activity),
                    T::YesNo.get(lang)
                ),
                area.width,
            )
            .into_iter()
            .map(|line| {
                Line::styled(
                    line,
                    Style::new()
                        .fg(Color::Yellow)
                        .add_modifier(Modifier::BOLD | Modifier::REVERSED),
                )
                .centered()
            })
            .collect()
        } else {
            Vec::new()
        };
        let [header_area, body, footer_area] = Layout::vertical([
            Constraint::Length(rows(&header)),
            Constraint::Fill(1),
            Constraint::Length(rows(&footer)),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(header), header_area);
        frame.render_widget(Paragraph::new(footer), footer_area);
        let boxes = Boxes::of(sheet, self.selected, body.width, lang);
        widgets::scrolled(frame, body, boxes.height(), self.scroll, |buffer, area| {
            boxes.render(buffer, area);
        });
    }
}

fn rows(lines: &[Line]) -> u16 {
    u16::try_from(lines.len()).unwrap_or(u16::MAX)
}

/// The confirmations box (when there are stays to confirm for), the sheet's box, and the
/// guide's reminder of who sees it.
struct Boxes {
    confirmations: Vec<Line<'static>>,
    fields: Vec<Line<'static>>,
    note: Vec<Line<'static>>,
    titles: [&'static str; 2],
}

impl Boxes {
    fn of(sheet: &MedicalSheetView, selected: usize, width: u16, lang: Lang) -> Boxes {
        let inner = width.saturating_sub(4);
        let plain = Style::new();
        let mut confirmations = Vec::new();
        let mut pending_index = 0;
        for confirmation in &sheet.confirmations {
            let when = short(confirmation.starts_on);
            match confirmation.confirmed_on {
                Some(on) => confirmations.extend(widgets::wrapped(
                    &format!(
                        "  ✓ {}",
                        texts::confirmed_for(lang, &confirmation.activity_name, &when, &short(on))
                    ),
                    inner,
                    Style::new().fg(Color::Green),
                )),
                None => {
                    let chosen = pending_index == selected;
                    pending_index += 1;
                    let style = if chosen {
                        widgets::focus_style()
                    } else {
                        Style::new().fg(Color::Yellow)
                    };
                    let text = texts::to_confirm_for(lang, &confirmation.activity_name, &when);
                    for (row, line) in widgets::wrap(&text, inner.saturating_sub(2))
                        .into_iter()
                        .enumerate()
                    {
                        let lead = if row == 0 && chosen {
                            widgets::MARKER
                        } else {
                            "  "
                        };
                        confirmations.push(Line::from(vec![
                            Span::styled(lead, style),
                            Span::styled(line, style),
                        ]));
                    }
                }
            }
        }

        let not_given = T::NotGiven.get(lang);
        let text = |value: &Option<String>| value.clone().unwrap_or_else(|| not_given.to_owned());
        let doctor = sheet.doctor.as_ref().map_or_else(
            || not_given.to_owned(),
            |doctor| format!("{} ({})", doctor.name, doctor.phone),
        );
        let emergency = sheet.emergency_contact.as_ref().map_or_else(
            || not_given.to_owned(),
            |contact| match &contact.phone {
                Some(phone) => format!("{} ({phone})", contact.name),
                None => contact.name.clone(),
            },
        );
        let consent = sheet.consent_given_at.map_or_else(
            || T::ConsentNotGiven.get(lang).to_owned(),
            |at| texts::consent_given_on(lang, &long(at.date(), lang)),
        );
        let mut fields = Vec::new();
        let mut field = |label: T, value: &str| {
            fields.extend(widgets::wrapped(
                &labelled(lang, label.get(lang), value),
                inner,
                plain,
            ));
        };
        field(T::Doctor, &doctor);
        field(T::MedInsurer, &text(&sheet.insurer));
        field(T::MedBloodGroup, &text(&sheet.blood_group));
        field(T::MedAllergies, &text(&sheet.allergies));
        field(T::MedAllergyActions, &text(&sheet.allergy_actions));
        field(T::MedDiet, &text(&sheet.diet));
        field(T::MedConditions, &text(&sheet.conditions));
        if sheet.medication.is_empty() {
            field(T::MedMedication, T::NoMedication.get(lang));
        } else {
            field(T::MedMedication, "");
        }
        let tetanus = sheet
            .tetanus_vaccination
            .map_or_else(|| not_given.to_owned(), short);
        let after_medication = [
            (T::MedTetanus, tetanus),
            (T::MedCanSwim, yes_no(sheet.can_swim, lang).to_owned()),
            (T::MedSports, yes_no(sheet.may_do_sports, lang).to_owned()),
            (
                T::MedParacetamol,
                yes_no(sheet.paracetamol_allowed, lang).to_owned(),
            ),
            (T::MedEmergency, emergency),
            (T::MedRemarks, text(&sheet.remarks)),
            (T::MedConsent, consent),
        ];
        // Each medicine on its own line under "Médicaments :".
        for medicine in &sheet.medication {
            for (row, line) in widgets::wrap(
                &texts::medicine(lang, &medicine.name, &medicine.dose, &medicine.given_by),
                inner.saturating_sub(4),
            )
            .into_iter()
            .enumerate()
            {
                let lead = if row == 0 { "  • " } else { "    " };
                fields.push(Line::raw(format!("{lead}{line}")));
            }
        }
        for (label, value) in after_medication {
            fields.extend(widgets::wrapped(
                &labelled(lang, label.get(lang), &value),
                inner,
                plain,
            ));
        }
        Boxes {
            confirmations,
            fields,
            note: widgets::wrapped(
                T::MedicalPrivacy.get(lang),
                width,
                Style::new()
                    .fg(Color::DarkGray)
                    .add_modifier(Modifier::ITALIC),
            ),
            titles: [T::MedicalConfirmations.get(lang), T::MedicalSheet.get(lang)],
        }
    }

    fn confirmations_height(&self) -> u16 {
        if self.confirmations.is_empty() {
            0
        } else {
            rows(&self.confirmations) + 2
        }
    }

    fn height(&self) -> u16 {
        self.confirmations_height() + rows(&self.fields) + 2 + rows(&self.note)
    }

    fn render(&self, buffer: &mut Buffer, area: Rect) {
        let [confirmations, fields, note] = Layout::vertical([
            Constraint::Length(self.confirmations_height()),
            Constraint::Length(rows(&self.fields) + 2),
            Constraint::Length(rows(&self.note)),
        ])
        .areas(area);
        let [t_confirmations, t_fields] = self.titles;
        if !self.confirmations.is_empty() {
            render_box(buffer, confirmations, t_confirmations, &self.confirmations);
        }
        render_box(buffer, fields, t_fields, &self.fields);
        Paragraph::new(self.note.clone()).render(note, buffer);
    }
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
