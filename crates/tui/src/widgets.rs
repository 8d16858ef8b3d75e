//! Drawing pieces the screens share: the frame around every screen with its key bar, form rows,
//! the frame of a sheet being edited, lists with a selection, buttons, banners, word wrapping and
//! the help overlay. Everything here only reads state.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Position, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use tempatro_core::Lang;
use unicode_width::UnicodeWidthStr;

use crate::form::{Banner, Field};
use crate::keys::{self, Binding};
use crate::texts::T;

/// The focus marker: drawn as text, not only as a colour, so that it reads on any terminal.
pub const MARKER: &str = "▸ ";
const NO_MARKER: &str = "  ";

pub fn error_style() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn title_style() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn focus_style() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

/// The border around every screen: the app's name, a status on the right, the key bar at the
/// bottom. Returns the area inside.
pub fn chrome(frame: &mut Frame, bindings: &[Binding], status: Option<&str>, lang: Lang) -> Rect {
    let mut block = Block::bordered()
        .title(Line::from(format!(" {} ", T::AppTitle.get(lang))).bold())
        .title_bottom(key_bar(bindings, lang));
    if let Some(status) = status {
        block = block.title_top(Line::from(format!(" {status} ")).right_aligned());
    }
    let area = frame.area();
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

fn key_bar(bindings: &[Binding], lang: Lang) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (index, (key, label)) in keys::bar(bindings, lang).into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::raw(" · "));
        }
        spans.push(Span::styled(key, Style::new().add_modifier(Modifier::BOLD)));
        spans.push(Span::raw(format!(" {label}")));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// Splits `text` into lines of at most `width` columns, breaking between words. French keeps its
/// space before `:`, `!`, `?` and `;`, so those stay on the line of the word they follow.
pub fn wrap(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        let glued = matches!(word, ":" | "!" | "?" | ";" | "»");
        match words.last_mut() {
            Some(previous) if glued || previous.as_str() == "«" => {
                previous.push(' ');
                previous.push_str(word);
            }
            _ => words.push(word.to_owned()),
        }
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in words {
        let needed = if line.is_empty() {
            word.width()
        } else {
            line.width() + 1 + word.width()
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
        while line.width() > width {
            let (head, tail) = split_at_width(&line, width);
            lines.push(head);
            line = tail;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn split_at_width(text: &str, width: usize) -> (String, String) {
    let mut used = 0;
    for (index, c) in text.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            return (text[..index].to_owned(), text[index..].to_owned());
        }
        used += w;
    }
    (text.to_owned(), String::new())
}

/// Wrapped lines of `text`, all in `style`.
pub fn wrapped(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    wrap(text, width)
        .into_iter()
        .map(|line| Line::styled(line, style))
        .collect()
}

/// The height `text` takes once wrapped in `width` columns.
pub fn height(text: &str, width: u16) -> u16 {
    u16::try_from(wrap(text, width).len()).unwrap_or(u16::MAX)
}

/// The column forms are drawn in: centred, at most 76 wide.
pub fn form_column(area: Rect) -> Rect {
    let width = area.width.min(76);
    Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    }
}

/// A field on two rows: `▸ Label  [value      ]`, then its error or hint. Returns where the cursor
/// goes when the field has the focus.
pub fn field(
    frame: &mut Frame,
    area: Rect,
    field: &Field,
    focused: bool,
    label_width: u16,
    lang: Lang,
) -> Option<Position> {
    let [row, below] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let marker_width = 2;
    let input_x = row.x + marker_width + label_width + 1;
    let input_width = row
        .right()
        .saturating_sub(input_x)
        .saturating_sub(2)
        .min(46);
    let view = if focused {
        field.input.view(input_width)
    } else {
        crate::input::View {
            text: field.input.preview(input_width),
            cursor_column: 0,
        }
    };
    let label_style = if focused { focus_style() } else { Style::new() };
    let bracket_style = if focused {
        focus_style()
    } else {
        Style::new().fg(Color::DarkGray)
    };
    let label = field.label.get(lang);
    let padding = usize::from(label_width).saturating_sub(label.width());
    let shown = format!(
        "{}{}",
        view.text,
        " ".repeat(usize::from(input_width).saturating_sub(view.text.width()))
    );
    let line = Line::from(vec![
        Span::styled(if focused { MARKER } else { NO_MARKER }, label_style),
        Span::styled(label.to_owned(), label_style),
        Span::raw(" ".repeat(padding + 1)),
        Span::styled("[", bracket_style),
        Span::raw(shown),
        Span::styled("]", bracket_style),
    ]);
    frame.render_widget(Paragraph::new(line), row);
    let note = match (&field.error, field.hint) {
        (Some(error), _) => Some(Line::styled(
            format!("  ⚠ {}", crate::texts::sentence(error)),
            error_style(),
        )),
        (None, Some(hint)) => Some(Line::styled(
            format!(
                "{}{}",
                " ".repeat(usize::from(input_x + 1 - row.x)),
                hint.get(lang)
            ),
            Style::new().fg(Color::DarkGray),
        )),
        (None, None) => None,
    };
    if let Some(note) = note {
        frame.render_widget(Paragraph::new(note), below);
    }
    focused.then(|| Position {
        x: input_x + 1 + view.cursor_column,
        y: row.y,
    })
}

/// Fields one under the other, their inputs lined up after the longest label. Returns where the
/// cursor goes, in the field that has the focus.
pub fn fields<F: Copy + PartialEq>(
    frame: &mut Frame,
    area: Rect,
    fields: &[(F, &Field)],
    focus: F,
    lang: Lang,
) -> Option<Position> {
    let label_width = fields
        .iter()
        .map(|(_, field)| u16::try_from(field.label.get(lang).width()).unwrap_or(u16::MAX))
        .max()
        .unwrap_or(0);
    let rows = Layout::vertical(vec![Constraint::Length(2); fields.len()]).split(area);
    let mut cursor = None;
    for ((at, input), row) in fields.iter().zip(rows.iter()) {
        cursor = cursor.or(field(frame, *row, input, *at == focus, label_width, lang));
    }
    cursor
}

/// A form's banner, indented as the form's text.
pub fn form_banner(frame: &mut Frame, area: Rect, banner: Option<&Banner>) {
    let area = area.inner(Margin::new(2, 0));
    frame.render_widget(Paragraph::new(self::banner(banner, area.width)), area);
}

/// The frame of a form that edits a sheet: its title, banner and what a refused save asks for
/// above, "Quitter sans sauver ? o/n" below while it is asked. Returns the area for the fields.
pub fn editing(
    frame: &mut Frame,
    area: Rect,
    title: String,
    banner: Option<&Banner>,
    stale: bool,
    confirm_leave: bool,
    lang: Lang,
) -> Rect {
    let area = area.inner(Margin::new(1, 0));
    let mut header = vec![Line::styled(title, title_style())];
    header.extend(self::banner(banner, area.width));
    if stale {
        header.extend(wrapped(
            T::StaleReload.get(lang),
            area.width,
            Style::new().fg(Color::Yellow),
        ));
    }
    let footer = if confirm_leave {
        vec![
            Line::styled(
                T::QuitWithoutSaving.get(lang),
                Style::new()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD | Modifier::REVERSED),
            )
            .centered(),
        ]
    } else {
        Vec::new()
    };
    let [header_area, body, footer_area] = Layout::vertical([
        Constraint::Length(u16::try_from(header.len()).unwrap_or(u16::MAX)),
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(footer.len()).unwrap_or(u16::MAX)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(header), header_area);
    frame.render_widget(Paragraph::new(footer), footer_area);
    body
}

/// A list with one item selected, each item drawn by `entry` on as many lines as it needs;
/// scrolled no more than it takes to keep the selected item in view, so that nothing has to
/// remember a scroll. While `items` is None, the list is loading; `empty` says there is none.
pub fn selection_list<I>(
    frame: &mut Frame,
    area: Rect,
    items: Option<&[I]>,
    selected: usize,
    empty: T,
    lang: Lang,
    mut entry: impl FnMut(usize, &I, bool) -> Vec<Line<'static>>,
) {
    let italic = Style::new().add_modifier(Modifier::ITALIC);
    let mut lines = Vec::new();
    let mut focused = 0..0;
    match items {
        None => lines.push(Line::styled(T::Loading.get(lang), italic)),
        Some([]) => lines = wrapped(empty.get(lang), area.width, italic),
        Some(items) => {
            for (index, item) in items.iter().enumerate() {
                let start = lines.len();
                lines.extend(entry(index, item, index == selected));
                if index == selected {
                    focused = start..lines.len();
                }
            }
        }
    }
    let skip = focused.end.saturating_sub(usize::from(area.height));
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()),
        area,
    );
}

/// Draws content `height` rows tall in `area`, from row `scroll` on when it does not fit; "▲" and
/// "▼" in the right corners say that there is more above or below. The content is drawn whole
/// into a buffer of its own, then the visible rows are copied, so that boxes cut by the edge of
/// the screen are drawn as they are, not squeezed.
pub fn scrolled(
    frame: &mut Frame,
    area: Rect,
    height: u16,
    scroll: u16,
    draw: impl FnOnce(&mut Buffer, Rect),
) {
    if area.is_empty() {
        return;
    }
    if height <= area.height {
        draw(frame.buffer_mut(), Rect { height, ..area });
        return;
    }
    let scroll = scroll.min(height - area.height);
    let content = Rect::new(0, 0, area.width, height);
    let mut buffer = Buffer::empty(content);
    draw(&mut buffer, content);
    let target = frame.buffer_mut();
    for y in 0..area.height {
        for x in 0..area.width {
            target[(area.x + x, area.y + y)] = buffer[(x, y + scroll)].clone();
        }
    }
    let corner = area.right() - 1;
    if scroll > 0 {
        target[(corner, area.y)].set_symbol("▲");
    }
    if scroll + area.height < height {
        target[(corner, area.bottom() - 1)].set_symbol("▼");
    }
}

/// `[ Se connecter ]`, centred; reversed and marked when it has the focus.
pub fn button(label: &str, focused: bool) -> Line<'static> {
    let text = format!("[ {label} ]");
    if focused {
        Line::from(vec![
            Span::styled(MARKER, focus_style()),
            Span::styled(text, focus_style().add_modifier(Modifier::REVERSED)),
        ])
        .centered()
    } else {
        Line::from(format!("{NO_MARKER}{text}")).centered()
    }
}

/// A link-like action ("Créez-en un !"), underlined, marked when it has the focus.
pub fn link(label: &str, focused: bool) -> Vec<Span<'static>> {
    let style = if focused {
        focus_style().add_modifier(Modifier::UNDERLINED)
    } else {
        Style::new()
            .fg(Color::Cyan)
            .add_modifier(Modifier::UNDERLINED)
    };
    vec![
        Span::styled(
            if focused { MARKER } else { NO_MARKER },
            style.remove_modifier(Modifier::UNDERLINED),
        ),
        Span::styled(label.to_owned(), style),
    ]
}

/// The lines of a banner wrapped in `width`: red for an error, plain for information.
pub fn banner(banner: Option<&Banner>, width: u16) -> Vec<Line<'static>> {
    match banner {
        None => Vec::new(),
        Some(Banner::Error(message)) => wrapped(&format!("⚠ {message}"), width, error_style()),
        Some(Banner::Info(message)) => wrapped(message, width, Style::new().fg(Color::Green)),
    }
}

/// A screen's title on the left and the way back on the right ("Esc Retourner en arrière"),
/// as on the guide's pages; the title alone when both do not fit.
pub fn title_with_back(title: &str, back: &str, width: u16) -> Line<'static> {
    let room = usize::from(width).saturating_sub(back.width() + 1);
    if title.width() <= room {
        Line::from(vec![
            Span::styled(title.to_owned(), title_style()),
            Span::raw(" ".repeat(room - title.width() + 1)),
            Span::styled(
                back.to_owned(),
                Style::new()
                    .fg(Color::Cyan)
                    .add_modifier(Modifier::UNDERLINED),
            ),
        ])
    } else {
        Line::styled(title.to_owned(), title_style())
    }
}

/// A screen title, bold and centred.
pub fn heading(text: &str) -> Paragraph<'static> {
    Paragraph::new(Line::styled(text.to_owned(), title_style()).centered())
}

/// The help overlay: every key of the screen, even those the key bar has no room for.
pub fn help(frame: &mut Frame, bindings: &[Binding], typing: bool, lang: Lang) {
    let area = frame.area();
    let width = area.width.saturating_sub(8).min(64);
    let text_width = width.saturating_sub(4);
    let mut lines: Vec<Line> = Vec::new();
    let key_width = bindings
        .iter()
        .map(|binding| binding.keys.long.width())
        .max()
        .unwrap_or(0);
    for binding in bindings {
        let key = binding.keys.long;
        lines.push(Line::from(vec![
            Span::styled(
                format!("{key}{}", " ".repeat(key_width - key.width())),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!("  {}", binding.label.get(lang))),
        ]));
    }
    if typing {
        lines.push(Line::raw(""));
        lines.extend(wrapped(
            T::HelpEditing.get(lang),
            text_width,
            Style::new().fg(Color::DarkGray),
        ));
    }
    let height = (u16::try_from(lines.len()).unwrap_or(u16::MAX) + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    let block = Block::bordered()
        .title(Line::from(format!(" {} ", T::HelpTitle.get(lang))).bold())
        .padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_between_words_within_the_width() {
        let lines = wrap("Vous avez 1 enfant lié à votre compte", 20);
        assert_eq!(lines, ["Vous avez 1 enfant", "lié à votre compte"]);
        assert!(lines.iter().all(|line| line.width() <= 20));
    }

    #[test]
    fn french_punctuation_stays_with_its_word() {
        let lines = wrap("Cycle d'affiliation en cours : 2026-2027", 27);
        assert_eq!(lines, ["Cycle d'affiliation en", "cours : 2026-2027"]);
        let lines = wrap("Vérifiez vos spams !", 17);
        assert_eq!(lines, ["Vérifiez vos", "spams !"]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let lines = wrap("patrovaldhaine@patro.be", 10);
        assert_eq!(lines, ["patrovaldh", "aine@patro", ".be"]);
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        assert_eq!(wrap("", 10), [""]);
    }
}
