//! Java object serialization, only as far as a `java.util.HashMap` of strings goes (the shape of
//! FreeOTP 2.x's backup): the stream header, one object whose class has primitive fields only,
//! its `writeObject` block (capacity, size), then keys and values as strings or back-references
//! to earlier strings, until the end-of-block marker. Anything else is refused.

use alloc::string::String;
use alloc::vec::Vec;

const MAGIC: [u8; 4] = [0xac, 0xed, 0x00, 0x05];
const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_LONGSTRING: u8 = 0x7c;
/// The first handle a stream assigns.
const BASE_HANDLE: u32 = 0x7e_0000;

/// Whether bytes start as a Java serialization stream.
pub(super) fn detect(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// What each handle names: a string, or `None` for a class description.
    handles: Vec<Option<String>>,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }

    fn utf(&mut self, len: usize) -> Option<String> {
        // Modified UTF-8 differs from UTF-8 only for NUL and characters beyond the BMP, which
        // neither the keys nor the JSON values of these files hold.
        Some(String::from_utf8_lossy(self.take(len)?).into_owned())
    }

    /// A class description with primitive fields; returns the bytes its field values take.
    fn class_desc(&mut self) -> Option<usize> {
        if self.byte()? != TC_CLASSDESC {
            return None;
        }
        let len = usize::from(self.u16()?);
        let _name = self.utf(len)?;
        self.take(8)?; // serialVersionUID
        self.handles.push(None);
        let _flags = self.byte()?;
        let mut size = 0;
        for _ in 0..self.u16()? {
            size += match self.byte()? {
                b'B' | b'Z' => 1,
                b'C' | b'S' => 2,
                b'I' | b'F' => 4,
                b'J' | b'D' => 8,
                _ => return None,
            };
            let len = usize::from(self.u16()?);
            self.take(len)?;
        }
        (self.byte()? == TC_ENDBLOCKDATA && self.byte()? == TC_NULL).then_some(size)
    }

    /// A string, new or referenced.
    fn string(&mut self) -> Option<String> {
        match self.byte()? {
            TC_STRING => {
                let len = usize::from(self.u16()?);
                let s = self.utf(len)?;
                self.handles.push(Some(s.clone()));
                Some(s)
            }
            TC_LONGSTRING => {
                let len = u64::from_be_bytes(self.take(8)?.try_into().ok()?);
                let s = self.utf(usize::try_from(len).ok()?)?;
                self.handles.push(Some(s.clone()));
                Some(s)
            }
            TC_REFERENCE => {
                let index = self.u32()?.checked_sub(BASE_HANDLE)?;
                self.handles.get(usize::try_from(index).ok()?)?.clone()
            }
            _ => None,
        }
    }
}

/// The entries of a serialized `HashMap<String, String>`, in stream order.
pub(super) fn read(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let mut r = Reader {
        bytes,
        at: 0,
        handles: Vec::new(),
    };
    if r.take(4)? != MAGIC || r.byte()? != TC_OBJECT {
        return None;
    }
    let fields = r.class_desc()?;
    r.handles.push(None); // the map itself
    r.take(fields)?;
    if r.byte()? != TC_BLOCKDATA || r.byte()? != 8 {
        return None;
    }
    let _capacity = r.u32()?;
    let size = r.u32()?;
    let mut entries = Vec::new();
    for _ in 0..size {
        let key = r.string()?;
        let value = r.string()?;
        entries.push((key, value));
    }
    (r.byte()? == TC_ENDBLOCKDATA).then_some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream as `ObjectOutputStream` writes a map of {"a": "b", "c": "b"}.
    fn sample() -> Vec<u8> {
        let mut s = alloc::vec![0xac, 0xed, 0, 5, TC_OBJECT, TC_CLASSDESC, 0, 17];
        s.extend_from_slice(b"java.util.HashMap");
        s.extend_from_slice(&[
            5, 7, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1, 3, 0, 1, b'F', 0, 10,
        ]);
        s.extend_from_slice(b"loadFactor");
        s.extend_from_slice(&[TC_ENDBLOCKDATA, TC_NULL, 0x3f, 0x40, 0, 0]);
        s.extend_from_slice(&[TC_BLOCKDATA, 8, 0, 0, 0, 16, 0, 0, 0, 2]);
        s.extend_from_slice(&[TC_STRING, 0, 1, b'a', TC_STRING, 0, 1, b'b']);
        // "c", then a reference to "b" (handles: class 0, map 1, "a" 2, "b" 3).
        s.extend_from_slice(&[TC_STRING, 0, 1, b'c', TC_REFERENCE, 0, 0x7e, 0, 3]);
        s.push(TC_ENDBLOCKDATA);
        s
    }

    #[test]
    fn reads_strings_and_references() {
        let entries = read(&sample()).unwrap();
        assert_eq!(
            entries,
            [("a".into(), "b".into()), ("c".into(), "b".into())]
        );
    }

    #[test]
    fn refuses_truncated_or_dangling_streams() {
        let full = sample();
        for cut in [5, 30, full.len() - 1] {
            assert_eq!(read(&full[..cut]), None, "cut at {cut}");
        }
        let mut dangling = full.clone();
        let at = dangling.len() - 2;
        dangling[at] = 9; // a reference to a handle that does not exist
        assert_eq!(read(&dangling), None);
    }
}
