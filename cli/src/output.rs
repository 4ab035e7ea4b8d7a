//! Standard output that ends quietly when the reader goes away (`cspdesk … | head`): a closed
//! pipe is not an error of ours, so the process exits 0 instead of panicking as `println!` does.

use std::io::Write;

pub fn write(args: std::fmt::Arguments, newline: bool) {
    let mut out = std::io::stdout().lock();
    let result =
        out.write_fmt(args).and_then(|()| if newline { out.write_all(b"\n") } else { Ok(()) });
    if let Err(e) = result.and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(2);
    }
}

/// Pretty JSON of plain data with a closing newline: what `--json` prints and `export` writes.
pub fn json_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("JSON of plain data") + "\n"
}

/// Prints `value` as pretty JSON and a newline (`--json`).
pub fn json(value: &impl serde::Serialize) {
    write(format_args!("{}", json_text(value)), false);
}

/// `println!` that exits quietly on a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::output::write(format_args!($($arg)*), true) };
}

/// `print!` that exits quietly on a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::write(format_args!($($arg)*), false) };
}
