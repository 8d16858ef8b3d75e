//! A news item of "News du Patro", read in full: its title, its date, the section it is for, and
//! its text rendered from Markdown. Opening it tells the server it was read.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Style};
use ratatui::widgets::{Block, Borders, Paragraph};
use tempatro_core::Lang;
use tempatro_core::api::NewsView;

use crate::app::Screen;
use crate::form::Banner;
use crate::keys::{self, Action, Binding};
use crate::markdown::Page;
use crate::screens::Step;
use crate::texts::{self, T};
use crate::widgets;

#[derive(Debug, Clone)]
pub struct NewsReader {
    /// The dashboard's copy until the server answers: the text shows at once.
    pub item: NewsView,
    pub body: Page,
    /// The first block shown, as in the help tab.
    pub scroll: usize,
    pub back: Box<Screen>,
    pub banner: Option<Banner>,
}

impl NewsReader {
    pub fn new(item: NewsView, back: Screen) -> NewsReader {
        NewsReader {
            body: Page::parse(&item.body),
            item,
            scroll: 0,
            back: Box::new(back),
            banner: None,
        }
    }

    pub fn loaded(&mut self, item: NewsView) {
        self.body = Page::parse(&item.body);
        self.item = item;
        self.banner = None;
    }

    pub fn bindings(&self) -> Vec<Binding> {
        vec![
            Binding::new(keys::SCROLL_PAGE, T::KeyScrollPage),
            Binding::new(keys::BACK, T::KeyBack),
        ]
    }

    pub fn perform(&mut self, action: Action) -> Step {
        match action {
            // The dashboard is read again: this item is no longer unread there.
            Action::Back => return Step::back_to((*self.back).clone()),
            Action::ScrollDown if self.scroll + 1 < self.body.len() => self.scroll += 1,
            Action::ScrollUp => self.scroll = self.scroll.saturating_sub(1),
            _ => {}
        }
        Step::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let area = area.inner(Margin::new(1, 0));
        let mut header = widgets::wrapped(&self.item.title, area.width, widgets::title_style());
        let published = texts::published_on(
            lang,
            &tempatro_core::date::long(self.item.published_at.date(), lang),
            self.item
                .section
                .as_ref()
                .map(|section| section.name.as_str()),
        );
        header.extend(widgets::wrapped(
            &published,
            area.width,
            Style::new().fg(Color::DarkGray),
        ));
        header.extend(widgets::banner(self.banner.as_ref(), area.width));
        let [header_area, body] = Layout::vertical([
            Constraint::Length(u16::try_from(header.len() + 1).unwrap_or(u16::MAX)),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(header).block(
                Block::new()
                    .borders(Borders::BOTTOM)
                    .border_style(Style::new().fg(Color::DarkGray)),
            ),
            header_area,
        );
        let lines = self.body.lines(self.scroll, body.width);
        let overflows = lines.len() > usize::from(body.height);
        frame.render_widget(Paragraph::new(lines), body);
        // Where there is more, as in the sheets.
        if !body.is_empty() {
            let corner = body.right() - 1;
            let buffer = frame.buffer_mut();
            if self.scroll > 0 {
                buffer[(corner, body.y)].set_symbol("▲");
            }
            if overflows {
                buffer[(corner, body.bottom() - 1)].set_symbol("▼");
            }
        }
    }
}
