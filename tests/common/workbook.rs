//! Reading a workbook back with calamine, for the tests of the Excel
//! report (the renderer's and `plan report`'s).
#![allow(dead_code)]

use std::io::Cursor;

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook_from_rs};

pub type Book = Xlsx<Cursor<Vec<u8>>>;

/// The workbook in these bytes.
pub fn open(bytes: &[u8]) -> Book {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine reads the workbook")
}

pub fn sheet<R: std::io::Read + std::io::Seek>(book: &mut Xlsx<R>, name: &str) -> Range<Data> {
    book.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// The row whose first cell is `first`.
pub fn row<'a>(range: &'a Range<Data>, first: &str) -> &'a [Data] {
    range
        .rows()
        .find(|r| r.first().and_then(|c| c.get_string()) == Some(first))
        .unwrap_or_else(|| panic!("no row {first}"))
}

pub fn text(cell: &Data) -> &str {
    cell.get_string()
        .unwrap_or_else(|| panic!("not text: {cell:?}"))
}
