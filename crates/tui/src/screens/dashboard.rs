//! The guide's "Tableau de bord": the welcome line, the navigation menu, the boxes (children,
//! current cycle, special actions) and the two tabs: the news, and the help page the Patro keeps
//! on its server.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};
use tempatro_core::Lang;
use tempatro_core::api::{Dashboard, DueKind, HelpPage};

use crate::app::Screen;
use crate::command::Command;
use crate::form::{self, Banner};
use crate::keys::{self, Action, Binding};
use crate::markdown::Page;
use crate::screens::Step;
use crate::screens::camps::CampsView;
use crate::screens::child_sheet::SheetView;
use crate::screens::children::ChildrenList;
use crate::screens::documents::DocumentsView;
use crate::screens::medical::MedicalView;
use crate::screens::news::NewsReader;
use crate::screens::payments::{PaymentsView, Wanted};
use crate::screens::profile::ProfileForm;
use crate::texts::{self, T};
use crate::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    Home,
    Children,
    Camps,
    Payments,
    Documents,
    Infos,
    LogOut,
}

const MENU: [MenuItem; 7] = [
    MenuItem::Home,
    MenuItem::Children,
    MenuItem::Camps,
    MenuItem::Payments,
    MenuItem::Documents,
    MenuItem::Infos,
    MenuItem::LogOut,
];

impl MenuItem {
    fn label(self) -> T {
        match self {
            MenuItem::Home => T::MenuHome,
            MenuItem::Children => T::MenuChildren,
            MenuItem::Camps => T::MenuCamps,
            MenuItem::Payments => T::MenuPayments,
            MenuItem::Documents => T::MenuDocuments,
            MenuItem::Infos => T::MenuInfos,
            MenuItem::LogOut => T::MenuLogOut,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    News,
    Help,
}

/// What ↑↓ move through: the menu, then the boxes of the page that lead somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Menu(MenuItem),
    /// "Vous avez N enfants liés à votre compte", which leads to "Gérer mes enfants".
    ChildrenBox,
    /// One line of "Actions spéciales", which leads to what it is about: "Mes paiements" for
    /// something unpaid, the child's medical sheet for a confirmation, its sheet otherwise.
    Alert(usize),
    /// One news item of the "News du Patro" tab, which opens it.
    News(usize),
}

/// "Utiliser Tempatro", as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpText {
    /// Not read yet, or on its way.
    Loading,
    Loaded(Page),
    /// Why it could not be read; r tries again.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardView {
    pub data: Dashboard,
    pub focus: Focus,
    pub tab: Tab,
    /// The first block shown in the "Utiliser Tempatro" tab: scrolling by block keeps the state
    /// independent of the terminal's width.
    pub scroll: usize,
    /// Read once, when the tab is first shown, and kept while the dashboard is.
    pub help: HelpText,
    pub banner: Option<Banner>,
}

impl DashboardView {
    pub fn new(data: Dashboard) -> DashboardView {
        DashboardView {
            data,
            focus: Focus::Menu(MenuItem::Home),
            tab: Tab::News,
            scroll: 0,
            help: HelpText::Loading,
            banner: None,
        }
    }

    /// Whether the help tab is shown without its text: it is to be read from the server.
    pub fn needs_help(&self) -> bool {
        self.tab == Tab::Help && !matches!(self.help, HelpText::Loaded(_))
    }

    pub fn help_loaded(&mut self, help: Result<HelpPage, String>) {
        self.help = match help {
            Ok(page) => HelpText::Loaded(Page::parse(&page.markdown)),
            Err(message) => HelpText::Failed(message),
        };
        self.scroll = 0;
    }

    /// Back on the dashboard from "Gérer mes enfants" or "Gérer mes infos", with the cursor
    /// on the menu entry that led there.
    pub fn returning(mut self, item: MenuItem) -> DashboardView {
        self.focus = Focus::Menu(item);
        self
    }

    pub fn refreshed(&mut self, data: Dashboard) {
        self.data = data;
        self.banner = None;
        // An alert settled meanwhile takes its line away: the focus stays within the list.
        if let Focus::Alert(index) = self.focus
            && index >= self.data.alerts.len()
        {
            self.focus = self.before_news();
        }
        if let Focus::News(index) = self.focus
            && index >= self.data.news.len()
        {
            self.focus = match self.data.news.len() {
                0 => self.before_news(),
                n => Focus::News(n - 1),
            };
        }
    }

    /// The last box before the news: the last alert, or the children's box.
    fn before_news(&self) -> Focus {
        match self.data.alerts.len() {
            0 => Focus::ChildrenBox,
            n => Focus::Alert(n - 1),
        }
    }

    fn order(&self) -> Vec<Focus> {
        let mut order: Vec<Focus> = MENU.iter().map(|item| Focus::Menu(*item)).collect();
        order.push(Focus::ChildrenBox);
        order.extend((0..self.data.alerts.len()).map(Focus::Alert));
        if self.tab == Tab::News {
            order.extend((0..self.data.news.len()).map(Focus::News));
        }
        order
    }

    pub fn bindings(&self) -> Vec<Binding> {
        let enter = match self.focus {
            Focus::Menu(MenuItem::LogOut) => T::KeyLogOut,
            Focus::News(_) => T::KeyRead,
            _ => T::KeyOpen,
        };
        let mut bindings = vec![
            Binding::new(keys::MENU, T::KeyChoose),
            Binding::new(keys::ENTER, enter),
            Binding::new(keys::SWITCH_TAB, T::KeyTab),
        ];
        if self.tab == Tab::Help {
            bindings.push(Binding::help_only(keys::SCROLL, T::KeyScroll));
        }
        bindings.push(Binding::new(keys::RETRY, T::KeyRefresh));
        bindings
    }

    pub fn perform(&mut self, action: Action) -> Step {
        match action {
            Action::Next => self.focus = form::step(&self.order(), self.focus, true),
            Action::Previous => self.focus = form::step(&self.order(), self.focus, false),
            Action::Activate => return self.open(),
            Action::SwitchTab => {
                self.tab = match self.tab {
                    Tab::News => Tab::Help,
                    Tab::Help => Tab::News,
                };
                self.scroll = 0;
                // The news leave the screen with their tab: the focus goes to the box above.
                if matches!(self.focus, Focus::News(_)) {
                    self.focus = self.before_news();
                }
                if self.needs_help() {
                    self.help = HelpText::Loading;
                    return Step::Run(Command::LoadHelp);
                }
            }
            Action::ScrollDown if matches!(&self.help, HelpText::Loaded(page) if self.scroll + 1 < page.len()) =>
            {
                self.scroll += 1;
            }
            Action::ScrollUp => self.scroll = self.scroll.saturating_sub(1),
            Action::Retry => {
                self.banner = None;
                // The help is read again after the dashboard, if it is shown without its text.
                if let HelpText::Failed(_) = self.help {
                    self.help = HelpText::Loading;
                }
                return Step::Run(Command::LoadDashboard);
            }
            _ => {}
        }
        Step::Stay
    }

    /// Enter: where the focused entry or box leads.
    fn open(&self) -> Step {
        let children = || {
            let home = self.clone().returning(MenuItem::Children);
            Step::open(
                Screen::Children(ChildrenList::new(home)),
                Command::LoadChildren,
            )
        };
        match self.focus {
            Focus::Menu(MenuItem::Home) => Step::Stay,
            Focus::Menu(MenuItem::Children) | Focus::ChildrenBox => children(),
            Focus::Menu(MenuItem::Infos) => Step::open(
                Screen::Profile(Box::new(ProfileForm::new(
                    self.clone().returning(MenuItem::Infos),
                ))),
                Command::LoadProfile,
            ),
            Focus::Menu(MenuItem::Camps) => Step::open(
                Screen::Camps(CampsView::new(
                    Screen::Dashboard(self.clone().returning(MenuItem::Camps)),
                    None,
                )),
                Command::LoadChildren,
            ),
            Focus::Menu(MenuItem::Payments) => Step::open(
                Screen::Payments(PaymentsView::new(
                    Screen::Dashboard(self.clone().returning(MenuItem::Payments)),
                    None,
                )),
                Command::LoadDues,
            ),
            Focus::Menu(MenuItem::Documents) => Step::open(
                Screen::Documents(DocumentsView::new(
                    self.clone().returning(MenuItem::Documents),
                )),
                Command::LoadDocuments,
            ),
            Focus::Menu(MenuItem::LogOut) => Step::Run(Command::LogOut),
            Focus::Alert(index) => {
                let Some(alert) = self.data.alerts.get(index) else {
                    return Step::Stay;
                };
                let back = Screen::Dashboard(self.clone());
                // Something to pay: "Mes paiements", on the due the alert is about when it
                // can be told (the alert names the child, and a camp by its name).
                let unpaid = match alert.code.as_str() {
                    "affiliation_unpaid" => Some(DueKind::Affiliation),
                    "activity_unpaid" => Some(DueKind::Activity),
                    "due_unpaid" => Some(DueKind::Other),
                    _ => None,
                };
                if let Some(kind) = unpaid {
                    let wanted = alert.child_id.map(|child_id| Wanted {
                        child_id,
                        kind: Some(kind),
                        hint: Some(alert.message.clone()),
                    });
                    return Step::open(
                        Screen::Payments(PaymentsView::new(back, wanted)),
                        Command::LoadDues,
                    );
                }
                match (alert.code.as_str(), alert.child_id) {
                    ("medical_to_confirm", Some(id)) => Step::open(
                        Screen::Medical(MedicalView::loading(id, back)),
                        Command::LoadMedical(id),
                    ),
                    (_, Some(id)) => Step::open(
                        Screen::ChildSheet(SheetView::loading(id, back)),
                        Command::LoadChild(id),
                    ),
                    // An alert about no child in particular: the list shows them all.
                    (_, None) => children(),
                }
            }
            Focus::News(index) => match self.data.news.get(index) {
                Some(item) => Step::open(
                    Screen::NewsReader(NewsReader::new(
                        item.clone(),
                        Screen::Dashboard(self.clone()),
                    )),
                    Command::ReadNews(item.id),
                ),
                None => Step::Stay,
            },
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let welcome = texts::welcome(
            lang,
            &format!("{} {}", self.data.first_name, self.data.last_name),
        );
        let welcome_width = area.width.saturating_sub(2);
        let [welcome_area, rule, body] = Layout::vertical([
            Constraint::Length(widgets::height(&welcome, welcome_width)),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(widgets::wrapped(
                &welcome,
                welcome_width,
                widgets::title_style(),
            )),
            welcome_area.inner(Margin::new(1, 0)),
        );
        let menu_width = 22;
        draw_rule(frame, rule, menu_width);
        let [menu, content] =
            Layout::horizontal([Constraint::Length(menu_width), Constraint::Fill(1)]).areas(body);
        self.draw_menu(frame, menu, lang);
        let content = content.inner(Margin::new(1, 0));
        let banner = widgets::banner(self.banner.as_ref(), content.width);
        let [banner_area, page] = Layout::vertical([
            Constraint::Length(u16::try_from(banner.len()).unwrap_or(u16::MAX)),
            Constraint::Fill(1),
        ])
        .areas(content);
        frame.render_widget(Paragraph::new(banner), banner_area);
        self.draw_home(frame, page, lang);
    }

    fn draw_menu(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let lines: Vec<Line> = MENU
            .iter()
            .map(|item| {
                let selected = self.focus == Focus::Menu(*item);
                let mut style = Style::new();
                if *item == MenuItem::Home {
                    style = style.add_modifier(Modifier::BOLD);
                }
                if selected {
                    style = style.fg(Color::Yellow).add_modifier(Modifier::REVERSED);
                }
                let marker = if selected { widgets::MARKER } else { "  " };
                Line::styled(format!("{marker}{}", item.label().get(lang)), style)
            })
            .collect();
        let block = Block::new()
            .borders(Borders::RIGHT)
            .padding(Padding::left(1));
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }

    fn draw_home(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let alerts = self.alert_lines(area.width.saturating_sub(4));
        let alerts_height = u16::try_from(alerts.len()).unwrap_or(u16::MAX).clamp(1, 6) + 2;
        let [boxes, alerts_area, tabs] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Length(alerts_height),
            Constraint::Min(4),
        ])
        .areas(area);
        let [children, cycle] =
            Layout::horizontal([Constraint::Percentage(52), Constraint::Fill(1)]).areas(boxes);
        text_box(
            frame,
            children,
            T::YourChildren.get(lang),
            &texts::children_count(lang, self.data.children_count),
            Some(self.focus == Focus::ChildrenBox),
        );
        text_box(
            frame,
            cycle,
            T::PatroYear.get(lang),
            &texts::current_cycle(lang, &self.data.current_cycle.to_string()),
            None,
        );
        let title_style = if self.data.alerts.is_empty() {
            Style::new()
        } else {
            widgets::error_style()
        };
        let block = Block::bordered()
            .title(Span::styled(
                format!(" {} ", T::SpecialActions.get(lang)),
                title_style,
            ))
            .padding(Padding::horizontal(1));
        let alerts = if alerts.is_empty() {
            vec![Line::styled(
                T::NothingToDo.get(lang),
                Style::new().fg(Color::Green),
            )]
        } else {
            alerts
        };
        frame.render_widget(Paragraph::new(alerts).block(block), alerts_area);
        self.draw_tabs(frame, tabs, lang);
    }

    fn alert_lines(&self, width: u16) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        for (number, alert) in self.data.alerts.iter().enumerate() {
            let focused = self.focus == Focus::Alert(number);
            let style = if focused {
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            let rows = widgets::wrap(&alert.message, width.saturating_sub(4));
            let last = rows.len() - 1;
            for (index, line) in rows.into_iter().enumerate() {
                let bullet = match (index, focused) {
                    (0, true) => widgets::MARKER,
                    (0, false) => "• ",
                    _ => "  ",
                };
                let mut spans = vec![Span::styled(format!("{bullet}{line}"), style)];
                // The way in, as on the "Vos enfants" box.
                if index == last && focused {
                    spans.push(Span::styled(" ↵", style));
                }
                lines.push(Line::from(spans));
            }
        }
        lines
    }

    fn draw_tabs(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let tab = |tab: Tab, label: T| {
            if self.tab == tab {
                Span::styled(
                    format!("[{}]", label.get(lang)),
                    Style::new()
                        .fg(Color::Yellow)
                        .add_modifier(Modifier::BOLD | Modifier::REVERSED),
                )
            } else {
                Span::raw(format!(" {} ", label.get(lang)))
            }
        };
        let title = Line::from(vec![
            tab(Tab::News, T::NewsTab),
            Span::raw("│"),
            tab(Tab::Help, T::HelpTab),
        ]);
        let mut block = Block::bordered()
            .title(title)
            .padding(Padding::horizontal(1));
        let inner = block.inner(area);
        let lines = match self.tab {
            Tab::News => self.news_lines(inner.width, inner.height, lang),
            Tab::Help => self.help_lines(inner.width, lang),
        };
        let overflows = lines.len() > usize::from(inner.height);
        if self.tab == Tab::Help && (overflows || self.scroll > 0) {
            let more = match (self.scroll > 0, overflows) {
                (true, true) => " PgUp ↑ · PgDn ↓ ",
                (true, false) => " PgUp ↑ ",
                _ => " PgDn ↓ ",
            };
            block = block.title_bottom(Line::from(more).right_aligned());
        }
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }

    /// "● 12/11  Souper du Patro le 6 décembre": a dot for each news item not read yet. Scrolled
    /// without state, as little as keeps the focused item in view.
    fn news_lines(&self, width: u16, height: u16, lang: Lang) -> Vec<Line<'static>> {
        if self.data.news.is_empty() {
            return widgets::wrapped(
                T::NoNewsYet.get(lang),
                width,
                Style::new().add_modifier(Modifier::ITALIC),
            );
        }
        // Marker, dot, "12/11", two spaces.
        let indent = 11;
        let mut lines = Vec::new();
        let mut focused_end = 0;
        for (index, item) in self.data.news.iter().enumerate() {
            let focused = self.focus == Focus::News(index);
            let style = match (focused, item.unread) {
                (true, _) => widgets::focus_style(),
                (false, true) => Style::new().add_modifier(Modifier::BOLD),
                (false, false) => Style::new(),
            };
            let date = item.published_at.date();
            let rows = widgets::wrap(&item.title, width.saturating_sub(indent + 2));
            let last = rows.len() - 1;
            for (row, text) in rows.into_iter().enumerate() {
                let mut spans = if row == 0 {
                    vec![
                        Span::styled(if focused { widgets::MARKER } else { "  " }, style),
                        Span::styled(
                            if item.unread { "● " } else { "  " },
                            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                        ),
                        Span::styled(
                            format!("{:02}/{:02}  ", date.day(), u8::from(date.month())),
                            Style::new().fg(Color::DarkGray),
                        ),
                        Span::styled(text, style),
                    ]
                } else {
                    vec![
                        Span::raw(" ".repeat(usize::from(indent))),
                        Span::styled(text, style),
                    ]
                };
                if focused && row == last {
                    spans.push(Span::styled(" ↵", style));
                }
                lines.push(Line::from(spans));
            }
            if focused {
                focused_end = lines.len();
            }
        }
        let skip = focused_end.saturating_sub(usize::from(height));
        lines.into_iter().skip(skip).collect()
    }

    fn help_lines(&self, width: u16, lang: Lang) -> Vec<Line<'static>> {
        match &self.help {
            HelpText::Loading => vec![Line::styled(
                T::Loading.get(lang),
                Style::new().add_modifier(Modifier::ITALIC),
            )],
            HelpText::Failed(message) => {
                let mut lines =
                    widgets::wrapped(&format!("⚠ {message}"), width, widgets::error_style());
                lines.extend(widgets::wrapped(
                    T::HelpRetry.get(lang),
                    width,
                    Style::new().fg(Color::DarkGray),
                ));
                lines
            }
            HelpText::Loaded(page) => page.lines(self.scroll, width),
        }
    }
}

/// A bordered box with a title and a wrapped sentence. A box that leads somewhere says so with
/// "↵" in its corner (`Some(focused)`), and is yellow while it has the focus.
fn text_box(frame: &mut Frame, area: Rect, title: &str, text: &str, leads: Option<bool>) {
    let mut block = Block::bordered()
        .title(format!(" {title} "))
        .padding(Padding::horizontal(1));
    if let Some(focused) = leads {
        let style = if focused {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        block = block
            .border_style(style)
            .title_bottom(Line::styled(" ↵ ", style).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(
        Paragraph::new(widgets::wrapped(text, inner.width, Style::new())).block(block),
        area,
    );
}

/// The line under the welcome, joined to the frame's sides and to the menu's border, as in the
/// sketches.
fn draw_rule(frame: &mut Frame, area: Rect, menu_width: u16) {
    if area.is_empty() {
        return;
    }
    let buffer = frame.buffer_mut();
    for x in area.left()..area.right() {
        buffer[(x, area.y)].set_symbol("─");
    }
    if area.x > 0 {
        buffer[(area.x - 1, area.y)].set_symbol("├");
    }
    if area.right() < buffer.area.right() {
        buffer[(area.right(), area.y)].set_symbol("┤");
    }
    let join = area.x + menu_width - 1;
    if join < area.right() {
        buffer[(join, area.y)].set_symbol("┬");
    }
}
