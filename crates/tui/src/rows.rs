//! Forms taller than the terminal ("Modifier les infos", "Gérer mes infos"), drawn row by row and
//! scrolled so that the focused row is in view. The scroll follows from the focus and the height
//! at drawing time, so the screens keep no scroll position that could go stale when the terminal
//! is resized.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tempatro_core::Lang;

use crate::form::Field;
use crate::widgets;

#[derive(Debug)]
pub enum Row<'a> {
    Blank,
    /// A group's title ("Informations de la personne de contact principale").
    Heading(String),
    /// Any line of text: a sentence, a banner's line.
    Text(Line<'static>),
    Field {
        field: &'a Field,
        focused: bool,
    },
    Checkbox {
        label: &'static str,
        text: &'static str,
        checked: bool,
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

impl Row<'_> {
    /// A field takes more than its row only for its message or hint, to keep the form within
    /// 24 rows.
    fn height(&self, width: u16) -> u16 {
        match self {
            Row::Field { field, .. } if field.error.is_some() => {
                1 + u16::try_from(error_lines(field, width).len()).unwrap_or(u16::MAX)
            }
            Row::Field { field, .. } if field.hint.is_some() => 2,
            _ => 1,
        }
    }

    fn focused(&self) -> bool {
        match self {
            Row::Field { focused, .. }
            | Row::Checkbox { focused, .. }
            | Row::Button { focused, .. } => *focused,
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
    let heights: Vec<u16> = rows.iter().map(|row| row.height(area.width)).collect();
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
            Row::Checkbox {
                label,
                text,
                checked,
                focused,
            } => widgets::checkbox(frame, rect, label, text, *checked, *focused, label_width),
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
