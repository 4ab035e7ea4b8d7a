//! The people of a desk and what each may do.
//!
//! On a team server every person is a PostgreSQL login, a member of the desk's owners' or
//! technicians' group role (see `db/postgres/0007_people.sql`); the server enforces what each
//! role may change, and the core checks the same rules first so that the user gets a clear
//! problem instead of the server's refusal. A solo file has one implicit owner, person 1,
//! whose display name is set in Settings.
//!
//! Adding and disabling a login is DDL (`CREATE ROLE`, `ALTER ROLE ... NOLOGIN`), which
//! PostgreSQL runs inside the same transaction as the `person` row: both happen or neither. A
//! password reaches the server only as a SCRAM verifier, never as text, so it is not in the
//! server's statement log either.

use serde::Serialize;

use crate::db::{Conn, Engine};
use crate::problem::{Problem, ProblemCode, Problems};
use crate::{params, Db, Error, Result};

crate::enums::text_enum!(
    /// What a person may do on the desk.
    Role {
        /// The offering, plans, the profile, customers, the team, and everything a technician does.
        Owner => "owner",
        /// Calls, time, customer contacts and notes.
        Technician => "technician",
    }
);

/// A person of the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The server login; `None` for the solo desk's owner.
    pub login: Option<String>,
    /// The name others see; the login when none is set.
    pub name: String,
    pub role: Role,
    /// A disabled person can no longer sign in; what they did stays attributed to them.
    pub active: bool,
}

impl Person {
    pub fn is_owner(&self) -> bool {
        self.role == Role::Owner
    }
}

/// A person added with [`add`]: the password to hand over, when one was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Added {
    pub person: Person,
    /// False when the login already existed on the server (e.g. made by the server's
    /// administrator) and was only added to the team: its password is unchanged.
    pub login_created: bool,
}

const COLUMNS: &str = "id, login, name, role, active";

fn person(r: &crate::db::Row) -> Result<Person> {
    let login: Option<String> = r.get(1)?;
    let name: String = r.get(2)?;
    Ok(Person {
        id: r.get(0)?,
        name: if name.is_empty() { login.clone().unwrap_or_default() } else { name },
        login,
        role: r.get(3)?,
        active: r.get(4)?,
    })
}

/// Who this connection is. On a server: the person whose login this session signed in with
/// (refused when the login is not on the team, or disabled). In a file: the first active owner.
pub(crate) fn whoami(conn: &Conn) -> Result<Person> {
    match conn.engine() {
        Engine::Sqlite => conn
            .query_opt(
                &format!("SELECT {COLUMNS} FROM person WHERE role = 'owner' AND active = 1 ORDER BY id LIMIT 1"),
                &[],
                person,
            )?
            .ok_or_else(|| {
                Error::Database(
                    "this desk has no active owner (it was copied from a team server whose owners were all disabled); enable an owner on the server and copy the desk again".into(),
                )
            }),
        Engine::Postgres => {
            let (login, state): (String, String) = conn.query_row(
                "SELECT session_user::text, cspdesk_login_state()",
                &[],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            match state.as_str() {
                "active" => conn.query_row(
                    &format!("SELECT {COLUMNS} FROM person WHERE login = ?1"),
                    params![login],
                    person,
                ),
                "disabled" => {
                    Err(Error::conflict("login", ProblemCode::LoginDisabled, &[("login", login)]))
                }
                _ => Err(Error::conflict("login", ProblemCode::NotOnTeam, &[("login", login)])),
            }
        }
    }
}

/// Everyone on the desk, active first, by name.
pub fn list(db: &Db) -> Result<Vec<Person>> {
    db.conn().query_map(
        &format!("SELECT {COLUMNS} FROM person ORDER BY active DESC, coalesce(nullif(name, ''), login) COLLATE NOCASE, id"),
        &[],
        person,
    )
}

/// The person who signs in as `login`.
pub fn find(db: &Db, login: &str) -> Result<Person> {
    find_in(db.conn(), login)
}

fn find_in(conn: &Conn, login: &str) -> Result<Person> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM person WHERE login = ?1"),
        params![login],
        person,
    )?
    .ok_or_else(|| {
        Error::not_found(
            "login",
            ProblemCode::NoSuchPerson,
            &[("login", crate::problem::quote(login))],
        )
    })
}

/// A person by id, or a problem of `field` when there is none or they are disabled: whom a
/// call can be assigned to.
pub(crate) fn assignable(conn: &Conn, field: &str, id: i64) -> Result<Person> {
    let p = conn
        .query_opt(&format!("SELECT {COLUMNS} FROM person WHERE id = ?1"), params![id], person)?
        .ok_or_else(|| {
            Error::not_found(field, ProblemCode::NoSuchPerson, &[("login", format!("#{id}"))])
        })?;
    if !p.active {
        return Err(Error::conflict(field, ProblemCode::PersonDisabled, &[("name", p.name)]));
    }
    Ok(p)
}

/// Refused unless `me` is an owner: `field` names what was asked for.
pub fn require_owner(me: &Person, field: &str) -> Result<()> {
    if me.is_owner() {
        Ok(())
    } else {
        Err(Error::conflict(field, ProblemCode::OwnersOnly, &[]))
    }
}

/// The longest login PostgreSQL keeps.
pub const MAX_LOGIN: usize = 63;

/// What is wrong with a login name. It is used exactly as given (`anna`, `Anna.Berg`), so it
/// only has to be one PostgreSQL can hold and we can show.
pub fn login_problems(login: &str) -> Vec<Problem> {
    let mut p = Problems::default();
    if login.trim() != login {
        p.add("login", ProblemCode::SurroundingSpace);
    }
    p.text("login", login, true, MAX_LOGIN);
    if login.len() > MAX_LOGIN {
        p.add_with("login", ProblemCode::TooLong, &[("max", MAX_LOGIN.to_string())]);
    }
    if login.to_ascii_lowercase().starts_with("pg_") {
        p.add("login", ProblemCode::ReservedLogin);
    }
    p.0
}

/// Adds `login` to the team as `role`, showing `name`. The login is created with `password`
/// (at least 12 characters), unless it already exists on the server, in which case it is only
/// made a member of the team (and `password` must be `None`). Owners only; team desks only.
pub fn add(
    db: &mut Db,
    login: &str,
    name: &str,
    role: Role,
    password: Option<&str>,
) -> Result<Added> {
    let me = db.me()?.clone();
    require_owner(&me, "team")?;
    require_team(db)?;
    let mut p = Problems(login_problems(login));
    p.text("name", name, false, 200);
    if let Some(password) = password {
        if password.chars().count() < MIN_PASSWORD {
            p.add_with(
                "password",
                ProblemCode::PasswordTooShort,
                &[("min", MIN_PASSWORD.to_string())],
            );
        }
    }
    Error::check(p.0)?;
    db.write(|tx| {
        if tx
            .query_opt("SELECT 1 FROM person WHERE login = ?1", params![login], |_| Ok(()))?
            .is_some()
        {
            return Err(Error::conflict(
                "login",
                ProblemCode::AlreadyOnTeam,
                &[("login", login.to_owned())],
            ));
        }
        let exists = role_exists(tx, login)?;
        let verifier = match (exists, password) {
            (true, Some(_)) => {
                return Err(Error::conflict(
                    "password",
                    ProblemCode::LoginExists,
                    &[("login", login.to_owned())],
                ))
            }
            (true, None) => None,
            (false, Some(password)) => {
                Some(postgres_protocol::password::scram_sha_256(password.as_bytes()))
            }
            (false, None) => return Err(Error::invalid("password", ProblemCode::Required, &[])),
        };
        // Made by the desk's first owner on the caller's behalf (see `postgres/0007_people.sql`).
        let id: i64 = tx.query_row(
            "SELECT cspdesk_team_add(?1, ?2, ?3, ?4)",
            params![login, name.trim(), role, verifier],
            |r| r.get(0),
        )?;
        let shown = if name.trim().is_empty() { login.to_owned() } else { name.trim().to_owned() };
        let person = Person { id, login: Some(login.to_owned()), name: shown, role, active: true };
        Ok(Added { person, login_created: !exists })
    })
}

/// Whether the server has a login called `login` (on the team or not). A file has none.
pub fn login_exists(db: &Db, login: &str) -> Result<bool> {
    match db.conn().engine() {
        Engine::Sqlite => Ok(false),
        Engine::Postgres => role_exists(db.conn(), login),
    }
}

fn role_exists(conn: &Conn, login: &str) -> Result<bool> {
    Ok(conn
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = ?1", params![login], |_| Ok(()))?
        .is_some())
}

/// The shortest password `team add` accepts.
pub const MIN_PASSWORD: usize = 12;

/// Disables `login`: it loses its group (its rights end at once, also in a session still open)
/// and can no longer sign in (`NOLOGIN`); its open calls go back to "Unassigned"; everything
/// it did stays attributed to it. Owners only; not oneself, and not the desk's first owner
/// (who owns the tables).
pub fn disable(db: &mut Db, login: &str, now: chrono::DateTime<chrono::Utc>) -> Result<Person> {
    let me = db.me()?.clone();
    require_owner(&me, "team")?;
    require_team(db)?;
    db.write(|tx| {
        let mut p = find_in(tx, login)?;
        if p.id == me.id {
            return Err(Error::conflict("login", ProblemCode::DisableSelf, &[]));
        }
        let first: String = tx.query_row(
            "SELECT pg_get_userbyid(relowner)::text FROM pg_class WHERE oid = 'person'::regclass",
            &[],
            |r| r.get(0),
        )?;
        if first == login {
            return Err(Error::conflict("login", ProblemCode::DisableFirstOwner, &[("login", login.to_owned())]));
        }
        if !p.active {
            return Ok(p);
        }
        // Their open calls go back to "Unassigned", each with a line in its history.
        let open: Vec<i64> = tx.query_map(
            "SELECT id FROM call WHERE assignee_id = ?1 AND status NOT IN ('resolved', 'closed')",
            params![p.id],
            |r| r.get(0),
        )?;
        let unassigned = crate::calls::Happened::Assigned { to: None, name: String::new() };
        for call in open {
            tx.execute(
                "UPDATE call SET assignee_id = NULL, version = version + 1, updated_by = ?2, updated_at = ?3 WHERE id = ?1",
                params![call, me.id, now.timestamp()],
            )?;
            tx.execute(
                "INSERT INTO call_event (call_id, at, kind, detail, person_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![call, now.timestamp(), unassigned.kind(), unassigned.detail(), me.id],
            )?;
        }
        tx.query_row("SELECT 1 FROM cspdesk_team_disable(?1)", params![login], |_| Ok(()))?;
        p.active = false;
        Ok(p)
    })
}

/// Lets a disabled person sign in and work again, in the role they had. Owners only.
pub fn enable(db: &mut Db, login: &str) -> Result<Person> {
    let me = db.me()?.clone();
    require_owner(&me, "team")?;
    require_team(db)?;
    db.write(|tx| {
        let mut p = find_in(tx, login)?;
        if p.active {
            return Ok(p);
        }
        let exists = role_exists(tx, login)?;
        if !exists {
            return Err(Error::conflict(
                "login",
                ProblemCode::NoSuchLogin,
                &[("login", login.to_owned())],
            ));
        }
        tx.query_row("SELECT 1 FROM cspdesk_team_enable(?1)", params![login], |_| Ok(()))?;
        p.active = true;
        Ok(p)
    })
}

/// Sets the name the signed-in person is shown by (the solo owner's name in Settings).
pub fn set_my_name(db: &mut Db, name: &str) -> Result<Person> {
    let mut p = Problems::default();
    p.text("name", name, false, 200);
    Error::check(p.0)?;
    let id = db.me()?.id;
    let me = db.write(|tx| {
        tx.execute("UPDATE person SET name = ?2 WHERE id = ?1", params![id, name.trim()])?;
        tx.query_row(&format!("SELECT {COLUMNS} FROM person WHERE id = ?1"), params![id], person)
    })?;
    db.set_me(me.clone());
    Ok(me)
}

fn require_team(db: &Db) -> Result<()> {
    match db.conn().engine() {
        Engine::Postgres => Ok(()),
        Engine::Sqlite => Err(Error::conflict("team", ProblemCode::SoloDesk, &[])),
    }
}

/// A first password for a new login from 20 random bytes: 20 letters and digits without
/// look-alikes (no 0/O, 1/l/I), in groups of four for reading aloud (about 116 bits).
pub fn generated_password(random: &[u8; 20]) -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::new();
    for (i, b) in random.iter().enumerate().take(20) {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(ALPHABET[*b as usize % ALPHABET.len()] as char);
    }
    out
}
