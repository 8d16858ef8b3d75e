//! Forms taller than the terminal ("Modifier les infos", "Gérer mes infos"), drawn row by row and
//! scrolled so that the focused row is in view. The scroll follows from the focus and the height
//! at drawing time, so the screens keep no scroll position that could go stale when the terminal
//! is resized.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tempatro_core::Lang;
use unicode_width::UnicodeWidthStr;

use crate::form::Field;
use crate::widgets;

#[derive(Debug)]
pub enum Row<'a> {
    Blank,
    /// A group's title ("Informations de la personne de contact principale").
    Heading(String),
    /// Any line of text: a sentence, a banner's line.
    Text(Line<'static>),
    /// A sentence wrapped over as many rows as it needs, two columns in.
    Wrapped(String, Style),
    Field {
        field: &'a Field,
        focused: bool,
    },
    /// Several short fields side by side on one row ("Médicament 1  [nom] [dose] [qui]").
    Fields {
        label: String,
        fields: Vec<&'a Field>,
        /// Which of them has the focus.
        focused: Option<usize>,
    },
    /// A checkbox; its text wraps, and its error, if any, is written below.
    Checkbox {
        label: &'static str,
        text: &'static str,
        checked: bool,
        focused: bool,
        error: Option<&'a str>,
    },
    /// A yes-no question that may stay unanswered: `[x] oui  [ ] non  [ ] non précisé`.
    Choice {
        label: &'static str,
        value: Option<bool>,
        focused: bool,
    },
    Button {
        label: &'static str,
        focused: bool,
    },
}

/// A field's error under it, wrapped: the server's sentences can be longer than a row.
fn error_lines(field: &Field, width: u16) -> Vec<String> {
    field.error.as_ref().map_or_else(Vec::new, |error| {
        widgets::wrap(
            &format!("⚠ {}", crate::texts::sentence(error)),
            width.saturating_sub(2),
        )
    })
}

fn count(lines: usize) -> u16 {
    u16::try_from(lines).unwrap_or(u16::MAX)
}

/// A message for under a row, wrapped, starting with ⚠.
fn message_lines(error: &str, width: u16) -> Vec<String> {
    widgets::wrap(
        &format!("⚠ {}", crate::texts::sentence(error)),
        width.saturating_sub(2),
    )
}

/// The columns where a checkbox's text starts, after the marker, the label and `[x] `.
fn checkbox_text_column(label_width: u16) -> u16 {
    2 + label_width + 1 + 4
}

impl Row<'_> {
    /// A field takes more than its row only for its message or hint, to keep the form within
    /// 24 rows.
    fn height(&self, width: u16, label_width: u16) -> u16 {
        match self {
            Row::Field { field, .. } if field.error.is_some() => {
                1 + count(error_lines(field, width).len())
            }
            Row::Field { field, .. } if field.hint.is_some() => 2,
            Row::Fields { fields, .. } => {
                1 + fields
                    .iter()
                    .find_map(|field| field.error.as_deref())
                    .map_or(0, |error| count(message_lines(error, width).len()))
            }
            Row::Wrapped(text, _) => count(widgets::wrap(text, width.saturating_sub(2)).len()),
            Row::Checkbox { text, error, .. } => {
                let text_width = width.saturating_sub(checkbox_text_column(label_width));
                count(widgets::wrap(text, text_width).len())
                    + error.map_or(0, |error| count(message_lines(error, width).len()))
            }
            _ => 1,
        }
    }

    fn focused(&self) -> bool {
        match self {
            Row::Field { focused, .. }
            | Row::Checkbox { focused, .. }
            | Row::Choice { focused, .. }
            | Row::Button { focused, .. } => *focused,
            Row::Fields { focused, .. } => focused.is_some(),
            _ => false,
        }
    }
}

/// Draws `rows` in `area`, fields' labels padded to `label_width`; returns where the cursor goes
/// when a text field has the focus.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    rows: &[Row],
    label_width: u16,
    lang: Lang,
) -> Option<Position> {
    let heights: Vec<u16> = rows
        .iter()
        .map(|row| row.height(area.width, label_width))
        .collect();
    let total: u16 = heights.iter().sum();
    let offset = offset(&heights, rows.iter().position(Row::focused), area.height);
    let mut cursor = None;
    let mut top = 0;
    for (row, height) in rows.iter().zip(&heights) {
        let start = top;
        top += height;
        // Only rows wholly in view are drawn: half a field would hide its message.
        if start < offset || top - offset > area.height {
            continue;
        }
        let rect = Rect {
            x: area.x,
            y: area.y + start - offset,
            width: area.width,
            height: *height,
        };
        match row {
            Row::Blank => {}
            Row::Heading(text) => frame.render_widget(
                Paragraph::new(Line::styled(
                    text.clone(),
                    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                )),
                rect,
            ),
            Row::Text(line) => frame.render_widget(Paragraph::new(line.clone()), rect),
            Row::Field { field, focused } if field.error.is_some() => {
                // The field alone on its row, its message wrapped below.
                let row = Rect { height: 1, ..rect };
                let position = widgets::field(frame, row, field, *focused, label_width, lang);
                cursor = cursor.or(position);
                let lines: Vec<Line> = error_lines(field, area.width)
                    .into_iter()
                    .map(|line| Line::styled(format!("  {line}"), widgets::error_style()))
                    .collect();
                frame.render_widget(
                    Paragraph::new(lines),
                    Rect {
                        y: rect.y + 1,
                        height: rect.height - 1,
                        ..rect
                    },
                );
            }
            Row::Field { field, focused } => {
                let position = widgets::field(frame, rect, field, *focused, label_width, lang);
                cursor = cursor.or(position);
            }
            Row::Wrapped(text, style) => {
                let lines: Vec<Line> = widgets::wrap(text, area.width.saturating_sub(2))
                    .into_iter()
                    .map(|line| Line::styled(format!("  {line}"), *style))
                    .collect();
                frame.render_widget(Paragraph::new(lines), rect);
            }
            Row::Fields {
                label,
                fields,
                focused,
            } => {
                let position = draw_fields(frame, rect, label, fields, *focused);
                cursor = cursor.or(position);
            }
            Row::Checkbox {
                label,
                text,
                checked,
                focused,
                error,
            } => draw_checkbox(
                frame,
                rect,
                (label, text),
                *checked,
                *focused,
                *error,
                label_width,
            ),
            Row::Choice {
                label,
                value,
                focused,
            } => draw_choice(frame, rect, label, *value, *focused, label_width, lang),
            Row::Button { label, focused } => {
                frame.render_widget(Paragraph::new(widgets::button(label, *focused)), rect);
            }
        }
    }
    if area.width > 0 && area.height > 0 {
        let corner = area.right() - 1;
        let buffer = frame.buffer_mut();
        if offset > 0 {
            buffer[(corner, area.y)].set_symbol("▲");
        }
        if total.saturating_sub(offset) > area.height {
            buffer[(corner, area.bottom() - 1)].set_symbol("▼");
        }
    }
    cursor
}

/// The label of a row, marked and padded to `label_width`.
fn label_spans(label: &str, focused: bool, label_width: u16) -> Vec<Span<'static>> {
    let style = if focused {
        widgets::focus_style()
    } else {
        Style::new()
    };
    let padding = usize::from(label_width).saturating_sub(label.width());
    vec![
        Span::styled(if focused { widgets::MARKER } else { "  " }, style),
        Span::styled(label.to_owned(), style),
        Span::raw(" ".repeat(padding + 1)),
    ]
}

/// Short fields side by side after their own short label, not the form's label column, so that
/// each keeps some room; the first error among them is written below.
fn draw_fields(
    frame: &mut Frame,
    rect: Rect,
    label: &str,
    fields: &[&Field],
    focused: Option<usize>,
) -> Option<Position> {
    let label_width = u16::try_from(label.width()).unwrap_or(u16::MAX);
    let mut spans = label_spans(label, focused.is_some(), label_width);
    let start = rect.x + 2 + label_width + 1;
    let total = rect.right().saturating_sub(start).saturating_sub(2);
    let n = u16::try_from(fields.len().max(1)).unwrap_or(u16::MAX);
    // Each field is `[text]` and one space apart from the next.
    let each = (total.saturating_sub(n - 1) / n).saturating_sub(2);
    let mut cursor = None;
    let mut x = start;
    for (index, field) in fields.iter().enumerate() {
        let has_focus = focused == Some(index);
        let bracket = if has_focus {
            widgets::focus_style()
        } else {
            Style::new().fg(Color::DarkGray)
        };
        let view = if has_focus {
            field.input.view(each)
        } else {
            crate::input::View {
                text: field.input.preview(each),
                cursor_column: 0,
            }
        };
        let padding = usize::from(each).saturating_sub(view.text.width());
        if index > 0 {
            spans.push(Span::raw(" "));
            x += 1;
        }
        spans.push(Span::styled("[", bracket));
        spans.push(Span::raw(format!("{}{}", view.text, " ".repeat(padding))));
        spans.push(Span::styled("]", bracket));
        if has_focus {
            cursor = Some(Position {
                x: x + 1 + view.cursor_column,
                y: rect.y,
            });
        }
        x += each + 2;
    }
    let mut lines = vec![Line::from(spans)];
    if let Some(error) = fields.iter().find_map(|field| field.error.as_deref()) {
        lines.extend(
            message_lines(error, rect.width)
                .into_iter()
                .map(|line| Line::styled(format!("  {line}"), widgets::error_style())),
        );
    }
    frame.render_widget(Paragraph::new(lines), rect);
    cursor
}

/// `▸ Label  [x] text`, the text wrapped under itself, then the error.
fn draw_checkbox(
    frame: &mut Frame,
    rect: Rect,
    (label, text): (&str, &str),
    checked: bool,
    focused: bool,
    error: Option<&str>,
    label_width: u16,
) {
    let style = if focused {
        widgets::focus_style()
    } else {
        Style::new()
    };
    let column = checkbox_text_column(label_width);
    let rows = widgets::wrap(text, rect.width.saturating_sub(column));
    let mut lines = Vec::new();
    for (index, row) in rows.into_iter().enumerate() {
        if index == 0 {
            let mut spans = label_spans(label, focused, label_width);
            spans.push(Span::styled(if checked { "[x]" } else { "[ ]" }, style));
            spans.push(Span::raw(format!(" {row}")));
            lines.push(Line::from(spans));
        } else {
            lines.push(Line::raw(format!(
                "{}{row}",
                " ".repeat(usize::from(column))
            )));
        }
    }
    if let Some(error) = error {
        lines.extend(
            message_lines(error, rect.width)
                .into_iter()
                .map(|line| Line::styled(format!("  {line}"), widgets::error_style())),
        );
    }
    frame.render_widget(Paragraph::new(lines), rect);
}

/// `▸ Sait nager  [x] oui  [ ] non  [ ] non précisé`: one box ticked, the answer given.
fn draw_choice(
    frame: &mut Frame,
    rect: Rect,
    label: &str,
    value: Option<bool>,
    focused: bool,
    label_width: u16,
    lang: Lang,
) {
    let mut spans = label_spans(label, focused, label_width);
    let style = if focused {
        widgets::focus_style()
    } else {
        Style::new()
    };
    for (index, answer) in [Some(true), Some(false), None].into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(
            if answer == value { "[x]" } else { "[ ]" },
            style,
        ));
        spans.push(Span::raw(format!(
            " {}",
            tempatro_core::medical::yes_no(answer, lang)
        )));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), rect);
}

/// The first row shown: none hidden when all fit, otherwise the least scroll that shows the
/// focused row whole.
fn offset(heights: &[u16], focused: Option<usize>, visible: u16) -> u16 {
    let total: u16 = heights.iter().sum();
    if total <= visible {
        return 0;
    }
    let Some(index) = focused else {
        return 0;
    };
    let bottom: u16 = heights[..=index].iter().sum();
    bottom.saturating_sub(visible).min(total - visible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_scrolls_when_everything_fits() {
        assert_eq!(offset(&[1, 2, 1], Some(2), 4), 0);
    }

    #[test]
    fn the_focused_row_is_brought_into_view_whole() {
        // Rows at 0, 1-2, 3, 4-5, 6; five visible.
        let heights = [1, 2, 1, 2, 1];
        assert_eq!(offset(&heights, Some(0), 5), 0);
        assert_eq!(offset(&heights, Some(2), 5), 0);
        assert_eq!(
            offset(&heights, Some(3), 5),
            1,
            "rows 4-5 need one row of scroll"
        );
        assert_eq!(offset(&heights, Some(4), 5), 2);
    }

    #[test]
    fn a_tiny_area_still_shows_the_end_of_the_focused_row() {
        assert_eq!(offset(&[2, 2], Some(1), 1), 3);
        assert_eq!(offset(&[2, 2], Some(1), 0), 4);
    }
}
