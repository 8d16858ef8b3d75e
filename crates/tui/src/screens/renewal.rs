//! "Renouveler une affiliation": what the renewal would create (the next cycle, the section, the
//! fee with the solidarity reduction applied), a confirmation, then the server's answer. When the
//! server offers no renewal, the screen says why instead.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tempatro_core::api::{AffiliationView, ChildSheet, RenewalOffer, SectionView};
use tempatro_core::{Amount, Cycle, Lang};

use crate::app::Screen;
use crate::command::Command;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::texts::{self, T, labelled};
use crate::widgets;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// The child's sheet, which carries the offer, is on its way.
    Loading,
    Offer(RenewalOffer),
    /// No offer: why.
    NotPossible(NoRenewal),
    Done(AffiliationView),
    /// The server refused (outside the renewal months, already renewed…), in its words.
    Refused(String),
}

/// Why the sheet offers no renewal, as far as it tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRenewal {
    /// The affiliation of a later cycle exists already.
    AlreadyRenewed(Cycle),
    /// Not in the renewal months, or nothing to renew: the server does not say which.
    NotOpen,
}

#[derive(Debug, Clone)]
pub struct RenewalView {
    pub child_id: i64,
    pub child_name: String,
    pub stage: Stage,
    pub back: Box<Screen>,
}

impl RenewalView {
    pub fn loading(child_id: i64, child_name: String, back: Screen) -> RenewalView {
        RenewalView {
            child_id,
            child_name,
            stage: Stage::Loading,
            back: Box::new(back),
        }
    }

    pub fn from_sheet(sheet: &ChildSheet, current: Option<Cycle>, back: Screen) -> RenewalView {
        RenewalView {
            child_id: sheet.id,
            child_name: sheet.full_name(),
            stage: Stage::Loading,
            back: Box::new(back),
        }
        .with_sheet(sheet, current)
    }

    fn with_sheet(mut self, sheet: &ChildSheet, current: Option<Cycle>) -> Self {
        self.set_sheet(sheet, current);
        self
    }

    pub fn loaded(&mut self, sheet: &ChildSheet) {
        let current = self.back.home().map(|home| home.data.current_cycle);
        self.set_sheet(sheet, current);
    }

    fn set_sheet(&mut self, sheet: &ChildSheet, current: Option<Cycle>) {
        self.child_name = sheet.full_name();
        self.stage = match &sheet.renewal {
            Some(offer) => Stage::Offer(offer.clone()),
            None => Stage::NotPossible(why_not(sheet, current)),
        };
    }

    pub fn done(&mut self, affiliation: AffiliationView) {
        self.stage = Stage::Done(affiliation);
    }

    pub fn refused(&mut self, message: String) {
        self.stage = Stage::Refused(message);
    }

    pub fn bindings(&self) -> Vec<Binding> {
        match self.stage {
            Stage::Loading => vec![Binding::new(keys::BACK, T::KeyCancel)],
            Stage::Offer(_) => vec![
                Binding::new(keys::CONFIRM, T::KeyConfirm),
                Binding::new(keys::BACK, T::KeyCancel),
            ],
            _ => vec![
                Binding::new(keys::ENTER, T::Ok),
                Binding::new(keys::BACK, T::KeyBack),
            ],
        }
    }

    pub fn perform(&mut self, action: Action) -> Step {
        match (&self.stage, action) {
            (Stage::Offer(_), Action::Activate) => Step::Run(Command::Renew(self.child_id)),
            // Nothing changed: the screen underneath is as it was.
            (Stage::Loading | Stage::Offer(_) | Stage::NotPossible(_), Action::Back) => {
                Step::go((*self.back).clone())
            }
            (Stage::NotPossible(_), Action::Activate) => Step::go((*self.back).clone()),
            // After an attempt, the screen underneath is read again: it may show the new cycle.
            (Stage::Done(_) | Stage::Refused(_), Action::Activate | Action::Back) => {
                Step::back_to((*self.back).clone())
            }
            _ => Step::Stay,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let area = widgets::form_column(area).inner(Margin::new(2, 0));
        let width = area.width;
        let mut lines = vec![
            Line::styled(
                texts::renewal_title(lang, &self.child_name),
                widgets::title_style(),
            )
            .centered(),
            Line::raw(""),
        ];
        let button = match &self.stage {
            Stage::Loading => {
                lines.push(Line::styled(
                    T::Loading.get(lang),
                    Style::new().add_modifier(Modifier::ITALIC),
                ));
                None
            }
            Stage::Offer(offer) => {
                lines.extend(offer_lines(
                    offer.cycle,
                    offer.section.as_ref(),
                    offer.fee,
                    offer.solidarity,
                    width,
                    lang,
                ));
                lines.push(Line::raw(""));
                lines.extend(widgets::wrapped(
                    T::RenewalQuestion.get(lang),
                    width,
                    widgets::title_style(),
                ));
                lines.push(Line::raw(""));
                Some(T::RenewalButton)
            }
            Stage::NotPossible(reason) => {
                let reason = match reason {
                    NoRenewal::AlreadyRenewed(cycle) => {
                        texts::renewal_already(lang, &self.child_name, &cycle.to_string())
                    }
                    NoRenewal::NotOpen => T::RenewalNotOpen.get(lang).to_owned(),
                };
                lines.extend(widgets::wrapped(
                    &reason,
                    width,
                    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                ));
                lines.push(Line::raw(""));
                Some(T::Ok)
            }
            Stage::Done(affiliation) => {
                lines.extend(widgets::wrapped(
                    &format!(
                        "✓ {}",
                        texts::renewal_done(lang, &self.child_name, &affiliation.cycle.to_string())
                    ),
                    width,
                    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                ));
                lines.push(Line::raw(""));
                if let Some(section) = &affiliation.section {
                    lines.extend(widgets::wrapped(
                        &labelled(lang, T::RenewalSection.get(lang), &section.label),
                        width,
                        Style::new(),
                    ));
                }
                lines.extend(widgets::wrapped(
                    &texts::fee_to_pay(
                        lang,
                        &fee_text(affiliation.fee, affiliation.solidarity, lang),
                    ),
                    width,
                    Style::new(),
                ));
                lines.push(Line::raw(""));
                Some(T::Ok)
            }
            Stage::Refused(message) => {
                lines.extend(widgets::wrapped(
                    &format!("⚠ {}", T::RenewalRefused.get(lang)),
                    width,
                    widgets::error_style(),
                ));
                lines.extend(widgets::wrapped(message, width, Style::new()));
                lines.push(Line::raw(""));
                Some(T::Ok)
            }
        };
        let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let [text, button_area] = Layout::vertical([
            Constraint::Length(height),
            Constraint::Length(u16::from(button.is_some())),
        ])
        .flex(Flex::Center)
        .areas(area);
        frame.render_widget(Paragraph::new(lines), text);
        if let Some(label) = button {
            frame.render_widget(
                Paragraph::new(widgets::button(label.get(lang), true)),
                button_area,
            );
        }
    }
}

/// "Cycle d'affiliation : 2027-2028", "Section : …", "Cotisation : 15,00 € (affiliation
/// solidaire)".
fn offer_lines(
    cycle: Cycle,
    section: Option<&SectionView>,
    fee: Amount,
    solidarity: bool,
    width: u16,
    lang: Lang,
) -> Vec<Line<'static>> {
    let section = section.map_or(T::RenewalSectionByThePatro.get(lang), |section| {
        section.label.as_str()
    });
    let mut lines = Vec::new();
    for (label, value) in [
        (T::RenewalCycle, cycle.to_string()),
        (T::RenewalSection, section.to_owned()),
        (T::RenewalFee, fee_text(fee, solidarity, lang)),
    ] {
        lines.extend(widgets::wrapped(
            &labelled(lang, label.get(lang), &value),
            width,
            Style::new(),
        ));
    }
    lines
}

/// "15,00 € (affiliation solidaire)".
fn fee_text(fee: Amount, solidarity: bool, lang: Lang) -> String {
    if solidarity {
        format!("{fee} ({})", T::RenewalSolidarity.get(lang))
    } else {
        fee.to_string()
    }
}

/// Why there is no offer, as far as the sheet tells: the next cycle is already there, or the
/// renewal months are not now.
fn why_not(sheet: &ChildSheet, current: Option<Cycle>) -> NoRenewal {
    current
        .and_then(|current| {
            sheet
                .affiliations
                .iter()
                .find(|affiliation| affiliation.cycle > current)
        })
        .map_or(NoRenewal::NotOpen, |affiliation| {
            NoRenewal::AlreadyRenewed(affiliation.cycle)
        })
}
