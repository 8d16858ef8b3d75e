//! Payments the Belgian way: the structured communication a parent types in the transfer, the
//! EPC QR code that fills the transfer in for them, the bank statements that say who paid, and
//! the rule that settles a due from what was received.

pub mod account;
pub mod bank;
pub mod due;
pub mod epc;
pub mod reconcile;
pub mod reference;

pub use account::{Bic, Iban};
pub use bank::{BankFileProblem, BankFormat, BankFormatKind, BankLine, CsvMapping};
pub use due::Due;
pub use epc::{Beneficiary, EpcPayment, ReferenceLine};
pub use reconcile::{DueStatus, settle};
pub use reference::StructuredReference;
