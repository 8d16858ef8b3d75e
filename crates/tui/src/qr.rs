//! The EPC QR code of a transfer, drawn with text so that a banking app scans it off the screen.
//!
//! A terminal cell is about twice as tall as it is wide, so each cell holds two modules one above
//! the other: `▀` the top one dark, `▄` the bottom one, `█` both, a space neither. The modules
//! come out square, and the code takes half as many lines as it has modules.

use qrcode::{EcLevel, QrCode};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

/// The light margin a reader needs around the code, in modules. The standard asks for four;
/// phone readers find the code with two, which is what is left when the terminal is small.
pub const QUIET_ZONES: [u16; 3] = [4, 3, 2];

/// The modules of a QR code, row by row.
#[derive(Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// The code of an EPC069-12 payload, at error correction level M as the guidelines require;
    /// None when no QR code can hold it.
    pub fn epc(payload: &str) -> Option<QrMatrix> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).ok()?;
        Some(QrMatrix {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|colour| colour == qrcode::Color::Dark)
                .collect(),
        })
    }

    /// Modules on a side.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark; outside the code, none is.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Columns and lines the code takes with a quiet zone of `quiet` modules on every side.
    pub fn size(&self, quiet: u16) -> (u16, u16) {
        let side = u16::try_from(self.width)
            .unwrap_or(u16::MAX)
            .saturating_add(quiet.saturating_mul(2));
        (side, side.div_ceil(2))
    }

    /// The widest quiet zone with which the code fits in `width` × `height` cells, if any.
    pub fn quiet_zone_within(&self, width: u16, height: u16) -> Option<u16> {
        QUIET_ZONES.into_iter().find(|quiet| {
            let (columns, lines) = self.size(*quiet);
            columns <= width && lines <= height
        })
    }
}

// The matrix is hundreds of modules: a screen's debug print says how big it is, not each one.
impl std::fmt::Debug for QrMatrix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "QrMatrix({0}×{0})", self.width)
    }
}

/// The code drawn from the top left corner of the area it is given, with its quiet zone.
pub struct QrWidget<'a> {
    pub matrix: &'a QrMatrix,
    pub quiet: u16,
}

/// Black on white whatever the terminal's colours: a reader wants dark modules on a light
/// ground, and a dark theme would otherwise turn the code into its negative.
pub fn style() -> Style {
    Style::new().fg(Color::Black).bg(Color::White)
}

/// The character for a cell whose top and bottom modules are dark or not.
pub fn symbol(top: bool, bottom: bool) -> &'static str {
    match (top, bottom) {
        (true, true) => "█",
        (true, false) => "▀",
        (false, true) => "▄",
        (false, false) => " ",
    }
}

impl Widget for QrWidget<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (columns, lines) = self.matrix.size(self.quiet);
        let area = area.intersection(buf.area);
        let quiet = usize::from(self.quiet);
        // A module of the code with its quiet zone around it: outside the code, light.
        let dark = |x: u16, y: u16| {
            let (x, y) = (usize::from(x), usize::from(y));
            x >= quiet && y >= quiet && self.matrix.is_dark(x - quiet, y - quiet)
        };
        for line in 0..lines.min(area.height) {
            for column in 0..columns.min(area.width) {
                let top = dark(column, line * 2);
                let bottom = line * 2 + 1 < columns && dark(column, line * 2 + 1);
                buf[(area.x + column, area.y + line)]
                    .set_symbol(symbol(top, bottom))
                    .set_style(style());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYLOAD: &str = "BCD\n002\n1\nSCT\n\nPatro du Val d'Haine\nBE68539007547034\nEUR15.00\n\n\
                           100000000196";

    #[test]
    fn an_epc_payload_of_the_patro_takes_a_small_code() {
        let matrix = QrMatrix::epc(PAYLOAD).unwrap();
        // 75 bytes at level M: version 5, 37 modules a side.
        assert_eq!(matrix.width(), 37);
        assert_eq!(matrix.size(2), (41, 21));
        assert_eq!(matrix.size(4), (45, 23));
    }

    #[test]
    fn the_quiet_zone_shrinks_to_fit_and_no_further() {
        let matrix = QrMatrix::epc(PAYLOAD).unwrap();
        assert_eq!(matrix.quiet_zone_within(100, 50), Some(4));
        assert_eq!(matrix.quiet_zone_within(43, 22), Some(3));
        assert_eq!(matrix.quiet_zone_within(41, 21), Some(2));
        assert_eq!(matrix.quiet_zone_within(40, 21), None);
        assert_eq!(matrix.quiet_zone_within(41, 20), None);
    }

    #[test]
    fn two_modules_share_a_cell() {
        let matrix = QrMatrix::epc(PAYLOAD).unwrap();
        let (columns, lines) = matrix.size(2);
        let area = Rect::new(0, 0, columns, lines);
        let mut buf = Buffer::empty(area);
        QrWidget {
            matrix: &matrix,
            quiet: 2,
        }
        .render(area, &mut buf);
        // The quiet zone's first line is light; the next holds the finder pattern's two top
        // rows: its dark edge, then (one module in) its light ring under the dark edge.
        assert_eq!(buf[(0, 0)].symbol(), " ");
        assert_eq!(buf[(2, 1)].symbol(), "█");
        assert_eq!(buf[(3, 1)].symbol(), "▀");
        assert_eq!(buf[(2, 1)].style().bg, Some(Color::White));
        assert_eq!(buf[(2, 1)].style().fg, Some(Color::Black));
        // 41 module rows: the last line's bottom half is outside the code, drawn light.
        assert_eq!(buf[(20, 20)].symbol(), " ");
    }

    #[test]
    fn with_an_odd_quiet_zone_the_code_starts_on_a_bottom_half() {
        let matrix = QrMatrix::epc(PAYLOAD).unwrap();
        let area = Rect::new(0, 0, 43, 22);
        let mut buf = Buffer::empty(area);
        QrWidget {
            matrix: &matrix,
            quiet: 3,
        }
        .render(area, &mut buf);
        assert_eq!(buf[(3, 1)].symbol(), "▄");
    }

    #[test]
    fn nothing_is_drawn_outside_a_small_area() {
        let matrix = QrMatrix::epc(PAYLOAD).unwrap();
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 3));
        QrWidget {
            matrix: &matrix,
            quiet: 4,
        }
        .render(Rect::new(2, 1, 10, 10), &mut buf);
        assert_ne!(buf[(0, 0)].style().bg, Some(Color::White));
        assert_eq!(buf[(2, 1)].style().bg, Some(Color::White));
    }
}
