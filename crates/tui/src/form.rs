//! The state shared by the app's forms: labelled fields that keep what was typed, an error under
//! each, and a banner for what belongs to no field.

use crossterm::event::KeyEvent;
use tempatro_core::Lang;

use crate::input::{Edit, TextInput};
use crate::texts::T;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: T,
    /// The API's name for this input (`email`, `password`…), as the server's errors name it.
    pub api_names: &'static [&'static str],
    pub input: TextInput,
    pub error: Option<String>,
    /// A reminder shown under the field while it has no error.
    pub hint: Option<T>,
}

impl Field {
    pub fn text(label: T, api_names: &'static [&'static str]) -> Field {
        Field {
            label,
            api_names,
            input: TextInput::new(),
            error: None,
            hint: None,
        }
    }

    pub fn password(label: T, api_names: &'static [&'static str]) -> Field {
        Field {
            input: TextInput::masked(),
            ..Field::text(label, api_names)
        }
    }

    pub fn with_value(mut self, value: &str) -> Field {
        self.input = self.input.with_value(value);
        self
    }

    pub fn with_hint(mut self, hint: T) -> Field {
        self.hint = Some(hint);
        self
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Types into the field; a change clears the field's error, which was about the old text.
    pub fn type_key(&mut self, key: &KeyEvent) {
        if self.input.handle_key(key) == Edit::Changed {
            self.error = None;
        }
    }

    /// Marks an empty field as required; true when it has a value.
    pub fn require(&mut self, lang: Lang) -> bool {
        if self.value().trim().is_empty() {
            self.error = Some(tempatro_core::Error::Required.message(lang));
            false
        } else {
            true
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Banner {
    Error(String),
    Info(String),
}

/// Shows a server's error in place: under the field it names, otherwise in the banner.
pub fn show_error(
    fields: &mut [&mut Field],
    banner: &mut Option<Banner>,
    error: &tempatro_client::Error,
    lang: Lang,
) {
    let message = error.message(lang);
    let target = error.field().and_then(|name| {
        fields
            .iter_mut()
            .find(|field| field.api_names.contains(&name))
    });
    match target {
        Some(field) => field.error = Some(message),
        None => *banner = Some(Banner::Error(message)),
    }
}

/// Shows a server's error as [`show_error`] does, and says where the first field with an error
/// is, to move the focus there.
pub fn show_error_at<'a, F: Copy>(
    fields: impl IntoIterator<Item = (F, &'a mut Field)>,
    banner: &mut Option<Banner>,
    error: &tempatro_client::Error,
    lang: Lang,
) -> Option<F> {
    let mut fields: Vec<(F, &mut Field)> = fields.into_iter().collect();
    {
        let mut targets: Vec<&mut Field> =
            fields.iter_mut().map(|(_, field)| &mut **field).collect();
        show_error(&mut targets, banner, error, lang);
    }
    first_wrong(fields)
}

/// Where the first field with an error is.
pub fn first_wrong<'a, F>(fields: impl IntoIterator<Item = (F, &'a mut Field)>) -> Option<F> {
    fields
        .into_iter()
        .find(|(_, field)| field.error.is_some())
        .map(|(focus, _)| focus)
}

/// The focus after `current` in `order`, going round at the ends.
pub fn step<F: Copy + PartialEq>(order: &[F], current: F, forward: bool) -> F {
    let index = order.iter().position(|f| *f == current).unwrap_or(0);
    let next = if forward {
        (index + 1) % order.len()
    } else {
        (index + order.len() - 1) % order.len()
    };
    order[next]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(field: Option<&str>) -> tempatro_client::Error {
        tempatro_client::Error::Api {
            status: 422,
            code: "invalid".to_owned(),
            message: "adresse invalide".to_owned(),
            field: field.map(str::to_owned),
        }
    }

    #[test]
    fn an_error_naming_a_field_lands_under_it() {
        let mut email = Field::text(T::Email, &["email"]);
        let mut password = Field::password(T::Password, &["password"]);
        let mut banner = None;
        show_error(
            &mut [&mut email, &mut password],
            &mut banner,
            &api_error(Some("email")),
            Lang::Fr,
        );
        assert_eq!(email.error.as_deref(), Some("adresse invalide"));
        assert_eq!(password.error, None);
        assert_eq!(banner, None);
    }

    #[test]
    fn an_error_about_no_known_field_goes_to_the_banner() {
        let mut email = Field::text(T::Email, &["email"]);
        for field in [None, Some("portal")] {
            let mut banner = None;
            show_error(&mut [&mut email], &mut banner, &api_error(field), Lang::Fr);
            assert_eq!(
                banner,
                Some(Banner::Error("adresse invalide".to_owned())),
                "{field:?}"
            );
        }
    }

    #[test]
    fn focus_goes_round() {
        let order = [1, 2, 3];
        assert_eq!(step(&order, 3, true), 1);
        assert_eq!(step(&order, 1, false), 3);
        assert_eq!(step(&order, 2, true), 3);
    }
}
