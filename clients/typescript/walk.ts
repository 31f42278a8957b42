// The report loop, walked by a client generated from openapi/openapi.json
// (openapi-typescript + openapi-fetch) against a fresh demo server: every
// request and answer typed by the document, no `any`, no casts.
// Usage: node dist/walk.js <base URL> <file with `thidua demo`'s output>
import createClient from "openapi-fetch";
import type { Client } from "openapi-fetch";
import { readFileSync } from "node:fs";
import type { components, paths } from "./schema.js";

type Schemas = components["schemas"];
type Api = Client<paths>;

const CAMPAIGN_CODE = "05/KH-UBND";
const UNIT_CODE = "DT-DTN";
const PERIOD = "2023Q4";
// Checked against the document: the scoreboard must offer this media type.
const XLSX: keyof paths["/api/v1/campaigns/{id}/scoreboard"]["get"]["responses"][200]["content"] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let steps = 0;
function ok(line: string): void {
    steps += 1;
    console.log(`ok ${String(steps).padStart(2)} ${line}`);
}

function fail(what: string, detail: string): never {
    throw new Error(`FAIL ${what}: ${detail}`);
}

function check(condition: boolean, what: string, detail: string): asserts condition {
    if (!condition) fail(what, detail);
}

function show(body: unknown): string {
    return typeof body === "string" ? body : JSON.stringify(body);
}

// An answer with the expected status, and its body as the document types it.
async function expect<D, E>(
    what: string,
    status: number,
    call: Promise<{ data?: D; error?: E; response: Response }>,
): Promise<{ data: D; response: Response }> {
    const { data, error, response } = await call;
    if (response.status !== status) {
        fail(what, `expected ${status}, got ${response.status}: ${show(error ?? data)}`);
    }
    if (data === undefined) fail(what, `${status} without a body: ${show(error)}`);
    return { data, response };
}

// A refusal with the expected status: the problem (RFC 9457) the document types.
async function expectProblem<D, E>(
    what: string,
    status: number,
    call: Promise<{ data?: D; error?: E; response: Response }>,
): Promise<E> {
    const { data, error, response } = await call;
    if (response.status !== status) {
        fail(what, `expected ${status}, got ${response.status}: ${show(error ?? data)}`);
    }
    if (error === undefined) fail(what, `${status} without a problem body`);
    return error;
}

function etagOf(what: string, response: Response): string {
    const etag = response.headers.get("ETag");
    if (etag === null) fail(what, "no ETag in the answer");
    return etag;
}

function client(baseUrl: string, token?: string): Api {
    return createClient<paths>({
        baseUrl,
        headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
    });
}

// `thidua demo` prints each account as `  <username> <role> <password>`
// after the line "Demo accounts …".
function demoPasswords(path: string): Map<string, string> {
    const text = readFileSync(path, "utf8");
    const start = text.indexOf("Demo accounts");
    if (start < 0) fail("demo accounts", `no "Demo accounts" in ${path}:\n${text}`);
    const passwords = new Map<string, string>();
    for (const line of text.slice(start).split("\n").slice(1)) {
        const match = /^\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
        const [, username, , password] = match ?? [];
        if (username !== undefined && password !== undefined) passwords.set(username, password);
    }
    return passwords;
}

async function signIn(
    baseUrl: string,
    passwords: Map<string, string>,
    username: string,
    role: Schemas["CallerRole"],
): Promise<{ api: Api; me: Schemas["MeView"] }> {
    const password = passwords.get(username);
    if (password === undefined) fail(`sign in as ${username}`, "no password in the demo's accounts");
    const grant: Schemas["PasswordGrant"] = { username, password };
    const { data: token } = await expect(
        `sign in as ${username}`,
        200,
        client(baseUrl).POST("/api/v1/auth/token", { body: grant }),
    );
    check(token.token_type === "Bearer", `sign in as ${username}`, `token_type ${token.token_type}`);
    const api = client(baseUrl, token.access_token);
    const { data: me } = await expect(`GET /me as ${username}`, 200, api.GET("/api/v1/me"));
    check(me.username === username, `GET /me as ${username}`, `username ${me.username}`);
    check(me.role === role, `GET /me as ${username}`, `role ${me.role}, expected ${role}`);
    ok(`signed in as ${username}: role ${me.role}, unit ${me.org_unit.code}`);
    return { api, me };
}

// Plan 05's "every target met" figures, criterion by criterion.
const FIGURES: Schemas["ValueInput"][] = [
    { criterion: "1", achieved: true },
    { criterion: "2", numerator: 0, denominator: 0 },
    { criterion: "3", numerator: 12, denominator: 12 },
    { criterion: "4", numerator: 48, denominator: 48 },
    { criterion: "5", numerator: 236, denominator: 236 },
    { criterion: "6", numerator: 236, denominator: 236 },
    { criterion: "7", numerator: 14, denominator: 20 },
    { criterion: "8", numerator: 120, denominator: 180 },
    { criterion: "9", numerator: 8, denominator: 10 },
    { criterion: "9.1", numerator: 4, denominator: 5 },
    { criterion: "10", percentage: 92.5 },
    { criterion: "11", numerator: 300, denominator: 300 },
    { criterion: "12", numerator: 150, denominator: 150 },
    { criterion: "13", achieved: true },
    { criterion: "14", achieved: true },
    { criterion: "15", achieved: true },
    { criterion: "16", numerator: 410, denominator: 410 },
];

function expectStatus(what: string, report: Schemas["ReportView"], status: Schemas["ReportStatus"]): void {
    check(report.status === status, what, `status ${report.status}, expected ${status}`);
}

async function main(): Promise<void> {
    const [baseUrl, accountsFile] = process.argv.slice(2);
    if (baseUrl === undefined || accountsFile === undefined) {
        fail("usage", "node dist/walk.js <base URL> <demo accounts file>");
    }
    const passwords = demoPasswords(accountsFile);

    // 1. Every demo user signs in and is who the demo says.
    const office = await signIn(baseUrl, passwords, "vanphong", "office");
    const chairman = await signIn(baseUrl, passwords, "chutich", "chairman");
    const reporter = await signIn(baseUrl, passwords, "tuphap", "reporter");
    await signIn(baseUrl, passwords, "hoinongdan", "reporter");
    await signIn(baseUrl, passwords, "huyenvuban", "superior");

    // 2. The campaign, its criteria, the unit; a lock exception for 2023Q4.
    const { data: campaigns } = await expect(
        "find the campaign",
        200,
        office.api.GET("/api/v1/campaigns", { params: { query: { code: CAMPAIGN_CODE } } }),
    );
    const campaign = campaigns.items[0];
    check(campaigns.items.length === 1 && campaign !== undefined, "find the campaign", show(campaigns));
    check(campaign.status === "active", "find the campaign", `status ${campaign.status}`);
    ok(`campaign ${campaign.code}: ${campaign.status}, ${campaign.period_type} periods`);

    const { data: criteria } = await expect(
        "list the criteria",
        200,
        office.api.GET("/api/v1/campaigns/{id}/criteria", { params: { path: { id: campaign.id } } }),
    );
    const codes = criteria.map((criterion) => criterion.code).sort();
    const wanted = [...Array.from({ length: 16 }, (_, i) => String(i + 1)), "9.1"].sort();
    check(codes.join(" ") === wanted.join(" "), "list the criteria", `codes ${codes.join(" ")}`);
    ok(`criteria: ${criteria.length} (${criteria.map((criterion) => criterion.code).join(", ")})`);

    const { data: units } = await expect(
        "find the unit",
        200,
        office.api.GET("/api/v1/org-units", { params: { query: { code: UNIT_CODE } } }),
    );
    const unit = units.items[0];
    check(units.items.length === 1 && unit !== undefined, "find the unit", show(units));
    ok(`unit ${unit.code}: ${unit.name} (${unit.kind})`);

    const exceptionInput: Schemas["LockExceptionInput"] = {
        org_unit_id: unit.id,
        period_id: PERIOD,
        reason: "Kiểm tra máy khách sinh từ tài liệu OpenAPI: nhập muộn quý IV/2023.",
        expires_at: new Date(Date.now() + 60 * 60 * 1000).toISOString(),
    };
    const { data: exception } = await expect(
        "open a lock exception",
        201,
        office.api.POST("/api/v1/campaigns/{id}/lock-exceptions", {
            params: { path: { id: campaign.id }, header: { "Idempotency-Key": `lock-${crypto.randomUUID()}` } },
            body: exceptionInput,
        }),
    );
    check(exception.org_unit_id === unit.id && exception.period_id === PERIOD, "open a lock exception", show(exception));
    ok(`lock exception for ${unit.code} ${exception.period_id} until ${exception.expires_at}`);

    // 3. The report: created, filled, submitted, returned, submitted, approved.
    const newReport: Schemas["NewReport"] = { campaign_id: campaign.id, org_unit_id: unit.id, period_id: PERIOD };
    const created = await expect(
        "create the report",
        201,
        office.api.POST("/api/v1/reports", {
            params: { header: { "Idempotency-Key": `report-${crypto.randomUUID()}` } },
            body: newReport,
        }),
    );
    const reportId = created.data.id;
    expectStatus("create the report", created.data, "draft");
    check(
        created.data.applicable_criteria.length === criteria.length,
        "create the report",
        `${created.data.applicable_criteria.length} applicable criteria`,
    );
    ok(`report ${reportId}: ${created.data.status}, ${created.data.applicable_criteria.length} criteria apply`);

    const filled = await expect(
        "fill in the values",
        200,
        office.api.PUT("/api/v1/reports/{id}/values", {
            params: { path: { id: reportId }, header: { "If-Match": etagOf("create the report", created.response) } },
            body: { values: FIGURES },
        }),
    );
    expectStatus("fill in the values", filled.data, "draft");
    check(filled.data.values.length === FIGURES.length, "fill in the values", `${filled.data.values.length} values`);
    const unmet = filled.data.values.filter((value) => !value.not_applicable && value.met !== true);
    check(unmet.length === 0, "fill in the values", `not met: ${show(unmet)}`);
    const notApplicable = filled.data.values.filter((value) => value.not_applicable).map((value) => value.criterion_code);
    ok(`values: ${filled.data.values.length} stored, every target met (not applicable: ${notApplicable.join(", ")})`);

    const submitted = await expect(
        "submit",
        200,
        office.api.POST("/api/v1/reports/{id}/submit", {
            params: { path: { id: reportId }, header: { "If-Match": etagOf("fill in the values", filled.response) } },
        }),
    );
    expectStatus("submit", submitted.data, "submitted");
    ok(`submitted: ${submitted.data.status}, on time ${String(submitted.data.on_time)}`);

    const returnReason = "Xin bổ sung biên bản cho tiêu chí 7.";
    const returned = await expect(
        "return",
        200,
        office.api.POST("/api/v1/reports/{id}/return", {
            params: { path: { id: reportId }, header: { "If-Match": etagOf("submit", submitted.response) } },
            body: { reason: returnReason },
        }),
    );
    expectStatus("return", returned.data, "returned");
    ok(`returned: ${returned.data.status}`);

    const resubmitted = await expect(
        "submit again",
        200,
        office.api.POST("/api/v1/reports/{id}/submit", {
            params: { path: { id: reportId }, header: { "If-Match": etagOf("return", returned.response) } },
        }),
    );
    expectStatus("submit again", resubmitted.data, "submitted");
    ok(`submitted again: ${resubmitted.data.status}`);

    const approved = await expect(
        "approve",
        200,
        office.api.POST("/api/v1/reports/{id}/approve", {
            params: { path: { id: reportId }, header: { "If-Match": etagOf("submit again", resubmitted.response) } },
        }),
    );
    expectStatus("approve", approved.data, "approved");
    check(approved.data.approved_at != null, "approve", "no approved_at");
    ok(`approved: ${approved.data.status} at ${approved.data.approved_at}`);

    const { data: history } = await expect(
        "read the history",
        200,
        office.api.GET("/api/v1/reports/{id}/history", { params: { path: { id: reportId } } }),
    );
    const moves = history.map((entry) => `${entry.action}→${entry.to_status}`);
    const wantedMoves: `${Schemas["Move"]}→${Schemas["ReportStatus"]}`[] = [
        "submit→submitted",
        "return→returned",
        "submit→submitted",
        "approve→approved",
    ];
    check(moves.join(" ") === wantedMoves.join(" "), "read the history", `moves ${moves.join(" ")}`);
    const returnEntry = history.find((entry) => entry.action === "return");
    check(returnEntry?.reason === returnReason, "read the history", `return's reason ${show(returnEntry)}`);
    ok(`history: ${moves.join(", ")}`);

    // 4. The chairman reads the scoreboard, then downloads it as XLSX.
    const { data: board } = await expect(
        "read the scoreboard",
        200,
        chairman.api.GET("/api/v1/campaigns/{id}/scoreboard", {
            params: { path: { id: campaign.id }, query: { period: PERIOD } },
        }),
    );
    // The 200 is JSON, CSV or XLSX (as `format`/`Accept` choose): the type is their union.
    if (typeof board === "string") fail("read the scoreboard", `a string instead of JSON: ${board.slice(0, 200)}`);
    const line = board.units.find((candidate) => candidate.code === UNIT_CODE);
    check(line !== undefined, "read the scoreboard", `${UNIT_CODE} missing: ${show(board.units)}`);
    check(line.score === 100, "read the scoreboard", `${UNIT_CODE} scores ${String(line.score)}: ${show(line)}`);
    ok(`scoreboard ${board.period ?? "(campaign)"}: ${line.name} scores ${line.score}, rank ${String(line.rank)}`);

    const { data: xlsx, response: xlsxResponse } = await expect(
        "download the scoreboard as XLSX",
        200,
        chairman.api.GET("/api/v1/campaigns/{id}/scoreboard", {
            params: { path: { id: campaign.id }, query: { period: PERIOD, format: "xlsx" } },
            parseAs: "blob",
        }),
    );
    check(xlsx.type === XLSX, "download the scoreboard as XLSX", `type ${xlsx.type}`);
    const head = new Uint8Array(await xlsx.slice(0, 2).arrayBuffer());
    check(head[0] === 0x50 && head[1] === 0x4b, "download the scoreboard as XLSX", `starts with ${String(head)}`);
    const disposition = xlsxResponse.headers.get("Content-Disposition") ?? "no Content-Disposition";
    ok(`scoreboard XLSX: ${xlsx.size} bytes, ${xlsx.type}, starts with PK (${disposition})`);

    // 5. A reporter reads its own unit's reports, never another unit's.
    const { data: own } = await expect("list the reporter's reports", 200, reporter.api.GET("/api/v1/reports"));
    const first = own.items[0];
    check(first !== undefined, "list the reporter's reports", "none");
    const strangers = own.items.filter((item) => item.org_unit_id !== reporter.me.org_unit.id);
    check(strangers.length === 0, "list the reporter's reports", `other units' reports: ${show(strangers)}`);
    ok(`reporter ${reporter.me.username} lists ${own.total} reports, all of ${reporter.me.org_unit.code}`);

    const { data: one } = await expect(
        "read one of the reporter's reports",
        200,
        reporter.api.GET("/api/v1/reports/{id}", { params: { path: { id: first.id } } }),
    );
    check(one.id === first.id && one.org_unit_id === reporter.me.org_unit.id, "read one report", show(one));
    ok(`reporter reads report ${one.period_id}: ${one.status}, ${one.values.length} values`);

    // Outside its scope: 404 exactly like a report that does not exist.
    const problem = await expectProblem(
        "read another unit's report",
        404,
        reporter.api.GET("/api/v1/reports/{id}", { params: { path: { id: reportId } } }),
    );
    check(problem.code === "not_found", "read another unit's report", show(problem));
    ok(`reporter reading ${UNIT_CODE}'s report: ${problem.status} ${problem.code}`);
}

main().then(
    () => console.log(`typed client: ${steps} steps passed`),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exitCode = 1;
    },
);
