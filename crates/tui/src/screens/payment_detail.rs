//! One due and how to pay it: the Patro's IBAN and name, the amount left, the structured
//! communication (boxed: it is what parents type, and what matches the transfer to the due),
//! the payments received, and the EPC QR code a banking app scans off the screen. The code goes
//! beside the details when the terminal is wide enough, under them when it is tall enough, and
//! otherwise a sentence says how to see it.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tempatro_core::Lang;
use tempatro_core::api::{DueDetail, DueView, TransferDetails};
use tempatro_core::date::short;
use tempatro_core::payment::DueStatus;
use unicode_width::UnicodeWidthStr;

use crate::app::Screen;
use crate::command::Command;
use crate::form::Banner;
use crate::keys::{self, Action, Binding};
use crate::qr::{QUIET_ZONES, QrMatrix, QrWidget};
use crate::screens::Step;
use crate::screens::payments::status_style;
use crate::texts::{self, T};
use crate::widgets;

#[derive(Debug, Clone)]
pub struct PaymentDetail {
    /// The list's copy until the server answers: the screen shows at once.
    pub due: DueView,
    /// How to pay; None until the server answers, and once nothing is left to pay.
    pub transfer: Option<TransferDetails>,
    /// Built once from the transfer's payload, not at every drawing.
    pub qr: Option<QrMatrix>,
    /// Whether the server has answered.
    pub loaded: bool,
    pub back: Box<Screen>,
    pub banner: Option<Banner>,
}

/// The narrowest the details may get to leave the code beside them.
const MIN_TEXT_WIDTH: u16 = 30;
/// Columns between the details and the code.
const GAP: u16 = 2;

/// Where the code goes, with the quiet zone it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Beside {
        quiet: u16,
    },
    Below {
        quiet: u16,
    },
    /// The terminal is too small: a sentence instead.
    Nowhere,
}

impl PaymentDetail {
    pub fn loading(due: DueView, back: Screen) -> PaymentDetail {
        PaymentDetail {
            due,
            transfer: None,
            qr: None,
            loaded: false,
            back: Box::new(back),
            banner: None,
        }
    }

    pub fn loaded(&mut self, detail: DueDetail) {
        self.qr = detail
            .transfer
            .as_ref()
            .and_then(|transfer| QrMatrix::epc(&transfer.epc_payload));
        self.due = detail.due;
        self.transfer = detail.transfer;
        self.loaded = true;
        self.banner = None;
    }

    pub fn bindings(&self) -> Vec<Binding> {
        vec![
            Binding::new(keys::RETRY, T::KeyRefresh),
            Binding::new(keys::BACK, T::KeyBack),
        ]
    }

    pub fn perform(&mut self, action: Action) -> Step {
        match action {
            Action::Retry => {
                self.banner = None;
                Step::Run(Command::LoadDue(self.due.id))
            }
            Action::Back => Step::back_to((*self.back).clone()),
            _ => Step::Stay,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let area = area.inner(Margin::new(1, 0));
        if area.is_empty() {
            return;
        }
        let title = format!("{} · {}", self.due.label, self.due.child_name);
        frame.render_widget(
            Paragraph::new(widgets::title_with_back(
                &title,
                T::BackLink.get(lang),
                area.width,
            )),
            Rect { height: 1, ..area },
        );
        let body = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let placement = self.placement(body.width, body.height, lang);
        match (placement, &self.qr) {
            (Placement::Beside { quiet }, Some(matrix)) => {
                let (columns, lines) = matrix.size(quiet);
                let text_width = body.width - columns - GAP;
                frame.render_widget(
                    Paragraph::new(self.lines(text_width, placement, lang)),
                    Rect {
                        width: text_width,
                        ..body
                    },
                );
                frame.render_widget(
                    QrWidget { matrix, quiet },
                    Rect::new(body.right() - columns, body.y, columns, lines),
                );
            }
            (Placement::Below { quiet }, Some(matrix)) => {
                let text = self.lines(body.width, placement, lang);
                let top = u16::try_from(text.len()).unwrap_or(u16::MAX);
                frame.render_widget(Paragraph::new(text), body);
                let (columns, lines) = matrix.size(quiet);
                frame.render_widget(
                    QrWidget { matrix, quiet },
                    Rect::new(
                        body.x + (body.width - columns) / 2,
                        body.y + top,
                        columns,
                        lines,
                    ),
                );
            }
            _ => frame.render_widget(
                Paragraph::new(self.lines(body.width, placement, lang)),
                body,
            ),
        }
    }

    /// Where the code fits in `width` × `height` cells: beside the details, with the widest
    /// quiet zone that fits, else under them, else nowhere.
    pub fn placement(&self, width: u16, height: u16, lang: Lang) -> Placement {
        let Some(matrix) = &self.qr else {
            return Placement::Nowhere;
        };
        for quiet in QUIET_ZONES {
            let (columns, lines) = matrix.size(quiet);
            let text_width = width.saturating_sub(columns + GAP);
            let placement = Placement::Beside { quiet };
            if text_width >= MIN_TEXT_WIDTH
                && lines <= height
                && self.height(text_width, placement, lang) <= height
            {
                return placement;
            }
        }
        // The text above the code is the same whatever its quiet zone.
        let text = self.height(width, Placement::Below { quiet: 0 }, lang);
        match matrix.quiet_zone_within(width, height.saturating_sub(text)) {
            Some(quiet) => Placement::Below { quiet },
            None => Placement::Nowhere,
        }
    }

    fn height(&self, width: u16, placement: Placement, lang: Lang) -> u16 {
        u16::try_from(self.lines(width, placement, lang).len()).unwrap_or(u16::MAX)
    }

    /// The details in `width` columns, ending, when there is a transfer to make, with what to do
    /// about the code: scan it, or (`Nowhere`) how to see it.
    fn lines(&self, width: u16, placement: Placement, lang: Lang) -> Vec<Line<'static>> {
        let due = &self.due;
        let mut lines = widgets::banner(self.banner.as_ref(), width);
        lines.push(Line::from(vec![
            Span::raw(texts::labelled(lang, T::ColumnStatus.get(lang), "")),
            Span::styled(due.status.label(lang).to_owned(), status_style(due.status)),
        ]));
        // What was received only once something was: every line counts beside the code.
        let amounts = if due.paid.cents() == 0 {
            texts::labelled(lang, T::ColumnAmount.get(lang), &due.amount.to_string())
        } else {
            texts::due_amounts(lang, &due.amount.to_string(), &due.paid.to_string())
        };
        lines.extend(widgets::wrapped(&amounts, width, Style::new()));
        lines.push(Line::raw(""));
        match &self.transfer {
            Some(transfer) => lines.extend(self.transfer_lines(transfer, width, lang)),
            None => lines.extend(widgets::wrapped(
                &self.nothing_to_pay(lang),
                width,
                Style::new().add_modifier(Modifier::ITALIC),
            )),
        }
        lines.push(Line::raw(""));
        lines.extend(self.received_lines(width, lang));
        if self.transfer.is_some() {
            let (text, style) = match (placement, &self.qr) {
                (_, None) => (T::QrUnavailable, Style::new().fg(Color::Yellow)),
                (Placement::Nowhere, Some(_)) => (T::QrTooSmall, Style::new().fg(Color::Yellow)),
                (_, Some(_)) => (T::ScanQr, Style::new().fg(Color::Cyan)),
            };
            lines.push(Line::raw(""));
            lines.extend(widgets::wrapped(text.get(lang), width, style));
        }
        lines
    }

    /// Why there is no transfer to make.
    fn nothing_to_pay(&self, lang: Lang) -> String {
        let due = &self.due;
        match due.status {
            _ if !self.loaded => T::Loading.get(lang).to_owned(),
            DueStatus::Cancelled => T::DueCancelled.get(lang).to_owned(),
            DueStatus::Overpaid => format!(
                "{} {}",
                T::NothingLeft.get(lang),
                texts::overpaid_by(lang, &due.paid.saturating_sub(due.amount).to_string())
            ),
            _ if due.left.cents() <= 0 => T::NothingLeft.get(lang).to_owned(),
            _ => T::NoBankAccount.get(lang).to_owned(),
        }
    }

    fn transfer_lines(
        &self,
        transfer: &TransferDetails,
        width: u16,
        lang: Lang,
    ) -> Vec<Line<'static>> {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let mut lines = labelled(
            T::AmountToPay.get(lang),
            &transfer.amount.to_string(),
            bold,
            width,
            lang,
        );
        lines.extend(labelled(
            T::Beneficiary.get(lang),
            &transfer.beneficiary,
            Style::new(),
            width,
            lang,
        ));
        lines.extend(labelled(
            T::Iban.get(lang),
            &transfer.iban,
            bold,
            width,
            lang,
        ));
        if let Some(bic) = &transfer.bic {
            lines.extend(labelled(T::Bic.get(lang), bic, Style::new(), width, lang));
        }
        lines.push(Line::styled(
            texts::labelled(lang, T::StructuredCommunication.get(lang), ""),
            Style::new(),
        ));
        lines.extend(reference_box(&transfer.reference, width));
        lines.extend(widgets::wrapped(
            T::CommunicationHint.get(lang),
            width,
            Style::new().fg(Color::DarkGray),
        ));
        lines
    }

    /// "Paiements reçus", one line each: date, amount, how it came.
    fn received_lines(&self, width: u16, lang: Lang) -> Vec<Line<'static>> {
        let title = T::PaymentsReceived.get(lang);
        if self.due.payments.is_empty() {
            return labelled(
                title,
                T::NoneYet.get(lang),
                Style::new().fg(Color::DarkGray),
                width,
                lang,
            );
        }
        let mut lines = vec![Line::raw(texts::labelled(lang, title, ""))];
        for payment in &self.due.payments {
            let mut how = payment.method.label(lang).to_owned();
            if payment.from_bank {
                how = format!("{how} ({})", T::FromBank.get(lang));
            }
            let text = format!("{} · {} · {how}", short(payment.paid_on), payment.amount);
            for (row, line) in widgets::wrap(&text, width.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let bullet = if row == 0 { "• " } else { "  " };
                lines.push(Line::styled(
                    format!("{bullet}{line}"),
                    Style::new().fg(Color::Green),
                ));
            }
        }
        lines
    }
}

/// `Label : value` on one line when it fits, otherwise the value under its label.
fn labelled(label: &str, value: &str, style: Style, width: u16, lang: Lang) -> Vec<Line<'static>> {
    let prefix = texts::labelled(lang, label, "");
    if prefix.width() + value.width() <= usize::from(width) {
        return vec![Line::from(vec![
            Span::raw(prefix),
            Span::styled(value.to_owned(), style),
        ])];
    }
    let mut lines = vec![Line::raw(prefix.trim_end().to_owned())];
    for line in widgets::wrap(value, width.saturating_sub(2)) {
        lines.push(Line::styled(format!("  {line}"), style));
    }
    lines
}

/// The structured communication in a heavy box, in bold, to stand out as what to type.
fn reference_box(reference: &str, width: u16) -> Vec<Line<'static>> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let inner = reference.width() + 4;
    if inner + 2 > usize::from(width) {
        return widgets::wrapped(reference, width, bold);
    }
    let border = Style::new().fg(Color::Yellow);
    vec![
        Line::styled(format!("┏{}┓", "━".repeat(inner)), border),
        Line::from(vec![
            Span::styled("┃  ", border),
            Span::styled(reference.to_owned(), bold),
            Span::styled("  ┃", border),
        ]),
        Line::styled(format!("┗{}┛", "━".repeat(inner)), border),
    ]
}
