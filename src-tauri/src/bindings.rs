//! The UI's TypeScript bindings (`ui/src/lib/bindings.ts`), generated from the Rust types.
//! `cargo xtask bindings` rewrites the file; a test fails while the committed file is stale.

use ts_rs::TS;

use crate::commands::{
    AppInfo, CallAction, CallActionResult, ContactPick, CustomerChoice, CustomerPick, Id, Settings,
    SeverityPick, TermsChoices, TermsPreview, TermsRequest,
};
use crate::error::{ApiError, ApiErrorKind};
use crate::ipc;
use cspdesk::calls::{
    CallDetail, CallEvent, CallFilter, CallRow, CallSort, Channel, ClockView, Escalation, Hint,
    NewCall, Service, Status, TimeEntry,
};
use cspdesk::customers::{
    Contact as CustomerContact, Customer, CustomerRelationship, CustomerSummary,
};
use cspdesk::holidays::Country;
use cspdesk::info::DbInfo;
use cspdesk::offering::*;
use cspdesk::problem::{Problem, ProblemCode};
use cspdesk::settings::Language;
use cspdesk::sla::ClockState;

/// Where the bindings live, relative to the workspace root.
pub const PATH: &str = "ui/src/lib/bindings.ts";

pub fn typescript() -> String {
    let declarations = [
        ApiErrorKind::decl(),
        ApiError::decl(),
        ProblemCode::decl(),
        Problem::decl(),
        Id::decl(),
        Language::decl(),
        DbInfo::decl(),
        AppInfo::decl(),
        Settings::decl(),
        Country::decl(),
        Relationship::decl(),
        Provider::decl(),
        MicrosoftRoute::decl(),
        Logo::decl(),
        Profile::decl(),
        PlanSummary::decl(),
        Plan::decl(),
        Support::decl(),
        SupportModel::decl(),
        ServiceHours::decl(),
        Day::decl(),
        TimeOfDay::decl(),
        Window::decl(),
        ClosedDay::decl(),
        ClosedDayView::decl(),
        ContactMethod::decl(),
        ContactKind::decl(),
        Availability::decl(),
        Pricing::decl(),
        PriceModel::decl(),
        MonthlyBasis::decl(),
        Severity::decl(),
        Clock::decl(),
        Scope::decl(),
        EscalatedBy::decl(),
        EscalationCategory::decl(),
        cspdesk::terms::Paper::decl(),
        cspdesk::terms::Source::decl(),
        CustomerChoice::decl(),
        TermsChoices::decl(),
        TermsRequest::decl(),
        TermsPreview::decl(),
        CustomerRelationship::decl(),
        CustomerContact::decl(),
        Customer::decl(),
        CustomerSummary::decl(),
        ContactPick::decl(),
        SeverityPick::decl(),
        CustomerPick::decl(),
        Channel::decl(),
        Service::decl(),
        Status::decl(),
        ClockState::decl(),
        ClockView::decl(),
        CallRow::decl(),
        CallEvent::decl(),
        TimeEntry::decl(),
        CallDetail::decl(),
        NewCall::decl(),
        CallSort::decl(),
        CallFilter::decl(),
        Hint::decl(),
        Escalation::decl(),
        CallAction::decl(),
        CallActionResult::decl(),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `cargo xtask bindings`. Do not edit by hand.\n\n",
    );
    for decl in declarations {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str(&ipc::typescript_commands());
    out
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
