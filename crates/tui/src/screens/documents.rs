//! "Documents": what the Patro published for the parent and their children (letters, rules,
//! forms), newest first, with date and size; Enter downloads one into the downloads folder, with
//! a progress line, and says where it was saved.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};
use tempatro_core::Lang;
use tempatro_core::api::{Audience, DocumentView};
use unicode_width::UnicodeWidthStr;

use crate::app::Screen;
use crate::command::{Command, DownloadError};
use crate::form::Banner;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::dashboard::{DashboardView, MenuItem};
use crate::texts::{self, T};
use crate::widgets;

/// A download on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub id: i64,
    pub filename: String,
    pub received: u64,
    pub total: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentsView {
    /// The dashboard to go back to.
    pub home: DashboardView,
    /// None until the server answers.
    pub documents: Option<Vec<DocumentView>>,
    pub selected: usize,
    pub download: Option<Download>,
    /// Where the last download was saved.
    pub saved: Option<PathBuf>,
    pub banner: Option<Banner>,
}

impl DocumentsView {
    pub fn new(home: DashboardView) -> DocumentsView {
        DocumentsView {
            home,
            documents: None,
            selected: 0,
            download: None,
            saved: None,
            banner: None,
        }
    }

    pub fn loaded(&mut self, documents: Vec<DocumentView>) {
        self.selected = self.selected.min(documents.len().saturating_sub(1));
        self.documents = Some(documents);
        self.banner = None;
    }

    pub fn progress(&mut self, id: i64, received: u64, total: Option<u64>) {
        if let Some(download) = &mut self.download
            && download.id == id
        {
            download.received = received;
            download.total = total;
        }
    }

    pub fn downloaded(&mut self, result: Result<PathBuf, DownloadError>, lang: Lang) {
        self.download = None;
        match result {
            Ok(path) => {
                self.saved = Some(path);
                self.banner = None;
            }
            Err(DownloadError::Server(error)) => {
                self.banner = Some(Banner::Error(error.message(lang)));
            }
            Err(DownloadError::Disk { dir, detail }) => {
                self.banner = Some(Banner::Error(texts::not_saved(
                    lang,
                    &dir.display().to_string(),
                    &detail,
                )));
            }
        }
    }

    fn documents(&self) -> &[DocumentView] {
        self.documents.as_deref().unwrap_or_default()
    }

    pub fn bindings(&self) -> Vec<Binding> {
        let mut bindings = Vec::new();
        if !self.documents().is_empty() {
            bindings.push(Binding::new(keys::MENU, T::KeyChoose));
            bindings.push(Binding::new(keys::ENTER, T::KeyDownload));
        }
        bindings.push(Binding::new(keys::BACK, T::KeyBack));
        bindings
    }

    pub fn perform(&mut self, action: Action) -> Step {
        let count = self.documents().len();
        match action {
            Action::Next if self.selected + 1 < count => self.selected += 1,
            Action::Previous => self.selected = self.selected.saturating_sub(1),
            // One download at a time, as every request.
            Action::Activate if self.download.is_none() => {
                if let Some(document) = self.documents().get(self.selected) {
                    let (id, filename) = (document.id, document.filename.clone());
                    self.download = Some(Download {
                        id,
                        filename: filename.clone(),
                        received: 0,
                        total: Some(document.size),
                    });
                    self.saved = None;
                    self.banner = None;
                    return Step::Run(Command::Download { id, filename });
                }
            }
            Action::Back => {
                return Step::back_to(Screen::Dashboard(
                    self.home.clone().returning(MenuItem::Documents),
                ));
            }
            _ => {}
        }
        Step::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let area = area.inner(Margin::new(1, 0));
        let width = area.width;
        let mut header = vec![Line::styled(
            T::MenuDocuments.get(lang),
            widgets::title_style(),
        )];
        header.extend(widgets::wrapped(
            T::DocumentsIntro.get(lang),
            width,
            Style::new(),
        ));
        header.extend(widgets::banner(self.banner.as_ref(), width));
        header.push(Line::raw(""));
        let status = self.status_lines(width, lang);
        let gauge_height = u16::from(self.download.is_some());
        let [header_area, body, status_area, gauge_area] = Layout::vertical([
            Constraint::Length(rows(&header)),
            Constraint::Fill(1),
            Constraint::Length(rows(&status)),
            Constraint::Length(gauge_height),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(header), header_area);
        frame.render_widget(Paragraph::new(status), status_area);
        if let Some(download) = &self.download {
            frame.render_widget(
                Gauge::default()
                    .gauge_style(Style::new().fg(Color::Green).bg(Color::DarkGray))
                    .ratio(ratio(download))
                    .label(""),
                gauge_area,
            );
        }
        self.draw_list(frame, body, lang);
    }

    /// The download's progress, or where the last one was saved.
    fn status_lines(&self, width: u16, lang: Lang) -> Vec<Line<'static>> {
        if let Some(download) = &self.download {
            let text = match download.total {
                Some(total) if total > 0 => texts::downloading(
                    lang,
                    &download.filename,
                    percent(download),
                    &texts::file_size(lang, download.received),
                    &texts::file_size(lang, total),
                ),
                _ => texts::downloading_unknown(
                    lang,
                    &download.filename,
                    &texts::file_size(lang, download.received),
                ),
            };
            return widgets::wrapped(&text, width, Style::new().fg(Color::Cyan));
        }
        match &self.saved {
            Some(path) => widgets::wrapped(
                &format!("✓ {}", texts::saved_in(lang, &path.display().to_string())),
                width,
                Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            ),
            None => Vec::new(),
        }
    }

    fn draw_list(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let width = area.width;
        let sizes: Vec<String> = self
            .documents()
            .iter()
            .map(|document| texts::file_size(lang, document.size))
            .collect();
        let size_width = sizes.iter().map(|size| size.width()).max().unwrap_or(0);
        // Marker, date, two spaces, title, two spaces, size on the right.
        let title_width = usize::from(width).saturating_sub(2 + 10 + 2 + 2 + size_width);
        let entry = |index: usize, document: &DocumentView, selected: bool| {
            let style = if selected {
                widgets::focus_style()
            } else {
                Style::new()
            };
            let mut lines = Vec::new();
            let titles = widgets::wrap(
                &document.title,
                u16::try_from(title_width.max(1)).unwrap_or(u16::MAX),
            );
            for (row, title) in titles.iter().enumerate() {
                let mut spans = Vec::new();
                if row == 0 {
                    spans.push(Span::styled(
                        if selected { widgets::MARKER } else { "  " },
                        style,
                    ));
                    spans.push(Span::styled(
                        format!(
                            "{}  ",
                            tempatro_core::date::short(document.published_at.date())
                        ),
                        Style::new().fg(Color::DarkGray),
                    ));
                } else {
                    spans.push(Span::raw(" ".repeat(14)));
                }
                spans.push(Span::styled(
                    title.clone(),
                    style.add_modifier(Modifier::BOLD),
                ));
                if row == 0 {
                    let gap = title_width.saturating_sub(title.width())
                        + 2
                        + size_width.saturating_sub(sizes[index].width());
                    spans.push(Span::raw(" ".repeat(gap)));
                    spans.push(Span::styled(sizes[index].clone(), style));
                }
                lines.push(Line::from(spans));
            }
            // The file's name and whom it is for, under the document the cursor is on.
            if selected {
                let detail = format!(
                    "{} · {}",
                    document.filename,
                    audience(&document.audience, lang)
                );
                for line in widgets::wrap(&detail, width.saturating_sub(14)) {
                    lines.push(Line::styled(
                        format!("{}{line}", " ".repeat(14)),
                        Style::new().fg(Color::DarkGray),
                    ));
                }
            }
            lines
        };
        widgets::selection_list(
            frame,
            area,
            self.documents.as_deref(),
            self.selected,
            T::NoDocuments,
            lang,
            entry,
        );
    }
}

/// "pour tous", "pour les Benjamins", "pour les participants au Camp d'été 2027", "pour Billy".
fn audience(audience: &Audience, lang: Lang) -> String {
    match audience {
        Audience::All => T::ForEveryone.get(lang).to_owned(),
        Audience::Section { name, .. } => texts::for_section(lang, name),
        Audience::Activity { name, .. } => texts::for_participants(lang, name),
        Audience::Child { name, .. } => texts::for_child(lang, name),
    }
}

fn ratio(download: &Download) -> f64 {
    f64::from(percent(download)) / 100.0
}

fn percent(download: &Download) -> u8 {
    match download.total {
        Some(total) if total > 0 => {
            u8::try_from(download.received.min(total) * 100 / total).unwrap_or(100)
        }
        _ => 0,
    }
}

fn rows(lines: &[Line]) -> u16 {
    u16::try_from(lines.len()).unwrap_or(u16::MAX)
}
