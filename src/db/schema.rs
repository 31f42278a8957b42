//! The tables, written by hand for both backends: only SQL types that
//! PostgreSQL and SQLite share, since one `MultiConnection` runs every
//! query on either (and `diesel print-schema` writes one backend's types).

diesel::table! {
    /// Service-wide settings as key/value text; later issues read their knobs here.
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    org_units (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<Text>,
        path -> Text,
        active -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
        search_key -> Text,
    }
}

diesel::table! {
    org_unit_names (org_unit_id, valid_to) {
        org_unit_id -> Text,
        name -> Text,
        code -> Text,
        valid_to -> Date,
    }
}

diesel::table! {
    reorganisations (id) {
        id -> Text,
        kind -> Text,
        effective_on -> Date,
        reason -> Text,
        legal_basis -> Text,
        renamed_id -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    org_lineage (predecessor_id, successor_id) {
        reorganisation_id -> Text,
        predecessor_id -> Text,
        successor_id -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        role -> Text,
        org_unit_id -> Text,
        password_hash -> Text,
        credentials_version -> Integer,
        active -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        search_key -> Text,
        email -> Nullable<Text>,
    }
}

diesel::table! {
    people (id) {
        id -> Text,
        org_unit_id -> Text,
        full_name -> Text,
        position -> Text,
        user_id -> Nullable<Text>,
        active -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        search_key -> Text,
        sort_key -> Text,
    }
}

diesel::table! {
    service_accounts (id) {
        id -> Text,
        client_id -> Text,
        name -> Text,
        secret_hash -> Text,
        org_unit_id -> Text,
        scopes -> Text,
        active -> Bool,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        user_id -> Text,
        token_hash -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_throttles (key) {
        key -> Text,
        failures -> Integer,
        last_failure_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Text,
        code -> Text,
        title -> Text,
        issuer_id -> Text,
        issued_on -> Date,
        starts_on -> Date,
        ends_on -> Date,
        period_type -> Text,
        legal_bases -> Text,
        description -> Text,
        status -> Text,
        submission_days -> Integer,
        lock_days -> Integer,
        results_public -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        lineage -> Nullable<Text>,
        search_key -> Text,
    }
}

diesel::table! {
    campaign_participants (campaign_id, org_unit_id) {
        campaign_id -> Text,
        org_unit_id -> Text,
    }
}

diesel::table! {
    criteria (id) {
        id -> Text,
        campaign_id -> Text,
        parent_id -> Nullable<Text>,
        ordinal -> Integer,
        code -> Text,
        title -> Text,
        description -> Text,
        measure -> Text,
        comparator -> Text,
        target -> Nullable<Double>,
        numerator_label -> Nullable<Text>,
        denominator_label -> Nullable<Text>,
        weight -> Double,
        applies_to_kinds -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    criterion_units (criterion_id, org_unit_id) {
        criterion_id -> Text,
        org_unit_id -> Text,
    }
}

diesel::table! {
    lock_exceptions (id) {
        id -> Text,
        campaign_id -> Text,
        period_id -> Text,
        org_unit_id -> Text,
        reason -> Text,
        expires_at -> Timestamp,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        campaign_id -> Text,
        org_unit_id -> Text,
        period_id -> Text,
        status -> Text,
        version -> Integer,
        submitted_at -> Nullable<Timestamp>,
        approved_at -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        first_submitted_at -> Nullable<Timestamp>,
        submitted_on_time -> Nullable<Bool>,
        met_weight -> Double,
        met_count -> Integer,
        not_applicable_weight -> Double,
        not_applicable_count -> Integer,
    }
}

diesel::table! {
    report_values (report_id, criterion_id) {
        report_id -> Text,
        criterion_id -> Text,
        numerator -> Nullable<Double>,
        denominator -> Nullable<Double>,
        percentage -> Nullable<Double>,
        count -> Nullable<Double>,
        achieved -> Nullable<Bool>,
        computed_percentage -> Nullable<Double>,
        met -> Nullable<Bool>,
        not_applicable -> Bool,
        note -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    report_events (id) {
        id -> Text,
        report_id -> Text,
        actor -> Text,
        at -> Timestamp,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        at -> Timestamp,
        actor -> Text,
        request_id -> Nullable<Text>,
        entity -> Text,
        entity_id -> Text,
        action -> Text,
        before -> Nullable<Text>,
        after -> Nullable<Text>,
        unit_path -> Nullable<Text>,
        client_address -> Nullable<Text>,
    }
}

diesel::table! {
    /// The change feed's order over `audit_events` (written by a trigger).
    changes (seq) {
        seq -> BigInt,
        xid -> BigInt,
        event_id -> Text,
    }
}

diesel::table! {
    /// Webhook subscriptions (migration `2026-12-02-000016_webhooks`).
    webhooks (id) {
        id -> Text,
        url -> Text,
        types -> Text,
        secret -> Text,
        actor -> Text,
        scope_path -> Text,
        status -> Text,
        failures -> Integer,
        disabled_reason -> Nullable<Text>,
        start_xid -> BigInt,
        start_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// One change to send to one subscription, and how sending it went.
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_id -> Text,
        event_type -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        round_attempts -> Integer,
        next_attempt_at -> Nullable<Timestamp>,
        lease_until -> Nullable<Timestamp>,
        last_attempt_at -> Nullable<Timestamp>,
        response_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// The webhook dispatcher's position in the change feed (one row).
    webhook_dispatch (id) {
        id -> Integer,
        xid -> BigInt,
        seq -> BigInt,
    }
}

diesel::table! {
    report_comments (id) {
        id -> Text,
        report_id -> Text,
        author -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (actor, key) {
        actor -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        response_headers -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    evidence (id) {
        id -> Text,
        report_id -> Text,
        criterion_id -> Nullable<Text>,
        kind -> Text,
        title -> Text,
        filename -> Nullable<Text>,
        content_type -> Nullable<Text>,
        size_bytes -> Nullable<BigInt>,
        sha256 -> Nullable<Text>,
        storage_key -> Nullable<Text>,
        url -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
    }
}

diesel::table! {
    criterion_totals (campaign_id, period_id, criterion_id) {
        campaign_id -> Text,
        period_id -> Text,
        criterion_id -> Text,
        numerator_sum -> Double,
        denominator_sum -> Double,
        ratio_n -> Integer,
        percentage_sum -> Double,
        percentage_n -> Integer,
        count_sum -> Double,
        count_n -> Integer,
        values_n -> Integer,
        measured -> Integer,
        met -> Integer,
        not_applicable -> Integer,
    }
}

diesel::table! {
    /// Per campaign and unit: what its reports add up to, kept by every move (issue 19).
    unit_totals (campaign_id, org_unit_id) {
        campaign_id -> Text,
        org_unit_id -> Text,
        moves -> Integer,
        submitted -> Integer,
        on_time -> Integer,
        approved -> Integer,
        approved_met_weight -> Double,
        approved_met -> Integer,
        approved_na_weight -> Double,
        approved_na -> Integer,
        awaiting -> Integer,
        awaiting_met_weight -> Double,
        awaiting_met -> Integer,
        awaiting_na_weight -> Double,
        awaiting_na -> Integer,
    }
}

diesel::table! {
    /// The laws and decrees commendation figures rest on (issue 13).
    award_legal_bases (id) {
        id -> Text,
        code -> Text,
        title -> Text,
        issuer -> Text,
        issued_on -> Nullable<Date>,
        in_force_from -> Date,
        in_force_to -> Nullable<Date>,
        verified -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// The statutory base salary (mức lương cơ sở) from each date.
    award_base_salaries (id) {
        id -> Text,
        in_force_from -> Date,
        amount_vnd -> BigInt,
        legal_basis_id -> Text,
        verified -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Forms of commendation and emulation titles.
    award_types (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        kind -> Text,
        issuing_level -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        legal_basis_id -> Text,
        verified -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Who an award type may go to, with its coefficient (thousandths) over a span of dates.
    award_coefficients (id) {
        id -> Text,
        award_type_id -> Text,
        subject_kind -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        coefficient_milli -> Integer,
        legal_basis_id -> Text,
        verified -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Phản ánh, kiến nghị; khiếu nại; tố cáo against a unit or a person (issue 13).
    complaints (id) {
        id -> Text,
        received_on -> Date,
        channel -> Text,
        legal_kind -> Text,
        conduct -> Text,
        incident_on -> Date,
        org_unit_id -> Text,
        person_id -> Nullable<Text>,
        description -> Text,
        complainant_name -> Nullable<Text>,
        complainant_contact -> Nullable<Text>,
        status -> Text,
        outcome -> Nullable<Text>,
        conclusion_number -> Nullable<Text>,
        conclusion_on -> Nullable<Date>,
        conclusion_issuer -> Nullable<Text>,
        status_reason -> Nullable<Text>,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    complaint_events (id) {
        id -> Text,
        complaint_id -> Text,
        actor -> Text,
        at -> Timestamp,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    complaint_evidence (id) {
        id -> Text,
        complaint_id -> Text,
        kind -> Text,
        title -> Text,
        filename -> Nullable<Text>,
        content_type -> Nullable<Text>,
        size_bytes -> Nullable<BigInt>,
        sha256 -> Nullable<Text>,
        storage_key -> Nullable<Text>,
        url -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
    }
}

diesel::table! {
    /// What earns each award type in a campaign.
    award_rules (id) {
        id -> Text,
        campaign_id -> Text,
        award_type_id -> Text,
        subject_kind -> Text,
        min_score -> Nullable<Double>,
        all_targets_met -> Bool,
        max_rank -> Nullable<Integer>,
        min_rating -> Nullable<Text>,
        basis -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Which complaints bar a campaign's nominees.
    award_bars (campaign_id) {
        campaign_id -> Text,
        barred_conducts -> Text,
        members_bar_collective -> Bool,
        basis -> Text,
        version -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    nominations (id) {
        id -> Text,
        campaign_id -> Text,
        period_id -> Nullable<Text>,
        subject_kind -> Text,
        org_unit_id -> Text,
        person_id -> Nullable<Text>,
        award_type_id -> Text,
        summary -> Text,
        achievement_text -> Text,
        task_rating -> Nullable<Text>,
        status -> Text,
        posted_on -> Nullable<Date>,
        posted_until -> Nullable<Date>,
        council_meeting_id -> Nullable<Text>,
        council_result -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_reason -> Nullable<Text>,
        override_reason -> Nullable<Text>,
        forwarded_at -> Nullable<Timestamp>,
        superior_decision_number -> Nullable<Text>,
        superior_decision_on -> Nullable<Date>,
        superior_decision_issuer -> Nullable<Text>,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    nomination_events (id) {
        id -> Text,
        nomination_id -> Text,
        actor -> Text,
        at -> Timestamp,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    nomination_feedback (id) {
        id -> Text,
        nomination_id -> Text,
        received_on -> Date,
        source -> Text,
        body -> Text,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    council_members (id) {
        id -> Text,
        org_unit_id -> Text,
        person_id -> Text,
        role -> Text,
        term_from -> Date,
        term_to -> Nullable<Date>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    council_meetings (id) {
        id -> Text,
        org_unit_id -> Text,
        held_on -> Date,
        title -> Text,
        status -> Text,
        notes -> Text,
        members_in_office -> Nullable<Integer>,
        quorum_percent -> Nullable<Integer>,
        pass_percent -> Nullable<Integer>,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    council_attendance (meeting_id, member_id) {
        meeting_id -> Text,
        member_id -> Text,
    }
}

diesel::table! {
    council_votes (meeting_id, nomination_id) {
        meeting_id -> Text,
        nomination_id -> Text,
        votes_for -> Nullable<Integer>,
        votes_against -> Nullable<Integer>,
        votes_total -> Nullable<Integer>,
        result -> Nullable<Text>,
    }
}

diesel::table! {
    reward_funds (id) {
        id -> Text,
        org_unit_id -> Text,
        year -> Integer,
        budget_vnd -> BigInt,
        committed_vnd -> BigInt,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    award_decisions (id) {
        id -> Text,
        org_unit_id -> Text,
        number -> Text,
        signed_on -> Date,
        signer_name -> Text,
        signer_title -> Text,
        legal_basis_ids -> Text,
        status -> Text,
        total_vnd -> BigInt,
        fund_id -> Nullable<Text>,
        over_budget_reason -> Nullable<Text>,
        signed_by -> Nullable<Text>,
        signed_at -> Nullable<Timestamp>,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    award_decision_lines (id) {
        id -> Text,
        decision_id -> Text,
        ordinal -> Integer,
        nomination_id -> Text,
        award_type_id -> Text,
        subject_kind -> Text,
        org_unit_id -> Text,
        person_id -> Nullable<Text>,
        subject_name -> Text,
        coefficient_id -> Nullable<Text>,
        coefficient_milli -> Nullable<Integer>,
        base_salary_id -> Nullable<Text>,
        base_salary_vnd -> Nullable<BigInt>,
        raw_amount_vnd -> Nullable<BigInt>,
        amount_vnd -> Nullable<BigInt>,
        legal_basis_id -> Nullable<Text>,
        revoked_at -> Nullable<Timestamp>,
        revoked_by -> Nullable<Text>,
        revoke_ground -> Nullable<Text>,
        revoke_reason -> Nullable<Text>,
        recover_vnd -> Nullable<BigInt>,
        version -> Integer,
    }
}

diesel::table! {
    imports (id) {
        id -> Text,
        actor -> Text,
        scope_path -> Text,
        options -> Text,
        status -> Text,
        total_rows -> Integer,
        done_rows -> Integer,
        input -> Nullable<Text>,
        outcome -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Work one instance at a time does, held until `until` (migration `2026-12-02-000018_reminders`).
    leases (name) {
        name -> Text,
        holder -> Text,
        until -> Timestamp,
    }
}

diesel::table! {
    /// Deadline reminders emitted, once per kind, campaign, unit and period.
    reminders (id) {
        id -> Text,
        kind -> Text,
        campaign_id -> Text,
        org_unit_id -> Text,
        period_id -> Text,
        due_on -> Date,
        event_id -> Text,
        created_at -> Timestamp,
        mail_status -> Text,
        mail_attempts -> Integer,
        mail_error -> Nullable<Text>,
        mail_claimed_until -> Nullable<Timestamp>,
    }
}

diesel::joinable!(reminders -> org_units (org_unit_id));
diesel::joinable!(reminders -> campaigns (campaign_id));
diesel::joinable!(changes -> audit_events (event_id));
diesel::joinable!(evidence -> reports (report_id));
diesel::joinable!(report_comments -> reports (report_id));
diesel::joinable!(reports -> campaigns (campaign_id));
diesel::joinable!(reports -> org_units (org_unit_id));
diesel::joinable!(report_values -> reports (report_id));
diesel::joinable!(report_events -> reports (report_id));
diesel::joinable!(campaigns -> org_units (issuer_id));
diesel::joinable!(campaign_participants -> campaigns (campaign_id));
diesel::joinable!(campaign_participants -> org_units (org_unit_id));
diesel::joinable!(criteria -> campaigns (campaign_id));
diesel::joinable!(criterion_units -> criteria (criterion_id));
diesel::joinable!(lock_exceptions -> campaigns (campaign_id));
diesel::joinable!(users -> org_units (org_unit_id));
diesel::joinable!(people -> org_units (org_unit_id));
diesel::joinable!(service_accounts -> org_units (org_unit_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(award_base_salaries -> award_legal_bases (legal_basis_id));
diesel::joinable!(award_types -> award_legal_bases (legal_basis_id));
diesel::joinable!(award_coefficients -> award_types (award_type_id));
diesel::joinable!(complaints -> org_units (org_unit_id));
diesel::joinable!(complaints -> people (person_id));
diesel::joinable!(complaint_events -> complaints (complaint_id));
diesel::joinable!(complaint_evidence -> complaints (complaint_id));
diesel::joinable!(award_rules -> campaigns (campaign_id));
diesel::joinable!(award_rules -> award_types (award_type_id));
diesel::joinable!(award_bars -> campaigns (campaign_id));
diesel::joinable!(nominations -> campaigns (campaign_id));
diesel::joinable!(nominations -> org_units (org_unit_id));
diesel::joinable!(nominations -> people (person_id));
diesel::joinable!(nominations -> award_types (award_type_id));
diesel::joinable!(nomination_events -> nominations (nomination_id));
diesel::joinable!(nomination_feedback -> nominations (nomination_id));
diesel::joinable!(council_members -> people (person_id));
diesel::joinable!(council_meetings -> org_units (org_unit_id));
diesel::joinable!(council_attendance -> council_meetings (meeting_id));
diesel::joinable!(council_attendance -> council_members (member_id));
diesel::joinable!(council_votes -> council_meetings (meeting_id));
diesel::joinable!(council_votes -> nominations (nomination_id));
diesel::joinable!(reward_funds -> org_units (org_unit_id));
diesel::joinable!(award_decisions -> org_units (org_unit_id));
diesel::joinable!(award_decisions -> reward_funds (fund_id));
diesel::joinable!(award_decision_lines -> award_decisions (decision_id));
diesel::joinable!(award_decision_lines -> nominations (nomination_id));
diesel::joinable!(award_decision_lines -> award_types (award_type_id));

diesel::joinable!(org_unit_names -> org_units (org_unit_id));
diesel::joinable!(org_lineage -> reorganisations (reorganisation_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));

diesel::allow_tables_to_appear_in_same_query!(
    org_unit_names,
    reorganisations,
    org_lineage,
    settings,
    criterion_totals,
    unit_totals,
    org_units,
    users,
    people,
    service_accounts,
    refresh_tokens,
    login_throttles,
    campaigns,
    campaign_participants,
    criteria,
    criterion_units,
    lock_exceptions,
    reports,
    report_values,
    report_events,
    audit_events,
    changes,
    report_comments,
    idempotency_keys,
    evidence,
    award_legal_bases,
    award_base_salaries,
    award_types,
    award_coefficients,
    complaints,
    complaint_events,
    complaint_evidence,
    award_rules,
    award_bars,
    nominations,
    nomination_events,
    nomination_feedback,
    council_members,
    council_meetings,
    council_attendance,
    council_votes,
    reward_funds,
    award_decisions,
    award_decision_lines,
    imports,
    webhooks,
    webhook_deliveries,
    webhook_dispatch,
    leases,
    reminders,
);
