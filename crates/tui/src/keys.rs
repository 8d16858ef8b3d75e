//! All the keys of the app in one place. A screen lists its [`Binding`]s; the same list both decides
//! what a key press does and draws the key bar and the help overlay, so they cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempatro_core::Lang;

use crate::texts::T;

/// What a key asks for; each screen gives it its own meaning ("Activate" logs in on one screen
/// and opens a page on another).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Back,
    Next,
    Previous,
    Activate,
    SwitchTab,
    ScrollUp,
    ScrollDown,
    Retry,
    /// "Renouveler une affiliation".
    Renew,
    /// "Modifier les infos".
    Edit,
    /// "Votre enfant n'apparaît pas ?"
    ReportMissing,
    /// Ticks or unticks a checkbox.
    Toggle,
    /// Answers a question with yes ("Quitter sans sauver ? o/n").
    Yes,
    /// Answers a question with no.
    No,
    /// Reads a sheet again after someone else changed it.
    Reload,
    /// Registers the child for the chosen camp or hike.
    Register,
    /// Cancels the child's registration.
    Unregister,
    /// Opens the child's "fiche santé".
    MedicalSheet,
    /// Opens the child's "Camps & hikes".
    Camps,
    /// "Les informations sont à jour".
    ConfirmMedical,
    /// Opens "Mes paiements" on the child's dues.
    Payments,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    PageUp,
    PageDown,
}

impl Key {
    pub fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        match (self, event.code) {
            (Key::Char(want), KeyCode::Char(got)) => want == got && !ctrl && !alt,
            (Key::Ctrl(want), KeyCode::Char(got)) => want == got.to_ascii_lowercase() && ctrl,
            (Key::F(want), KeyCode::F(got)) => want == got,
            (Key::Enter, KeyCode::Enter) => true,
            (Key::Esc, KeyCode::Esc) => true,
            // Some terminals send Shift+Tab as Tab with the Shift modifier.
            (Key::Tab, KeyCode::Tab) => !event.modifiers.contains(KeyModifiers::SHIFT),
            (Key::BackTab, KeyCode::BackTab) => true,
            (Key::BackTab, KeyCode::Tab) => event.modifiers.contains(KeyModifiers::SHIFT),
            (Key::Up, KeyCode::Up) => true,
            (Key::Down, KeyCode::Down) => true,
            (Key::PageUp, KeyCode::PageUp) => true,
            (Key::PageDown, KeyCode::PageDown) => true,
            _ => false,
        }
    }
}

/// A group of keys shown together ("↑↓"), each with the action it triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keys {
    pub keys: &'static [(Key, Action)],
    /// How the key bar names them.
    pub short: &'static str,
    /// How the help overlay names them, every alternative included.
    pub long: &'static str,
}

impl Keys {
    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        self.keys
            .iter()
            .find(|(key, _)| key.matches(event))
            .map(|(_, action)| *action)
    }
}

pub const QUIT: Keys = Keys {
    keys: &[(Key::Char('q'), Action::Quit)],
    short: "q",
    long: "q",
};
/// Ctrl-C quits from anywhere, even from a text field where q is a letter.
pub const FORCE_QUIT: Keys = Keys {
    keys: &[(Key::Ctrl('c'), Action::Quit)],
    short: "Ctrl-C",
    long: "Ctrl-C",
};
pub const HELP: Keys = Keys {
    keys: &[(Key::Char('?'), Action::Help), (Key::F(1), Action::Help)],
    short: "?",
    long: "? F1",
};
/// In a text field, ? is a character: only F1 opens the help.
pub const HELP_WHILE_TYPING: Keys = Keys {
    keys: &[(Key::F(1), Action::Help)],
    short: "F1",
    long: "F1",
};
pub const BACK: Keys = Keys {
    keys: &[(Key::Esc, Action::Back)],
    short: "Esc",
    long: "Esc",
};
pub const ENTER: Keys = Keys {
    keys: &[(Key::Enter, Action::Activate)],
    short: "↵",
    long: "↵",
};
pub const NEXT_FIELD: Keys = Keys {
    keys: &[(Key::Tab, Action::Next), (Key::Down, Action::Next)],
    short: "Tab",
    long: "Tab ↓",
};
pub const PREVIOUS_FIELD: Keys = Keys {
    keys: &[
        (Key::BackTab, Action::Previous),
        (Key::Up, Action::Previous),
    ],
    short: "⇧Tab",
    long: "⇧Tab ↑",
};
pub const MENU: Keys = Keys {
    keys: &[
        (Key::Up, Action::Previous),
        (Key::Char('k'), Action::Previous),
        (Key::Down, Action::Next),
        (Key::Char('j'), Action::Next),
    ],
    short: "↑↓",
    long: "↑↓ k j",
};
pub const SWITCH_TAB: Keys = Keys {
    keys: &[
        (Key::Tab, Action::SwitchTab),
        (Key::BackTab, Action::SwitchTab),
    ],
    short: "Tab",
    long: "Tab ⇧Tab",
};
pub const SCROLL: Keys = Keys {
    keys: &[
        (Key::PageUp, Action::ScrollUp),
        (Key::PageDown, Action::ScrollDown),
    ],
    short: "PgUp/PgDn",
    long: "PgUp PgDn",
};
/// r retries a request on the "server unreachable" screen and refreshes the dashboard.
pub const RETRY: Keys = Keys {
    keys: &[(Key::Char('r'), Action::Retry)],
    short: "r",
    long: "r",
};

/// r renews a child's affiliation, on the list of children and on the sheet.
pub const RENEW: Keys = Keys {
    keys: &[(Key::Char('r'), Action::Renew)],
    short: "r",
    long: "r",
};
pub const EDIT: Keys = Keys {
    keys: &[(Key::Char('m'), Action::Edit)],
    short: "m",
    long: "m",
};
pub const REPORT_MISSING: Keys = Keys {
    keys: &[(Key::Char('n'), Action::ReportMissing)],
    short: "n",
    long: "n",
};
/// Only bound while a checkbox has the focus: in a text field the space is a character.
pub const TOGGLE: Keys = Keys {
    keys: &[(Key::Char(' '), Action::Toggle)],
    short: "Espace",
    long: "Espace",
};
/// "o" for "oui"; "y" too, for English and for habit.
pub const YES: Keys = Keys {
    keys: &[(Key::Char('o'), Action::Yes), (Key::Char('y'), Action::Yes)],
    short: "o",
    long: "o y",
};
pub const NO: Keys = Keys {
    keys: &[(Key::Char('n'), Action::No), (Key::Esc, Action::No)],
    short: "n",
    long: "n Esc",
};
/// A confirmation taken with Enter or "o".
pub const CONFIRM: Keys = Keys {
    keys: &[
        (Key::Enter, Action::Activate),
        (Key::Char('o'), Action::Activate),
        (Key::Char('y'), Action::Activate),
    ],
    short: "↵/o",
    long: "↵ o y",
};
pub const RELOAD: Keys = Keys {
    keys: &[
        (Key::Char('r'), Action::Reload),
        (Key::Ctrl('r'), Action::Reload),
    ],
    short: "r",
    long: "r Ctrl-R",
};
/// In a text field, r is a letter: only Ctrl-R reloads.
pub const RELOAD_WHILE_TYPING: Keys = Keys {
    keys: &[(Key::Ctrl('r'), Action::Reload)],
    short: "Ctrl-R",
    long: "Ctrl-R",
};
/// i for "inscrire".
pub const REGISTER: Keys = Keys {
    keys: &[(Key::Char('i'), Action::Register)],
    short: "i",
    long: "i",
};
/// a for "annuler l'inscription".
pub const UNREGISTER: Keys = Keys {
    keys: &[(Key::Char('a'), Action::Unregister)],
    short: "a",
    long: "a",
};
/// s for "fiche santé", as in the sketches.
pub const MEDICAL_SHEET: Keys = Keys {
    keys: &[(Key::Char('s'), Action::MedicalSheet)],
    short: "s",
    long: "s",
};
pub const CAMPS: Keys = Keys {
    keys: &[(Key::Char('c'), Action::Camps)],
    short: "c",
    long: "c",
};
/// p for "paiements", from the child whose red badge says its affiliation is unpaid.
pub const PAYMENTS: Keys = Keys {
    keys: &[(Key::Char('p'), Action::Payments)],
    short: "p",
    long: "p",
};
pub const CONFIRM_MEDICAL: Keys = Keys {
    keys: &[(Key::Char('c'), Action::ConfirmMedical)],
    short: "c",
    long: "c",
};

/// Scrolls a page taller than the terminal, by line or by page.
pub const SCROLL_PAGE: Keys = Keys {
    keys: &[
        (Key::Up, Action::ScrollUp),
        (Key::Down, Action::ScrollDown),
        (Key::PageUp, Action::ScrollUp),
        (Key::PageDown, Action::ScrollDown),
    ],
    short: "↑↓",
    long: "↑↓ PgUp PgDn",
};

/// A group of keys and what they do on the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub keys: Keys,
    pub label: T,
    /// Whether the key bar shows it; the help overlay shows every binding.
    pub in_bar: bool,
}

impl Binding {
    pub fn new(keys: Keys, label: T) -> Binding {
        Binding {
            keys,
            label,
            in_bar: true,
        }
    }

    /// A binding that only the help overlay lists, to keep the key bar within 80 columns.
    pub fn help_only(keys: Keys, label: T) -> Binding {
        Binding {
            keys,
            label,
            in_bar: false,
        }
    }
}

/// The keys of a form of fields and a button: Tab and ⇧Tab name what they move between, fields
/// while one is typed in, otherwise the form's items.
pub fn form(enter: T, typing: bool, back: T) -> Vec<Binding> {
    let (next, previous) = if typing {
        (T::KeyNextField, T::KeyPreviousField)
    } else {
        (T::KeyNext, T::KeyPrevious)
    };
    vec![
        Binding::new(ENTER, enter),
        Binding::new(NEXT_FIELD, next),
        Binding::help_only(PREVIOUS_FIELD, previous),
        Binding::new(BACK, back),
    ]
}

/// The keys of a form that edits a sheet: saving, the reload a refused save offers, the space
/// that answers the focused `toggle` question, and the question asked before leaving unsaved.
pub fn editing(confirm_leave: bool, stale: bool, typing: bool, toggle: Option<T>) -> Vec<Binding> {
    if confirm_leave {
        return vec![
            Binding::new(YES, T::KeyLeaveWithoutSaving),
            Binding::new(NO, T::KeyKeepEditing),
        ];
    }
    let mut bindings = vec![Binding::new(ENTER, T::KeySave)];
    // The key bar has room for one more key than ↵ and Esc: the one this moment needs.
    if stale {
        let reload = if typing { RELOAD_WHILE_TYPING } else { RELOAD };
        bindings.push(Binding::new(reload, T::KeyReload));
    }
    if let Some(toggle) = toggle {
        bindings.push(Binding {
            in_bar: !stale,
            ..Binding::new(TOGGLE, toggle)
        });
    }
    bindings.push(Binding {
        in_bar: bindings.len() == 1,
        ..Binding::new(NEXT_FIELD, T::KeyNextField)
    });
    bindings.push(Binding::help_only(PREVIOUS_FIELD, T::KeyPreviousField));
    bindings.push(Binding::new(BACK, T::KeyCancel));
    bindings
}

/// The action the first matching binding gives to this key press, if any.
pub fn action_for(bindings: &[Binding], event: &KeyEvent) -> Option<Action> {
    bindings
        .iter()
        .find_map(|binding| binding.keys.action_for(event))
}

/// The key bar's text, `↵ se connecter · Tab champ suivant · …`, as (key, label) pairs.
pub fn bar(bindings: &[Binding], lang: Lang) -> Vec<(&'static str, &'static str)> {
    bindings
        .iter()
        .filter(|binding| binding.in_bar)
        .map(|binding| (binding.keys.short, binding.label.get(lang)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn shift_tab_is_recognised_in_both_terminal_dialects() {
        assert!(Key::BackTab.matches(&press(KeyCode::BackTab, KeyModifiers::SHIFT)));
        assert!(Key::BackTab.matches(&press(KeyCode::Tab, KeyModifiers::SHIFT)));
        assert!(!Key::Tab.matches(&press(KeyCode::Tab, KeyModifiers::SHIFT)));
    }

    #[test]
    fn a_letter_with_control_is_not_the_letter() {
        assert!(!Key::Char('c').matches(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(Key::Ctrl('c').matches(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(Key::Char('?').matches(&press(KeyCode::Char('?'), KeyModifiers::SHIFT)));
    }

    #[test]
    fn the_first_binding_that_knows_the_key_wins() {
        let bindings = [
            Binding::new(SWITCH_TAB, T::KeyTab),
            Binding::new(NEXT_FIELD, T::KeyNextField),
        ];
        let tab = press(KeyCode::Tab, KeyModifiers::NONE);
        assert_eq!(action_for(&bindings, &tab), Some(Action::SwitchTab));
        let down = press(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(action_for(&bindings, &down), Some(Action::Next));
    }
}
