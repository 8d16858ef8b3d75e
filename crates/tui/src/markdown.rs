//! The small part of Markdown the Patro writes its news and help page in: headings, paragraphs,
//! bullet and numbered lists, quotes, code, rules, and inline bold, italics, code and links.
//! Parsed once into blocks, which are also the unit the screens scroll by: a scroll position
//! counted in blocks does not depend on the terminal's width.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// A Markdown text, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    /// A list item; `number` for a numbered list, `depth` from 0 for nested lists.
    Item {
        number: Option<u32>,
        depth: u8,
        text: Vec<Inline>,
    },
    Quote(Vec<Inline>),
    /// Lines kept as they are.
    Code(Vec<String>),
    Rule,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inline {
    text: String,
    bold: bool,
    italic: bool,
    code: bool,
    link: bool,
}

impl Inline {
    fn style(&self, base: Style) -> Style {
        let mut style = base;
        if self.bold {
            style = style.add_modifier(Modifier::BOLD);
        }
        if self.italic {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if self.code {
            style = style.fg(Color::Yellow);
        }
        if self.link {
            style = style.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED);
        }
        style
    }
}

impl Page {
    pub fn parse(markdown: &str) -> Page {
        Page {
            blocks: parse_blocks(markdown),
        }
    }

    /// The number of blocks, the bound of a scroll position.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The page from block `from` on, wrapped in `width` columns.
    pub fn lines(&self, from: usize, width: u16) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        let mut previous: Option<&Block> = None;
        for block in self.blocks.iter().skip(from) {
            // Room between blocks, but list items follow each other closely.
            let spaced = !matches!(
                (previous, block),
                (None, _)
                    | (Some(Block::Item { .. }), Block::Item { .. })
                    | (Some(Block::Quote(_)), Block::Quote(_))
            );
            if spaced {
                lines.push(Line::raw(""));
            }
            lines.extend(render_block(block, width));
            previous = Some(block);
        }
        lines
    }
}

fn render_block(block: &Block, width: u16) -> Vec<Line<'static>> {
    match block {
        Block::Heading(level, text) => {
            let style = match level {
                1 => Style::new()
                    .fg(Color::Cyan)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                2 => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                _ => Style::new().add_modifier(Modifier::BOLD),
            };
            wrap_inlines(text, width, style, "", "")
        }
        Block::Paragraph(text) => wrap_inlines(text, width, Style::new(), "", ""),
        Block::Item {
            number,
            depth,
            text,
        } => {
            let indent = "  ".repeat(usize::from(*depth));
            let bullet = match number {
                Some(number) => format!("{indent}{number}. "),
                None => format!("{indent}• "),
            };
            let hanging = " ".repeat(bullet.width());
            wrap_inlines(text, width, Style::new(), &bullet, &hanging)
        }
        Block::Quote(text) => wrap_inlines(
            text,
            width,
            Style::new().add_modifier(Modifier::ITALIC),
            "│ ",
            "│ ",
        ),
        Block::Code(code) => code
            .iter()
            .map(|line| Line::styled(format!("  {line}"), Style::new().fg(Color::Yellow)))
            .collect(),
        Block::Rule => vec![Line::styled(
            "─".repeat(usize::from(width)),
            Style::new().fg(Color::DarkGray),
        )],
    }
}

fn parse_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    // The lines of the paragraph, item or quote being read, joined once it ends.
    let mut open: Option<(Pending, Vec<String>)> = None;
    let mut code: Option<Vec<String>> = None;
    let close = |open: &mut Option<(Pending, Vec<String>)>, blocks: &mut Vec<Block>| {
        if let Some((pending, lines)) = open.take() {
            let text = parse_inlines(&lines.join(" "));
            blocks.push(match pending {
                Pending::Paragraph => Block::Paragraph(text),
                Pending::Quote => Block::Quote(text),
                Pending::Item { number, depth } => Block::Item {
                    number,
                    depth,
                    text,
                },
            });
        }
    };
    for raw in markdown.lines() {
        let line = raw.trim_end();
        if let Some(lines) = &mut code {
            if line.trim_start().starts_with("```") {
                blocks.push(Block::Code(std::mem::take(lines)));
                code = None;
            } else {
                lines.push(line.to_owned());
            }
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            close(&mut open, &mut blocks);
            continue;
        }
        if trimmed.starts_with("```") {
            close(&mut open, &mut blocks);
            code = Some(Vec::new());
            continue;
        }
        if let Some((level, text)) = heading(trimmed) {
            close(&mut open, &mut blocks);
            blocks.push(Block::Heading(level, parse_inlines(text)));
            continue;
        }
        if is_rule(trimmed) {
            close(&mut open, &mut blocks);
            blocks.push(Block::Rule);
            continue;
        }
        let indent = line.width() - trimmed.width();
        if let Some((number, text)) = list_item(trimmed) {
            close(&mut open, &mut blocks);
            let depth = u8::try_from(indent / 2).unwrap_or(u8::MAX).min(4);
            open = Some((Pending::Item { number, depth }, vec![text.to_owned()]));
            continue;
        }
        if let Some(text) = trimmed.strip_prefix('>') {
            let text = text.trim_start();
            match &mut open {
                Some((Pending::Quote, lines)) => lines.push(text.to_owned()),
                _ => {
                    close(&mut open, &mut blocks);
                    open = Some((Pending::Quote, vec![text.to_owned()]));
                }
            }
            continue;
        }
        // A line that continues the paragraph, item or quote above (lazily, as Markdown does).
        match &mut open {
            Some((_, lines)) => lines.push(trimmed.to_owned()),
            None => open = Some((Pending::Paragraph, vec![trimmed.to_owned()])),
        }
    }
    close(&mut open, &mut blocks);
    if let Some(lines) = code {
        blocks.push(Block::Code(lines));
    }
    blocks
}

#[derive(Debug, Clone, Copy)]
enum Pending {
    Paragraph,
    Quote,
    Item { number: Option<u32>, depth: u8 },
}

/// `## Titre` → (2, "Titre").
fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((u8::try_from(hashes).unwrap_or(6), text))
}

/// `---`, `***` or `___`, spaces allowed between.
fn is_rule(line: &str) -> bool {
    let marks: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.chars().count() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|mark| marks.chars().all(|c| c == *mark))
}

/// `- texte`, `* texte`, `+ texte` or `3. texte`.
fn list_item(line: &str) -> Option<(Option<u32>, &str)> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(text) = line.strip_prefix(bullet) {
            return Some((None, text.trim_start()));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let rest = &line[digits..];
    let text = rest
        .strip_prefix(". ")
        .or_else(|| rest.strip_prefix(") "))?;
    Some((line[..digits].parse().ok(), text.trim_start()))
}

/// Bold (`**` or `__`), italics (`*`, or `_` around words), `code`, `[links](url)` and `<url>`;
/// a backslash keeps the next character as it is.
fn parse_inlines(text: &str) -> Vec<Inline> {
    let chars: Vec<char> = text.chars().collect();
    let mut runs: Vec<Inline> = Vec::new();
    let mut current = String::new();
    let (mut bold, mut italic) = (false, false);
    let flush = |current: &mut String, runs: &mut Vec<Inline>, bold: bool, italic: bool| {
        if !current.is_empty() {
            runs.push(Inline {
                text: std::mem::take(current),
                bold,
                italic,
                code: false,
                link: false,
            });
        }
    };
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        let next = chars.get(index + 1).copied();
        match c {
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                current.push(chars[index + 1]);
                index += 2;
            }
            '*' | '_' if next == Some(c) => {
                flush(&mut current, &mut runs, bold, italic);
                bold = !bold;
                index += 2;
            }
            // An underscore inside a word (`snake_case`) is a letter, not emphasis.
            '_' if index > 0
                && chars[index - 1].is_alphanumeric()
                && next.is_some_and(char::is_alphanumeric) =>
            {
                current.push(c);
                index += 1;
            }
            '*' | '_'
                if italic || next.is_some_and(|n| !n.is_whitespace()) && closes(&chars, index) =>
            {
                flush(&mut current, &mut runs, bold, italic);
                italic = !italic;
                index += 1;
            }
            '`' => match chars[index + 1..].iter().position(|n| *n == '`') {
                Some(length) => {
                    flush(&mut current, &mut runs, bold, italic);
                    runs.push(Inline {
                        text: chars[index + 1..index + 1 + length].iter().collect(),
                        bold,
                        italic,
                        code: true,
                        link: false,
                    });
                    index += length + 2;
                }
                None => {
                    current.push(c);
                    index += 1;
                }
            },
            '[' => match link(&chars, index) {
                Some((label, url, end)) => {
                    flush(&mut current, &mut runs, bold, italic);
                    // A terminal cannot follow a link: the address is shown after its text.
                    let shown_url = !url.is_empty() && url != label && !url.starts_with('#');
                    runs.push(Inline {
                        text: label,
                        bold,
                        italic,
                        code: false,
                        link: true,
                    });
                    if shown_url {
                        current.push_str(&format!(" ({url})"));
                    }
                    index = end;
                }
                None => {
                    current.push(c);
                    index += 1;
                }
            },
            '<' => match chars[index + 1..].iter().position(|n| *n == '>') {
                Some(length) => {
                    let inside: String = chars[index + 1..index + 1 + length].iter().collect();
                    if inside.contains("://") || inside.contains('@') {
                        flush(&mut current, &mut runs, bold, italic);
                        runs.push(Inline {
                            text: inside,
                            bold,
                            italic,
                            code: false,
                            link: true,
                        });
                        index += length + 2;
                    } else {
                        current.push(c);
                        index += 1;
                    }
                }
                None => {
                    current.push(c);
                    index += 1;
                }
            },
            _ => {
                current.push(c);
                index += 1;
            }
        }
    }
    flush(&mut current, &mut runs, bold, italic);
    runs
}

/// Whether the single `*` or `_` at `index` has a closing one further on, so that a lone star
/// ("5 * 3") stays a star.
fn closes(chars: &[char], index: usize) -> bool {
    let mark = chars[index];
    chars[index + 1..]
        .iter()
        .enumerate()
        .any(|(offset, c)| *c == mark && offset > 0 && !chars[index + offset].is_whitespace())
}

/// `[label](url)` starting at `index`: the label, the address, and the index after it.
fn link(chars: &[char], index: usize) -> Option<(String, String, usize)> {
    let close = index + 1 + chars[index + 1..].iter().position(|c| *c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 2 + chars[close + 2..].iter().position(|c| *c == ')')?;
    let label: String = chars[index + 1..close].iter().collect();
    let url: String = chars[close + 2..end].iter().collect();
    Some((label, url.trim().to_owned(), end + 1))
}

/// A word as pieces of differently styled text ("**souper**," is bold then plain).
type Word = Vec<(String, Style)>;

fn word_width(word: &Word) -> usize {
    word.iter().map(|(text, _)| text.width()).sum()
}

/// Splits styled runs into words, keeping French punctuation with the word before it (and
/// "«" with the word after it), as [`crate::widgets::wrap`] does for plain text.
fn words(text: &[Inline], base: Style) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut current: Word = Vec::new();
    for run in text {
        let style = run.style(base);
        let mut piece = String::new();
        for c in run.text.chars() {
            if c.is_whitespace() {
                if !piece.is_empty() {
                    current.push((std::mem::take(&mut piece), style));
                }
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            } else {
                piece.push(c);
            }
        }
        if !piece.is_empty() {
            current.push((piece, style));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    let mut glued: Vec<Word> = Vec::new();
    for word in words {
        let text: String = word.iter().map(|(text, _)| text.as_str()).collect();
        let sticks = matches!(text.as_str(), ":" | "!" | "?" | ";" | "»");
        match glued.last_mut() {
            Some(previous) if sticks || previous_text(previous) == "«" => {
                previous.push((" ".to_owned(), base));
                previous.extend(word);
            }
            _ => glued.push(word),
        }
    }
    glued
}

fn previous_text(word: &Word) -> String {
    word.iter().map(|(text, _)| text.as_str()).collect()
}

/// Fills lines of at most `width` columns with the words of `text`, the first line after
/// `first`, the others after `rest` (a bullet and its hanging indent).
fn wrap_inlines(
    text: &[Inline],
    width: u16,
    base: Style,
    first: &str,
    rest: &str,
) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut spans: Vec<Span<'static>> = vec![Span::styled(first.to_owned(), base)];
    // Where the text of the current line starts, after its bullet or indent.
    let mut line_start = first.width();
    let mut used = line_start;
    let mut has_word = false;
    let new_line = |lines: &mut Vec<Line<'static>>, spans: &mut Vec<Span<'static>>| {
        lines.push(Line::from(std::mem::take(spans)));
        spans.push(Span::styled(rest.to_owned(), base));
        rest.width()
    };
    for word in words(text, base) {
        if has_word && used + 1 + word_width(&word) > width {
            used = new_line(&mut lines, &mut spans);
            line_start = used;
            has_word = false;
        }
        if has_word {
            spans.push(Span::styled(" ", base));
            used += 1;
        }
        for (piece, style) in word {
            // A word longer than the line is cut where the line ends.
            let mut piece = piece.as_str();
            // A bullet wider than the line leaves no room at all: a character per line then.
            while !piece.is_empty() && used + piece.width() > width {
                let (mut head, mut tail) = split_at_width(piece, width.saturating_sub(used));
                if head.is_empty() {
                    if used > line_start {
                        used = new_line(&mut lines, &mut spans);
                        line_start = used;
                        continue;
                    }
                    // Not one character fits even on an empty line: it goes there anyway.
                    let first = piece.chars().next().map_or(0, char::len_utf8);
                    (head, tail) = piece.split_at(first);
                }
                spans.push(Span::styled(head.to_owned(), style));
                used = new_line(&mut lines, &mut spans);
                line_start = used;
                piece = tail;
            }
            if !piece.is_empty() {
                used += piece.width();
                spans.push(Span::styled(piece.to_owned(), style));
            }
        }
        has_word = true;
    }
    lines.push(Line::from(spans));
    lines
}

fn split_at_width(text: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    for (index, c) in text.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            return text.split_at(index);
        }
        used += w;
    }
    (text, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_lists_become_blocks() {
        let page = Page::parse(
            "# Utiliser Tempatro\n\nBienvenue sur\nl'Espace Parents !\n\n## Le tableau de bord\n\n- **Vos enfants** : la liste\n- Actions spéciales\n1. premier\n",
        );
        assert_eq!(page.len(), 6);
        assert_eq!(
            plain(&page.lines(0, 40)),
            [
                "Utiliser Tempatro",
                "",
                "Bienvenue sur l'Espace Parents !",
                "",
                "Le tableau de bord",
                "",
                "• Vos enfants : la liste",
                "• Actions spéciales",
                "1. premier",
            ]
        );
    }

    #[test]
    fn bold_and_italics_are_styles_not_stars() {
        let page = Page::parse("Le **souper** du *Patro*, `code` et snake_case");
        let lines = page.lines(0, 80);
        assert_eq!(plain(&lines), ["Le souper du Patro, code et snake_case"]);
        let bold = lines[0]
            .spans
            .iter()
            .find(|span| span.content == "souper")
            .unwrap();
        assert!(bold.style.add_modifier.contains(Modifier::BOLD));
        let italic = lines[0]
            .spans
            .iter()
            .find(|span| span.content == "Patro")
            .unwrap();
        assert!(italic.style.add_modifier.contains(Modifier::ITALIC));
    }

    #[test]
    fn list_items_wrap_under_their_text() {
        let page = Page::parse("- Choisissez « Gérer mes enfants » dans le menu");
        assert_eq!(
            plain(&page.lines(0, 24)),
            ["• Choisissez « Gérer mes", "  enfants » dans le menu"]
        );
    }

    #[test]
    fn french_punctuation_stays_on_its_line() {
        let page = Page::parse("Vérifiez **vos spams** !");
        assert_eq!(plain(&page.lines(0, 16)), ["Vérifiez vos", "spams !"]);
    }

    #[test]
    fn links_show_their_address_and_lone_stars_stay() {
        let page = Page::parse("Écrivez à [l'adresse](mailto:patro@patro.be) ; 5 * 3");
        assert_eq!(
            plain(&page.lines(0, 80)),
            ["Écrivez à l'adresse (mailto:patro@patro.be) ; 5 * 3"]
        );
    }

    #[test]
    fn scrolling_starts_at_a_block() {
        let page = Page::parse("# Un\n\nDeux\n\nTrois");
        assert_eq!(plain(&page.lines(1, 20)), ["Deux", "", "Trois"]);
        assert_eq!(plain(&page.lines(5, 20)), Vec::<String>::new());
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_and_nothing_is_lost() {
        let page = Page::parse("patrovaldhaine@patro.be");
        assert_eq!(
            plain(&page.lines(0, 10)),
            ["patrovaldh", "aine@patro", ".be"]
        );
        let page = Page::parse("- patrovaldhaine@patro.be");
        let lines = plain(&page.lines(0, 10));
        assert_eq!(
            lines.concat().replace([' ', '•'], ""),
            "patrovaldhaine@patro.be"
        );
        assert!(lines.iter().all(|line| line.width() <= 10), "{lines:?}");
    }

    #[test]
    fn a_line_narrower_than_the_bullet_still_ends() {
        let page = Page::parse("- Vous\n  1. deux");
        for width in 0..6 {
            assert!(!page.lines(0, width).is_empty());
        }
    }

    #[test]
    fn code_and_rules_and_quotes() {
        let page = Page::parse("```\nr actualiser\n```\n---\n> Citation\n> suite");
        assert_eq!(
            plain(&page.lines(0, 10)),
            [
                "  r actualiser",
                "",
                "──────────",
                "",
                "│ Citation",
                "│ suite"
            ]
        );
    }
}
