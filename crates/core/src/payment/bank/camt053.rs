//! ISO 20022 camt.053, "Bank to customer statement": the XML statement Belgian banks offer next to
//! CODA. Read with an event reader rather than a fixed schema, because banks use different
//! versions of the message (`camt.053.001.02` to `.001.08` and later) whose differences here are
//! only where a name sits (`Dbtr/Nm` or `Dbtr/Pty/Nm`) and how a status is written.
//!
//! For each `BkToCstmrStmt/Stmt/Ntry`: the amount (`Amt`, euros only), `CdtDbtInd` (`CRDT`
//! positive, `DBIT` negative), the date (`BookgDt`, else `ValDt`), the identity (`AcctSvcrRef`,
//! else `NtryRef`, else a hash of the entry's own XML), and from the transaction details the
//! structured reference (`RmtInf/Strd/CdtrRefInf/Ref`), the free text (`RmtInf/Ustrd`) and the
//! other party (`RltdPties/Dbtr` for a credit, `Cdtr` for a debit).
//!
//! Entries whose status is pending (`PDNG`) or informational (`INFO`) are skipped: they are not
//! booked, and the bank reports them again, under another identity, once booked.
//!
//! A batch-booked entry with several transaction details, each with its own amount, becomes one
//! line per transaction (identity `entry#1`, `entry#2`…), for the same reason as CODA's
//! globalised movements: each carries one payer's communication.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use time::Date;

use super::{
    BankFileProblem, BankLine, LineIndex, line_error, non_empty, number_duplicates, parse_decimal,
    reference_in, stable_hash,
};
use crate::payment::StructuredReference;
use crate::{Amount, Error};

pub fn parse(bytes: &[u8]) -> Result<Vec<BankLine>, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::BankFileEmpty);
    }
    let index = LineIndex::new(bytes);
    let line_at = |position: u64| index.line_of(usize::try_from(position).unwrap_or(usize::MAX));
    let mut reader = Reader::from_reader(bytes);
    let mut path: Vec<String> = Vec::new();
    // The line each open element starts on, beside `path`, for messages.
    let mut starts: Vec<usize> = Vec::new();
    let mut text = String::new();
    let mut seen_statement = false;
    let mut entry: Option<Entry> = None;
    let mut lines = Vec::new();
    let xml_error = |position: u64, detail: String| {
        line_error(line_at(position), BankFileProblem::Xml { detail })
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|error| xml_error(reader.error_position(), error.to_string()))?;
        let position = reader.buffer_position();
        match event {
            Event::Start(start) => {
                let name = local_name(&start);
                text.clear();
                path.push(name);
                starts.push(line_at(position));
                opened(&path, &start, &mut entry, bytes, &index, position)
                    .map_err(|detail| xml_error(position, detail))?;
                if ends_with(&path, &["BkToCstmrStmt"]) {
                    seen_statement = true;
                }
            }
            Event::Empty(start) => {
                path.push(local_name(&start));
                opened(&path, &start, &mut entry, bytes, &index, position)
                    .map_err(|detail| xml_error(position, detail))?;
                text.clear();
                let line = line_at(position);
                closed(&path, line, &text, &mut entry, &mut lines, bytes, position)?;
                path.pop();
            }
            Event::End(_) => {
                let line = starts.pop().unwrap_or(1);
                closed(&path, line, &text, &mut entry, &mut lines, bytes, position)?;
                text.clear();
                path.pop();
            }
            Event::Text(content) => {
                let decoded = content
                    .xml10_content()
                    .map_err(|error| xml_error(position, error.to_string()))?;
                text.push_str(&decoded);
            }
            Event::CData(content) => {
                let decoded = content
                    .decode()
                    .map_err(|error| xml_error(position, error.to_string()))?;
                text.push_str(&decoded);
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => reference
                        .decode()
                        .ok()
                        .and_then(|name| resolve_predefined_entity(&name))
                        .map(str::to_owned),
                    Err(_) => None,
                };
                let resolved = resolved.ok_or_else(|| {
                    xml_error(position, "unknown entity or character reference".to_owned())
                })?;
                text.push_str(&resolved);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !path.is_empty() {
        return Err(xml_error(
            u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            format!("unclosed element <{}>", path.join("/")),
        ));
    }
    if !seen_statement {
        return Err(line_error(1, BankFileProblem::NotCamt053));
    }
    number_duplicates(&mut lines);
    Ok(lines)
}

fn local_name(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

fn ends_with(path: &[String], suffix: &[&str]) -> bool {
    path.len() >= suffix.len()
        && path[path.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(name, wanted)| name == wanted)
}

/// One transaction's details (`NtryDtls/TxDtls`).
#[derive(Debug, Default)]
struct Transaction {
    amount: Option<Amount>,
    currency: Option<String>,
    direction: Option<String>,
    structured: Option<String>,
    unstructured: Vec<String>,
    debtor: Option<String>,
    creditor: Option<String>,
    additional: Option<String>,
}

/// An entry being read.
#[derive(Debug, Default)]
struct Entry {
    /// Where the entry starts, for messages and for an identity when the bank gives none.
    line: usize,
    start_offset: usize,
    /// The depth of the `Ntry` element in the path.
    depth: usize,
    amount: Option<Amount>,
    amount_line: usize,
    currency: Option<String>,
    direction: Option<String>,
    status: Option<String>,
    /// Dates with the line they were read on.
    booking_date: Option<(String, usize)>,
    value_date: Option<(String, usize)>,
    servicer_reference: Option<String>,
    entry_reference: Option<String>,
    additional: Option<String>,
    transactions: Vec<Transaction>,
}

impl Entry {
    /// The path below `Ntry`.
    fn relative<'a>(&self, path: &'a [String]) -> Vec<&'a str> {
        path.get(self.depth..)
            .unwrap_or_default()
            .iter()
            .map(String::as_str)
            .collect()
    }
}

fn currency_of(start: &BytesStart<'_>) -> Result<Option<String>, String> {
    match start.try_get_attribute("Ccy") {
        Ok(Some(attribute)) => attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|value| Some(value.trim().to_owned()))
            .map_err(|error| error.to_string()),
        Ok(None) => Ok(None),
        Err(error) => Err(error.to_string()),
    }
}

/// Handles an element's start: opens entries and transactions, and reads the currency
/// attribute of amounts.
fn opened(
    path: &[String],
    start: &BytesStart<'_>,
    entry: &mut Option<Entry>,
    bytes: &[u8],
    index: &LineIndex,
    position: u64,
) -> Result<(), String> {
    let offset = usize::try_from(position).unwrap_or(usize::MAX);
    if ends_with(path, &["BkToCstmrStmt", "Stmt", "Ntry"]) {
        // The start tag ends at `position`; its `<` is the last one before it.
        let start_offset = bytes[..offset.min(bytes.len())]
            .iter()
            .rposition(|&b| b == b'<')
            .unwrap_or(0);
        *entry = Some(Entry {
            line: index.line_of(start_offset),
            start_offset,
            depth: path.len(),
            ..Entry::default()
        });
        return Ok(());
    }
    let Some(current) = entry.as_mut() else {
        return Ok(());
    };
    match current.relative(path).as_slice() {
        ["Amt"] => current.currency = currency_of(start)?,
        ["NtryDtls", "TxDtls"] => current.transactions.push(Transaction::default()),
        ["NtryDtls", "TxDtls", "Amt"] | ["NtryDtls", "TxDtls", "AmtDtls", "TxAmt", "Amt"] => {
            let currency = currency_of(start)?;
            if let Some(transaction) = current.transactions.last_mut() {
                transaction.currency = currency;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Handles an element's end with the text it held and the line it started on.
fn closed(
    path: &[String],
    line: usize,
    text: &str,
    entry: &mut Option<Entry>,
    lines: &mut Vec<BankLine>,
    bytes: &[u8],
    position: u64,
) -> Result<(), Error> {
    let Some(current) = entry.as_mut() else {
        return Ok(());
    };
    if path.len() <= current.depth {
        let end = usize::try_from(position)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        let raw = &bytes[current.start_offset.min(end)..end];
        if let Some(done) = entry.take() {
            lines.extend(finish(done, raw)?);
        }
        return Ok(());
    }
    let value = || Some(text.trim().to_owned());
    match current.relative(path).as_slice() {
        ["Amt"] => {
            current.amount =
                Some(parse_decimal(text).ok_or_else(|| line_error(line, BankFileProblem::Amount))?);
            current.amount_line = line;
        }
        ["CdtDbtInd"] => current.direction = value(),
        // `<Sts>BOOK</Sts>` before version 8, `<Sts><Cd>BOOK</Cd></Sts>` after: the outer
        // element's end must not erase what the inner one read.
        ["Sts"] | ["Sts", "Cd"] => {
            if let Some(status) = non_empty(text) {
                current.status = Some(status);
            }
        }
        ["BookgDt", "Dt" | "DtTm"] => current.booking_date = Some((text.trim().to_owned(), line)),
        ["ValDt", "Dt" | "DtTm"] => current.value_date = Some((text.trim().to_owned(), line)),
        ["AcctSvcrRef"] => current.servicer_reference = non_empty(text),
        ["NtryRef"] => current.entry_reference = non_empty(text),
        ["AddtlNtryInf"] => current.additional = non_empty(text),
        ["NtryDtls", "TxDtls", rest @ ..] => {
            let Some(transaction) = current.transactions.last_mut() else {
                return Ok(());
            };
            match rest {
                ["Amt"] | ["AmtDtls", "TxAmt", "Amt"] => {
                    transaction.amount = Some(
                        parse_decimal(text)
                            .ok_or_else(|| line_error(line, BankFileProblem::Amount))?,
                    );
                }
                ["CdtDbtInd"] => transaction.direction = value(),
                ["RmtInf", "Ustrd"] => transaction.unstructured.extend(non_empty(text)),
                ["RmtInf", "Strd", "CdtrRefInf", "Ref"] => transaction.structured = non_empty(text),
                ["RltdPties", "Dbtr", "Nm"] | ["RltdPties", "Dbtr", "Pty", "Nm"] => {
                    transaction.debtor = non_empty(text);
                }
                ["RltdPties", "Cdtr", "Nm"] | ["RltdPties", "Cdtr", "Pty", "Nm"] => {
                    transaction.creditor = non_empty(text);
                }
                ["AddtlTxInf"] => transaction.additional = non_empty(text),
                _ => {}
            }
        }
        _ => {}
    }
    Ok(())
}

fn finish(entry: Entry, raw: &[u8]) -> Result<Vec<BankLine>, Error> {
    let line = entry.line;
    let missing = |element: &str| {
        line_error(
            line,
            BankFileProblem::Missing {
                element: element.to_owned(),
            },
        )
    };
    if matches!(entry.status.as_deref(), Some("PDNG" | "INFO")) {
        return Ok(Vec::new());
    }
    let amount = entry.amount.ok_or_else(|| missing("Amt"))?;
    let amount_line = entry.amount_line.max(line);
    check_currency(entry.currency.as_deref(), amount_line)?;
    let direction = entry
        .direction
        .as_deref()
        .ok_or_else(|| missing("CdtDbtInd"))?;
    let credit =
        is_credit(direction).ok_or_else(|| line_error(line, BankFileProblem::Direction))?;
    let (date_text, date_line) = entry
        .booking_date
        .as_ref()
        .or(entry.value_date.as_ref())
        .ok_or_else(|| missing("BookgDt"))?;
    let date = iso_date(date_text).ok_or_else(|| line_error(*date_line, BankFileProblem::Date))?;
    let id = entry
        .servicer_reference
        .clone()
        .or_else(|| entry.entry_reference.clone())
        .unwrap_or_else(|| {
            format!(
                "camt:{:016x}",
                stable_hash(&[&String::from_utf8_lossy(raw)])
            )
        });

    let split = entry.transactions.len() > 1
        && entry
            .transactions
            .iter()
            .all(|transaction| transaction.amount.is_some());
    if !split {
        let transaction = entry.transactions.into_iter().next().unwrap_or_default();
        let signed = if credit { amount } else { negate(amount) };
        return Ok(vec![line_of(
            id,
            date,
            signed,
            credit,
            transaction,
            entry.additional,
        )]);
    }
    let mut lines = Vec::new();
    for (index, transaction) in entry.transactions.into_iter().enumerate() {
        check_currency(transaction.currency.as_deref(), line)?;
        let credit = match transaction.direction.as_deref() {
            Some(direction) => {
                is_credit(direction).ok_or_else(|| line_error(line, BankFileProblem::Direction))?
            }
            None => credit,
        };
        let amount = transaction.amount.unwrap_or_default();
        let signed = if credit { amount } else { negate(amount) };
        lines.push(line_of(
            format!("{id}#{}", index + 1),
            date,
            signed,
            credit,
            transaction,
            None,
        ));
    }
    Ok(lines)
}

fn check_currency(currency: Option<&str>, line: usize) -> Result<(), Error> {
    match currency {
        Some("EUR") => Ok(()),
        Some(other) => Err(line_error(
            line,
            BankFileProblem::Currency {
                found: other.to_owned(),
            },
        )),
        // The schema requires the attribute: an amount without it is refused rather than
        // guessed to be in euros.
        None => Err(line_error(
            line,
            BankFileProblem::Missing {
                element: "Amt/@Ccy".to_owned(),
            },
        )),
    }
}

fn is_credit(direction: &str) -> Option<bool> {
    match direction {
        "CRDT" => Some(true),
        "DBIT" => Some(false),
        _ => None,
    }
}

fn negate(amount: Amount) -> Amount {
    Amount::from_cents(-amount.cents())
}

/// `2026-09-03`, or a date-time `2026-09-03T10:15:00+02:00` whose date is taken.
fn iso_date(text: &str) -> Option<Date> {
    let date = text.get(..10)?;
    let bytes = date.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(index, b)| matches!(index, 4 | 7) || b.is_ascii_digit());
    if !shape || !(text.len() == 10 || text[10..].starts_with('T')) {
        return None;
    }
    crate::date::parse_date(date).ok()
}

fn line_of(
    id: String,
    date: Date,
    amount: Amount,
    credit: bool,
    transaction: Transaction,
    entry_information: Option<String>,
) -> BankLine {
    let communication = if transaction.unstructured.is_empty() {
        transaction.additional.or(entry_information)
    } else {
        Some(transaction.unstructured.join(" "))
    };
    // A structured reference that is not a Belgian one (an ISO 11649 `RF…` reference, say) is
    // still what the payer wrote: kept as text rather than lost.
    let structured = transaction
        .structured
        .as_deref()
        .and_then(|text| StructuredReference::parse(text).ok());
    let communication = match (structured, transaction.structured) {
        (None, Some(other)) => Some(match communication {
            Some(text) => format!("{other} {text}"),
            None => other,
        }),
        _ => communication,
    };
    let counterparty = if credit {
        transaction.debtor.or(transaction.creditor)
    } else {
        transaction.creditor.or(transaction.debtor)
    };
    BankLine {
        reference: reference_in(structured, communication.as_deref()),
        id,
        date,
        amount,
        counterparty,
        communication,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn statement(entries: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-09-04T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-2026-001</Id>
      <Acct><Id><IBAN>BE68539007547034</IBAN></Id></Acct>
{entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>
"#
        )
    }

    const CREDIT: &str = r#"      <Ntry>
        <Amt Ccy="EUR">45.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-09-03</Dt></BookgDt>
        <ValDt><Dt>2026-09-03</Dt></ValDt>
        <AcctSvcrRef>2026090300001</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Nm>Marie Dupont-Exemple</Nm></Dbtr></RltdPties>
          <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>
            <Ref>090933755493</Ref></CdtrRefInf></Strd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"#;

    #[test]
    fn a_credit_with_a_structured_reference_is_read() {
        let lines = parse(statement(CREDIT).as_bytes()).unwrap();
        assert_eq!(
            lines,
            vec![BankLine {
                id: "2026090300001".to_owned(),
                date: date!(2026 - 09 - 03),
                amount: Amount::from_cents(4500),
                counterparty: Some("Marie Dupont-Exemple".to_owned()),
                reference: Some(StructuredReference::parse("090933755493").unwrap()),
                communication: None,
            }]
        );
    }

    #[test]
    fn entities_in_texts_are_resolved() {
        let entry = r#"<Ntry><NtryRef>R1</NtryRef><Amt Ccy="EUR">10</Amt><CdtDbtInd>CRDT</CdtDbtInd>
          <BookgDt><DtTm>2026-09-03T10:00:00+02:00</DtTm></BookgDt>
          <NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>Dupont &amp; Fils</Nm></Pty></Dbtr></RltdPties>
          <RmtInf><Ustrd>Camp L&#233;a &lt;3</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"#;
        let lines = parse(statement(entry).as_bytes()).unwrap();
        assert_eq!(lines[0].counterparty.as_deref(), Some("Dupont & Fils"));
        assert_eq!(lines[0].communication.as_deref(), Some("Camp Léa <3"));
        assert_eq!(lines[0].date, date!(2026 - 09 - 03));
        assert_eq!(lines[0].id, "R1");
    }

    #[test]
    fn pending_entries_are_skipped() {
        let pending = CREDIT.replace("<Sts>BOOK</Sts>", "<Sts><Cd>PDNG</Cd></Sts>");
        assert_eq!(parse(statement(&pending).as_bytes()).unwrap(), vec![]);
    }

    #[test]
    fn a_batch_entry_gives_one_line_per_transaction() {
        let entry = r#"<Ntry><AcctSvcrRef>B1</AcctSvcrRef><Amt Ccy="EUR">90.00</Amt>
          <CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-09-03</Dt></BookgDt><NtryDtls>
          <TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">45.00</Amt></TxAmt></AmtDtls>
            <RmtInf><Strd><CdtrRefInf><Ref>+++090/9337/55493+++</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>
          <TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">45.00</Amt></TxAmt></AmtDtls>
            <RmtInf><Strd><CdtrRefInf><Ref>123123412328</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>
          </NtryDtls></Ntry>"#;
        let lines = parse(statement(entry).as_bytes()).unwrap();
        let ids: Vec<&str> = lines.iter().map(|line| line.id.as_str()).collect();
        assert_eq!(ids, ["B1#1", "B1#2"]);
        assert!(
            lines
                .iter()
                .all(|line| line.amount == Amount::from_cents(4500))
        );
        assert_eq!(
            lines[1].reference,
            Some(StructuredReference::parse("123/1234/12328").unwrap())
        );
    }

    #[test]
    fn a_foreign_reference_is_kept_as_text() {
        let entry = CREDIT.replace("090933755493", "RF18539007547034");
        let lines = parse(statement(&entry).as_bytes()).unwrap();
        assert_eq!(lines[0].reference, None);
        assert_eq!(lines[0].communication.as_deref(), Some("RF18539007547034"));
    }

    #[test]
    fn an_entry_without_a_reference_gets_a_stable_hashed_identity() {
        let entry = CREDIT.replace("<AcctSvcrRef>2026090300001</AcctSvcrRef>", "");
        let first = parse(statement(&entry).as_bytes()).unwrap();
        let again = parse(statement(&entry).as_bytes()).unwrap();
        assert!(first[0].id.starts_with("camt:"));
        assert_eq!(first[0].id, again[0].id);
        let twice = parse(statement(&format!("{entry}\n{entry}")).as_bytes()).unwrap();
        assert_eq!(twice[1].id, format!("{}-2", twice[0].id));
    }

    fn error_of(text: &str) -> String {
        parse(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn another_currency_is_refused_with_its_line() {
        let entry = CREDIT.replace("Ccy=\"EUR\"", "Ccy=\"USD\"");
        assert_eq!(
            error_of(&statement(&entry)),
            "Ligne 9 : devise « USD » : seuls les montants en euros sont acceptés"
        );
    }

    #[test]
    fn an_unreadable_amount_is_refused_with_its_line() {
        let entry = CREDIT.replace(">45.00<", ">45,00<");
        assert_eq!(error_of(&statement(&entry)), "Ligne 9 : montant illisible");
    }

    #[test]
    fn a_missing_direction_or_date_is_refused_with_the_entry_line() {
        let entry = CREDIT.replace("<CdtDbtInd>CRDT</CdtDbtInd>", "");
        assert_eq!(
            error_of(&statement(&entry)),
            "Ligne 8 : élément « CdtDbtInd » manquant"
        );
        let entry = CREDIT.replace("CRDT", "CREDIT");
        assert!(error_of(&statement(&entry)).starts_with("Ligne 8 : sens du mouvement"));
        let entry = CREDIT.replace(
            "<Dt>2026-09-03</Dt></BookgDt>",
            "<Dt>2026-02-30</Dt></BookgDt>",
        );
        assert_eq!(
            error_of(&statement(&entry)),
            "Ligne 12 : date impossible ou illisible"
        );
    }

    #[test]
    fn malformed_xml_is_refused_with_its_line() {
        let broken = statement(CREDIT).replace("</CdtDbtInd>", "</CdtDbt>");
        assert!(
            error_of(&broken).starts_with("Ligne 10 : XML mal formé"),
            "{}",
            error_of(&broken)
        );
        let cut = &statement(CREDIT)[..400];
        assert!(error_of(cut).contains("XML mal formé"), "{}", error_of(cut));
    }

    #[test]
    fn other_xml_is_not_a_statement() {
        assert_eq!(
            error_of("<?xml version=\"1.0\"?>\n<Document><BkToCstmrDbtCdtNtfctn/></Document>"),
            "Ligne 1 : ce fichier XML n'est pas un relevé camt.053 (élément BkToCstmrStmt absent)"
        );
        assert_eq!(parse(b"  \n"), Err(Error::BankFileEmpty));
    }
}
