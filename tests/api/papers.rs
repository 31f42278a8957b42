//! The papers around the decision: the proposal (Tờ trình) with its list,
//! a nominee's achievement report (Báo cáo thành tích), the council's
//! minutes (Biên bản) with the votes, and the campaign's results report
//! (Báo cáo kết quả) with its chart — each read back from its DOCX's XML
//! and its PDF's text, and who may read which.

use reqwest::Method;
use serde_json::{Value, json};
use thidua::domain::paper::{decimal, place_date};

use crate::council::seated;
use crate::documents::{DOCX, assert_inside_margins, composed, docx_text, fetch, fonts_embedded, ink, pdf_text};
use crate::nominations::Scene;
use crate::support::{Answer, TestApp};

/// Today's place and date line, as a paper dated today writes it.
fn today_line() -> String {
    place_date("Đại Thắng", thidua::domain::today())
}

/// Both files of `path`: checks their media types and names, that each holds
/// every `wanted` text composed, and that the PDF embeds its font, is A4 and
/// keeps the margins; answers the DOCX's XML and text and the PDF's text.
async fn both(app: &TestApp, token: &str, path: &str, stem: &str, wanted: &[&str]) -> (String, String, String) {
    let join = if path.contains('?') { '&' } else { '?' };
    let docx = fetch(app, token, &format!("{path}{join}format=docx"), None).await;
    assert_eq!(docx.status, 200, "{}", docx.body);
    assert_eq!(docx.header("content-type"), Some(DOCX));
    assert_eq!(docx.header("content-disposition"), Some(format!("attachment; filename=\"{stem}.docx\"").as_str()));
    let (xml, docx_text) = docx_text(&docx.bytes);
    assert!(composed(&xml), "the DOCX holds decomposed letters");
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4 portrait");
    let pdf = fetch(app, token, path, Some("application/pdf")).await;
    assert_eq!(pdf.status, 200, "{}", pdf.body);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert_eq!(pdf.header("content-disposition"), Some(format!("attachment; filename=\"{stem}.pdf\"").as_str()));
    let pdf_text = pdf_text(&pdf.bytes);
    for w in wanted {
        assert!(docx_text.contains(w), "the DOCX lacks {w:?}:\n{docx_text}");
        assert!(pdf_text.contains(w), "the PDF lacks {w:?}:\n{pdf_text}");
    }
    assert!(composed(&pdf_text));
    assert!(fonts_embedded(&pdf.bytes), "every font of the PDF is embedded Liberation Serif");
    assert_inside_margins(&ink(&pdf.bytes), 595.28, 841.89);
    (xml, docx_text, pdf_text)
}

fn stem_date() -> String {
    thidua::domain::today().to_string()
}

/// Unit A (Hội Nông dân) and Nguyễn Thị Hoa of unit A proposed for this
/// month; a draft of unit B's left out.
async fn proposed(s: &Scene) -> (String, String) {
    let a = s.nominate(s.collective(&s.f.unit_a, "at-giay-khen-xa")).await;
    let person = s.nominate(s.individual("at-lao-dong-tien-tien", "completed_well")).await;
    s.nominate(s.collective(&s.f.unit_b, "at-giay-khen-xa")).await;
    s.step(&s.office, &a, "propose", None).await;
    s.step(&s.office, &person, "propose", None).await;
    (a, person)
}

#[actix_web::test]
async fn the_proposal_lists_the_nominations_put_forward() {
    let s = Scene::new().await;
    proposed(&s).await;
    let period = &s.f.current_period;
    let path = format!("/api/v1/campaigns/{}/nominations/proposal-document?period={period}", s.f.active_campaign);
    let today = today_line();
    let wanted = [
        "UBND XÃ ĐẠI THẮNG",
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/TTr-HĐTĐKT",
        today.as_str(),
        "TỜ TRÌNH",
        "Kế hoạch số BC/KH",
        "Kính gửi: Chủ tịch Ủy ban nhân dân xã Đại Thắng",
        "khen thưởng 1 tập thể và 1 cá nhân",
        "Hội Nông dân",
        "Nguyễn Thị Hoa",
        "Cán bộ, Hội Nông dân",
        "Giấy khen của Chủ tịch UBND xã",
        "Hoàn thành xuất sắc các chỉ tiêu cải cách hành chính",
        "Cán bộ tiêu biểu",
        "TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "Nơi nhận:",
    ];
    let stem = format!("TTr-BC-KH-{period}_{}", stem_date());
    let (_, docx, pdf) = both(&s.app, &s.chairman, &path, &stem, &wanted).await;
    assert!(!docx.contains("Đoàn Thanh niên") && !pdf.contains("Đoàn Thanh niên"), "a draft is no proposal");

    // Read like the list: reporter B's holds none of unit A's; a period the campaign lacks is 400.
    let theirs = fetch(&s.app, &s.reporter_b, &path, None).await;
    assert_eq!(theirs.status, 200, "{}", theirs.body);
    let text = pdf_text(&theirs.bytes);
    assert!(!text.contains("Nguyễn Thị Hoa") && text.contains("khen thưởng 0 tập thể và 0 cá nhân"), "{text}");
    let whole = format!("/api/v1/campaigns/{}/nominations/proposal-document", s.f.active_campaign);
    let answer = fetch(&s.app, &s.office, &whole, None).await;
    let name = format!("attachment; filename=\"TTr-BC-KH_{}.pdf\"", stem_date());
    assert_eq!((answer.status, answer.header("content-disposition")), (200, Some(name.as_str())));
    let wrong = fetch(&s.app, &s.office, &format!("{whole}?period=1999Q1"), None).await;
    wrong.assert_problem(400, "bad_query");
}

#[actix_web::test]
async fn an_achievement_report_carries_the_approved_figures_and_only_to_its_unit() {
    let s = Scene::new().await;
    let (_, person) = proposed(&s).await;
    let path = format!("/api/v1/nominations/{person}/achievement-report");
    let today = today_line();
    let detail = s.call(&s.office, Method::GET, &format!("/api/v1/nominations/{person}"), None).await;
    let report = &detail.body["achievement_report"];
    let score = decimal(report["score"].as_f64().expect("a score from the approved report"));
    let standing = format!("Điểm đánh giá: {score} điểm (thang 100), xếp thứ {}/2 đơn vị; đạt 2/2", report["rank"]);
    let wanted = [
        "UBND XÃ ĐẠI THẮNG",
        "HỘI NÔNG DÂN",
        today.as_str(),
        "BÁO CÁO THÀNH TÍCH",
        "Đề nghị tặng Lao động tiên tiến",
        "Họ và tên: Nguyễn Thị Hoa",
        "Chức vụ, đơn vị công tác: Cán bộ, Hội Nông dân",
        "Tỷ lệ hồ sơ đúng hạn",
        "≥ 90%",
        "19/20 (95%)",
        "Đạt",
        standing.as_str(),
        "Tóm tắt thành tích: Cán bộ tiêu biểu",
        "NGƯỜI BÁO CÁO",
    ];
    let stem = format!("BCTT-Nguyen-Thi-Hoa-lao-dong-tien-tien_{}", stem_date());
    both(&s.app, &s.reporter_a, &path, &stem, &wanted).await;

    // Reporter B reads unit B's only: unit A's nominee is not found; nor is a nomination that does not exist.
    assert_eq!(fetch(&s.app, &s.reporter_b, &path, None).await.status, 404);
    assert_eq!(fetch(&s.app, &s.office, "/api/v1/nominations/nope/achievement-report", None).await.status, 404);
    assert_eq!(fetch(&s.app, &s.chairman, &path, Some(DOCX)).await.header("content-type"), Some(DOCX));
}

#[actix_web::test]
async fn the_minutes_record_who_came_and_each_vote() {
    let s = seated(3).await;
    let (person, unit_b) = (s.posted(false).await, s.posted(true).await);
    let meeting = s.meeting(&[&person, &unit_b]).await;
    assert_eq!(s.attend(&meeting, &s.members[..3]).await.status, 200);
    assert_eq!(s.vote(&meeting, &person, (3, 0, 3)).await.status, 200);
    assert_eq!(s.vote(&meeting, &unit_b, (1, 2, 3)).await.status, 200);
    let path = format!("/api/v1/council-meetings/{meeting}/minutes/document");

    // Open: a draft, results as they would be.
    let open = pdf_text(&fetch(&s.app, &s.office, &path, None).await.bytes);
    assert!(open.contains("DỰ THẢO"), "{open}");
    assert_eq!(s.conclude(&meeting).await.status, 200);

    let wanted = [
        "UBND XÃ ĐẠI THẮNG",
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "Đại Thắng, ngày 15 tháng 12 năm 2023",
        "BIÊN BẢN",
        "Họp xét khen thưởng năm 2023",
        "Ngày 15 tháng 12 năm 2023",
        "Có mặt 3/3 thành viên",
        "Thành viên Hội đồng 0, Cán bộ — Chủ tịch Hội đồng",
        "Thành viên Hội đồng 1, Cán bộ — Ủy viên thường trực",
        "cuộc họp đủ điều kiện",
        "từ 70% tổng số thành viên Hội đồng trở lên (3 phiếu)",
        "Nguyễn Thị Hoa",
        "Đoàn Thanh niên",
        "Giấy khen của Chủ tịch UBND xã",
        "Không đạt",
        "khen thưởng 1 tập thể, cá nhân",
        "Biên bản số 01",
        "THƯ KÝ",
        "CHỦ TỊCH HỘI ĐỒNG",
    ];
    let (_, docx, pdf) = both(&s.app, &s.chairman, &path, "BB-HDTDKT_2023-12-15", &wanted).await;
    for text in [&docx, &pdf] {
        assert!(!text.contains("DỰ THẢO"), "a concluded meeting's minutes are final");
    }
    // The votes row by row: for, against, cast, result.
    let rows: Vec<&str> = docx.lines().collect();
    let row = |name: &str| {
        let at = rows.iter().position(|l| *l == name).unwrap_or_else(|| panic!("{name} in\n{docx}"));
        rows[at + 3..at + 7].to_vec()
    };
    assert_eq!(row("Nguyễn Thị Hoa"), ["3", "0", "3", "Đạt"]);
    assert_eq!(row("Đoàn Thanh niên"), ["1", "2", "3", "Không đạt"]);
    assert!(pdf.contains("Nguyễn Thị Hoa Hội Nông dân Giấy khen của Chủ tịch UBND xã 3 0 3 Đạt"), "{pdf}");

    // Read like the council: a reporter may not; another commune's meeting is not found.
    let reporter = s.app.login("reporter.a", crate::support::fixture::PASSWORD).await;
    assert_eq!(fetch(&s.app, &reporter, &path, None).await.status, 403);
    let missing = fetch(&s.app, &s.office, "/api/v1/council-meetings/nope/minutes/document", None).await;
    assert_eq!(missing.status, 404);
}

/// `(name, score)` of each scored unit of a JSON scoreboard, in its order.
fn scored_units(board: &Value) -> Vec<(String, f64)> {
    board["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| Some((u["name"].as_str()?.to_owned(), u["score"].as_f64()?)))
        .collect()
}

/// The widths (twips) of the chart's shaded bar cells in a DOCX's XML, in order.
fn docx_bars(xml: &str) -> Vec<f64> {
    let chart = &xml[xml.find("Biểu đồ điểm").expect("the chart's title")..];
    chart
        .split("<w:tc>")
        .filter(|cell| cell.contains("w:fill=\"466EAA\""))
        .map(|cell| {
            let at = cell.find("<w:tcW w:w=\"").unwrap() + "<w:tcW w:w=\"".len();
            cell[at..].split('"').next().unwrap().parse().unwrap()
        })
        .collect()
}

#[actix_web::test]
async fn the_results_report_charts_the_scoreboard_it_prints() {
    let s = Scene::new().await;
    let campaign = &s.f.active_campaign;
    let board = s.call(&s.office, Method::GET, &format!("/api/v1/campaigns/{campaign}/scoreboard"), None).await;
    assert_eq!(board.status, 200, "{}", board.body);
    let units = scored_units(&board.body);
    assert_eq!(units.len(), 2, "{}", board.body);
    let (a_name, a_score) = units[0].clone();
    assert_eq!(a_name, "Hội Nông dân");
    assert!(a_score > 0.0 && a_score <= 100.0);
    let ratio = board.body["criteria"].as_array().unwrap().iter().find(|c| c["code"] == "2").unwrap().clone();
    let ratio_value = format!("{}%", decimal(ratio["value"].as_f64().unwrap()));

    let path = format!("/api/v1/campaigns/{campaign}/results-report");
    let today = today_line();
    let wanted = [
        "ỦY BAN NHÂN DÂN",
        "XÃ ĐẠI THẮNG",
        "/BC-UBND",
        today.as_str(),
        "BÁO CÁO",
        "Kết quả thực hiện phong trào thi đua cả đợt thi đua theo Kế hoạch số BC/KH",
        "I. KẾT QUẢ CHẤM ĐIỂM CÁC ĐƠN VỊ",
        "Biểu đồ điểm của các đơn vị (thang 100 điểm)",
        "II. KẾT QUẢ CÁC CHỈ TIÊU TOÀN XÃ",
        "Tỷ lệ hồ sơ đúng hạn",
        "≥ 90%",
        ratio_value.as_str(),
        "III. CÁC ĐƠN VỊ ĐẠT TẤT CẢ CÁC CHỈ TIÊU",
        "TM. ỦY BAN NHÂN DÂN",
    ];
    let (xml, docx, pdf) = both(&s.app, &s.chairman, &path, &format!("BC-BC-KH_{}", stem_date()), &wanted).await;

    // The chart's labels and values are the scoreboard's, in its order: in the text of both files…
    let after = |text: &str| text[text.find("Biểu đồ điểm").unwrap()..].to_owned();
    let docx_chart: Vec<String> = after(&docx).lines().skip(1).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    let mut expected = Vec::new();
    for (name, score) in &units {
        expected.extend([name.clone(), decimal(*score)]);
    }
    assert_eq!(docx_chart[..expected.len()], expected[..], "{docx}");
    let pdf_chart = after(&pdf);
    let pairs: Vec<String> = units.iter().map(|(n, v)| format!("{n} {}", decimal(*v))).collect();
    assert!(pdf_chart.contains(&pairs.join(" ")), "{pdf_chart}");
    // …and the bars drawn to scale: a full bar stands for 100 points.
    let bars = docx_bars(&xml);
    assert_eq!(bars.len(), units.len(), "{xml}");
    let full = (11906.0 - 1701.0 - 850.0) * (1.0 - 0.38 - 0.1);
    for ((_, score), width) in units.iter().zip(&bars) {
        let drawn = (full * score / 100.0).max(20.0);
        assert!((width - drawn).abs() <= 1.0, "a bar of {score} is {width} twips, not {drawn}");
    }

    // Units that met every target: those whose met equals applicable.
    let all_met: Vec<&str> = board.body["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["applicable"].as_i64() > Some(0) && u["met"] == u["applicable"])
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    let section = &pdf[pdf.find("III. CÁC ĐƠN VỊ").unwrap()..];
    if all_met.is_empty() {
        assert!(section.contains("Không có đơn vị nào đạt tất cả các chỉ tiêu"), "{section}");
    }
    for name in &all_met {
        assert!(section.contains(&format!("- {name};")), "{section}");
    }

    // One period's report is named for it; a period the campaign lacks is 400; another commune's campaign 404.
    let period = &s.f.current_period;
    let one = fetch(&s.app, &s.office, &format!("{path}?period={period}&format=docx"), None).await;
    let name = format!("attachment; filename=\"BC-BC-KH-{period}_{}.docx\"", stem_date());
    assert_eq!((one.status, one.header("content-disposition")), (200, Some(name.as_str())));
    let (_, text) = docx_text(&one.bytes);
    assert!(text.contains(&format!("tháng {}", period[5..].trim_start_matches('0'))), "{text}");
    let wrong: Answer = fetch(&s.app, &s.office, &format!("{path}?period=1999Q1"), None).await;
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    let other = format!("/api/v1/campaigns/{}/results-report", s.f.other_campaign);
    assert_eq!(fetch(&s.app, &s.office, &other, None).await.status, 404);
    let _ = json!(null);
}
