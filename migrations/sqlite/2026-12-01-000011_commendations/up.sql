-- Commendations (issue 13): the complaints register, each campaign's award
-- rules, nominations and their workflow, the emulation and commendation
-- council, award decisions with their lines and the reward funds.
--
-- Money is whole đồng (BIGINT); coefficients are thousandths, as in the
-- reference data. Nothing here is ever deleted: complaints are concluded or
-- withdrawn, nominations withdrawn, decision lines revoked.

-- Phản ánh, kiến nghị; khiếu nại; tố cáo received against a unit or a person.
CREATE TABLE complaints (
    id                  TEXT PRIMARY KEY NOT NULL,
    received_on         DATE NOT NULL,
    channel             TEXT NOT NULL CHECK (channel IN ('one_stop_desk', 'portal', 'hotline', 'letter', 'survey', 'in_person', 'other')),
    legal_kind          TEXT NOT NULL CHECK (legal_kind IN ('feedback', 'complaint', 'denunciation')),
    conduct             TEXT NOT NULL CHECK (conduct IN ('bureaucracy', 'arrogance', 'harassment', 'embezzlement', 'waste', 'delay', 'other')),
    incident_on         DATE NOT NULL,
    -- The unit concerned; for a complaint about a person, that person's unit.
    org_unit_id         TEXT NOT NULL REFERENCES org_units (id),
    person_id           TEXT REFERENCES people (id),
    description         TEXT NOT NULL,
    -- Protected by law (Luật Tố cáo 2018): read only by the office and the
    -- chairman, never listed or exported, every read audited.
    complainant_name    TEXT,
    complainant_contact TEXT,
    status              TEXT NOT NULL CHECK (status IN ('received', 'in_progress', 'concluded', 'withdrawn', 'not_accepted')),
    outcome             TEXT CHECK (outcome IN ('founded', 'partly_founded', 'unfounded')),
    conclusion_number   TEXT,
    conclusion_on       DATE,
    conclusion_issuer   TEXT,
    -- Why it was withdrawn or not accepted.
    status_reason       TEXT,
    version             INTEGER NOT NULL,
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    CHECK ((status = 'concluded') = (outcome IS NOT NULL AND conclusion_number IS NOT NULL AND conclusion_on IS NOT NULL AND conclusion_issuer IS NOT NULL))
);
CREATE INDEX complaints_unit ON complaints (org_unit_id, incident_on);
CREATE INDEX complaints_person ON complaints (person_id);

CREATE TABLE complaint_events (
    id           TEXT PRIMARY KEY NOT NULL,
    complaint_id TEXT NOT NULL REFERENCES complaints (id),
    actor        TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    action       TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    reason       TEXT
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, at);

-- Files and links attached to a complaint, kept in the evidence store.
CREATE TABLE complaint_evidence (
    id           TEXT PRIMARY KEY NOT NULL,
    complaint_id TEXT NOT NULL REFERENCES complaints (id),
    kind         TEXT NOT NULL CHECK (kind IN ('file', 'link')),
    title        TEXT NOT NULL,
    filename     TEXT,
    content_type TEXT,
    size_bytes   BIGINT,
    sha256       TEXT,
    storage_key  TEXT,
    url          TEXT,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    deleted_at   TIMESTAMP,
    deleted_by   TEXT
);
CREATE INDEX complaint_evidence_complaint ON complaint_evidence (complaint_id);

-- What earns each award type in a campaign. A NULL threshold is not checked.
CREATE TABLE award_rules (
    id              TEXT PRIMARY KEY NOT NULL,
    campaign_id     TEXT NOT NULL REFERENCES campaigns (id),
    award_type_id   TEXT NOT NULL REFERENCES award_types (id),
    subject_kind    TEXT NOT NULL CHECK (subject_kind IN ('individual', 'collective')),
    min_score       DOUBLE PRECISION,
    all_targets_met BOOLEAN NOT NULL,
    max_rank        INTEGER CHECK (max_rank IS NULL OR max_rank > 0),
    -- Individuals: the lowest task-completion rating of the year that earns it.
    min_rating      TEXT CHECK (min_rating IN ('completed', 'completed_well', 'completed_excellently')),
    -- The article the rule comes from, cited in every explanation.
    basis           TEXT NOT NULL,
    version         INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, award_type_id, subject_kind)
);

-- A campaign's bar: which conduct categories bar a nominee, and whether a
-- complaint against a member of a unit bars the unit.
CREATE TABLE award_bars (
    campaign_id            TEXT PRIMARY KEY NOT NULL REFERENCES campaigns (id),
    -- Space-separated conduct categories.
    barred_conducts        TEXT NOT NULL,
    members_bar_collective BOOLEAN NOT NULL,
    basis                  TEXT NOT NULL,
    version                INTEGER NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);

-- A proposal to reward a unit (collective) or a person (individual) of a
-- campaign's participants for one achievement: the campaign and a period,
-- or the whole campaign (period_id NULL).
CREATE TABLE nominations (
    id                       TEXT PRIMARY KEY NOT NULL,
    campaign_id              TEXT NOT NULL REFERENCES campaigns (id),
    period_id                TEXT,
    subject_kind             TEXT NOT NULL CHECK (subject_kind IN ('individual', 'collective')),
    org_unit_id              TEXT NOT NULL REFERENCES org_units (id),
    person_id                TEXT REFERENCES people (id),
    award_type_id            TEXT NOT NULL REFERENCES award_types (id),
    summary                  TEXT NOT NULL,
    achievement_text         TEXT NOT NULL,
    task_rating              TEXT CHECK (task_rating IN ('not_completed', 'completed', 'completed_well', 'completed_excellently')),
    status                   TEXT NOT NULL CHECK (status IN ('draft', 'proposed', 'posted', 'reviewed', 'approved', 'rejected', 'forwarded', 'withdrawn')),
    posted_on                DATE,
    posted_until             DATE,
    council_meeting_id       TEXT,
    council_result           TEXT CHECK (council_result IN ('passed', 'failed')),
    decided_by               TEXT,
    decided_at               TIMESTAMP,
    decision_reason          TEXT,
    -- The chairman's reason for deciding over a rule not met or pending.
    override_reason          TEXT,
    forwarded_at             TIMESTAMP,
    superior_decision_number TEXT,
    superior_decision_on     DATE,
    superior_decision_issuer TEXT,
    version                  INTEGER NOT NULL,
    created_by               TEXT NOT NULL,
    created_at               TIMESTAMP NOT NULL,
    updated_at               TIMESTAMP NOT NULL,
    CHECK ((subject_kind = 'individual') = (person_id IS NOT NULL))
);
CREATE INDEX nominations_campaign ON nominations (campaign_id, status);
CREATE INDEX nominations_unit ON nominations (org_unit_id);
CREATE INDEX nominations_person ON nominations (person_id);
-- One live nomination of a subject for one award type and achievement: a
-- second is a duplicate (a withdrawn or rejected one may be proposed again).
CREATE UNIQUE INDEX nominations_live ON nominations
    (campaign_id, COALESCE(period_id, ''), org_unit_id, COALESCE(person_id, ''), award_type_id)
    WHERE status NOT IN ('withdrawn', 'rejected');

CREATE TABLE nomination_events (
    id            TEXT PRIMARY KEY NOT NULL,
    nomination_id TEXT NOT NULL REFERENCES nominations (id),
    actor         TEXT NOT NULL,
    at            TIMESTAMP NOT NULL,
    action        TEXT NOT NULL,
    from_status   TEXT,
    to_status     TEXT NOT NULL,
    reason        TEXT
);
CREATE INDEX nomination_events_nomination ON nomination_events (nomination_id, at);

-- What the public said while a nomination was posted; the council reads it.
CREATE TABLE nomination_feedback (
    id            TEXT PRIMARY KEY NOT NULL,
    nomination_id TEXT NOT NULL REFERENCES nominations (id),
    received_on   DATE NOT NULL,
    source        TEXT NOT NULL,
    body          TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX nomination_feedback_nomination ON nomination_feedback (nomination_id);

-- The commune's Hội đồng Thi đua – Khen thưởng: people with a role and a term.
CREATE TABLE council_members (
    id          TEXT PRIMARY KEY NOT NULL,
    -- The commune whose council it is.
    org_unit_id TEXT NOT NULL REFERENCES org_units (id),
    person_id   TEXT NOT NULL REFERENCES people (id),
    role        TEXT NOT NULL CHECK (role IN ('chair', 'vice_chair', 'standing_member', 'member')),
    term_from   DATE NOT NULL,
    term_to     DATE,
    version     INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    CHECK (term_to IS NULL OR term_to >= term_from)
);
CREATE INDEX council_members_unit ON council_members (org_unit_id);

CREATE TABLE council_meetings (
    id          TEXT PRIMARY KEY NOT NULL,
    org_unit_id TEXT NOT NULL REFERENCES org_units (id),
    held_on     DATE NOT NULL,
    title       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'concluded')),
    notes       TEXT NOT NULL,
    -- Fixed when the meeting concludes: the members in office that day and
    -- the settings applied, so later edits never change a past result.
    members_in_office INTEGER,
    quorum_percent    INTEGER,
    pass_percent      INTEGER,
    version     INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX council_meetings_unit ON council_meetings (org_unit_id, held_on);

CREATE TABLE council_attendance (
    meeting_id TEXT NOT NULL REFERENCES council_meetings (id),
    member_id  TEXT NOT NULL REFERENCES council_members (id),
    PRIMARY KEY (meeting_id, member_id)
);

-- The nominations a meeting considers, with the votes once recorded (all
-- three NULL until then: a meeting concludes only when none is) and the
-- result fixed when it concludes.
CREATE TABLE council_votes (
    meeting_id    TEXT NOT NULL REFERENCES council_meetings (id),
    nomination_id TEXT NOT NULL REFERENCES nominations (id),
    votes_for     INTEGER CHECK (votes_for >= 0),
    votes_against INTEGER CHECK (votes_against >= 0),
    votes_total   INTEGER CHECK (votes_total >= votes_for + votes_against),
    result        TEXT CHECK (result IN ('passed', 'failed')),
    PRIMARY KEY (meeting_id, nomination_id),
    CHECK ((votes_for IS NULL) = (votes_against IS NULL) AND (votes_for IS NULL) = (votes_total IS NULL))
);
CREATE INDEX council_votes_nomination ON council_votes (nomination_id);

-- The reward fund (quỹ thi đua, khen thưởng) of an issuing unit for a year.
-- `committed_vnd` moves in the transaction that signs or revokes, guarded
-- so that two decisions cannot both spend the last of it.
CREATE TABLE reward_funds (
    id            TEXT PRIMARY KEY NOT NULL,
    org_unit_id   TEXT NOT NULL REFERENCES org_units (id),
    year          INTEGER NOT NULL,
    budget_vnd    BIGINT NOT NULL CHECK (budget_vnd >= 0),
    committed_vnd BIGINT NOT NULL CHECK (committed_vnd >= 0),
    version       INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_unit_id, year)
);

-- A quyết định khen thưởng: prepared as a draft, then signed by the chairman.
CREATE TABLE award_decisions (
    id                   TEXT PRIMARY KEY NOT NULL,
    org_unit_id          TEXT NOT NULL REFERENCES org_units (id),
    number               TEXT NOT NULL,
    signed_on            DATE NOT NULL,
    signer_name          TEXT NOT NULL,
    signer_title         TEXT NOT NULL,
    -- Space-separated ids of award_legal_bases.
    legal_basis_ids      TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('draft', 'signed')),
    total_vnd            BIGINT NOT NULL,
    fund_id              TEXT REFERENCES reward_funds (id),
    over_budget_reason   TEXT,
    signed_by            TEXT,
    signed_at            TIMESTAMP,
    version              INTEGER NOT NULL,
    created_by           TEXT NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    UNIQUE (org_unit_id, number)
);

-- One awarded subject: the amount and every input it was computed from.
CREATE TABLE award_decision_lines (
    id                 TEXT PRIMARY KEY NOT NULL,
    decision_id        TEXT NOT NULL REFERENCES award_decisions (id),
    ordinal            INTEGER NOT NULL,
    nomination_id      TEXT NOT NULL UNIQUE REFERENCES nominations (id),
    award_type_id      TEXT NOT NULL REFERENCES award_types (id),
    subject_kind       TEXT NOT NULL CHECK (subject_kind IN ('individual', 'collective')),
    org_unit_id        TEXT NOT NULL REFERENCES org_units (id),
    person_id          TEXT REFERENCES people (id),
    -- The name as it was on the decision.
    subject_name       TEXT NOT NULL,
    coefficient_id     TEXT,
    coefficient_milli  INTEGER,
    base_salary_id     TEXT,
    base_salary_vnd    BIGINT,
    raw_amount_vnd     BIGINT,
    amount_vnd         BIGINT,
    legal_basis_id     TEXT,
    revoked_at         TIMESTAMP,
    revoked_by         TEXT,
    -- The ground of Luật 06/2022/QH15 chương VII, and the facts in words.
    revoke_ground      TEXT CHECK (revoke_ground IN ('false_declaration', 'forged_documents', 'unlawful_award', 'later_violation', 'other')),
    revoke_reason      TEXT,
    recover_vnd        BIGINT,
    version            INTEGER NOT NULL,
    UNIQUE (decision_id, ordinal)
);
CREATE INDEX award_decision_lines_decision ON award_decision_lines (decision_id);
