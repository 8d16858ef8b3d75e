//! A one-line text field: the text, where the cursor is, and how it looks in a given width.
//! The cursor is counted in characters and placed on screen by display width, so that "Zoë" or
//! "Maëlle" keep the cursor right after their last letter.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthChar;

/// What a key did to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// The key is not an editing key.
    Ignored,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Position in characters, from 0 to the number of characters.
    cursor: usize,
    masked: bool,
}

/// What a field shows in a given width: the visible text and the cursor's column within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub text: String,
    pub cursor_column: u16,
}

const MASK: char = '•';

impl TextInput {
    pub fn new() -> TextInput {
        TextInput::default()
    }

    /// A password field: it shows one `•` per character.
    pub fn masked() -> TextInput {
        TextInput {
            masked: true,
            ..TextInput::default()
        }
    }

    pub fn with_value(mut self, value: &str) -> TextInput {
        self.value = value.to_owned();
        self.cursor = self.value.chars().count();
        self
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Edit {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let length = self.value.chars().count();
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let tail = self.value.chars().skip(self.cursor).collect();
                self.value = tail;
                self.cursor = 0;
                Edit::Changed
            }
            KeyCode::Char('a') if ctrl => self.move_to(0),
            KeyCode::Char('e') if ctrl => self.move_to(length),
            KeyCode::Char(c) if !ctrl && !alt => {
                let at = self.byte_index(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
                Edit::Changed
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_index(self.cursor);
                self.value.remove(at);
                Edit::Changed
            }
            KeyCode::Delete if self.cursor < length => {
                let at = self.byte_index(self.cursor);
                self.value.remove(at);
                Edit::Changed
            }
            KeyCode::Left => self.move_to(self.cursor.saturating_sub(1)),
            KeyCode::Right => self.move_to((self.cursor + 1).min(length)),
            KeyCode::Home => self.move_to(0),
            KeyCode::End => self.move_to(length),
            _ => Edit::Ignored,
        }
    }

    /// The text as shown in `width` columns, scrolled so that the cursor stays visible.
    pub fn view(&self, width: u16) -> View {
        let glyphs: Vec<(char, usize)> = self
            .value
            .chars()
            .map(|c| {
                let shown = if self.masked { MASK } else { c };
                (shown, shown.width().unwrap_or(0))
            })
            .collect();
        let width = usize::from(width);
        // Leave the cursor's own cell free at the end of the field.
        let room = width.saturating_sub(1);
        let mut start = 0;
        while start < self.cursor
            && glyphs[start..self.cursor]
                .iter()
                .map(|(_, w)| w)
                .sum::<usize>()
                > room
        {
            start += 1;
        }
        let mut text = String::new();
        let mut used = 0;
        for &(c, w) in &glyphs[start..] {
            if used + w > width {
                break;
            }
            text.push(c);
            used += w;
        }
        let cursor_column: usize = glyphs[start..self.cursor].iter().map(|(_, w)| w).sum();
        View {
            text,
            cursor_column: u16::try_from(cursor_column).unwrap_or(u16::MAX),
        }
    }

    /// The text as shown in `width` columns without the cursor: from its start, so that a field
    /// left with a long value shows how it begins, not how it ends.
    pub fn preview(&self, width: u16) -> String {
        let mut text = String::new();
        let mut used = 0;
        for c in self.value.chars() {
            let shown = if self.masked { MASK } else { c };
            let w = shown.width().unwrap_or(0);
            if used + w > usize::from(width) {
                break;
            }
            text.push(shown);
            used += w;
        }
        text
    }

    fn move_to(&mut self, cursor: usize) -> Edit {
        self.cursor = cursor;
        Edit::Moved
    }

    fn byte_index(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(index, _)| index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str, input: &mut TextInput) {
        for c in text.chars() {
            input.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    fn key(input: &mut TextInput, code: KeyCode) -> Edit {
        input.handle_key(&KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn the_cursor_follows_display_width_not_bytes() {
        let mut input = TextInput::new();
        typed("Zoë", &mut input);
        assert_eq!(input.value(), "Zoë");
        assert_eq!(input.view(20).cursor_column, 3);
        typed("好", &mut input);
        assert_eq!(
            input.view(20).cursor_column,
            5,
            "a CJK letter is two columns"
        );
    }

    #[test]
    fn editing_in_the_middle_of_accented_text_keeps_it_valid() {
        let mut input = TextInput::new().with_value("Maëlle");
        key(&mut input, KeyCode::Home);
        key(&mut input, KeyCode::Right);
        key(&mut input, KeyCode::Right);
        key(&mut input, KeyCode::Delete);
        assert_eq!(input.value(), "Malle");
        typed("ë", &mut input);
        key(&mut input, KeyCode::Backspace);
        key(&mut input, KeyCode::Backspace);
        assert_eq!(input.value(), "Mlle");
        assert_eq!(input.view(20).cursor_column, 1);
    }

    #[test]
    fn keys_at_the_edges_change_nothing() {
        let mut input = TextInput::new();
        assert_eq!(key(&mut input, KeyCode::Backspace), Edit::Ignored);
        assert_eq!(key(&mut input, KeyCode::Delete), Edit::Ignored);
        assert_eq!(key(&mut input, KeyCode::Enter), Edit::Ignored);
        assert_eq!(key(&mut input, KeyCode::Left), Edit::Moved);
        assert_eq!(input.value(), "");
    }

    #[test]
    fn a_password_is_shown_as_dots() {
        let mut input = TextInput::masked();
        typed("secret été", &mut input);
        let view = input.view(40);
        assert_eq!(view.text, "••••••••••");
        assert_eq!(view.cursor_column, 10);
    }

    #[test]
    fn a_long_value_scrolls_to_keep_the_cursor_in_view() {
        let input = TextInput::new().with_value("papa.billy@patrovaldhaine.be");
        let view = input.view(10);
        assert_eq!(view.text, "dhaine.be");
        assert_eq!(view.cursor_column, 9);
    }

    #[test]
    fn a_field_without_the_cursor_shows_how_its_value_begins() {
        let input = TextInput::new().with_value("papa.billy@patrovaldhaine.be");
        assert_eq!(input.preview(10), "papa.billy");
        assert_eq!(TextInput::masked().with_value("secret").preview(3), "•••");
    }

    #[test]
    fn control_u_clears_what_is_before_the_cursor() {
        let mut input = TextInput::new().with_value("abc");
        key(&mut input, KeyCode::Left);
        input.handle_key(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(input.value(), "c");
    }
}
