//! Reading the drawn QR code back, as a banking app would from the screen: the half-block cells
//! are turned back into modules, the modules into a picture, and the picture is decoded.

use image::{GrayImage, Luma};
use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// Pixels on a module's side in the picture handed to the decoder.
const SCALE: u32 = 4;
/// Light modules added around what was drawn, so that the decoder never depends on the
/// screen's own quiet zone being there.
const MARGIN: u32 = 4;

/// Where the code is drawn: the cells painted on white, which must form one rectangle.
pub fn qr_area(buffer: &Buffer) -> ratatui::layout::Rect {
    let white: Vec<(u16, u16)> = buffer
        .area
        .positions()
        .filter(|position| buffer[*position].style().bg == Some(Color::White))
        .map(|position| (position.x, position.y))
        .collect();
    assert!(!white.is_empty(), "no QR code drawn");
    let left = white.iter().map(|(x, _)| *x).min().unwrap();
    let right = white.iter().map(|(x, _)| *x).max().unwrap();
    let top = white.iter().map(|(_, y)| *y).min().unwrap();
    let bottom = white.iter().map(|(_, y)| *y).max().unwrap();
    let area = ratatui::layout::Rect::new(left, top, right - left + 1, bottom - top + 1);
    assert_eq!(
        white.len(),
        usize::from(area.width) * usize::from(area.height),
        "the white cells are not one rectangle"
    );
    area
}

/// The modules drawn in `buffer`, row by row, two per cell: `▀` top dark, `▄` bottom dark,
/// `█` both, a space neither. Every cell must be drawn black on white.
pub fn modules(buffer: &Buffer) -> Vec<Vec<bool>> {
    let area = qr_area(buffer);
    let mut rows = Vec::new();
    for y in area.top()..area.bottom() {
        let mut top = Vec::new();
        let mut bottom = Vec::new();
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            assert_eq!(cell.style().fg, Some(Color::Black), "({x}, {y})");
            let (t, b) = match cell.symbol() {
                "█" => (true, true),
                "▀" => (true, false),
                "▄" => (false, true),
                " " => (false, false),
                other => panic!("({x}, {y}) holds {other:?}, not a half block"),
            };
            top.push(t);
            bottom.push(b);
        }
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

/// The text of the QR code drawn in `buffer`.
pub fn read_qr(buffer: &Buffer) -> String {
    let modules = modules(buffer);
    let width = u32::try_from(modules[0].len()).unwrap();
    let height = u32::try_from(modules.len()).unwrap();
    // An odd number of module rows leaves the last line's bottom half light: nothing else.
    assert!(height == width || height == width + 1, "{width}×{height}");
    let side = |n: u32| (n + 2 * MARGIN) * SCALE;
    let picture = GrayImage::from_fn(side(width), side(height), |x, y| {
        let (column, row) = (x / SCALE, y / SCALE);
        let dark = column >= MARGIN
            && row >= MARGIN
            && modules
                .get(usize::try_from(row - MARGIN).unwrap())
                .and_then(|cells| cells.get(usize::try_from(column - MARGIN).unwrap()))
                .copied()
                .unwrap_or(false);
        Luma([if dark { 0 } else { 255 }])
    });
    let mut prepared = rqrr::PreparedImage::prepare(picture);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the screen");
    let (_, text) = grids[0].decode().expect("the drawn QR code decodes");
    text
}
