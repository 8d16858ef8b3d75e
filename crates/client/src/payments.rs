//! Dues, payments, bank statements and reminders.

use reqwest::Method;

use tempatro_core::Cycle;
use tempatro_core::api::{
    BankLineMatch, BankLineView, DueDetail, DueInput, DueView, ImportReport, PaymentInput,
    ReminderReport,
};

use crate::{Client, Result};

/// Which dues to list. Parents always get their children's.
#[derive(Debug, Clone, Default)]
pub struct DuesFilter {
    pub unpaid: bool,
    pub cycle: Option<Cycle>,
    pub activity: Option<i64>,
    pub child: Option<i64>,
    /// A parent's e-mail: that family's dues.
    pub family: Option<String>,
}

impl Client {
    pub async fn dues(&self, filter: &DuesFilter) -> Result<Vec<DueView>> {
        let mut query: Vec<(&str, String)> = Vec::new();
        if filter.unpaid {
            query.push(("unpaid", "true".to_owned()));
        }
        if let Some(cycle) = filter.cycle {
            query.push(("cycle", cycle.to_string()));
        }
        if let Some(activity) = filter.activity {
            query.push(("activity", activity.to_string()));
        }
        if let Some(child) = filter.child {
            query.push(("child", child.to_string()));
        }
        if let Some(family) = &filter.family {
            query.push(("family", family.clone()));
        }
        self.send(self.request(Method::GET, "api/v1/dues").query(&query))
            .await
    }

    /// One due with how to pay it: IBAN, structured communication, EPC QR payload.
    pub async fn due(&self, id: i64) -> Result<DueDetail> {
        self.send(self.request(Method::GET, &format!("api/v1/dues/{id}")))
            .await
    }

    pub async fn create_due(&self, due: &DueInput) -> Result<DueView> {
        self.send(self.request(Method::POST, "api/v1/dues").json(due))
            .await
    }

    /// Staff: a payment received by hand (cash, a transfer seen elsewhere).
    pub async fn record_payment(&self, due: i64, payment: &PaymentInput) -> Result<DueView> {
        self.send(
            self.request(Method::POST, &format!("api/v1/dues/{due}/payments"))
                .json(payment),
        )
        .await
    }

    pub async fn cancel_due(&self, due: i64) -> Result<DueView> {
        self.send(self.request(Method::POST, &format!("api/v1/dues/{due}/cancel")))
            .await
    }

    /// Staff: imports a bank statement. `format` is `coda`, `camt053` or `csv` (detected when
    /// absent); a CSV needs its columns: `[("date", "Date valeur"), ("amount", "Montant"),
    /// ("communication", "Communication")]`, optionally `counterparty` and `id`.
    pub async fn import_statement(
        &self,
        bytes: Vec<u8>,
        format: Option<&str>,
        csv_columns: &[(&str, &str)],
        dry_run: bool,
    ) -> Result<ImportReport> {
        let mut query: Vec<(&str, &str)> = csv_columns.to_vec();
        if let Some(format) = format {
            query.push(("format", format));
        }
        if dry_run {
            query.push(("dry_run", "true"));
        }
        self.send(
            self.request(Method::POST, "api/v1/bank-statements")
                .query(&query)
                .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
                .body(bytes),
        )
        .await
    }

    /// Staff: bank lines, `unmatched` ones by default.
    pub async fn bank_lines(&self, status: Option<&str>) -> Result<Vec<BankLineView>> {
        let query: Vec<(&str, &str)> = status.map(|s| vec![("status", s)]).unwrap_or_default();
        self.send(self.request(Method::GET, "api/v1/bank-lines").query(&query))
            .await
    }

    /// Staff: settles a due with an unmatched bank line.
    pub async fn match_bank_line(&self, line: &str, due: i64) -> Result<BankLineView> {
        let body = BankLineMatch {
            line_id: line.to_owned(),
            due_id: due,
        };
        self.send(
            self.request(Method::POST, "api/v1/bank-lines/match")
                .json(&body),
        )
        .await
    }

    /// Staff: e-mails the families with dues unpaid for a while (once a week per due at most).
    pub async fn send_reminders(&self, dry_run: bool) -> Result<ReminderReport> {
        let query: &[(&str, &str)] = if dry_run { &[("dry_run", "true")] } else { &[] };
        self.send(self.request(Method::POST, "api/v1/reminders").query(query))
            .await
    }
}
