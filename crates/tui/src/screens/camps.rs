//! "Camps & hikes": for one child (picked first when there are several), the coming camps and
//! hikes of its section, each with its dates, place, price, places left or waiting list, deadline,
//! and where the child stands; registering and cancelling, each after a question, with the
//! server's refusal shown under the activity it is about.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tempatro_core::activity::activity_fee;
use tempatro_core::api::{ChildActivity, ChildSummary, RegistrationView};
use tempatro_core::{Amount, Lang, RegistrationStatus};
use unicode_width::UnicodeWidthStr;

use crate::app::Screen;
use crate::command::{ChildrenPage, Command};
use crate::form::Banner;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::children::full_name;
use crate::screens::medical::MedicalView;
use crate::texts::{self, T};
use crate::widgets;

/// The question asked before a request that changes the child's registrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Register(i64),
    Cancel(i64),
}

#[derive(Debug, Clone)]
pub struct CampsView {
    /// Where Esc leads: the dashboard or the child's sheet.
    pub back: Box<Screen>,
    /// The child asked for (from its sheet or an alert); otherwise the parent picks one.
    pub wanted: Option<i64>,
    /// The parent's children, None until the server answers.
    pub children: Option<Vec<ChildSummary>>,
    /// The child under the cursor while picking.
    pub picked: usize,
    /// The child whose activities are shown; None while picking.
    pub child: Option<ChildSummary>,
    /// None until the server answers.
    pub activities: Option<Vec<ChildActivity>>,
    pub selected: usize,
    pub question: Option<Question>,
    /// The activity of the registration or cancellation on its way.
    pub sent: Option<i64>,
    /// What the last registration or cancellation did.
    pub notice: Option<Banner>,
    /// The server's refusal, under the activity it is about.
    pub refusal: Option<(i64, String)>,
    pub banner: Option<Banner>,
}

impl CampsView {
    pub fn new(back: Screen, wanted: Option<i64>) -> CampsView {
        CampsView {
            back: Box::new(back),
            wanted,
            children: None,
            picked: 0,
            child: None,
            activities: None,
            selected: 0,
            question: None,
            sent: None,
            notice: None,
            refusal: None,
            banner: None,
        }
    }

    /// The children are known: the one asked for, or the only one, is shown straight away.
    pub fn children_loaded(&mut self, page: ChildrenPage) -> Option<Command> {
        let chosen = match self.wanted {
            Some(id) => page.children.iter().find(|child| child.id == id),
            None if page.children.len() == 1 => page.children.first(),
            None => None,
        }
        .cloned();
        self.picked = self.picked.min(page.children.len().saturating_sub(1));
        self.children = Some(page.children);
        self.banner = None;
        let child = chosen?;
        let command = Command::LoadChildActivities(child.id);
        self.child = Some(child);
        Some(command)
    }

    pub fn activities_loaded(&mut self, activities: Vec<ChildActivity>) {
        self.selected = self.selected.min(activities.len().saturating_sub(1));
        self.activities = Some(activities);
        self.banner = None;
    }

    /// Registered or waiting: says so, and asks for the list again (places, status).
    pub fn registered(&mut self, registration: &RegistrationView, lang: Lang) -> Option<Command> {
        let needs_medical = self
            .activity(registration.activity_id)
            .is_some_and(|item| item.activity.needs_medical);
        let first_name = self.first_name();
        let mut text = match registration.status {
            RegistrationStatus::Waitlisted => texts::waitlisted(
                lang,
                &first_name,
                &registration.activity_name,
                registration.position.unwrap_or(1),
            ),
            _ => texts::registered(
                lang,
                &first_name,
                &registration.activity_name,
                &registration.fee.to_string(),
            ),
        };
        if needs_medical {
            text.push(' ');
            text.push_str(T::MedicalReminder.get(lang));
        }
        self.notice = Some(Banner::Info(format!("✓ {text}")));
        self.refusal = None;
        self.sent = None;
        self.reload()
    }

    pub fn cancelled(&mut self, registration: &RegistrationView, lang: Lang) -> Option<Command> {
        self.notice = Some(Banner::Info(format!(
            "✓ {}",
            texts::registration_cancelled(lang, &self.first_name(), &registration.activity_name)
        )));
        self.refusal = None;
        self.sent = None;
        self.reload()
    }

    /// The server said no: its words go under the activity the request was about.
    pub fn refused(&mut self, message: String) {
        match self.sent.take() {
            Some(activity) => self.refusal = Some((activity, message)),
            None => self.banner = Some(Banner::Error(message)),
        }
        self.notice = None;
    }

    fn reload(&self) -> Option<Command> {
        self.child
            .as_ref()
            .map(|child| Command::LoadChildActivities(child.id))
    }

    fn first_name(&self) -> String {
        self.child
            .as_ref()
            .map(|child| child.first_name.clone())
            .unwrap_or_default()
    }

    fn activity(&self, id: i64) -> Option<&ChildActivity> {
        self.activities
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|item| item.activity.id == id)
    }

    fn current(&self) -> Option<&ChildActivity> {
        self.activities
            .as_deref()
            .unwrap_or_default()
            .get(self.selected)
    }

    /// The fee this child would pay: the solidarity price with a solidarity affiliation.
    fn fee_for(&self, item: &ChildActivity) -> Amount {
        let solidarity = self
            .child
            .as_ref()
            .and_then(|child| child.affiliation.as_ref())
            .is_some_and(|affiliation| affiliation.solidarity);
        activity_fee(
            item.activity.price,
            item.activity.solidarity_price,
            solidarity,
        )
    }

    /// The same screen, to come back to: what was said is said once.
    fn leaving(&self) -> CampsView {
        CampsView {
            notice: None,
            refusal: None,
            ..self.clone()
        }
    }

    pub fn bindings(&self) -> Vec<Binding> {
        if self.question.is_some() {
            return vec![
                Binding::new(keys::YES, T::KeyYes),
                Binding::new(keys::NO, T::KeyNo),
            ];
        }
        let mut bindings = Vec::new();
        if self.child.is_none() {
            if self.children.as_ref().is_some_and(|c| !c.is_empty()) {
                bindings.push(Binding::new(keys::MENU, T::KeyChoose));
                bindings.push(Binding::new(keys::ENTER, T::KeyOpen));
            }
        } else if let Some(item) = self.current() {
            // The arrows are the screen's obvious way round: the bar keeps its room for the rest.
            bindings.push(Binding::help_only(keys::MENU, T::KeyChoose));
            if item.registration.is_some() {
                bindings.push(Binding::new(keys::UNREGISTER, T::KeyUnregister));
            } else {
                bindings.push(Binding::new(keys::REGISTER, T::KeyRegister));
            }
        }
        if self.child.is_some() {
            bindings.push(Binding::new(keys::MEDICAL_SHEET, T::KeyMedicalSheet));
        }
        bindings.push(Binding::new(keys::BACK, T::KeyBack));
        bindings
    }

    pub fn perform(&mut self, action: Action) -> Step {
        if let Some(question) = self.question {
            self.question = None;
            if action != Action::Yes {
                return Step::Stay;
            }
            let Some(child) = &self.child else {
                return Step::Stay;
            };
            let (activity, command) = match question {
                Question::Register(activity) => (
                    activity,
                    Command::Register {
                        activity,
                        child: child.id,
                    },
                ),
                Question::Cancel(activity) => (
                    activity,
                    Command::CancelRegistration {
                        activity,
                        child: child.id,
                    },
                ),
            };
            self.sent = Some(activity);
            return Step::Run(command);
        }
        match &self.child {
            None => self.perform_picking(action),
            Some(child) => {
                let child_id = child.id;
                self.perform_listing(action, child_id)
            }
        }
    }

    fn perform_picking(&mut self, action: Action) -> Step {
        let children = self.children.as_deref().unwrap_or_default();
        match action {
            Action::Next if self.picked + 1 < children.len() => self.picked += 1,
            Action::Previous => self.picked = self.picked.saturating_sub(1),
            Action::Activate => {
                if let Some(child) = children.get(self.picked) {
                    let id = child.id;
                    let mut chosen = self.clone();
                    chosen.child = Some(child.clone());
                    chosen.activities = None;
                    chosen.selected = 0;
                    return Step::open(Screen::Camps(chosen), Command::LoadChildActivities(id));
                }
            }
            Action::Back => return Step::back_to((*self.back).clone()),
            _ => {}
        }
        Step::Stay
    }

    fn perform_listing(&mut self, action: Action, child_id: i64) -> Step {
        let count = self.activities.as_ref().map_or(0, Vec::len);
        match action {
            Action::Next if self.selected + 1 < count => self.selected += 1,
            Action::Previous => self.selected = self.selected.saturating_sub(1),
            Action::Register => {
                if let Some(item) = self.current()
                    && item.registration.is_none()
                {
                    self.question = Some(Question::Register(item.activity.id));
                    self.notice = None;
                    self.refusal = None;
                }
            }
            Action::Unregister => {
                if let Some(item) = self.current()
                    && item.registration.is_some()
                {
                    self.question = Some(Question::Cancel(item.activity.id));
                    self.notice = None;
                    self.refusal = None;
                }
            }
            Action::MedicalSheet => {
                return Step::open(
                    Screen::Medical(MedicalView::loading(
                        child_id,
                        Screen::Camps(self.leaving()),
                    )),
                    Command::LoadMedical(child_id),
                );
            }
            Action::Back => {
                let several = self.children.as_ref().is_some_and(|c| c.len() > 1);
                if self.wanted.is_none() && several {
                    // Back to the choice of a child, which was a step of this screen.
                    self.child = None;
                    self.activities = None;
                    self.selected = 0;
                    self.notice = None;
                    self.refusal = None;
                    return Step::Stay;
                }
                return Step::back_to((*self.back).clone());
            }
            _ => {}
        }
        Step::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let area = area.inner(Margin::new(1, 0));
        let width = area.width;
        let title = match &self.child {
            Some(child) => texts::camps_title(lang, &full_name(child)),
            None => T::MenuCamps.get(lang).to_owned(),
        };
        let mut header = widgets::wrapped(&title, width, widgets::title_style());
        header.extend(widgets::banner(self.banner.as_ref(), width));
        header.extend(widgets::banner(self.notice.as_ref(), width));
        header.push(Line::raw(""));
        let footer = self.question_lines(width, lang);
        let [header_area, body, footer_area] = Layout::vertical([
            Constraint::Length(rows(&header)),
            Constraint::Fill(1),
            Constraint::Length(rows(&footer)),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(header), header_area);
        frame.render_widget(Paragraph::new(footer), footer_area);
        let (lines, focused) = match &self.child {
            None => self.picker_lines(width, lang),
            Some(child) => self.activity_lines(child, width, lang),
        };
        // Stateless scroll: the least that keeps the selected entry in view.
        let skip = focused.end.saturating_sub(usize::from(body.height));
        frame.render_widget(
            Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()),
            body,
        );
    }

    fn question_lines(&self, width: u16, lang: Lang) -> Vec<Line<'static>> {
        let Some(question) = self.question else {
            return Vec::new();
        };
        let first_name = self.first_name();
        let text = match question {
            Question::Register(id) => {
                let Some(item) = self.activity(id) else {
                    return Vec::new();
                };
                let mut text = texts::register_question(
                    lang,
                    &first_name,
                    &item.activity.name,
                    &self.fee_for(item).to_string(),
                );
                if item.activity.places_left == Some(0) {
                    text = format!("{text} {}", texts::goes_on_waiting_list(lang, &first_name));
                }
                text
            }
            Question::Cancel(id) => {
                let name = self
                    .activity(id)
                    .map(|item| item.activity.name.clone())
                    .unwrap_or_default();
                texts::cancel_question(lang, &first_name, &name)
            }
        };
        let style = Style::new()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED);
        widgets::wrap(&format!("{text} {}", T::YesNo.get(lang)), width)
            .into_iter()
            .map(|line| Line::styled(line, style).centered())
            .collect()
    }

    fn picker_lines(&self, width: u16, lang: Lang) -> (Vec<Line<'static>>, std::ops::Range<usize>) {
        let Some(children) = &self.children else {
            return (vec![loading(lang)], 0..0);
        };
        if children.is_empty() {
            return (
                widgets::wrapped(T::NoChildForCamps.get(lang), width, Style::new()),
                0..0,
            );
        }
        let mut lines = widgets::wrapped(T::WhichChild.get(lang), width, Style::new());
        lines.push(Line::raw(""));
        let name_width = children
            .iter()
            .map(|child| full_name(child).width())
            .max()
            .unwrap_or(0)
            + 2;
        let mut focused = 0..0;
        for (index, child) in children.iter().enumerate() {
            let selected = index == self.picked;
            let style = if selected {
                widgets::focus_style()
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            let name = full_name(child);
            let section = child
                .section
                .as_ref()
                .map(|section| section.label.clone())
                .unwrap_or_default();
            if selected {
                focused = lines.len()..lines.len() + 1;
            }
            lines.push(Line::from(vec![
                Span::styled(if selected { widgets::MARKER } else { "  " }, style),
                Span::styled(
                    format!("{name}{}", " ".repeat(name_width - name.width())),
                    style,
                ),
                Span::raw(section),
            ]));
        }
        (lines, focused)
    }

    fn activity_lines(
        &self,
        child: &ChildSummary,
        width: u16,
        lang: Lang,
    ) -> (Vec<Line<'static>>, std::ops::Range<usize>) {
        let Some(activities) = &self.activities else {
            return (vec![loading(lang)], 0..0);
        };
        if activities.is_empty() {
            return (
                widgets::wrapped(
                    &texts::no_activities(lang, &child.first_name),
                    width,
                    Style::new().add_modifier(Modifier::ITALIC),
                ),
                0..0,
            );
        }
        let mut lines = Vec::new();
        let mut focused = 0..0;
        for (index, item) in activities.iter().enumerate() {
            let selected = index == self.selected;
            let start = lines.len();
            lines.extend(self.entry(item, selected, width, lang));
            if selected {
                focused = start..lines.len();
            }
            lines.push(Line::raw(""));
        }
        (lines, focused)
    }

    /// One activity: name and place with the child's status, dates and deadline, price and
    /// places, the child's fee and medical sheet, and the server's refusal if any.
    fn entry(
        &self,
        item: &ChildActivity,
        selected: bool,
        width: u16,
        lang: Lang,
    ) -> Vec<Line<'static>> {
        let activity = &item.activity;
        let style = if selected {
            widgets::focus_style()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        let marker = if selected { widgets::MARKER } else { "  " };
        let title = format!("{} · {}", activity.name, activity.place);
        let badge = item.registration.as_ref().map(|registration| {
            let (text, colour) = match registration.status {
                RegistrationStatus::Waitlisted => (
                    texts::waiting_list_position(lang, registration.position.unwrap_or(1)),
                    Color::Yellow,
                ),
                _ => (T::StatusRegistered.get(lang).to_owned(), Color::Green),
            };
            Span::styled(
                format!("[{text}]"),
                Style::new().fg(colour).add_modifier(Modifier::BOLD),
            )
        });
        let mut lines = Vec::new();
        let room = usize::from(width).saturating_sub(2);
        let badge_width = badge.as_ref().map_or(0, |badge| badge.content.width() + 1);
        if title.width() + badge_width <= room {
            let mut spans = vec![
                Span::styled(marker, style),
                Span::styled(title.clone(), style),
            ];
            if let Some(badge) = badge {
                let gap = room - title.width() - badge.content.width();
                spans.push(Span::raw(" ".repeat(gap)));
                spans.push(badge);
            }
            lines.push(Line::from(spans));
        } else {
            for (row, text) in widgets::wrap(&title, width.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let lead = if row == 0 { marker } else { "  " };
                lines.push(Line::from(vec![
                    Span::styled(lead, style),
                    Span::styled(text, style),
                ]));
            }
            if let Some(badge) = badge {
                lines.push(Line::from(vec![Span::raw("    "), badge]));
            }
        }
        let plain = Style::new();
        let mut details = vec![(
            format!(
                "{} · {}",
                texts::from_to(
                    lang,
                    &tempatro_core::date::short(activity.starts_on),
                    &tempatro_core::date::short(activity.ends_on)
                ),
                texts::deadline(lang, &tempatro_core::date::short(activity.deadline))
            ),
            plain,
        )];
        let price = match activity.solidarity_price {
            Some(reduced) => texts::price_with_solidarity(
                lang,
                &activity.price.to_string(),
                &reduced.to_string(),
            ),
            None => texts::labelled(lang, T::Price.get(lang), &activity.price.to_string()),
        };
        let places = match activity.places_left {
            Some(0) => Some(T::WaitingListOnly.get(lang).to_owned()),
            Some(left) => Some(texts::places_left(lang, left)),
            None => None,
        };
        details.push((
            match places {
                Some(places) => format!("{price} · {places}"),
                None => price,
            },
            plain,
        ));
        if let Some(registration) = &item.registration {
            // Settled, partly paid (a transfer short of the amount), or not paid at all.
            let paid = match &registration.due {
                _ if registration.payment.is_some() => T::Paid.get(lang).to_owned(),
                Some(due) if due.paid.cents() > 0 => {
                    texts::left_to_pay(lang, &due.left.to_string())
                }
                _ => T::ToPay.get(lang).to_owned(),
            };
            let mut text = texts::labelled(
                lang,
                T::Fee.get(lang),
                &format!("{}, {paid}", registration.fee),
            );
            if activity.needs_medical {
                let medical = match registration.medical_confirmed_on {
                    Some(date) => {
                        texts::medical_confirmed_on(lang, &tempatro_core::date::short(date))
                    }
                    None => T::MedicalToConfirm.get(lang).to_owned(),
                };
                text = format!("{text} · {medical}");
            }
            let colour = if registration.payment.is_some() {
                Style::new().fg(Color::Green)
            } else {
                Style::new().fg(Color::Red)
            };
            details.push((text, colour));
        }
        for (text, style) in details {
            lines.extend(indented(&text, width, style));
        }
        if let Some((id, message)) = &self.refusal
            && *id == activity.id
        {
            lines.extend(indented(
                &format!("⚠ {message}"),
                width,
                widgets::error_style(),
            ));
        }
        lines
    }
}

/// Lines under an activity's name, four columns in.
fn indented(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    widgets::wrap(text, width.saturating_sub(4))
        .into_iter()
        .map(|line| Line::styled(format!("    {line}"), style))
        .collect()
}

fn loading(lang: Lang) -> Line<'static> {
    Line::styled(
        T::Loading.get(lang),
        Style::new().add_modifier(Modifier::ITALIC),
    )
}

fn rows(lines: &[Line]) -> u16 {
    u16::try_from(lines.len()).unwrap_or(u16::MAX)
}
