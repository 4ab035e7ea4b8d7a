//! The UI's TypeScript bindings (`ui/src/lib/bindings.ts`), generated from the Rust types.
//! `cargo xtask bindings` rewrites the file; a test fails while the committed file is stale.

use ts_rs::TS;

use crate::commands::{
    AppInfo, CallActionResult, ChangeMark, Connected, DatabaseView, Id, Int, Moved, Settings,
    Starting, TeamAdded, TermsPreview, UsersFrom,
};
use crate::error::{ApiError, ApiErrorKind};
use crate::ipc;
use cspdesk::calls::{
    Action, CallDetail, CallEvent, CallFilter, CallRow, CallSort, Channel, ClockView, Escalation,
    EscalationTarget, EventKind, Happened, Hint, NewCall, Service, Status, TimeEntry,
};
use cspdesk::customers::{
    CallChoices, Contact as CustomerContact, ContactPick, Customer, CustomerPick,
    CustomerRelationship, CustomerSummary, SeverityPick,
};
use cspdesk::db::server::{Probe, Server};
use cspdesk::holidays::{Country, Holiday};
use cspdesk::info::{DbInfo, FirstSteps};
use cspdesk::offering::*;
use cspdesk::problem::{Problem, ProblemCode};
use cspdesk::settings::Language;
use cspdesk::sla::ClockState;
use cspdesk::team::{Added, Person, Role};
use cspdesk::terms::{Choices, CustomerChoice, Request};

/// Where the bindings live, relative to the workspace root.
pub const PATH: &str = "ui/src/lib/bindings.ts";

pub fn typescript() -> String {
    let declarations = [
        ApiErrorKind::decl(),
        ApiError::decl(),
        ProblemCode::decl(),
        Problem::decl(),
        Id::decl(),
        ChangeMark::decl(),
        Language::decl(),
        Role::decl(),
        Person::decl(),
        Added::decl(),
        TeamAdded::decl(),
        Server::decl(),
        Probe::decl(),
        DatabaseView::decl(),
        Connected::decl(),
        Moved::decl(),
        cspdesk::db::copy::TableCopy::decl(),
        DbInfo::decl(),
        FirstSteps::decl(),
        AppInfo::decl(),
        Starting::decl(),
        Settings::decl(),
        Country::decl(),
        Relationship::decl(),
        Provider::decl(),
        MicrosoftRoute::decl(),
        Logo::decl(),
        Profile::decl(),
        PlanSummary::decl(),
        Plan::decl(),
        Bilingual::decl(),
        Support::decl(),
        SupportModel::decl(),
        ServiceHours::decl(),
        Day::decl(),
        TimeOfDay::decl(),
        Window::decl(),
        ClosedDay::decl(),
        ClosedDayView::decl(),
        CustomaryDay::decl(),
        CustomaryChoice::decl(),
        Holiday::decl(),
        ContactMethod::decl(),
        ContactKind::decl(),
        Availability::decl(),
        Pricing::decl(),
        PriceModel::decl(),
        MonthlyBasis::decl(),
        Severity::decl(),
        Clock::decl(),
        ClockPauses::decl(),
        Scope::decl(),
        EscalatedBy::decl(),
        EscalationCategory::decl(),
        cspdesk::terms::Paper::decl(),
        cspdesk::terms::Source::decl(),
        CustomerChoice::decl(),
        Choices::decl(),
        Request::decl(),
        TermsPreview::decl(),
        CustomerRelationship::decl(),
        CustomerContact::decl(),
        Customer::decl(),
        CustomerSummary::decl(),
        ContactPick::decl(),
        SeverityPick::decl(),
        CustomerPick::decl(),
        CallChoices::decl(),
        Channel::decl(),
        Service::decl(),
        Status::decl(),
        ClockState::decl(),
        cspdesk::sla::NoDueReason::decl(),
        ClockView::decl(),
        CallRow::decl(),
        CallEvent::decl(),
        Happened::decl(),
        TimeEntry::decl(),
        CallDetail::decl(),
        NewCall::decl(),
        CallSort::decl(),
        CallFilter::decl(),
        Hint::decl(),
        Escalation::decl(),
        EscalationTarget::decl(),
        EventKind::decl(),
        Action::decl(),
        CallActionResult::decl(),
        cspdesk::billing::LineKind::decl(),
        cspdesk::billing::Unit::decl(),
        cspdesk::billing::Line::decl(),
        cspdesk::billing::BlockBalance::decl(),
        cspdesk::billing::Basis::decl(),
        cspdesk::billing::MonthEventKind::decl(),
        cspdesk::billing::MonthEvent::decl(),
        cspdesk::billing::ArticleCodes::decl(),
        cspdesk::billing::BillingSettings::decl(),
        cspdesk::billing::BillingMonth::decl(),
        Int::decl(),
        cspdesk::billing::BlockStatus::decl(),
        UsersFrom::decl(),
        cspdesk::reports::ClockFigures::decl(),
        cspdesk::reports::SlaFigures::decl(),
        cspdesk::reports::SeveritySla::decl(),
        cspdesk::reports::CustomerSla::decl(),
        cspdesk::reports::SlaReport::decl(),
        cspdesk::reports::WeekLoad::decl(),
        cspdesk::reports::ServiceLoad::decl(),
        cspdesk::reports::ChannelLoad::decl(),
        cspdesk::reports::CategoryLoad::decl(),
        cspdesk::reports::Escalations::decl(),
        cspdesk::reports::CustomerLoad::decl(),
        cspdesk::reports::WorkloadReport::decl(),
        cspdesk::backups::Policy::decl(),
        cspdesk::backups::BackupKind::decl(),
        cspdesk::backups::BackupFile::decl(),
        cspdesk::db::Examined::decl(),
        cspdesk::backups::BackupContents::decl(),
        cspdesk::backups::Restored::decl(),
        crate::backups::BackupStatus::decl(),
        crate::archive::ArchiveExported::decl(),
        cspdesk::privacy::PersonRecord::decl(),
        cspdesk::privacy::PersonHit::decl(),
        cspdesk::privacy::RaisedCall::decl(),
        cspdesk::privacy::Mention::decl(),
        cspdesk::privacy::Erased::decl(),
        cspdesk::privacy::Erasure::decl(),
        cspdesk::privacy::ErasureKind::decl(),
        crate::updates::UpdateFound::decl(),
        crate::updates::UpdateStatus::decl(),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `cargo xtask bindings`. Do not edit by hand.\n\n",
    );
    for decl in declarations {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    // The values of the word enums, for the UI's lists of choices: the Rust list is the one
    // source, so a new value appears in the UI without a copy to update.
    let lists = [
        values("CHANNELS", "Channel", Channel::ALL.iter().map(|v| v.code())),
        values("SERVICES", "Service", Service::ALL.iter().map(|v| v.code())),
        values("STATUSES", "Status", Status::ALL.iter().map(|v| v.code())),
        values("CALL_SORTS", "CallSort", CallSort::ALL.iter().map(|v| v.code())),
        values(
            "ESCALATION_CATEGORIES",
            "EscalationCategory",
            EscalationCategory::ALL.iter().map(|v| v.code()),
        ),
        values("SUPPORT_MODELS", "SupportModel", SupportModel::ALL.iter().map(|v| v.code())),
        values("CONTACT_KINDS", "ContactKind", ContactKind::ALL.iter().map(|v| v.code())),
        values("AVAILABILITIES", "Availability", Availability::ALL.iter().map(|v| v.code())),
        values("CLOCKS", "Clock", Clock::ALL.iter().map(|v| v.code())),
        values("MONTHLY_BASES", "MonthlyBasis", MonthlyBasis::ALL.iter().map(|v| v.code())),
        values("RELATIONSHIPS", "Relationship", Relationship::ALL.iter().map(|v| v.code())),
        values("MICROSOFT_ROUTES", "MicrosoftRoute", MicrosoftRoute::ALL.iter().map(|v| v.code())),
        values("ESCALATED_BY", "EscalatedBy", EscalatedBy::ALL.iter().map(|v| v.code())),
        values("COUNTRIES", "Country", Country::ALL.iter().map(|v| v.code())),
        values(
            "CUSTOMER_RELATIONSHIPS",
            "CustomerRelationship",
            CustomerRelationship::ALL.iter().map(|v| v.code()),
        ),
    ];
    for list in lists {
        out.push_str(&list);
    }
    out.push_str(&ipc::typescript_commands());
    out
}

fn values<'a>(name: &str, ty: &str, codes: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = codes.map(|c| format!("\"{c}\"")).collect();
    format!("export const {name}: readonly {ty}[] = [{}];\n\n", items.join(", "))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn bindings_are_fresh() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(super::PATH);
        let fresh = super::typescript();
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed == fresh {
            return;
        }
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, fresh).expect("write bindings");
            return;
        }
        panic!("{} is stale: run `cargo xtask bindings` and commit the result", super::PATH);
    }
}
