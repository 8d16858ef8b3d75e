//! "Gérer mes enfants": the guide's "Gérer la fiche de mon enfant", a line per child with its
//! birth date, its section and the badges of its affiliation, and the way to report a child that
//! is missing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tempatro_core::Lang;
use tempatro_core::api::{ChildSummary, DueKind};
use unicode_width::UnicodeWidthStr;

use crate::app::Screen;
use crate::command::{ChildrenPage, Command};
use crate::form::Banner;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::child_sheet::SheetView;
use crate::screens::dashboard::{DashboardView, MenuItem};
use crate::screens::link_request::LinkRequestForm;
use crate::screens::payments::{PaymentsView, Wanted};
use crate::screens::renewal::RenewalView;
use crate::texts::{self, T};
use crate::widgets;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildrenList {
    /// The dashboard to go back to; it also holds the parent's name for the welcome line.
    pub home: DashboardView,
    /// None until the server answers.
    pub page: Option<ChildrenPage>,
    pub selected: usize,
    pub banner: Option<Banner>,
}

impl ChildrenList {
    pub fn new(home: DashboardView) -> ChildrenList {
        ChildrenList {
            home,
            page: None,
            selected: 0,
            banner: None,
        }
    }

    pub fn loaded(&mut self, page: ChildrenPage) {
        self.selected = self.selected.min(page.children.len().saturating_sub(1));
        self.page = Some(page);
        self.banner = None;
    }

    fn children(&self) -> &[ChildSummary] {
        self.page.as_ref().map_or(&[], |page| &page.children)
    }

    pub fn selected_child(&self) -> Option<&ChildSummary> {
        self.children().get(self.selected)
    }

    pub fn bindings(&self) -> Vec<Binding> {
        let mut bindings = Vec::new();
        if self.selected_child().is_some() {
            bindings.push(Binding::help_only(keys::MENU, T::KeyChoose));
            bindings.push(Binding::new(keys::ENTER, T::KeyView));
            bindings.push(Binding::new(keys::RENEW, T::KeyRenew));
            // The red badge's tooltip says "touche p": the bar keeps its room for the rest.
            bindings.push(Binding::help_only(keys::PAYMENTS, T::KeyPayments));
        }
        if self.page.is_some() {
            // The page itself says "Appuyez sur n": with children to view and renew, the key bar
            // keeps its room for those.
            bindings.push(Binding {
                in_bar: bindings.is_empty(),
                ..Binding::new(keys::REPORT_MISSING, T::KeyReportMissing)
            });
        }
        bindings.push(Binding::new(keys::BACK, T::KeyBack));
        bindings
    }

    pub fn perform(&mut self, action: Action) -> Step {
        let count = self.children().len();
        match action {
            Action::Next if self.selected + 1 < count => self.selected += 1,
            Action::Previous => self.selected = self.selected.saturating_sub(1),
            Action::Activate => {
                if let Some(child) = self.selected_child() {
                    let id = child.id;
                    return Step::open(
                        Screen::ChildSheet(SheetView::loading(id, Screen::Children(self.clone()))),
                        Command::LoadChild(id),
                    );
                }
            }
            Action::Renew => {
                if let Some(child) = self.selected_child() {
                    let (id, name) = (child.id, full_name(child));
                    // The offer (cycle, section, fee) comes with the child's sheet.
                    return Step::open(
                        Screen::Renewal(RenewalView::loading(
                            id,
                            name,
                            Screen::Children(self.clone()),
                        )),
                        Command::LoadChild(id),
                    );
                }
            }
            Action::Payments => {
                if let Some(child) = self.selected_child() {
                    // On the unpaid affiliation the red badge is about, if there is one.
                    let unpaid = child
                        .affiliation
                        .as_ref()
                        .is_some_and(|affiliation| !affiliation.paid());
                    let wanted = Wanted {
                        child_id: child.id,
                        kind: unpaid.then_some(DueKind::Affiliation),
                        hint: None,
                    };
                    return Step::open(
                        Screen::Payments(PaymentsView::new(
                            Screen::Children(self.clone()),
                            Some(wanted),
                        )),
                        Command::LoadDues,
                    );
                }
            }
            Action::ReportMissing => {
                return Step::go(Screen::LinkRequest(LinkRequestForm::new(Screen::Children(
                    self.clone(),
                ))));
            }
            Action::Back => {
                return Step::back_to(Screen::Dashboard(
                    self.home.clone().returning(MenuItem::Children),
                ));
            }
            _ => {}
        }
        Step::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let area = area.inner(Margin::new(1, 0));
        let width = area.width;
        let mut header =
            vec![Line::styled(T::ChildrenTitle.get(lang), widgets::title_style()).centered()];
        let name = format!("{} {}", self.home.data.first_name, self.home.data.last_name);
        header.extend(widgets::wrapped(
            &texts::children_welcome(lang, &name),
            width,
            Style::new(),
        ));
        match &self.page {
            Some(page) => header.extend(widgets::wrapped(
                &texts::sheets_count(lang, page.children.len()),
                width,
                widgets::title_style(),
            )),
            None => header.push(Line::styled(
                T::Loading.get(lang),
                Style::new().add_modifier(Modifier::ITALIC),
            )),
        }
        header.extend(widgets::banner(self.banner.as_ref(), width));
        header.push(Line::raw(""));
        let header_height = u16::try_from(header.len()).unwrap_or(u16::MAX);
        let [header_area, body] =
            Layout::vertical([Constraint::Length(header_height), Constraint::Fill(1)]).areas(area);
        frame.render_widget(Paragraph::new(header), header_area);
        let Some(page) = &self.page else {
            return;
        };
        let (lines, selected_rows) = self.body_lines(page, width, lang);
        // Stateless scroll: the least that keeps the selected child's lines in view.
        let visible = usize::from(body.height);
        let skip = selected_rows.end.saturating_sub(visible);
        frame.render_widget(
            Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()),
            body,
        );
    }

    /// The children's lines and the footer, with the rows of the selected child.
    fn body_lines(
        &self,
        page: &ChildrenPage,
        width: u16,
        lang: Lang,
    ) -> (Vec<Line<'static>>, std::ops::Range<usize>) {
        let names: Vec<String> = page.children.iter().map(full_name).collect();
        let births: Vec<String> = page
            .children
            .iter()
            .map(|child| {
                format!(
                    "{} {}",
                    tempatro_core::date::long(child.birth_date, lang),
                    tempatro_core::age::age_label(child.age, lang)
                )
            })
            .collect();
        let name_width = names.iter().map(|n| n.width()).max().unwrap_or(0) + 2;
        let birth_width = births.iter().map(|b| b.width()).max().unwrap_or(0) + 2;
        let mut lines = Vec::new();
        let mut selected_rows = 0..0;
        for (index, child) in page.children.iter().enumerate() {
            let selected = index == self.selected;
            let start = lines.len();
            let style = if selected {
                widgets::focus_style()
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            let section = match (&child.section, &child.affiliation) {
                (Some(section), _) => Span::raw(section.label.clone()),
                (None, Some(_)) => Span::raw(""),
                (None, None) => {
                    Span::styled(T::NotAffiliated.get(lang), Style::new().fg(Color::DarkGray))
                }
            };
            lines.push(Line::from(vec![
                Span::styled(if selected { widgets::MARKER } else { "  " }, style),
                Span::styled(pad(&names[index], name_width), style),
                Span::raw(pad(&births[index], birth_width)),
                section,
            ]));
            let badges = badges(child);
            if !badges.is_empty() {
                let mut spans = vec![Span::raw("  ")];
                for (index, (label, colour, _)) in badges.iter().enumerate() {
                    if index > 0 {
                        spans.push(Span::raw(" "));
                    }
                    spans.push(Span::styled(
                        format!("[{}]", label.get(lang)),
                        Style::new().fg(*colour).add_modifier(Modifier::BOLD),
                    ));
                }
                lines.push(Line::from(spans));
                // The guide's tooltips, for the child under the cursor, as a mouse would show them.
                if selected {
                    for (_, colour, tip) in &badges {
                        for line in widgets::wrap(tip.get(lang), width.saturating_sub(4)) {
                            lines.push(Line::styled(
                                format!("    {line}"),
                                Style::new().fg(*colour).add_modifier(Modifier::ITALIC),
                            ));
                        }
                    }
                }
            }
            if selected {
                selected_rows = start..lines.len();
            }
            lines.push(Line::raw(""));
        }
        lines.extend(widgets::wrapped(
            T::MissingChildQuestion.get(lang),
            width,
            Style::new().fg(Color::Cyan),
        ));
        for request in &page.pending_requests {
            let child = format!("{} {}", request.child_first_name, request.child_last_name);
            let sent_on = tempatro_core::date::short(request.created_at.date());
            lines.extend(widgets::wrapped(
                &texts::pending_request(lang, &child, &sent_on),
                width,
                Style::new().fg(Color::DarkGray),
            ));
        }
        (lines, selected_rows)
    }
}

pub fn full_name(child: &ChildSummary) -> String {
    format!("{} {}", child.first_name, child.last_name)
}

/// The guide's two badges, with their colours and tooltips: red for an unpaid affiliation of the
/// current cycle, yellow for the solidarity fee.
fn badges(child: &ChildSummary) -> Vec<(T, Color, T)> {
    let mut badges = Vec::new();
    if let Some(affiliation) = &child.affiliation {
        if !affiliation.paid() {
            badges.push((T::BadgeUnpaid, Color::Red, T::TipUnpaid));
        }
        if affiliation.solidarity {
            badges.push((T::BadgeSolidarity, Color::Yellow, T::TipSolidarity));
        }
    }
    badges
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}
