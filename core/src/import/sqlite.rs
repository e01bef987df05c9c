//! A read-only reader of SQLite database files, enough for the internal databases of
//! authenticator apps (Google Authenticator, Microsoft Authenticator, Stratum): the schema, and
//! every row of a table by column name. Pure Rust without C, so it runs in the Worker, the browser
//! and the npm package. It follows SQLite's documented file format (b-tree pages, records,
//! overflow pages) and trusts nothing in the file: every offset is checked, every page is visited
//! at most once, and the work is bounded by the file's size.

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

/// A value of a record.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text (the file's encoding must be UTF-8).
    Text(String),
    /// A blob.
    Blob(Vec<u8>),
}

impl Cell {
    /// The value as text, if it is text.
    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The value as an integer, if it is one.
    pub(super) fn int(&self) -> Option<i64> {
        match self {
            Self::Int(i) => Some(*i),
            _ => None,
        }
    }
}

/// One row: the table's column names with their values.
pub(super) type Row = Vec<(String, Cell)>;

/// The value of column `name` in `row`.
pub(super) fn column<'a>(row: &'a Row, name: &str) -> Option<&'a Cell> {
    row.iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, c)| c)
}

/// Why a file could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Malformed;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Whether bytes start as an SQLite database.
pub(super) fn detect(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// An opened database file.
pub(super) struct Database<'a> {
    bytes: &'a [u8],
    page_size: usize,
    usable: usize,
}

/// A table of the schema: its name, root page and column names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Table {
    /// The table's name.
    pub name: String,
    root: u32,
    /// Column names, in order.
    pub columns: Vec<String>,
    /// The column that aliases the row id (`INTEGER PRIMARY KEY`), stored as NULL in records.
    rowid_alias: Option<usize>,
}

impl<'a> Database<'a> {
    /// Checks the header of an SQLite file.
    pub(super) fn open(bytes: &'a [u8]) -> Result<Self, Malformed> {
        if !detect(bytes) || bytes.len() < 100 {
            return Err(Malformed);
        }
        let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
            1 => 65536,
            n if n >= 512 && n.is_power_of_two() => usize::from(n),
            _ => return Err(Malformed),
        };
        let reserved = usize::from(bytes[20]);
        // Text encoding 1 is UTF-8; the apps' databases use it.
        if u32::from_be_bytes([bytes[56], bytes[57], bytes[58], bytes[59]]) > 1 {
            return Err(Malformed);
        }
        let usable = page_size.checked_sub(reserved).filter(|u| *u >= 480);
        Ok(Self {
            bytes,
            page_size,
            usable: usable.ok_or(Malformed)?,
        })
    }

    /// The tables of the schema.
    pub(super) fn tables(&self) -> Result<Vec<Table>, Malformed> {
        let mut tables = Vec::new();
        for record in self.records(1)? {
            let [kind, name, _, root, sql] = record.as_slice() else {
                continue;
            };
            if kind.text() != Some("table") {
                continue;
            }
            let (Some(name), Some(root), Some(sql)) = (name.text(), root.int(), sql.text()) else {
                continue;
            };
            let (columns, rowid_alias) = columns_of(sql).ok_or(Malformed)?;
            tables.push(Table {
                name: name.into(),
                root: u32::try_from(root).map_err(|_| Malformed)?,
                columns,
                rowid_alias,
            });
        }
        Ok(tables)
    }

    /// Every row of `table`, with its column names.
    pub(super) fn rows(&self, table: &Table) -> Result<Vec<Row>, Malformed> {
        let mut rows = Vec::new();
        for (rowid, mut values) in self.records_with_ids(table.root)? {
            if let Some(alias) = table.rowid_alias
                && let Some(value @ Cell::Null) = values.get_mut(alias)
            {
                *value = Cell::Int(rowid);
            }
            // Columns added later (ALTER TABLE) are absent from older records: NULL.
            values.resize(table.columns.len(), Cell::Null);
            rows.push(table.columns.iter().cloned().zip(values).collect());
        }
        Ok(rows)
    }

    fn records(&self, root: u32) -> Result<Vec<Vec<Cell>>, Malformed> {
        Ok(self
            .records_with_ids(root)?
            .into_iter()
            .map(|(_, r)| r)
            .collect())
    }

    /// The records of the table b-tree rooted at `root`, in row id order.
    fn records_with_ids(&self, root: u32) -> Result<Vec<(i64, Vec<Cell>)>, Malformed> {
        let mut out = Vec::new();
        let mut visited = BTreeSet::new();
        let mut stack = alloc::vec![root];
        while let Some(number) = stack.pop() {
            if !visited.insert(number) {
                return Err(Malformed);
            }
            let (page, header) = self.page(number)?;
            let kind = *page.get(header).ok_or(Malformed)?;
            let count = usize::from(be16(page, header + 3)?);
            let pointers = header + if kind == 0x05 { 12 } else { 8 };
            let cell = |i: usize| -> Result<usize, Malformed> {
                Ok(usize::from(be16(page, pointers + 2 * i)?))
            };
            match kind {
                // Interior page: children in key order; pushed in reverse so they pop in order.
                0x05 => {
                    stack.push(be32(page, header + 8)?);
                    for i in (0..count).rev() {
                        stack.push(be32(page, cell(i)?)?);
                    }
                }
                0x0D => {
                    for i in 0..count {
                        let at = cell(i)?;
                        let (size, n) = varint(page.get(at..).ok_or(Malformed)?)?;
                        let (rowid, m) = varint(page.get(at + n..).ok_or(Malformed)?)?;
                        let payload = self.payload(page, at + n + m, size, &mut visited)?;
                        out.push((rowid as i64, record(&payload)?));
                    }
                }
                _ => return Err(Malformed),
            }
        }
        Ok(out)
    }

    /// Page `number` (1-based) and where its b-tree header starts (after the file header on 1).
    fn page(&self, number: u32) -> Result<(&'a [u8], usize), Malformed> {
        let index = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .ok_or(Malformed)?;
        let start = index.checked_mul(self.page_size).ok_or(Malformed)?;
        let page = self
            .bytes
            .get(start..start + self.page_size)
            .ok_or(Malformed)?;
        Ok((page, if number == 1 { 100 } else { 0 }))
    }

    /// A cell's payload of `size` bytes starting at `at`, followed into overflow pages.
    fn payload(
        &self,
        page: &[u8],
        at: usize,
        size: u64,
        visited: &mut BTreeSet<u32>,
    ) -> Result<Vec<u8>, Malformed> {
        let size = usize::try_from(size).map_err(|_| Malformed)?;
        if size > self.bytes.len() {
            return Err(Malformed);
        }
        let u = self.usable;
        let max_local = u - 35;
        if size <= max_local {
            return Ok(page.get(at..at + size).ok_or(Malformed)?.to_vec());
        }
        let min_local = (u - 12) * 32 / 255 - 23;
        let k = min_local + (size - min_local) % (u - 4);
        let local = if k <= max_local { k } else { min_local };
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(page.get(at..at + local).ok_or(Malformed)?);
        let mut next = be32(page, at + local)?;
        while out.len() < size {
            if next == 0 || !visited.insert(next) {
                return Err(Malformed);
            }
            let (overflow, _) = self.page(next)?;
            next = be32(overflow, 0)?;
            let take = (size - out.len()).min(u - 4);
            out.extend_from_slice(overflow.get(4..4 + take).ok_or(Malformed)?);
        }
        Ok(out)
    }
}

fn be16(bytes: &[u8], at: usize) -> Result<u16, Malformed> {
    Ok(u16::from_be_bytes(
        *bytes
            .get(at..)
            .and_then(|b| b.first_chunk())
            .ok_or(Malformed)?,
    ))
}

fn be32(bytes: &[u8], at: usize) -> Result<u32, Malformed> {
    Ok(u32::from_be_bytes(
        *bytes
            .get(at..)
            .and_then(|b| b.first_chunk())
            .ok_or(Malformed)?,
    ))
}

/// SQLite's variable-length integer: up to 9 bytes, big-endian, 7 bits a byte but the ninth.
fn varint(bytes: &[u8]) -> Result<(u64, usize), Malformed> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().take(9).enumerate() {
        if i == 8 {
            return Ok(((value << 8) | u64::from(b), 9));
        }
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Ok((value, i + 1));
        }
    }
    Err(Malformed)
}

/// Decodes a record: a header of serial types, then the values.
fn record(payload: &[u8]) -> Result<Vec<Cell>, Malformed> {
    let (header_size, mut at) = varint(payload)?;
    let header_size = usize::try_from(header_size).map_err(|_| Malformed)?;
    let mut body = header_size;
    let mut cells = Vec::new();
    while at < header_size {
        let (kind, n) = varint(payload.get(at..header_size).ok_or(Malformed)?)?;
        at += n;
        let int = |len: usize, body: usize| int_at(payload, body, len);
        let (cell, len) = match kind {
            0 => (Cell::Null, 0),
            1..=4 => (Cell::Int(int(kind as usize, body)?), kind as usize),
            5 => (Cell::Int(int(6, body)?), 6),
            6 => (Cell::Int(int(8, body)?), 8),
            7 => (Cell::Real(f64::from_bits(int(8, body)? as u64)), 8),
            8 => (Cell::Int(0), 0),
            9 => (Cell::Int(1), 0),
            n if n >= 12 => {
                let len = usize::try_from((n - 12) / 2).map_err(|_| Malformed)?;
                let end = body.checked_add(len).ok_or(Malformed)?;
                let bytes = payload.get(body..end).ok_or(Malformed)?;
                let cell = if n % 2 == 0 {
                    Cell::Blob(bytes.to_vec())
                } else {
                    Cell::Text(String::from_utf8_lossy(bytes).into_owned())
                };
                (cell, len)
            }
            _ => return Err(Malformed),
        };
        body += len;
        cells.push(cell);
    }
    Ok(cells)
}

/// A big-endian two's complement integer of `len` bytes at `at`, sign-extended.
fn int_at(payload: &[u8], at: usize, len: usize) -> Result<i64, Malformed> {
    let bytes = payload
        .get(at..at.checked_add(len).ok_or(Malformed)?)
        .ok_or(Malformed)?;
    let first = i64::from(*bytes.first().ok_or(Malformed)? as i8);
    Ok(bytes[1..]
        .iter()
        .fold(first, |acc, b| (acc << 8) | i64::from(*b)))
}

/// The column names of a `CREATE TABLE` statement, and which one is `INTEGER PRIMARY KEY`.
fn columns_of(sql: &str) -> Option<(Vec<String>, Option<usize>)> {
    // A `)` before the first `(` (a hostile schema) names no columns.
    let body = sql.get(sql.find('(')? + 1..sql.rfind(')')?)?;
    let mut columns = Vec::new();
    let mut alias = None;
    for definition in split_top_level(body) {
        let definition = definition.trim();
        let (name, rest) = name_of(definition)?;
        let keyword = name.to_ascii_uppercase();
        let quoted = definition.starts_with(['"', '`', '[', '\'']);
        if !quoted
            && ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].contains(&keyword.as_str())
        {
            continue;
        }
        let rest = rest.to_ascii_uppercase();
        if rest.trim_start().starts_with("INTEGER") && rest.contains("PRIMARY KEY") {
            alias = Some(columns.len());
        }
        columns.push(name);
    }
    Some((columns, alias))
}

/// Splits at commas outside parentheses and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut quote, mut start) = (Vec::new(), 0i32, None, 0);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '`' | '\'') => quote = Some(c),
            (None, '[') => quote = Some(']'),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A column definition's name (unquoted) and what follows it.
fn name_of(definition: &str) -> Option<(String, &str)> {
    let close = match definition.chars().next()? {
        '"' => '"',
        '`' => '`',
        '[' => ']',
        '\'' => '\'',
        _ => {
            let end = definition
                .find(|c: char| c.is_whitespace() || c == '(')
                .unwrap_or(definition.len());
            return Some((definition[..end].into(), &definition[end..]));
        }
    };
    let end = definition[1..].find(close)? + 1;
    Some((definition[1..end].into(), &definition[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_records() {
        assert_eq!(varint(&[0x05]), Ok((5, 1)));
        assert_eq!(varint(&[0x81, 0x00]), Ok((128, 2)));
        assert_eq!(varint(&[0xff; 9]), Ok((u64::MAX, 9)));
        assert_eq!(varint(&[0x80]), Err(Malformed));
        // Header of 4 bytes: NULL, 1-byte int, text of 2, then the values.
        let payload = [4, 0, 1, 17, 0xfe, b'h', b'i'];
        assert_eq!(
            record(&payload),
            Ok(alloc::vec![
                Cell::Null,
                Cell::Int(-2),
                Cell::Text("hi".into())
            ])
        );
        assert_eq!(record(&[4, 0, 1, 17, 0xfe, b'h']), Err(Malformed));
        // Text claiming 2^32 - 1 bytes: on 32-bit targets (the Worker, the browser) its end
        // offset overflows; it is refused, never wrapped or panicking.
        let huge = [6, 0xa0, 0x80, 0x80, 0x80, 0x0b, b'x'];
        assert_eq!(record(&huge), Err(Malformed));
    }

    #[test]
    fn column_names_of_create_table() {
        let sql = r#"CREATE TABLE accounts (_id INTEGER PRIMARY KEY, "email" TEXT NOT NULL, secret TEXT, counter INTEGER DEFAULT 0, `type` INTEGER, CHECK (counter >= 0), UNIQUE(email, secret))"#;
        let (columns, alias) = columns_of(sql).unwrap();
        assert_eq!(columns, ["_id", "email", "secret", "counter", "type"]);
        assert_eq!(alias, Some(0));
        // Found by the fuzzer: the last `)` before the first `(`.
        assert_eq!(columns_of("CREATE TABLE x ) (a"), None);
    }

    #[test]
    fn hostile_headers_are_refused() {
        let mut file = alloc::vec![0u8; 1024];
        file[..16].copy_from_slice(MAGIC);
        file[16..18].copy_from_slice(&3u16.to_be_bytes());
        assert!(
            Database::open(&file).is_err(),
            "page size not a power of two"
        );
        file[16..18].copy_from_slice(&512u16.to_be_bytes());
        file[100] = 0x05; // page 1 interior, right-most child: itself
        file[108..112].copy_from_slice(&1u32.to_be_bytes());
        let db = Database::open(&file).unwrap();
        assert_eq!(db.tables(), Err(Malformed), "a page cycle ends");
    }
}
