-- Commendation reference data (issue 13): the legal bases, the base salary
-- table, the award types and the subjects each may go to with dated
-- coefficients. Every row names its legal basis and carries `verified`:
-- true when the figure was read in the legal text itself or on a government
-- portal quoting it, false when it is unconfirmed or the sources are silent. Seeded here with fixed, readable ids
-- so both backends hold the same rows; admins correct them later.

CREATE TABLE award_legal_bases (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    issuer        TEXT NOT NULL,
    -- NULL: the signing date is not known.
    issued_on     DATE,
    in_force_from DATE NOT NULL,
    in_force_to   DATE,
    verified      BOOLEAN NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    CHECK (in_force_to IS NULL OR in_force_to >= in_force_from)
);

CREATE TABLE award_base_salaries (
    id             TEXT PRIMARY KEY,
    in_force_from  DATE NOT NULL UNIQUE,
    amount_vnd     BIGINT NOT NULL CHECK (amount_vnd > 0),
    legal_basis_id TEXT NOT NULL REFERENCES award_legal_bases (id),
    verified       BOOLEAN NOT NULL,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE award_types (
    id             TEXT PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('certificate', 'title')),
    issuing_level  TEXT NOT NULL CHECK (issuing_level IN ('commune', 'district', 'province')),
    valid_from     DATE NOT NULL,
    valid_to       DATE,
    legal_basis_id TEXT NOT NULL REFERENCES award_legal_bases (id),
    verified       BOOLEAN NOT NULL,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- Who an award type may go to, and its coefficient over a span of dates.
-- The coefficient is kept in thousandths (0.15 → 150): amounts are exact.
CREATE TABLE award_coefficients (
    id                TEXT PRIMARY KEY,
    award_type_id     TEXT NOT NULL REFERENCES award_types (id),
    subject_kind      TEXT NOT NULL CHECK (subject_kind IN ('individual', 'collective', 'household')),
    valid_from        DATE NOT NULL,
    valid_to          DATE,
    coefficient_milli INTEGER NOT NULL CHECK (coefficient_milli > 0),
    legal_basis_id    TEXT NOT NULL REFERENCES award_legal_bases (id),
    verified          BOOLEAN NOT NULL,
    version           INTEGER NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (award_type_id, subject_kind, valid_from),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX award_coefficients_type ON award_coefficients (award_type_id);

-- The seed. Dates of signing and entry into force that the confirmed sources
-- do not give come from the decrees themselves and are left unverified.
INSERT INTO award_legal_bases (id, code, title, issuer, issued_on, in_force_from, in_force_to, verified, version, created_at, updated_at) VALUES
('lb-luat-06-2022-qh15', '06/2022/QH15', 'Luật Thi đua, khen thưởng', 'Quốc hội', '2022-06-15', '2024-01-01', NULL, TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('lb-nd-91-2017', '91/2017/NĐ-CP', 'Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng', 'Chính phủ', '2017-07-31', '2017-10-01', '2023-12-31', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('lb-nd-98-2023', '98/2023/NĐ-CP', 'Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng', 'Chính phủ', '2023-12-31', '2024-01-01', NULL, TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('lb-nd-152-2025', '152/2025/NĐ-CP', 'Nghị định về thi đua, khen thưởng (thay thế Nghị định 98/2023/NĐ-CP — chưa xác nhận)', 'Chính phủ', NULL, '2025-07-01', NULL, FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('lb-nd-72-2018', '72/2018/NĐ-CP', 'Nghị định quy định mức lương cơ sở (1.390.000 đồng)', 'Chính phủ', '2018-05-15', '2018-07-01', '2019-06-30', FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('lb-nd-38-2019', '38/2019/NĐ-CP', 'Nghị định quy định mức lương cơ sở (1.490.000 đồng)', 'Chính phủ', '2019-05-09', '2019-07-01', '2023-06-30', FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('lb-nd-24-2023', '24/2023/NĐ-CP', 'Nghị định quy định mức lương cơ sở (1.800.000 đồng)', 'Chính phủ', '2023-05-14', '2023-07-01', '2024-06-30', FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('lb-nd-73-2024', '73/2024/NĐ-CP', 'Nghị định quy định mức lương cơ sở (2.340.000 đồng)', 'Chính phủ', '2024-06-30', '2024-07-01', NULL, FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('lb-luong-co-so-2026', 'luong-co-so-2026', 'Mức lương cơ sở 2.530.000 đồng từ 01/7/2026 (văn bản chưa xác định)', 'Chính phủ', NULL, '2026-07-01', NULL, FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00');

INSERT INTO award_base_salaries (id, in_force_from, amount_vnd, legal_basis_id, verified, version, created_at, updated_at) VALUES
('bs-2018-07-01', '2018-07-01', 1390000, 'lb-nd-72-2018', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
-- The sources confirm 1,490,000 "to 2023-06-30" but not the day it
-- began: the row is unverified until that date is confirmed.
('bs-2019-07-01', '2019-07-01', 1490000, 'lb-nd-38-2019', FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('bs-2023-07-01', '2023-07-01', 1800000, 'lb-nd-24-2023', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('bs-2024-07-01', '2024-07-01', 2340000, 'lb-nd-73-2024', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('bs-2026-07-01', '2026-07-01', 2530000, 'lb-luong-co-so-2026', FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00');

-- Who decides: Luật 06/2022/QH15 Điều 80 [C]; the district's Giấy khen ends
-- with the districts on 2025-06-30.
INSERT INTO award_types (id, code, name, kind, issuing_level, valid_from, valid_to, legal_basis_id, verified, version, created_at, updated_at) VALUES
('at-giay-khen-xa', 'giay-khen-xa', 'Giấy khen của Chủ tịch UBND xã', 'certificate', 'commune', '2017-10-01', NULL, 'lb-luat-06-2022-qh15', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('at-giay-khen-huyen', 'giay-khen-huyen', 'Giấy khen của Chủ tịch UBND huyện', 'certificate', 'district', '2017-10-01', '2025-06-30', 'lb-luat-06-2022-qh15', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('at-lao-dong-tien-tien', 'lao-dong-tien-tien', 'Lao động tiên tiến', 'title', 'commune', '2017-10-01', NULL, 'lb-luat-06-2022-qh15', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('at-chien-si-thi-dua-co-so', 'chien-si-thi-dua-co-so', 'Chiến sĩ thi đua cơ sở', 'title', 'district', '2017-10-01', NULL, 'lb-luat-06-2022-qh15', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('at-tap-the-lao-dong-tien-tien', 'tap-the-lao-dong-tien-tien', 'Tập thể lao động tiên tiến', 'title', 'district', '2017-10-01', NULL, 'lb-luat-06-2022-qh15', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00');

-- The "Amounts" table: NĐ 91/2017 to 2023-12-31, then from 2024.
INSERT INTO award_coefficients (id, award_type_id, subject_kind, valid_from, valid_to, coefficient_milli, legal_basis_id, verified, version, created_at, updated_at) VALUES
('ac-giay-khen-xa-individual-2017', 'at-giay-khen-xa', 'individual', '2017-10-01', '2023-12-31', 150, 'lb-nd-91-2017', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-giay-khen-xa-individual-2024', 'at-giay-khen-xa', 'individual', '2024-01-01', NULL, 300, 'lb-nd-98-2023', FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-giay-khen-xa-collective-2017', 'at-giay-khen-xa', 'collective', '2017-10-01', '2023-12-31', 300, 'lb-nd-91-2017', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-giay-khen-xa-collective-2024', 'at-giay-khen-xa', 'collective', '2024-01-01', NULL, 600, 'lb-nd-98-2023', FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-giay-khen-xa-household-2024', 'at-giay-khen-xa', 'household', '2024-01-01', NULL, 300, 'lb-nd-98-2023', FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-giay-khen-huyen-individual-2017', 'at-giay-khen-huyen', 'individual', '2017-10-01', '2023-12-31', 300, 'lb-nd-91-2017', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-giay-khen-huyen-individual-2024', 'at-giay-khen-huyen', 'individual', '2024-01-01', '2025-06-30', 300, 'lb-nd-98-2023', FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-giay-khen-huyen-collective-2017', 'at-giay-khen-huyen', 'collective', '2017-10-01', '2023-12-31', 600, 'lb-nd-91-2017', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-giay-khen-huyen-collective-2024', 'at-giay-khen-huyen', 'collective', '2024-01-01', '2025-06-30', 600, 'lb-nd-98-2023', FALSE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-lao-dong-tien-tien-individual-2017', 'at-lao-dong-tien-tien', 'individual', '2017-10-01', '2023-12-31', 300, 'lb-nd-91-2017', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-lao-dong-tien-tien-individual-2024', 'at-lao-dong-tien-tien', 'individual', '2024-01-01', NULL, 300, 'lb-nd-98-2023', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-chien-si-thi-dua-co-so-individual-2017', 'at-chien-si-thi-dua-co-so', 'individual', '2017-10-01', '2023-12-31', 1000, 'lb-nd-91-2017', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-chien-si-thi-dua-co-so-individual-2024', 'at-chien-si-thi-dua-co-so', 'individual', '2024-01-01', NULL, 1000, 'lb-nd-98-2023', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-tap-the-lao-dong-tien-tien-collective-2017', 'at-tap-the-lao-dong-tien-tien', 'collective', '2017-10-01', '2023-12-31', 800, 'lb-nd-91-2017', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00'),
('ac-tap-the-lao-dong-tien-tien-collective-2024', 'at-tap-the-lao-dong-tien-tien', 'collective', '2024-01-01', NULL, 800, 'lb-nd-98-2023', TRUE, 1, '2026-12-01 00:00:00', '2026-12-01 00:00:00');
