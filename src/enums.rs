//! One mechanism for enums stored and sent as words: `text_enum!` gives a type its one
//! spelling per value, used alike by serde (IPC, `--json`, files), SQL (`ToSql`/`FromSql`) and
//! the CLI (`parse`), with `ALL` for lists of choices. The spelling is snake_case, as the
//! database's CHECK constraints have it. `Variant => "word" | "oldWord"` also reads an older
//! spelling (offering files of format version 1 wrote camelCase); nothing writes it.

/// Declares an enum whose values are written as the given words everywhere.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal $(| $alias:literal)*),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text $(, alias = $alias)*)] $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value's one spelling.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// A word typed by a person: any case, `-` for `_`. An unknown word is a problem of
            /// `field` that lists the known ones.
            pub fn parse(field: &str, s: &str) -> $crate::Result<$name> {
                let word = s.trim().to_ascii_lowercase().replace('-', "_");
                $name::ALL.iter().copied().find(|v| v.code().to_ascii_lowercase() == word).ok_or_else(|| {
                    $crate::Error::invalid(
                        field,
                        $crate::problem::ProblemCode::UnknownValue,
                        &[
                            ("value", s.trim().to_owned()),
                            ("expected", $name::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")),
                        ],
                    )
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl $crate::db::ToValue for $name {
            fn to_value(&self) -> $crate::db::Value {
                $crate::db::Value::Text(self.code().to_owned())
            }
        }

        impl $crate::db::FromValue for $name {
            fn from_value(v: &$crate::db::Value) -> std::result::Result<Self, String> {
                let s = <String as $crate::db::FromValue>::from_value(v)?;
                $name::ALL.iter().copied().find(|x| x.code() == s).ok_or_else(|| {
                    format!("unknown {} '{s}'", stringify!($name))
                })
            }
        }
    };
}

pub(crate) use text_enum;
