//! "Mes paiements": every due of the parent's children (an affiliation, a camp's fee, something
//! else the Patro asked for) with what it is for, the amount, what is left and its status; the
//! ones still to pay first, newest first. Enter opens how to pay one.

use std::cmp::Reverse;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tempatro_core::api::{DueKind, DueView};
use tempatro_core::payment::DueStatus;
use tempatro_core::{Amount, Lang};
use unicode_width::UnicodeWidthStr;

use crate::app::Screen;
use crate::command::Command;
use crate::form::Banner;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::payment_detail::PaymentDetail;
use crate::texts::{self, T};
use crate::widgets;

/// The due the way in was about: the screen opens with the cursor on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub child_id: i64,
    /// The kind of due (an unpaid affiliation, a camp's fee…), when the way in says it.
    pub kind: Option<DueKind>,
    /// The alert's words, which may name the due ("Les frais de Camp d'été 2027 …").
    pub hint: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PaymentsView {
    /// Where Esc leads: the dashboard, or "Gérer mes enfants".
    pub back: Box<Screen>,
    /// Applied once, when the dues first arrive.
    pub wanted: Option<Wanted>,
    /// In the order shown; None until the server answers.
    pub dues: Option<Vec<DueView>>,
    pub selected: usize,
    pub banner: Option<Banner>,
}

impl PaymentsView {
    pub fn new(back: Screen, wanted: Option<Wanted>) -> PaymentsView {
        PaymentsView {
            back: Box::new(back),
            wanted,
            dues: None,
            selected: 0,
            banner: None,
        }
    }

    pub fn loaded(&mut self, mut dues: Vec<DueView>) {
        dues.sort_by_key(|due| (rank(due.status), Reverse(due.created_on), Reverse(due.id)));
        // Read again (back from a detail, r): the cursor stays on the same due, wherever the
        // list now puts it.
        let previous = self.current().map(|due| due.id);
        let selected = match self.wanted.take() {
            Some(wanted) => pick(&dues, &wanted),
            None => previous.and_then(|id| dues.iter().position(|due| due.id == id)),
        };
        self.selected = selected
            .unwrap_or(self.selected)
            .min(dues.len().saturating_sub(1));
        self.dues = Some(dues);
        self.banner = None;
    }

    fn dues(&self) -> &[DueView] {
        self.dues.as_deref().unwrap_or_default()
    }

    pub fn current(&self) -> Option<&DueView> {
        self.dues().get(self.selected)
    }

    pub fn bindings(&self) -> Vec<Binding> {
        let mut bindings = Vec::new();
        if !self.dues().is_empty() {
            bindings.push(Binding::new(keys::MENU, T::KeyChoose));
            bindings.push(Binding::new(keys::ENTER, T::KeyDetails));
        }
        bindings.push(Binding::new(keys::RETRY, T::KeyRefresh));
        bindings.push(Binding::new(keys::BACK, T::KeyBack));
        bindings
    }

    pub fn perform(&mut self, action: Action) -> Step {
        let count = self.dues().len();
        match action {
            Action::Next if self.selected + 1 < count => self.selected += 1,
            Action::Previous => self.selected = self.selected.saturating_sub(1),
            Action::Activate => {
                if let Some(due) = self.current() {
                    let id = due.id;
                    let back = PaymentsView {
                        banner: None,
                        ..self.clone()
                    };
                    return Step::open(
                        Screen::PaymentDetail(Box::new(PaymentDetail::loading(
                            due.clone(),
                            Screen::Payments(back),
                        ))),
                        Command::LoadDue(id),
                    );
                }
            }
            Action::Retry => {
                self.banner = None;
                return Step::Run(Command::LoadDues);
            }
            Action::Back => return Step::back_to((*self.back).clone()),
            _ => {}
        }
        Step::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let area = area.inner(Margin::new(1, 0));
        let width = area.width;
        let mut header = vec![Line::styled(
            T::MenuPayments.get(lang),
            widgets::title_style(),
        )];
        header.extend(widgets::wrapped(
            T::PaymentsIntro.get(lang),
            width,
            Style::new(),
        ));
        header.extend(self.total_lines(width, lang));
        header.extend(widgets::banner(self.banner.as_ref(), width));
        header.push(Line::raw(""));
        let columns = Columns::of(self.dues(), width, lang);
        if !self.dues().is_empty() {
            header.push(columns.heading(lang));
        }
        let [header_area, body] = Layout::vertical([
            Constraint::Length(u16::try_from(header.len()).unwrap_or(u16::MAX)),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(header), header_area);
        widgets::selection_list(
            frame,
            body,
            self.dues.as_deref(),
            self.selected,
            T::NoDues,
            lang,
            |_, due, selected| columns.entry(due, selected, width, lang),
        );
    }

    /// What is left to pay over all the dues, or that everything is paid.
    fn total_lines(&self, width: u16, lang: Lang) -> Vec<Line<'static>> {
        let dues = self.dues();
        if dues.is_empty() {
            return Vec::new();
        }
        let left: i64 = dues
            .iter()
            .filter(|due| open(due.status))
            .map(|due| due.left.cents())
            .sum();
        if left > 0 {
            widgets::wrapped(
                &texts::total_left(lang, &Amount::from_cents(left).to_string()),
                width,
                widgets::error_style(),
            )
        } else {
            widgets::wrapped(
                T::AllPaid.get(lang),
                width,
                Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            )
        }
    }
}

/// Whether something is still to pay on a due with this status.
pub fn open(status: DueStatus) -> bool {
    matches!(status, DueStatus::Unpaid | DueStatus::PartiallyPaid)
}

/// What still waits for the parent first, then what is settled, then what was cancelled.
fn rank(status: DueStatus) -> u8 {
    match status {
        DueStatus::Unpaid | DueStatus::PartiallyPaid => 0,
        DueStatus::Paid | DueStatus::Overpaid => 1,
        DueStatus::Cancelled => 2,
    }
}

/// The colour of a status: red while something is to pay, green once paid, yellow when too
/// much came in, grey when cancelled.
pub fn status_style(status: DueStatus) -> Style {
    match status {
        DueStatus::Unpaid | DueStatus::PartiallyPaid => widgets::error_style(),
        DueStatus::Paid => Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        DueStatus::Overpaid => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        DueStatus::Cancelled => Style::new().fg(Color::DarkGray),
    }
}

/// The due the way in was about, best match first: an open due of that child and kind named by
/// the alert, then any open one of that kind, then any open one of the child, then any of the
/// child.
fn pick(dues: &[DueView], wanted: &Wanted) -> Option<usize> {
    let of_child = |due: &DueView| due.child_id == wanted.child_id;
    let of_kind = |due: &DueView| wanted.kind.is_none_or(|kind| due.kind == kind);
    let named = |due: &DueView| {
        wanted
            .hint
            .as_deref()
            .is_some_and(|hint| hint.contains(&due.label))
    };
    let tests: [&dyn Fn(&DueView) -> bool; 4] = [
        &|due| of_child(due) && of_kind(due) && open(due.status) && named(due),
        &|due| of_child(due) && of_kind(due) && open(due.status),
        &|due| of_child(due) && open(due.status),
        &|due| of_child(due),
    ];
    tests.iter().find_map(|test| dues.iter().position(test))
}

/// The widths of the list's columns: what the due is for takes what the figures and the status
/// (the last column, as wide as it needs) leave.
struct Columns {
    label: usize,
    amount: usize,
    left: usize,
}

/// Two columns between each of the four.
const GAP: usize = 2;

impl Columns {
    fn of(dues: &[DueView], width: u16, lang: Lang) -> Columns {
        let widest = |title: T, values: &mut dyn Iterator<Item = String>| {
            values
                .map(|value| value.width())
                .max()
                .unwrap_or(0)
                .max(title.get(lang).width())
        };
        let amount = widest(
            T::ColumnAmount,
            &mut dues.iter().map(|due| due.amount.to_string()),
        );
        let left = widest(T::ColumnLeft, &mut dues.iter().map(left_text));
        let status = widest(
            T::ColumnStatus,
            &mut dues.iter().map(|due| due.status.label(lang).to_owned()),
        );
        let label = usize::from(width)
            .saturating_sub(widgets::MARKER.width() + amount + left + status + 3 * GAP)
            .max(8);
        Columns {
            label,
            amount,
            left,
        }
    }

    fn heading(&self, lang: Lang) -> Line<'static> {
        Line::styled(
            format!(
                "  {}{gap}{}{gap}{}{gap}{}",
                pad(T::ColumnFor.get(lang), self.label),
                pad_left(T::ColumnAmount.get(lang), self.amount),
                pad_left(T::ColumnLeft.get(lang), self.left),
                T::ColumnStatus.get(lang),
                gap = " ".repeat(GAP),
            ),
            Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
        )
    }

    /// `▸ Affiliation 2026-2027   15,00 €   15,00 €  non payé`, then the child and the
    /// structured communication in grey.
    fn entry(&self, due: &DueView, selected: bool, width: u16, lang: Lang) -> Vec<Line<'static>> {
        let cancelled = due.status == DueStatus::Cancelled;
        let style = match (selected, cancelled) {
            (true, _) => widgets::focus_style(),
            (false, true) => Style::new().fg(Color::DarkGray),
            (false, false) => Style::new().add_modifier(Modifier::BOLD),
        };
        let figures = if cancelled {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        };
        let gap = " ".repeat(GAP);
        let labels = widgets::wrap(&due.label, u16::try_from(self.label).unwrap_or(u16::MAX));
        let mut lines = Vec::new();
        for (row, label) in labels.into_iter().enumerate() {
            let mut spans = vec![
                Span::styled(
                    if selected && row == 0 {
                        widgets::MARKER
                    } else {
                        "  "
                    },
                    style,
                ),
                Span::styled(pad(&label, self.label), style),
            ];
            if row == 0 {
                spans.push(Span::styled(
                    format!(
                        "{gap}{}{gap}{}{gap}",
                        pad_left(&due.amount.to_string(), self.amount),
                        pad_left(&left_text(due), self.left),
                    ),
                    figures,
                ));
                spans.push(Span::styled(
                    due.status.label(lang).to_owned(),
                    status_style(due.status),
                ));
            }
            lines.push(Line::from(spans));
        }
        let about = format!("{} · {}", due.child_name, due.reference);
        for line in widgets::wrap(&about, width.saturating_sub(2)) {
            lines.push(Line::styled(
                format!("  {line}"),
                Style::new().fg(Color::DarkGray),
            ));
        }
        lines
    }
}

/// What is left, or a dash when nothing is (settled or cancelled).
fn left_text(due: &DueView) -> String {
    if due.status == DueStatus::Cancelled || due.left.cents() <= 0 {
        "—".to_owned()
    } else {
        due.left.to_string()
    }
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}
