//! Tempatro's domain: the values a Patro works with, parsed once at the edge and valid from then on,
//! and the rules between them. Nothing here does I/O, reads the clock or knows about HTTP: callers
//! pass "today" in, so every rule is a pure function that a unit test can pin down.

pub mod access;
pub mod account;
pub mod activity;
pub mod address;
pub mod affiliation;
pub mod age;
pub mod alerts;
pub mod api;
pub mod audit;
pub mod child;
pub mod cycle;
pub mod date;
pub mod email;
mod error;
pub mod fees;
pub mod import;
pub mod lang;
pub mod medical;
pub mod money;
pub mod name;
pub mod password;
pub mod payment;
pub mod phone;
pub mod section;
pub mod token;

pub use account::{Account, AccountId, AccountStatus, Portal, Role, StatusChange};
pub use activity::{ActivityKind, ActivityTerms, MedicalWindow, RegistrationStatus};
pub use address::{Address, PostalCode};
pub use affiliation::{PaymentMethod, RenewalWindow};
pub use child::{ChildEdit, ChildField, ChildRecord, Contact, ContactSlot, Doctor, FieldChange};
pub use cycle::{Cycle, CycleCalendar};
pub use date::BirthDate;
pub use email::Email;
pub use error::{Error, Field};
pub use fees::FeeSchedule;
pub use lang::Lang;
pub use money::Amount;
pub use name::PersonName;
pub use password::Password;
pub use phone::PhoneNumber;
pub use section::{AgeRange, Gender, Section};
pub use token::TokenScope;
