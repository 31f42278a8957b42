//! The papers: the award decision and its Giấy khen read back from what the
//! server renders — the DOCX's XML and the PDF's text — with the number,
//! each awardee's name in NFC, each amount the Vietnamese way, the signer
//! and the date written out; the PDF's embedded font, A4 and the margins;
//! and who may read which certificate.

use std::io::{Cursor, Read};

use reqwest::Method;
use serde_json::json;

use crate::council::{get, post, with_etag};
use crate::support::fixture::{Fixture, PASSWORD, id_of};
use crate::support::nominations::{self, Nomination, Subject};
use crate::support::{Answer, TestApp};

pub(crate) const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const MM: f64 = 72.0 / 25.4;

struct Signed {
    app: TestApp,
    f: Fixture,
    office: String,
    id: String,
    /// Line 1: Nguyễn Thị Hoa of unit A; 2: unit B; 3: unit A.
    lines: Vec<String>,
}

/// 12/QĐ-UBND of 2023-12-20, signed: Nguyễn Thị Hoa (270.000 đồng), Đoàn
/// Thanh niên and Hội Nông dân (540.000 đồng each): 1.350.000 đồng.
async fn signed() -> Signed {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let chairman = app.login("chairman", PASSWORD).await;
    let fund = json!({ "org_unit_id": f.commune, "year": 2023, "budget_vnd": 10_000_000 });
    assert_eq!(post(&app, &office, "/api/v1/reward-funds", fund).await.status, 201);
    let approved = |subject| Nomination::giay_khen(&f.campaign, subject, "approved");
    let person = Subject::Person { person: f.person_a.clone(), unit: f.unit_a.clone() };
    let ids = [
        nominations::nomination(&app, approved(person)).await,
        nominations::nomination(&app, approved(Subject::Unit(f.unit_b.clone()))).await,
        nominations::nomination(&app, approved(Subject::Unit(f.unit_a.clone()))).await,
    ];
    let body = json!({
        "number": "12/QĐ-UBND", "signed_on": "2023-12-20", "signer_name": "Nguyễn Văn An",
        "signer_title": "Chủ tịch UBND xã", "legal_basis_ids": ["lb-luat-06-2022-qh15", "lb-nd-91-2017"],
        "nomination_ids": ids,
    });
    let draft = post(&app, &office, "/api/v1/award-decisions", body).await;
    assert_eq!(draft.status, 201, "{}", draft.body);
    let id = id_of(&draft.body);
    let path = format!("/api/v1/award-decisions/{id}");
    let answer = with_etag(&app, &chairman, Method::POST, &format!("{path}/sign"), &path, None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["total_vnd"], 1_350_000);
    let lines = (1..=3)
        .map(|n| {
            let line = answer.body["lines"].as_array().unwrap().iter().find(|l| l["ordinal"] == n).unwrap();
            line["id"].as_str().unwrap().to_owned()
        })
        .collect();
    Signed { app, f, office, id, lines }
}

pub(crate) async fn fetch(app: &TestApp, token: &str, path: &str, accept: Option<&str>) -> Answer {
    let mut call = app.call(Method::GET, path).bearer(token);
    if let Some(accept) = accept {
        call = call.header("accept", accept);
    }
    call.send().await
}

/// The text of a DOCX: `word/document.xml`, tags dropped, paragraphs on lines.
pub(crate) fn docx_text(bytes: &[u8]) -> (String, String) {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a DOCX is a zip");
    let mut xml = String::new();
    archive.by_name("word/document.xml").expect("word/document.xml").read_to_string(&mut xml).unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in xml.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' => {
                in_tag = false;
                if tag.starts_with("/w:p") && !tag.starts_with("/w:pP") {
                    text.push('\n');
                }
            }
            c if in_tag => tag.push(c),
            c => text.push(c),
        }
    }
    (xml, text)
}

/// The PDF's text, whitespace runs made one space.
pub(crate) fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("the PDF's text extracts");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// No combining mark: every letter precomposed (NFC as the fixture wrote it).
pub(crate) fn composed(text: &str) -> bool {
    !text.chars().any(|c| ('\u{0300}'..='\u{036f}').contains(&c))
}

/// Where the glyphs lie: each page's size and the box around its text, in points from the bottom left.
#[derive(Default)]
pub(crate) struct Ink {
    pages: Vec<(f64, f64)>,
    min_x: f64,
    max_x: f64,
    min_y: f64,
    max_y: f64,
}

impl pdf_extract::OutputDev for Ink {
    fn begin_page(
        &mut self,
        _: u32,
        media_box: &pdf_extract::MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        if self.pages.is_empty() {
            (self.min_x, self.min_y, self.max_x, self.max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        }
        self.pages.push((media_box.urx - media_box.llx, media_box.ury - media_box.lly));
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        if char.trim().is_empty() {
            return Ok(());
        }
        let (x, y) = (trm.m31, trm.m32);
        // As pdf-extract sizes a glyph: the font size through the text matrix.
        let (vx, vy) = (font_size * (trm.m11 + trm.m21), font_size * (trm.m12 + trm.m22));
        let advance = width * (vx * vy).abs().sqrt();
        self.min_x = self.min_x.min(x);
        self.max_x = self.max_x.max(x + advance);
        self.min_y = self.min_y.min(y);
        self.max_y = self.max_y.max(y);
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

pub(crate) fn ink(bytes: &[u8]) -> Ink {
    let doc = pdf_extract::Document::load_mem(bytes).expect("the PDF parses");
    let mut ink = Ink::default();
    pdf_extract::output_doc(&doc, &mut ink).expect("the PDF's pages walk");
    ink
}

/// Every font the PDF uses is embedded (a `FontFile2`) and is Liberation Serif.
pub(crate) fn fonts_embedded(bytes: &[u8]) -> bool {
    let doc = pdf_extract::Document::load_mem(bytes).expect("the PDF parses");
    let descriptors: Vec<&pdf_extract::Dictionary> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|n| n == b"FontDescriptor"))
        .collect();
    !descriptors.is_empty()
        && descriptors.iter().all(|d| {
            d.has(b"FontFile2")
                && d.get(b"FontName")
                    .and_then(|n| n.as_name())
                    .is_ok_and(|n| String::from_utf8_lossy(n).contains("LiberationSerif"))
        })
}

pub(crate) fn assert_inside_margins(ink: &Ink, width: f64, height: f64) {
    assert!(ink.pages.iter().all(|p| (p.0 - width).abs() < 0.5 && (p.1 - height).abs() < 0.5), "{:?}", ink.pages);
    // Left 30 mm, right 15 mm, top and bottom 20 mm (NĐ 30/2020: 30–35, 15–20, 20–25);
    // pdf-extract places a glyph within a point or so of where poppler does.
    assert!(ink.min_x >= 30.0 * MM - 2.0, "text starts {} pt from the left", ink.min_x);
    assert!(ink.max_x <= width - 15.0 * MM + 2.0, "text ends {} pt from the right", width - ink.max_x);
    assert!(ink.max_y <= height - 20.0 * MM, "text starts {} pt from the top", height - ink.max_y);
    assert!(ink.min_y >= 20.0 * MM, "text ends {} pt from the bottom", ink.min_y);
}

#[actix_web::test]
async fn the_decision_reads_back_from_its_docx_and_its_pdf() {
    let s = signed().await;
    let path = format!("/api/v1/award-decisions/{}/document", s.id);
    let wanted = [
        "Số: 12/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "XÃ ĐẠI THẮNG",
        "Đại Thắng, ngày 20 tháng 12 năm 2023",
        "QUYẾT ĐỊNH",
        "Căn cứ Nghị định số 91/2017/NĐ-CP",
        "Nguyễn Thị Hoa",
        "Đoàn Thanh niên",
        "Hội Nông dân",
        "270.000 đồng",
        "540.000 đồng",
        "1.350.000 đồng",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn An",
        "Nơi nhận:",
    ];

    let docx = fetch(&s.app, &s.office, &format!("{path}?format=docx"), None).await;
    assert_eq!(docx.status, 200, "{}", docx.body);
    assert_eq!(docx.header("content-type"), Some(DOCX));
    assert_eq!(docx.header("content-disposition"), Some("attachment; filename=\"QD-12-QD-UBND_2023-12-20.docx\""));
    let (xml, text) = docx_text(&docx.bytes);
    for w in wanted {
        assert!(text.contains(w), "the DOCX lacks {w:?}:\n{text}");
    }
    assert!(composed(&xml), "the DOCX holds decomposed letters");
    // A4, margins top 20, bottom 20, left 30, right 15 mm (in twips), Times New Roman 13 pt.
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{xml}");
    assert!(
        xml.contains(r#"w:top="1134""#)
            && xml.contains(r#"w:bottom="1134""#)
            && xml.contains(r#"w:left="1701""#)
            && xml.contains(r#"w:right="850""#),
        "{xml}"
    );

    let pdf = fetch(&s.app, &s.office, &format!("{path}?format=pdf"), None).await;
    assert_eq!(pdf.status, 200, "{}", pdf.body);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert_eq!(pdf.header("content-disposition"), Some("attachment; filename=\"QD-12-QD-UBND_2023-12-20.pdf\""));
    let text = pdf_text(&pdf.bytes);
    for w in wanted {
        assert!(text.contains(w), "the PDF lacks {w:?}:\n{text}");
    }
    assert!(composed(&text));
    assert!(fonts_embedded(&pdf.bytes), "every font of the PDF is embedded Liberation Serif");
    assert_inside_margins(&ink(&pdf.bytes), 595.28, 841.89);

    // Accept chooses when `format` is absent; PDF by default; any other format is 400.
    let by_accept = fetch(&s.app, &s.office, &path, Some(DOCX)).await;
    assert_eq!((by_accept.status, by_accept.header("content-type")), (200, Some(DOCX)));
    let default = fetch(&s.app, &s.office, &path, None).await;
    assert_eq!((default.status, default.header("content-type")), (200, Some("application/pdf")));
    let wrong = fetch(&s.app, &s.office, &format!("{path}?format=xlsx"), None).await;
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    assert_eq!(wrong.header("content-type"), Some("application/problem+json"));
}

#[actix_web::test]
async fn a_giay_khen_names_the_awardee_the_achievement_and_the_decision() {
    let s = signed().await;
    let path = format!("/api/v1/award-decisions/{}/lines/{}/certificate", s.id, s.lines[0]);
    let wanted = [
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐẠI THẮNG",
        "TẶNG",
        "GIẤY KHEN",
        "Nguyễn Thị Hoa",
        "Hội Nông dân",
        "Đã có thành tích",
        "Quyết định số 12/QĐ-UBND",
        "ngày 20/12/2023",
        "Đại Thắng, ngày 20 tháng 12 năm 2023",
        "Nguyễn Văn An",
    ];
    let pdf = fetch(&s.app, &s.office, &path, None).await;
    assert_eq!(pdf.status, 200, "{}", pdf.body);
    assert_eq!(pdf.header("content-disposition"), Some("attachment; filename=\"GK-12-QD-UBND_2023-12-20_1.pdf\""));
    let text = pdf_text(&pdf.bytes);
    for w in wanted {
        assert!(text.contains(w), "the PDF lacks {w:?}:\n{text}");
    }
    assert!(fonts_embedded(&pdf.bytes));
    let ink = ink(&pdf.bytes);
    assert_eq!(ink.pages.len(), 1);
    assert_inside_margins(&ink, 841.89, 595.28);

    let docx = fetch(&s.app, &s.office, &format!("{path}?format=docx"), None).await;
    assert_eq!(docx.status, 200);
    let (xml, text) = docx_text(&docx.bytes);
    for w in wanted {
        assert!(text.contains(w), "the DOCX lacks {w:?}:\n{text}");
    }
    assert!(xml.contains(r#"w:orient="landscape""#), "{xml}");
}

#[actix_web::test]
async fn a_reporter_reads_its_own_units_certificates_only() {
    let s = signed().await;
    let reporter_a = s.app.login("reporter.a", PASSWORD).await;
    let (decision, lines) = (&s.id, &s.lines);
    let line = |n: usize| format!("/api/v1/award-decisions/{decision}/lines/{}/certificate", lines[n]);
    // Line 1 is a person of unit A, line 3 unit A itself; line 2 is unit B's.
    assert_eq!(fetch(&s.app, &reporter_a, &line(0), None).await.status, 200);
    assert_eq!(fetch(&s.app, &reporter_a, &line(2), None).await.status, 200);
    let other = fetch(&s.app, &reporter_a, &line(1), None).await;
    assert_eq!(other.status, 404, "{}", other.body);

    // The whole decision's certificates: a reporter gets its unit's pages, the office every page.
    let all = format!("/api/v1/award-decisions/{decision}/certificates");
    let own = fetch(&s.app, &reporter_a, &all, None).await;
    assert_eq!(own.status, 200, "{}", own.body);
    assert_eq!(own.header("content-disposition"), Some("attachment; filename=\"GK-12-QD-UBND_2023-12-20.pdf\""));
    assert_eq!(ink(&own.bytes).pages.len(), 2);
    let text = pdf_text(&own.bytes);
    assert!(text.contains("Nguyễn Thị Hoa") && !text.contains("Đoàn Thanh niên"), "{text}");
    let every = fetch(&s.app, &s.office, &all, None).await;
    assert_eq!(ink(&every.bytes).pages.len(), 3);
    assert!(pdf_text(&every.bytes).contains("Đoàn Thanh niên"));

    // The decision itself is public to everyone in scope; another commune's is not found.
    let document = format!("/api/v1/award-decisions/{decision}/document");
    assert_eq!(fetch(&s.app, &reporter_a, &document, None).await.status, 200);
    let missing = fetch(&s.app, &s.office, "/api/v1/award-decisions/nope/document", None).await;
    assert_eq!(missing.status, 404);
    let _ = get(&s.app, &s.office, "/api/v1/award-decisions").await;
    let _ = &s.f;
}
